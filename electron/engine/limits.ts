/**
 * Concurrency and rate bounds of a scan: a counting semaphore (global probe bound),
 * a per-key limiter (services probed at once per host: storescp serves one
 * association at a time), a token bucket (new connections per second, global), and
 * a worker pool that pulls work lazily from an iterator (so a /16 × 10 ports is never
 * a list in memory). Every wait is abortable and leaves nothing behind when aborted.
 */
import { onAbort, signalReason, sleep } from './deadline';

/** Give back what `acquire` took. Idempotent. */
export type Release = () => void;

/** A counting semaphore with a FIFO queue. */
export class Semaphore {
  private active = 0;
  private readonly waiters: { grant: () => void }[] = [];

  /** `limit`: how many holders at once (>= 1). */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a whole number >= 1, got ${limit}`);
  }

  /** Holders now. */
  get inUse(): number {
    return this.active;
  }

  /** Waiters queued now. */
  get queued(): number {
    return this.waiters.length;
  }

  /** Wait for a slot; rejects with the signal's reason if it fires first (the slot is not taken). */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signalReason(signal));
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      let off: (() => void) | undefined;
      const waiter = {
        grant: (): void => {
          off?.();
          this.active++;
          resolve(this.releaser());
        },
      };
      // onAbort, not addEventListener: a scan's thousands of waiters share one signal.
      if (signal) {
        off = onAbort(signal, () => {
          const i = this.waiters.indexOf(waiter);
          if (i !== -1) this.waiters.splice(i, 1);
          reject(signalReason(signal));
        });
      }
      this.waiters.push(waiter);
    });
  }

  private releaser(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
      const next = this.waiters.shift();
      if (next) next.grant();
    };
  }
}

/** One semaphore per key (per host), created on demand and dropped when idle. */
export class KeyedLimiter {
  private readonly slots = new Map<string, Semaphore>();

  constructor(readonly perKey: number) {
    if (!Number.isInteger(perKey) || perKey < 1) throw new RangeError(`per-key limit must be a whole number >= 1, got ${perKey}`);
  }

  /** Keys with a holder or a waiter (for tests: idle keys are forgotten). */
  get size(): number {
    return this.slots.size;
  }

  async acquire(key: string, signal?: AbortSignal): Promise<Release> {
    let sem = this.slots.get(key);
    if (!sem) {
      sem = new Semaphore(this.perKey);
      this.slots.set(key, sem);
    }
    const s = sem;
    let release: Release;
    try {
      release = await s.acquire(signal);
    } catch (e) {
      this.forgetIfIdle(key, s);
      throw e;
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
      this.forgetIfIdle(key, s);
    };
  }

  private forgetIfIdle(key: string, s: Semaphore): void {
    if (s.inUse === 0 && s.queued === 0 && this.slots.get(key) === s) this.slots.delete(key);
  }
}

/**
 * Token bucket: at most `ratePerSecond` takes per second on average, bursts of up to
 * `burst`. Waiters are served in the order they asked (each reserves the next token:
 * the count goes negative), so the rate holds however many workers wait at once.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  readonly burst: number;

  /** `ratePerSecond` > 0; `burst` defaults to 1/20 s worth (at least 1), so the rate stays smooth. */
  constructor(readonly ratePerSecond: number, burst?: number, private readonly now: () => number = () => performance.now()) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`rate must be a positive number, got ${ratePerSecond}`);
    this.burst = Math.max(1, burst ?? Math.ceil(ratePerSecond / 20));
    this.tokens = this.burst;
    this.last = this.now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }

  /** How long a take made now would wait, ms (0 when a token is there). For tests and progress. */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.ratePerSecond) * 1000;
  }

  /** Take one token, waiting if needed; rejects with the signal's reason (and returns the reservation) when it fires. */
  async take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signalReason(signal);
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const wait = (-this.tokens / this.ratePerSecond) * 1000;
    try {
      await sleep(wait, signal);
    } catch (e) {
      this.tokens += 1;
      throw e;
    }
  }
}

/**
 * Run `worker` over `items` with at most `concurrency` at once, pulling items only
 * when a worker is free. Stops pulling once `signal` fires (items not yet pulled are
 * never touched) and resolves when the running ones have settled. A worker that
 * throws does not stop the others; the first such error is rethrown at the end.
 */
export async function runPool<T>(items: Iterable<T>, concurrency: number, worker: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number >= 1, got ${concurrency}`);
  const it = items[Symbol.iterator]();
  let failed: { error: unknown } | undefined;
  let exhausted = false;
  const lane = async (): Promise<void> => {
    while (!exhausted && !signal?.aborted) {
      const next = it.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      try {
        await worker(next.value);
      } catch (e) {
        failed ??= { error: e };
      }
    }
  };
  const lanes: Promise<void>[] = [];
  for (let i = 0; i < concurrency; i++) lanes.push(lane());
  await Promise.all(lanes);
  if (signal?.aborted) it.return?.();
  if (failed) throw failed.error;
}
