// Lint: type-aware rules, the process boundaries and the folders' layering
// (docs/architecture.md).
import tseslint from 'typescript-eslint';
import local from './lint/layers.js';

/**
 * The layers, bottom up, and what each may import besides its own files. One list:
 * lint/layers.js holds it for every relative import, docs/architecture.md draws it.
 * Nothing imports upward; siblings (remediation and records, cli and services) never
 * import each other; what two fronts need is one module below them that both call.
 */
export const LAYERS = [
  { name: 'shared', paths: ['shared'], may: [] },
  { name: 'engine', paths: ['electron/engine'], may: ['shared'] },
  { name: 'store', paths: ['electron/store'], may: ['shared'] },
  { name: 'practice-lab', paths: ['electron/practice-lab'], may: ['shared'] },
  { name: 'remediation', paths: ['electron/remediation'], may: ['shared', 'engine', 'store'] },
  { name: 'records', paths: ['electron/records'], may: ['shared', 'engine', 'store'] },
  // The runners both fronts call (verify's is remediation/verify-run.ts).
  { name: 'scan-run', paths: ['electron/scan-run'], may: ['shared', 'engine', 'store', 'remediation', 'records'] },
  // Exports for other tools (issue 13): ATT&CK Navigator, DefectDojo; they read the store.
  { name: 'exports', paths: ['electron/exports'], may: ['shared', 'store'] },
  { name: 'cli', paths: ['electron/cli'], may: ['shared', 'engine', 'store', 'practice-lab', 'remediation', 'records', 'scan-run', 'peers', 'exports', 'internet'] },
  { name: 'services', paths: ['electron/services'], may: ['shared', 'engine', 'store', 'practice-lab', 'remediation', 'records', 'scan-run', 'peers', 'exports', 'internet'] },
  { name: 'ipc', paths: ['electron/ipc'], may: ['shared', 'services', 'remediation', 'records', 'peers', 'exports'] },
  { name: 'csp', paths: ['electron/csp'], may: [] },
  { name: 'main', paths: ['electron/main', 'electron/window'], may: ['shared', 'store', 'services', 'ipc', 'csp'] },
  { name: 'web-bridge', paths: ['electron/web-bridge'], may: ['shared', 'store', 'services', 'ipc', 'csp'] },
  { name: 'preload', paths: ['electron/preload'], may: ['shared'] },
  { name: 'renderer', paths: ['renderer'], may: ['shared'] },
  // Peers learned from server logs and captures (issue 14); passive, reads files only.
  { name: 'peers', paths: ['electron/peers'], may: ['shared', 'store'] },
  // Internet scanners' exports (issue 13): parsers, import, reconcile.
  { name: 'internet', paths: ['electron/internet'], may: ['shared', 'engine', 'store'] },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'bench/results/**', 'test-results/**', 'playwright-report/**', 'release/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Imports run only down the layers.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { local },
    rules: { 'local/layers': ['error', { root: import.meta.dirname, layers: LAYERS }] },
  },
  {
    // The engine, the store and shared/ run under the CLI and the tests too: no Electron here.
    files: ['electron/engine/**', 'electron/store/**', 'electron/records/**', 'electron/remediation/**', 'electron/exports/**', 'electron/scan-run.ts', 'electron/cli/**', 'electron/practice-lab/**', 'shared/**', 'electron/peers/**', 'electron/internet/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'engine, store, records, cli and shared must run without Electron' }] }],
    },
  },
  {
    // shared/ is pure TypeScript: nothing from Electron or Node (the folders: local/layers).
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'shared/ imports nothing from Electron or Node' }],
        patterns: [{ group: ['node:*'], message: 'shared/ imports nothing from Electron or Node' }],
      }],
    },
  },
  {
    // The renderer is a sandboxed web page: everything goes through window.collimator (the folders: local/layers).
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'the renderer talks to the main process only through window.collimator (shared/contract.ts)' }],
        patterns: [{ group: ['electron/*', 'node:*'], message: 'the renderer talks to the main process only through window.collimator (shared/contract.ts)' }],
      }],
    },
  },
);
