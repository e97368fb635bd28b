/**
 * The discovery sweep: a TCP connect to each host:port of the scope, bounded in
 * concurrency and in new connections per second, each with a connect timeout that
 * always fires. An open port's socket is closed at once (identification opens its own).
 * Only the targets handed in are dialled: the caller builds them from the scope.
 */
import { Socket } from 'node:net';
import type { ServiceState } from '../../shared/catalog';
import { onAbort, sleep } from './deadline';
import { runPool, type TokenBucket } from './limits';
import { ConnectTimeouts, RETRIES } from './rtt';
import type { Target } from './types';

/** Outcome of one dial. `cancelled`: the scan was cancelled first (not a finding). */
export interface DialResult {
  state: ServiceState | 'cancelled';
  /** Why, in a word: `connected`, `timeout`, an errno such as `ECONNREFUSED`, or `cancelled`. */
  reason: string;
}

/** Dial one target; must settle by `timeoutMs` and on `signal`, and never reject. */
export type ConnectFn = (target: Target, timeoutMs: number, signal: AbortSignal) => Promise<DialResult>;

/**
 * Errno → state. ECONNREFUSED (an RST answered our SYN) is `closed`. Everything else
 * means no usable answer and is `filtered`, as nmap reads it: ETIMEDOUT and our own
 * timeout (SYN dropped), EHOSTUNREACH / ENETUNREACH / EHOSTDOWN (ICMP unreachable,
 * ARP failure, a router's reject), EACCES / EPERM (a local firewall refused the SYN),
 * ECONNRESET / EPIPE before the handshake completed, and anything unexpected.
 */
export function stateForError(code: string | undefined): 'closed' | 'filtered' {
  return code === 'ECONNREFUSED' ? 'closed' : 'filtered';
}

/** Local resource shortages: our machine's fault, not the target's, so the dial is retried. */
const LOCAL_SHORTAGE = new Set(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'ENOBUFS']);
const LOCAL_RETRIES = 3;
const LOCAL_RETRY_MS = 200;

/** The real dial: node:net connect, destroyed on timeout, on abort, and at once when open. */
export const tcpConnect: ConnectFn = (target, timeoutMs, signal) =>
  new Promise<DialResult>((resolve) => {
    if (signal.aborted) {
      resolve({ state: 'cancelled', reason: 'cancelled' });
      return;
    }
    const socket = new Socket();
    let settled = false;
    const finish = (r: DialResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      off();
      socket.removeAllListeners('connect');
      // Errors after we are done (a late RST on close) must not become unhandled 'error' events.
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ state: 'filtered', reason: 'timeout' }), timeoutMs);
    // onAbort, not addEventListener: every dial of the scan waits on this one signal.
    const off = onAbort(signal, () => finish({ state: 'cancelled', reason: 'cancelled' }));
    socket.once('connect', () => finish({ state: 'open', reason: 'connected' }));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? 'error';
      finish({ state: stateForError(code), reason: code });
    });
    socket.connect({ host: target.host, port: target.port });
  });

export interface SweepOptions {
  /** Parallel connects in flight (>= 1). */
  concurrency: number;
  /** Global bound on new connections per second; absent = unlimited. */
  rate?: TokenBucket;
  /** TCP connect timeout, ms: the most a dial waits. */
  connectTimeoutMs: number;
  /**
   * Give up on a silent dial sooner once the network's answers show its round-trip
   * time (rtt.ts) [true]. False: every silent dial waits connectTimeoutMs.
   */
  adaptiveTimeout?: boolean;
  signal?: AbortSignal;
  /** Injected for tests; defaults to tcpConnect. */
  connect?: ConnectFn;
}

/**
 * Dial every target (pulled lazily from `targets`) and report each finished one to
 * `onResult`. On cancellation it stops dialling, in-flight dials are destroyed, and
 * it resolves with `completed: false`; cancelled dials are not reported.
 */
export async function sweep(
  targets: Iterable<Target>,
  opts: SweepOptions,
  onResult: (target: Target, result: DialResult & { state: ServiceState }) => void,
): Promise<{ completed: boolean }> {
  const signal = opts.signal ?? new AbortController().signal;
  const connect = opts.connect ?? tcpConnect;
  const timeouts = opts.adaptiveTimeout === false ? undefined : new ConnectTimeouts(opts.connectTimeoutMs);
  // Dials in flight, so one timer can cut those the adaptive timeout has given up on
  // (a dial's own timer was armed with the full timeout before the network answered).
  // A dial past its limit is given up only after the event loop has polled for I/O once
  // more (setImmediate runs right after the poll phase): an answer the kernel already
  // holds, read late by a process starved of CPU, settles the dial first. Without this
  // a loaded machine turned open ports into "filtered" (the hospital bench at load 16):
  // timers run before the poll phase, so after a long stall the check came first.
  const inflight = new Set<{ started: number; ctrl: AbortController }>();
  let reaper: NodeJS.Timeout | undefined;
  const reap = (): void => {
    const limit = timeouts?.current() ?? opts.connectTimeoutMs;
    const now = performance.now();
    const overdue = [...inflight].filter((d) => now - d.started >= limit);
    if (overdue.length > 0) {
      setImmediate(() => {
        for (const d of overdue) if (inflight.has(d)) d.ctrl.abort(GAVE_UP);
      });
    }
    if (inflight.size === 0 && reaper !== undefined) {
      clearInterval(reaper);
      reaper = undefined;
    }
  };
  /** One dial; `gaveUp`: the adaptive timeout cut it (the caller may dial again). */
  const dial = async (target: Target): Promise<DialResult & { gaveUp?: boolean }> => {
    if (!timeouts) return dialSafely(connect, target, opts.connectTimeoutMs, signal);
    const ctrl = new AbortController();
    const unlink = onAbort(signal, () => ctrl.abort(signal.reason));
    const entry = { started: performance.now(), ctrl };
    inflight.add(entry);
    reaper ??= setInterval(reap, REAP_MS);
    try {
      const r = await dialSafely(connect, target, opts.connectTimeoutMs, ctrl.signal);
      if (r.state === 'cancelled' && ctrl.signal.reason === GAVE_UP && !signal.aborted) return { state: 'filtered', reason: 'timeout', gaveUp: true };
      if (r.state === 'open' || r.reason === 'ECONNREFUSED') timeouts.observe(performance.now() - entry.started);
      return r;
    } finally {
      inflight.delete(entry);
      unlink();
    }
  };
  try {
    await runPool(
      targets,
      opts.concurrency,
      async (target) => {
        let retransmits = 0;
        for (let attempt = 0; ; attempt++) {
          try {
            await opts.rate?.take(signal);
          } catch {
            return; // cancelled while waiting for a token
          }
          const r = await dial(target);
          if (r.state === 'cancelled') return;
          // Given up adaptively: dial again (a new SYN), as nmap retransmits, before calling it filtered.
          if (r.gaveUp && retransmits < RETRIES) {
            retransmits++;
            continue;
          }
          if (LOCAL_SHORTAGE.has(r.reason) && attempt < LOCAL_RETRIES) {
            try {
              await sleep(LOCAL_RETRY_MS * (attempt + 1), signal);
            } catch {
              return; // cancelled while backing off
            }
            continue;
          }
          onResult(target, { state: r.state, reason: LOCAL_SHORTAGE.has(r.reason) ? `local:${r.reason}` : r.reason });
          return;
        }
      },
      signal,
    );
  } finally {
    if (reaper !== undefined) clearInterval(reaper);
  }
  return { completed: !signal.aborted };
}

/** Abort reason of a dial the adaptive timeout gave up on (reported as filtered, not cancelled). */
const GAVE_UP = Symbol('adaptive connect timeout');
/** How often in-flight dials are checked against the adaptive timeout, ms. */
const REAP_MS = 100;

/** Extra time a connect function gets past its timeout before we stop waiting for it, ms. */
const CONNECT_GRACE_MS = 1000;

/**
 * Call `connect`, never trusting it to keep its contract: a throw is a bug, reported as
 * filtered with the reason; a dial that outlives the cancellation or its timeout (plus
 * a grace) is abandoned, so a faulty connect function cannot hang the sweep.
 */
async function dialSafely(connect: ConnectFn, target: Target, timeoutMs: number, signal: AbortSignal): Promise<DialResult> {
  if (signal.aborted) return { state: 'cancelled', reason: 'cancelled' };
  let timer: NodeJS.Timeout | undefined;
  let later: NodeJS.Immediate | undefined;
  let off: (() => void) | undefined;
  const backstop = new Promise<DialResult>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'filtered', reason: 'timeout' }), timeoutMs + CONNECT_GRACE_MS);
    // On abort, give a dial that has already finished the pending promise ticks to
    // deliver its result first: a finished dial is a finding, not a cancellation.
    off = onAbort(signal, () => {
      later = setImmediate(() => resolve({ state: 'cancelled', reason: 'cancelled' }));
    });
  });
  try {
    const dial = Promise.resolve().then(() => connect(target, timeoutMs, signal));
    return await Promise.race([dial, backstop]);
  } catch (e) {
    return signal.aborted ? { state: 'cancelled', reason: 'cancelled' } : { state: 'filtered', reason: `error:${e instanceof Error ? e.message : String(e)}` };
  } finally {
    clearTimeout(timer);
    if (later !== undefined) clearImmediate(later);
    off?.();
  }
}
