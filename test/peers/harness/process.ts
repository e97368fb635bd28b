/**
 * Child processes of the real-peer harness: spawn, track, stop by PID, and clean up on exit.
 *
 * Every server is spawned `detached` so that it leads its own process group:
 * stopping it signals the group (negative PID), which also ends the children a
 * forking server (dcmqrscp) made for open associations. Nothing is ever killed
 * by name; only the PIDs this module started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Milliseconds between SIGTERM and SIGKILL (Orthanc takes over 2 s to stop). */
export const STOP_GRACE_MS = 10_000;

/** Every process group this module started and has not yet seen exit. */
const live = new Set<number>();
/** Temp dirs made here and not yet removed; the exit hook removes them too. */
const tempDirs = new Set<string>();
let hooksInstalled = false;

/**
 * Send a signal to a whole process group; ignore one that is already gone.
 * No fallback to the bare PID: once a leader has exited its PID may belong to
 * someone else, while a group id stays ours as long as any member lives.
 */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* ESRCH: the group is gone already */
  }
}

/** SIGKILL every live peer process and remove its temp dir, synchronously (usable in an 'exit' hook). */
export function killAllPeerProcesses(): void {
  for (const pid of live) signalGroup(pid, 'SIGKILL');
  live.clear();
  for (const dir of tempDirs) removeTempDir(dir);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // A failed or interrupted test must leave no server behind.
  process.on('exit', killAllPeerProcesses);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllPeerProcesses();
      process.off(sig, onSignal);
      // Re-raise only when nobody else handles it, so the default (exit) applies.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/** A temporary directory under os.tmpdir() for one server. */
export function makeTempDir(prefix: string): string {
  // Names come from tests ('orthanc-insecure', a custom name): keep them path-safe.
  const safe = prefix.replace(/[^\w.-]/g, '_').slice(0, 40);
  installHooks();
  const dir = mkdtempSync(join(tmpdir(), `collimator-peer-${safe}-`));
  tempDirs.add(dir);
  return dir;
}

/** A spawned, tracked peer process. */
export interface PeerProcess {
  child: ChildProcess;
  pid: number;
  /** File that receives the process's stdout and stderr. */
  logPath: string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<void>;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** Last `lines` lines of the log, for error messages. */
  logTail(lines?: number): string;
}

/**
 * Spawn a server with stdout/stderr going to `logPath` (not the console), in
 * its own process group, and track it until it exits.
 */
export function spawnPeer(
  command: string,
  args: string[],
  opts: { cwd: string; logPath: string; env?: NodeJS.ProcessEnv },
): PeerProcess {
  installHooks();
  const fd = openSync(opts.logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', fd, fd],
      detached: true,
    });
  } finally {
    closeSync(fd); // the child holds its own copy
  }
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`peers: could not start ${command} (spawn failed)`);
  }
  live.add(pid);
  let done = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      live.delete(pid);
      resolve();
    });
    child.once('error', () => {
      done = true;
      live.delete(pid);
      resolve();
    });
  });
  return {
    child,
    pid,
    logPath: opts.logPath,
    exited,
    hasExited: () => done,
    logTail: (lines = 20) => readTail(opts.logPath, lines),
  };
}

/** Last lines of a log file, or a note that it could not be read. */
export function readTail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n').trim();
  } catch {
    return `(no log at ${path})`;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Stop one peer process: SIGTERM to its group, wait up to `graceMs` for the
 * exit, then SIGKILL and wait again (bounded, so a stuck process cannot hang
 * a test). Safe to call on a process that is already gone.
 */
export async function stopPeerProcess(proc: PeerProcess, graceMs = STOP_GRACE_MS): Promise<void> {
  if (proc.hasExited()) {
    // The leader is gone; forked children of the group may remain.
    signalGroup(proc.pid, 'SIGKILL');
    return;
  }
  signalGroup(proc.pid, 'SIGTERM');
  await Promise.race([proc.exited, delay(graceMs)]);
  // Always sweep the group: dcmqrscp's forked children outlive their parent.
  signalGroup(proc.pid, 'SIGKILL');
  await Promise.race([proc.exited, delay(5_000)]);
  if (!proc.hasExited()) {
    throw new Error(`peers: process ${proc.pid} did not exit after SIGKILL`);
  }
}

/** Remove a temp dir made by makeTempDir(); never throws. */
export function removeTempDir(dir: string): void {
  tempDirs.delete(dir);
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    /* best effort: a leftover temp dir is not worth failing a test over */
  }
}

/** Wrap a stop routine so that calling it twice runs it once. */
export function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
