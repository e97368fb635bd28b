#!/usr/bin/env node
/**
 * Builds the desktop app into dist/:
 *   dist/electron/main.js     the main process (ESM, as package.json "type" says); npm packages stay external
 *                              (they ship in the asar's node_modules; better-sqlite3 is native)
 *   dist/electron/preload.js  the preload (one CommonJS file: a sandboxed preload may require only 'electron')
 *   dist/renderer/            the renderer, by `vite build` (vite.config.ts)
 *
 *   node scripts/build.mjs            everything
 *   node scripts/build.mjs --shell    main and preload only
 *   node scripts/build.mjs --shell --out DIR   main and preload into DIR instead (tests build their own copy)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = outArg >= 0 && process.argv[outArg + 1] ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist', 'electron');
/** Electron 45 runs Chromium 140 and Node 22. */
const CHROME = 'chrome140';
const NODE = 'node22';

export async function buildShell() {
  await build({
    entryPoints: [path.join(root, 'electron/main.ts')],
    outfile: path.join(out, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE,
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  await build({
    entryPoints: [path.join(root, 'electron/preload.ts')],
    outfile: path.join(out, 'preload.js'),
    bundle: true,
    // 'browser' makes any accidental Node import a build error: the sandboxed preload has no Node.
    platform: 'browser',
    format: 'cjs',
    target: CHROME,
    external: ['electron'],
    sourcemap: false,
    logLevel: 'warning',
  });
}

export function buildRenderer() {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed (see above)');
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    await buildShell();
    if (!process.argv.includes('--shell')) buildRenderer();
    console.log(`built ${path.relative(root, out)}${process.argv.includes('--shell') ? '' : ' and dist/renderer'}`);
  } catch (err) {
    console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
