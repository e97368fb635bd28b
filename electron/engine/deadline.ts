/**
 * Deadlines and cancellation. Every network wait in the engine hangs off an
 * AbortSignal that fires on the parent's abort (the user cancelled) or at a wall-clock
 * time (the per-service deadline), whichever comes first. Timers and listeners are
 * released by `dispose()`, so nothing outlives the work it bounds.
 */

/** The signal's reason when a deadline passed. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/** The signal's reason when the scan was cancelled. */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** Largest delay setTimeout honours (about 24.8 days); longer ones fire at once in Node. */
const MAX_TIMER_MS = 2_147_483_647;

/** Callbacks waiting on a signal through onAbort() (in registration order), and the one real listener behind them. */
interface Waiting {
  entries: Set<{ fn: () => void }>;
  listener: () => void;
}
const waiting = new WeakMap<AbortSignal, Waiting>();

/**
 * Run `fn` once when `signal` aborts; returns an unsubscribe function (idempotent).
 * The caller checks `signal.aborted` first: nothing runs for a signal already aborted.
 *
 * Why not addEventListener: Node's EventTarget walks every listener of the type on
 * each add (a duplicate check), so thousands of dials, waiters and deadlines hanging
 * off one scan-wide signal made each add O(n) and a large sweep quadratic. Here a
 * signal has one real listener over a Set: O(1) to add and to remove. The listener is
 * removed with the last callback, so nothing stays attached to a long-lived signal.
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let w = waiting.get(signal);
  if (!w) {
    const entries = new Set<{ fn: () => void }>();
    const listener = (): void => {
      waiting.delete(signal);
      for (const entry of [...entries]) {
        if (!entries.delete(entry)) continue; // unsubscribed by an earlier callback
        try {
          entry.fn();
        } catch (e) {
          // As EventTarget does: a throwing callback must not stop the others; report it.
          queueMicrotask(() => {
            throw e;
          });
        }
      }
    };
    w = { entries, listener };
    waiting.set(signal, w);
    signal.addEventListener('abort', listener, { once: true });
  }
  const own = w;
  const entry = { fn };
  own.entries.add(entry);
  return () => {
    if (!own.entries.delete(entry) || own.entries.size > 0) return;
    signal.removeEventListener('abort', own.listener);
    if (waiting.get(signal) === own) waiting.delete(signal);
  };
}

export interface Deadline {
  /** Aborts at `at` (reason DeadlineError) or when the parent aborts (the parent's reason). */
  readonly signal: AbortSignal;
  /** Epoch ms. */
  readonly at: number;
  /** Clear the timer and detach from the parent. Idempotent; call it when the work ends. */
  dispose(): void;
}

/**
 * A signal that fires at epoch ms `at` or on the parent's abort. `label` goes into the
 * DeadlineError message (e.g. "127.0.0.1:104 deadline of 60000 ms").
 */
export function createDeadline(parent: AbortSignal | undefined, at: number, label = 'deadline'): Deadline {
  const ctrl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let detach: (() => void) | undefined;
  const onParent = (): void => {
    ctrl.abort(signalReason(parent));
    cleanup();
  };
  const cleanup = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    detach?.();
  };
  if (parent?.aborted) {
    ctrl.abort(signalReason(parent));
  } else {
    if (parent) detach = onAbort(parent, onParent);
    const arm = (): void => {
      const left = at - Date.now();
      if (left <= 0) {
        ctrl.abort(new DeadlineError(`${label} passed`));
        cleanup();
        return;
      }
      // Re-arm in steps when the deadline is beyond the timer range.
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    };
    arm();
  }
  return { signal: ctrl.signal, at, dispose: cleanup };
}

/** Why a signal fired, in the engine's vocabulary. */
export function abortKind(signal: AbortSignal): 'deadline' | 'cancelled' | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason instanceof DeadlineError ? 'deadline' : 'cancelled';
}

/**
 * Settle with `work`, or reject with the signal's reason as soon as it fires, whatever
 * `work` does afterwards (a library that ignores the signal cannot hold us). A late
 * rejection of `work` is swallowed so it cannot become an unhandled rejection.
 */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signalReason(signal));
  return new Promise<T>((resolve, reject) => {
    const off = onAbort(signal, () => reject(signalReason(signal)));
    work.then(
      (v) => {
        off();
        resolve(v);
      },
      (e: unknown) => {
        off();
        reject(toError(e));
      },
    );
  });
}

/** Wait `ms`, or reject with the signal's reason when it fires first. The timer never outlives the wait. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signalReason(signal));
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off?.();
      resolve();
    }, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
    const off = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(signalReason(signal));
        })
      : undefined;
  });
}

/** An aborted signal's reason as an Error (a bare `abort()` means cancellation). */
export function signalReason(signal: AbortSignal | undefined): Error {
  const r: unknown = signal?.reason;
  // A bare controller.abort() gives a DOMException AbortError: that is a cancellation.
  if (r === undefined || (r instanceof Error && r.name === 'AbortError')) return new CancelledError('cancelled');
  return toError(r);
}

/** Any thrown value as an Error (probes and libraries throw strings and objects too). */
export function toError(e: unknown): Error {
  if (e instanceof Error) return e;
  if (e === undefined) return new Error('rejected without a reason');
  return new Error(typeof e === 'string' ? e : safeText(e));
}

function safeText(e: unknown): string {
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return Object.prototype.toString.call(e);
  }
}
