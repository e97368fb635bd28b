// Loads the CLI's entry module (electron/cli/main.ts) as fast as the checkout allows.
//
// Compiling ~140 TypeScript modules through tsx on every start cost about 1 s of CPU
// (4x what nmap needs for a whole loopback scan; the benchmark showed it). So the first
// run, and any run after a source changed, bundles the CLI with esbuild (about 0.5 s,
// once) into node_modules/.cache/collimator/, code-split so that lazy imports stay
// lazy; later runs import that bundle after checking that none of its inputs changed
// (one stat per input). Anything that goes wrong on that path (read-only checkout,
// no esbuild) falls back to tsx, as do COLLIMATOR_DEBUG (stack traces name the .ts
// sources) and COLLIMATOR_NO_BUNDLE=1.
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = path.join(root, 'electron', 'cli', 'main.ts');
/**
 * One cache per checkout: several checkouts (git worktrees) may share one node_modules
 * through a symbolic link, and each must keep its own bundle, or every run from the
 * other checkout would find the manifest stale and build again (~0.5 s of CPU).
 */
export const cacheDir = path.join(root, 'node_modules', '.cache', 'collimator', checkoutKey(root));
export const manifestFile = path.join(cacheDir, 'cli.json');

/** A short, stable name for the checkout at `dir` (FNV-1a of its real path, hex). */
function checkoutKey(dir) {
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    /* keep the path as given */
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < real.length; i++) h = Math.imul(h ^ real.charCodeAt(i), 0x01000193) >>> 0;
  return `checkout-${h.toString(16).padStart(8, '0')}`;
}
/** Files that shape the bundle without being bundled. */
const EXTRA_INPUTS = ['tsconfig.json', 'package.json', 'bin/load-cli.mjs'];
/** Older bundles are removed only after this long: a running process may still load their lazy chunks. */
const KEEP_OLD_MS = 60 * 60 * 1000;

/**
 * A file's mtime and size; throws when it is gone. Called for each of the bundle's
 * ~225 inputs on every start, so kept lean: `root` ends with a separator and the
 * inputs are relative, so no path.join; no exception object for a missing file.
 */
function signature(file) {
  const st = statSync(root + file, { throwIfNoEntry: false });
  if (st === undefined) throw new Error(`${file} is gone`);
  return { mtimeMs: st.mtimeMs, size: st.size };
}

/** The bundle's entry file when the manifest's inputs are all unchanged, else undefined. */
function freshBundle() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof manifest?.dir !== 'string' || typeof manifest.inputs !== 'object' || manifest.inputs === null) return undefined;
  for (const [file, sig] of Object.entries(manifest.inputs)) {
    try {
      const now = signature(file);
      if (now.mtimeMs !== sig.mtimeMs || now.size !== sig.size) return undefined;
    } catch {
      return undefined;
    }
  }
  const main = path.join(cacheDir, manifest.dir, 'main.mjs');
  return existsSync(main) ? main : undefined;
}

/**
 * CommonJS packages on the scan's path (better-sqlite3) are loaded with require()
 * from the bundle instead of through Node's ES module loader, which would first
 * parse them with its CommonJS export lexer (~10 ms of CPU per run). Only the
 * default export is used (`import Database from 'better-sqlite3'`).
 */
const REQUIRED_PACKAGES = new Set(['better-sqlite3']);
const requireCommonJs = {
  name: 'require-commonjs',
  setup(b) {
    b.onResolve({ filter: /^[a-z@][^:]*$/ }, (args) => (REQUIRED_PACKAGES.has(args.path) ? { path: args.path, namespace: 'require-commonjs' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'require-commonjs' }, (args) => ({
      contents: `import { createRequire } from 'node:module';\nexport default createRequire(import.meta.url)(${JSON.stringify(args.path)});\n`,
      loader: 'js',
    }));
  },
};

/** Bundle the CLI into a new directory and point the manifest at it. Returns its entry file. */
async function buildBundle() {
  const { build, stop } = await import('esbuild');
  const started = Date.now();
  const dir = `cli-${Date.now().toString(36)}-${process.pid}`;
  const outdir = path.join(cacheDir, dir);
  mkdirSync(cacheDir, { recursive: true });
  const result = await build({
    entryPoints: { main: entry },
    absWorkingDir: root,
    tsconfig: path.join(root, 'tsconfig.json'),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    plugins: [requireCommonJs],
    metafile: true,
    logLevel: 'silent',
  }).finally(() => stop()); // end esbuild's service process: the CLI may run for a long time
  const inputs = {};
  let editedDuringBuild = false;
  for (const file of [...Object.keys(result.metafile.inputs), ...EXTRA_INPUTS]) {
    if (file.startsWith('node_modules/') || file.includes(':')) continue;
    inputs[file] = signature(file);
    if (inputs[file].mtimeMs >= started) editedDuringBuild = true;
  }
  // A source saved while esbuild read it may be in the bundle in its old form: use the
  // bundle this once, but do not record it as fresh, so the next run builds again.
  if (!editedDuringBuild) {
    const tmp = `${manifestFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ dir, builtAt: new Date().toISOString(), inputs }));
    renameSync(tmp, manifestFile);
  }
  for (const old of readdirSync(cacheDir)) {
    if (!old.startsWith('cli-') || old === dir) continue;
    try {
      if (Date.now() - statSync(path.join(cacheDir, old)).mtimeMs > KEEP_OLD_MS) rmSync(path.join(cacheDir, old), { recursive: true, force: true });
    } catch {
      /* another process removed it */
    }
  }
  return path.join(outdir, 'main.mjs');
}

async function viaTsx() {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: path.join(root, 'tsconfig.json') });
  return import(pathToFileURL(entry).href);
}

/** The CLI's main module: `{ run(argv) }`. */
export async function loadCli() {
  if (process.env.COLLIMATOR_DEBUG || process.env.COLLIMATOR_NO_BUNDLE) return viaTsx();
  let file;
  try {
    file = freshBundle() ?? (await buildBundle());
  } catch {
    return viaTsx();
  }
  return import(pathToFileURL(file).href);
}
