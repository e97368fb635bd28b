/**
 * The install-script policy (package.json `allowScripts`, README "Install scripts"):
 * what the product needs is allowed, by name; CI installs in strict mode, so a
 * script nobody reviewed fails the install. The policy itself was checked with a
 * real `npm ci --strict-allow-scripts` in a scratch copy (npm 11.19); this test keeps
 * its shape from drifting.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, unknown> };
const lock = readFileSync(path.join(root, 'package-lock.json'), 'utf8');

describe('install scripts', () => {
  it('allows better-sqlite3 and esbuild, denies the rest by name', () => {
    expect(pkg.allowScripts).toEqual({ 'better-sqlite3': true, esbuild: true, 'core-js-pure': false, 'electron-winstaller': false, 'es5-ext': false });
  });

  it('names packages without versions while the lockfile has no resolved URLs (npm cannot verify a pin then)', () => {
    const pinned = Object.keys(pkg.allowScripts ?? {}).filter((k) => /.@/.test(k));
    if (!lock.includes('"resolved"')) expect(pinned).toEqual([]);
  });

  it('CI installs in strict mode', () => {
    expect(readFileSync(path.join(root, '.ci/run'), 'utf8')).toMatch(/^npm ci --strict-allow-scripts$/m);
    expect(readFileSync(path.join(root, '.github/workflows/desktop.yml'), 'utf8')).toMatch(/run: npm ci --strict-allow-scripts$/m);
  });
});
