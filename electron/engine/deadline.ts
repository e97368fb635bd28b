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
  const onParent = (): void => {
    ctrl.abort(signalReason(parent));
    cleanup();
  };
  const cleanup = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    parent?.removeEventListener('abort', onParent);
  };
  if (parent?.aborted) {
    ctrl.abort(signalReason(parent));
  } else {
    parent?.addEventListener('abort', onParent, { once: true });
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
    const onAbort = (): void => reject(signalReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(toError(e));
      },
    );
  });
}

/** Wait `ms`, or reject with the signal's reason when it fires first. The timer never outlives the wait. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signalReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signalReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
    signal?.addEventListener('abort', onAbort, { once: true });
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
