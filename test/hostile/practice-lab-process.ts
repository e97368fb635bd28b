/**
 * The practice lab in a process of its own (`collimator lab --json`), so a test's
 * scanner and hostile peers do not share an event loop with the servers that must be
 * judged right. Stopped by PID with SIGTERM (the lab's own clean stop), SIGKILL after
 * a grace; a deadline bounds every wait.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PracticeLab } from '../../electron/practice-lab/practice';

const BIN = fileURLToPath(new URL('../../bin/collimator.mjs', import.meta.url));

/** What `collimator lab --json` prints, and a way to stop it. */
export type PracticeLabProcess = Pick<PracticeLab, 'servers' | 'targets' | 'ports' | 'calledAes'> & {
  pid: number;
  stop(): Promise<void>;
};

export async function startPracticeLabProcess(deadlineMs = 60_000): Promise<PracticeLabProcess> {
  const child = spawn(process.execPath, [BIN, 'lab', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const doc = await new Promise<Omit<PracticeLabProcess, 'pid' | 'stop'>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`collimator lab did not print its servers within ${deadlineMs} ms: ${err.slice(-300)}`));
    }, deadlineMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.slice(0, nl)) as Omit<PracticeLabProcess, 'pid' | 'stop'>);
      } catch (e) {
        child.kill('SIGKILL');
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collimator lab exited with ${String(code)} before printing its servers: ${err.slice(-300)}`));
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const grace = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(grace);
    })());
  return { ...doc, pid: child.pid!, stop };
}
