/**
 * What the installers would ship: electron-builder run with the project's real
 * configuration, for an unpacked Linux directory. Electron's binary cannot be
 * downloaded here (../shared/design/toolchain.md), so a stand-in `electronDist` is
 * used, with the fuses and the native rebuild off (both need the real binary or the
 * internet; the desktop workflow does them on Windows and macOS). The app.asar is
 * then read with @electron/asar.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractFile, listPackage, statFile, uncacheAll } from '@electron/asar';
import { build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../electron-builder.config';

const root = path.resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(path.join(tmpdir(), 'collimator-pack-'));
const resources = path.join(work, 'out', 'linux-unpacked', 'resources');
const asarFile = path.join(resources, 'app.asar');
let files: string[] = [];

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(args[0] ?? cmd)} exited ${code}`));
    });
  });
}

beforeAll(async () => {
  await run(process.execPath, [path.join(root, 'scripts/build.mjs')]);
  const electronDist = path.join(work, 'electron-standin');
  rmSync(electronDist, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(electronDist, { recursive: true }));
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  chmodSync(path.join(electronDist, 'electron'), 0o755);
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: {
      ...config,
      electronDist,
      electronVersion: '45.5.0',
      electronFuses: null,
      npmRebuild: false,
      directories: { ...config.directories, output: path.join(work, 'out') },
    },
  });
  // electron-builder reads the archive's header while it writes it, in this same process, and
  // @electron/asar caches headers by path: drop that cache so what follows reads the final file.
  uncacheAll();
  files = listPackage(asarFile, { isPack: false });
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const ownFiles = (): string[] => files.filter((f) => !f.startsWith(`${path.sep}node_modules`)).map((f) => f.split(path.sep).join('/'));
const packagesIn = (): Set<string> =>
  new Set(
    files
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => f.startsWith('/node_modules/'))
      .map((f) => {
        const parts = f.split('/');
        return parts[2]?.startsWith('@') ? `${parts[2]}/${parts[3] ?? ''}` : (parts[2] ?? '');
      }),
  );

describe('the packaged app.asar', () => {
  it('holds the bundled main, the preload, the built renderer and package.json', () => {
    const own = ownFiles();
    for (const f of ['/package.json', '/dist/electron/main.js', '/dist/electron/preload.js', '/dist/renderer/index.html']) expect(own, f).toContain(f);
    const pkg = JSON.parse(extractFile(asarFile, 'package.json').toString('utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.js');
  });

  it('and none of the sources, tests, maps or docs', () => {
    const own = ownFiles().filter((f) => /\.[a-z]+$/.test(f));
    expect(own.filter((f) => !/^\/(package\.json|dist\/electron\/(main|preload)\.js|dist\/renderer\/.+)$/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(map|tsx?)$/.test(f) || /[\\/](test|tests|__tests__)[\\/]/.test(f))).toEqual([]);
  });

  it('has every package the main bundle imports, and not the renderer’s or the build’s', () => {
    const main = readFileSync(path.join(root, 'dist/electron/main.js'), 'utf8');
    const imported = new Set([...main.matchAll(/^import .* from "([^".][^"]*)";$/gm)].map((m) => m[1]!).filter((p) => !p.startsWith('node:') && p !== 'electron').map((p) => (p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0]!)));
    expect(imported.size).toBeGreaterThan(0);
    const shipped = packagesIn();
    for (const p of imported) expect(shipped.has(p), p).toBe(true);
    for (const p of ['react', 'react-dom', 'zustand', 'tsx', 'esbuild', 'electron', 'vite', 'vitest']) expect(shipped.has(p), p).toBe(false);
  });

  it('unpacks better-sqlite3’s native addon (a shared library cannot load from inside an archive)', () => {
    const addon = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(files.map((f) => f.split(path.sep).join('/'))).toContain(`/${addon.split(path.sep).join('/')}`);
    expect((statFile(asarFile, addon) as { unpacked?: boolean }).unpacked).toBe(true);
    expect(existsSync(path.join(resources, 'app.asar.unpacked', addon))).toBe(true);
  });
});
