/**
 * Run the real `collimator` command (node bin/collimator.mjs) as a child process, the
 * way a user or a cron job does. Every wait has a deadline that kills the child by PID,
 * so a hung command fails its test instead of hanging the suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'collimator.mjs');

/** Deadline of one CLI run unless a test says otherwise, ms. */
export const RUN_DEADLINE_MS = 60_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running CLI process with its output so far. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (killed by SIGKILL at the deadline). */
  done: Promise<CliResult>;
  /** Resolves once `test(stdout, stderr)` holds; rejects if the process exits first or the deadline passes. */
  waitFor(test: (stdout: string, stderr: string) => boolean, what: string, deadlineMs?: number): Promise<void>;
}

/** A temp directory for databases and files; remove it with `rm`. */
export function tempDir(prefix: string): { dir: string; rm(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `collimator-cli-${prefix}-`));
  return { dir, rm: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Start `collimator ...args`. COLLIMATOR_DB points into `safeDir` so that a test that
 * forgot `--db` can never touch the user's real database.
 */
export function startCli(args: readonly string[], opts: { safeDir: string; deadlineMs?: number; cwd?: string }): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, COLLIMATOR_DB: path.join(opts.safeDir, 'default-must-not-be-used.db'), COLLIMATOR_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((l) => l());
  child.stdout?.on('data', notify);
  child.stderr?.on('data', notify);

  const deadline = setTimeout(() => child.kill('SIGKILL'), opts.deadlineMs ?? RUN_DEADLINE_MS);
  let exited = false;
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      exited = true;
      notify();
      resolve({ code, signal, stdout: out, stderr: err });
    });
  });

  const waitFor: CliProcess['waitFor'] = (test, what, deadlineMs = RUN_DEADLINE_MS) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}; stdout: ${out.slice(-500)} stderr: ${err.slice(-500)}`)), deadlineMs);
      const check = (): void => {
        if (test(out, err)) finish();
        else if (exited) finish(new Error(`the command exited before ${what}; stdout: ${out.slice(-500)} stderr: ${err.slice(-500)}`));
      };
      function finish(e?: Error): void {
        clearTimeout(timer);
        listeners.delete(check);
        if (e) reject(e);
        else resolve();
      }
      listeners.add(check);
      check();
    });

  return { child, stdout: () => out, stderr: () => err, done, waitFor };
}

/** Run `collimator ...args` to completion. */
export function runCli(args: readonly string[], opts: { safeDir: string; deadlineMs?: number; cwd?: string }): Promise<CliResult> {
  return startCli(args, opts).done;
}
