/**
 * Every process and namespace the benchmark starts is registered here and removed on
 * the way out: normal end, an error, Ctrl-C, SIGTERM. Processes are stopped by their
 * own PID (process group for detached server processes), never by name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Cleanup = () => void | Promise<void>;

const cleanups: { name: string; fn: Cleanup }[] = [];
const live = new Set<number>();
let installed = false;

/** Register a cleanup step (run in reverse order). Returns a function that unregisters it. */
export function onCleanup(name: string, fn: Cleanup): () => void {
  installHooks();
  const entry = { name, fn };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i !== -1) cleanups.splice(i, 1);
  };
}

/** Track a spawned PID so a crash of the bench still kills it. */
export function trackPid(pid: number): void {
  installHooks();
  live.add(pid);
}

export function untrackPid(pid: number): void {
  live.delete(pid);
}

/** Run every cleanup (reverse order), each one's failure reported, not fatal. */
export async function cleanupAll(): Promise<void> {
  while (cleanups.length > 0) {
    const c = cleanups.pop()!;
    try {
      await c.fn();
    } catch (e) {
      process.stderr.write(`bench: cleanup "${c.name}" failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  killTracked();
}

function killTracked(): void {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  live.clear();
}

function installHooks(): void {
  if (installed) return;
  installed = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      process.stderr.write(`\nbench: ${sig}: cleaning up...\n`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
  // Last resort (synchronous): at least no process outlives us.
  process.on('exit', killTracked);
}

export const SERVERS_SCRIPT = fileURLToPath(new URL('./servers.ts', import.meta.url));
const TSX_LOADER = 'tsx';

/** A running bench/servers.ts process. */
export interface ServerProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Start bench/servers.ts with `specs` (optionally under a command prefix such as
 * `ip netns exec NS`), wait for its ready line (bounded), and register its stop.
 */
export async function startServers(specs: unknown[], prefix: string[] = [], readyMs = 60_000): Promise<ServerProcess> {
  const argv = [...prefix, process.execPath, '--import', TSX_LOADER, SERVERS_SCRIPT, JSON.stringify(specs)];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], cwd: fileURLToPath(new URL('..', import.meta.url)) });
  if (child.pid === undefined) throw new Error('could not start the bench servers');
  const pid = child.pid;
  trackPid(pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bench servers not ready within ${readyMs} ms: ${err.slice(-400)}`)), readyMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('"ready":true')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench servers exited (${String(code)}) before ready: ${err.slice(-400)}`));
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin.end();
        child.kill('SIGTERM');
        const grace = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(grace);
      }
      untrackPid(pid);
    })());
  onCleanup(`servers ${pid}`, stop);
  return { child, stop };
}
