/**
 * Run a whole process and time it from outside: wall time from spawn to exit
 * (hrtime), and, through GNU time when present, peak RSS and CPU seconds. Every run
 * has a deadline after which it is killed by its PID (and counted as failed).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** One timed run. */
export interface TimedRun {
  /** Exit code (null when killed). */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Wall time from spawn to exit, ms. */
  wallMs: number;
  /** Peak resident set of the process, bytes (GNU time %M; undefined without it). */
  peakRss?: number;
  /** User + system CPU, ms (GNU time; undefined without it). */
  cpuMs?: number;
  stdout: string;
  stderr: string;
  /** True when the deadline killed it. */
  timedOut: boolean;
}

export interface RunOptions {
  /** Kill after this many ms [600 000]. */
  deadlineMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with the child's PID as soon as it runs (the cleanup hook tracks it). */
  onSpawn?: (pid: number) => void;
  onExit?: (pid: number) => void;
}

let seq = 0;

/** Run `cmd args` to the end and time it. Never rejects for a failing command. */
export function timedRun(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<TimedRun> {
  const useTime = existsSync(GNU_TIME);
  const statsFile = join(tmpdir(), `collimator-bench-time-${process.pid}-${seq++}.txt`);
  const argv = useTime ? ['-f', '%M %U %S', '-o', statsFile, cmd, ...args] : [...args];
  const bin = useTime ? GNU_TIME : cmd;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env, cwd: opts.cwd });
    if (child.pid === undefined) {
      reject(new Error(`could not start ${cmd}`));
      return;
    }
    const pid = child.pid;
    opts.onSpawn?.(pid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.deadlineMs ?? 600_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      opts.onExit?.(pid);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const run: TimedRun = { code, signal, wallMs, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut };
      if (useTime) {
        try {
          // GNU time writes "Command exited with non-zero status N" first when it did.
          const line = readFileSync(statsFile, 'utf8').trim().split('\n').pop() ?? '';
          const [kb, user, sys] = line.split(' ').map(Number);
          if (Number.isFinite(kb)) run.peakRss = kb! * 1024;
          if (Number.isFinite(user) && Number.isFinite(sys)) run.cpuMs = (user! + sys!) * 1000;
          // GNU time's own exit status is the command's.
        } catch {
          // no stats: the run still counts for wall time
        }
        rmSync(statsFile, { force: true });
      }
      resolve(run);
    });
  });
}
