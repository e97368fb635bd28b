/**
 * The electronegativity gate (scripts/electronegativity-gate.mjs): the tool always
 * exits 0, so the gate must turn findings above a note into exit 1. It passes on the
 * app's source, and fails on a copy of the window with the sandbox turned off.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const gate = path.join(root, 'scripts/electronegativity-gate.mjs');

/** Runs the gate as CI does, asynchronously (a blocked event loop would stall the test runner), killed after 5 minutes. */
function runGate(args: string[] = []): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [gate, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('the electronegativity gate', () => {
  it('passes on the app: nothing above a note', async () => {
    const r = await runGate();
    expect(r.stderr.split('\n').filter((l) => /^(warning|error)/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/nothing above note/);
  }, 300_000);

  it('fails (exit 1) on a window without the sandbox, naming the check', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collimator-eneg-test-'));
    try {
      cpSync(path.join(root, 'electron/window.ts'), path.join(dir, 'electron/window.ts'));
      cpSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
      const file = path.join(dir, 'electron/window.ts');
      const weakened = readFileSync(file, 'utf8').replace('sandbox: true', 'sandbox: false');
      expect(weakened).toContain('sandbox: false');
      writeFileSync(file, weakened);
      const r = await runGate(['--input', dir]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/SANDBOX_JS_CHECK/);
      expect(r.stderr).toMatch(/FAILED/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('refuses an input that does not exist (exit 2), rather than passing it', async () => {
    expect((await runGate(['--input', path.join(tmpdir(), 'no-such-dir-collimator')])).status).toBe(2);
  });
});
