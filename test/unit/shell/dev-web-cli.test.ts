/**
 * `npm run dev:web` (electron/web-bridge/cli.ts), without the renderer build step:
 * prints the 127.0.0.1 launch address (its token in the fragment), serves the bridge
 * there (a plain GET / without the token), stops cleanly on SIGTERM, and refuses bad
 * options with a one-line error.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const cli = path.join(root, 'electron/web-bridge/cli.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'collimator-devweb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dev:web', () => {
  it('prints its 127.0.0.1 address, serves the bridge there, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [tsx, cli, '--no-build', '--db', path.join(dir, 'c.db')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
    try {
      let out = '';
      const [url, token] = await new Promise<[string, string]>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString('utf8');
          const m = /at (http:\/\/127\.0\.0\.1:\d+\/)#token=([A-Za-z0-9_-]{43})\n/.exec(out);
          if (m) resolve([m[1]!, m[2]!]);
        });
        child.on('exit', (code) => reject(new Error(`dev:web exited (${code}) before printing its address: ${out}`)));
      });
      const res = await fetch(`${url}__collimator/bridge.js`);
      expect(res.status).toBe(200);
      // The page itself is served without the token; the printed token is what opens the API.
      expect(await (await fetch(url)).text()).not.toContain(token);
      const info = await fetch(`${url}api/app:info`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-collimator-token': token }, body: '{}' });
      expect(await info.json()).toMatchObject({ ok: true, value: { transport: 'web' } });
      // Started without a terminal: nobody can confirm public addresses, and it says so.
      expect(out).toMatch(/public \(non-private\) addresses will be refused/);
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      clearTimeout(deadline);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('refuses a bad option with a one-line error and exit 2', async () => {
    const child = spawn(process.execPath, [tsx, cli, '--no-build', '--port', 'eighty'], { cwd: root });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const status = await new Promise<number | null>((r) => child.on('close', r));
    clearTimeout(timer);
    const r = { status, stderr };
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--port eighty/);
  }, 90_000);
});
