/**
 * Packaging: Windows (NSIS installer), macOS (DMG), Linux (AppImage).
 *
 *   npm run dist                       build, then package for the platform you are on
 *   npx electron-builder --config electron-builder.config.ts --win|--mac|--linux
 *
 * Typed as `Configuration`, so a misspelt key fails `npm run typecheck:shell`.
 *
 * better-sqlite3 is native: `npmRebuild` rebuilds it against Electron's ABI while
 * packaging, which downloads Electron's headers, so packaging belongs on a networked
 * machine (the desktop workflow's Windows and macOS runners). Its .node file is
 * unpacked from the asar: a shared library cannot be loaded from inside an archive.
 */
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'org.collimator.desktop',
  productName: 'Collimator',
  copyright: 'Copyright © Collimator contributors. Apache-2.0.',
  directories: { output: 'release', buildResources: 'build' },
  // The app is the bundled main and preload, the built renderer and package.json; the production
  // dependencies are added from node_modules by electron-builder. Sources, tests, maps stay out.
  files: [
    'dist/electron/**/*',
    'dist/renderer/**/*',
    'package.json',
    '!**/*.map',
    '!**/{test,tests,__tests__,spec,specs,e2e}/**',
    '!**/*.{test,spec}.{js,mjs,cjs,ts}',
    '!**/*.{ts,tsx,md}',
    '!**/{.github,docs,example,examples}/**',
    // Bundled into dist/renderer by vite, or used only by the CLI shim and the build: not needed at run time.
    '!node_modules/{react,react-dom,scheduler,zustand,@tanstack,tsx,esbuild,@esbuild}/**',
    // better-sqlite3's C sources and its test extension: only the built addon is loaded.
    '!node_modules/better-sqlite3/{deps,src}/**',
    '!node_modules/better-sqlite3/build/Release/test_extension.node',
  ],
  asar: true,
  asarUnpack: ['**/node_modules/better-sqlite3/**/*.node'],
  npmRebuild: true,
  nodeGypRebuild: false,
  // Fuses: the packaged binary runs only its own, integrity-checked app.asar, and ignores
  // ELECTRON_RUN_AS_NODE, NODE_OPTIONS and --inspect. file:// keeps its privileges: the
  // renderer's module scripts load from file://.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'build/icon.png',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    // The database stays: scans and signed records outlive an uninstall.
    deleteAppDataOnUninstall: false,
  },
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.medical',
    icon: 'build/icon.png',
    hardenedRuntime: true,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
  },
  dmg: { title: 'Collimator ${version}' },
  linux: {
    target: [{ target: 'AppImage', arch: ['x64'] }],
    category: 'MedicalSoftware',
    icon: 'build/icon.png',
    synopsis: 'Find and close exposed DICOM services on your own networks',
  },
};

export default config;
