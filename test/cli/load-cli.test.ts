/**
 * bin/load-cli.mjs: the CLI starts from a bundle made on first use and remade when an
 * input changes; it falls back to tsx when asked (COLLIMATOR_NO_BUNDLE), and the
 * command behaves the same either way.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module with no type declarations
import { manifestFile } from '../../bin/load-cli.mjs';
import { ROOT, runCli, tempDir } from './spawn';

/** This checkout's manifest (one cache per checkout: worktrees may share node_modules). */
const MANIFEST = manifestFile as string;
const tmp = tempDir('load');
afterAll(() => tmp.rm());

interface Manifest {
  dir: string;
  inputs: Record<string, { mtimeMs: number; size: number }>;
}

const readManifest = (): Manifest => JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;

describe('the CLI bundle', () => {
  it('is made on first use, lists its inputs, and the command runs from it', async () => {
    const r = await runCli(['--version'], { safeDir: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('collimator 0.1.0\n');
    const m = readManifest();
    expect(Object.keys(m.inputs)).toEqual(expect.arrayContaining(['electron/cli/main.ts', 'electron/engine/scan.ts', 'tsconfig.json', 'package.json']));
    expect(Object.keys(m.inputs).some((f) => f.startsWith('node_modules/'))).toBe(false);
    expect(statSync(path.join(path.dirname(MANIFEST), m.dir, 'main.mjs')).isFile()).toBe(true);
  });

  it('is made again when an input no longer matches what it was built from', async () => {
    await runCli(['--version'], { safeDir: tmp.dir });
    const before = readManifest();
    // Pretend main.ts changed size since the build (the sources themselves are not touched).
    before.inputs['electron/cli/main.ts']!.size += 1;
    writeFileSync(MANIFEST, JSON.stringify(before));
    const r = await runCli(['--version'], { safeDir: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const after = readManifest();
    expect(after.dir).not.toBe(before.dir);
    expect(after.inputs['electron/cli/main.ts']!.size).toBe(statSync(path.join(ROOT, 'electron/cli/main.ts')).size);
  });

  it('falls back to tsx with COLLIMATOR_NO_BUNDLE=1, same output, manifest untouched', async () => {
    await runCli(['--version'], { safeDir: tmp.dir });
    const stamp = statSync(MANIFEST).mtimeMs;
    process.env.COLLIMATOR_NO_BUNDLE = '1';
    try {
      const r = await runCli(['scan', '--help'], { safeDir: tmp.dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Usage: collimator scan TARGET/);
    } finally {
      delete process.env.COLLIMATOR_NO_BUNDLE;
    }
    expect(statSync(MANIFEST).mtimeMs).toBe(stamp);
  });
});
