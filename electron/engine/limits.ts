/**
 * Concurrency and rate bounds: a counting semaphore (a scan's probe bound), the
 * process-wide host limiter (DICOM associations open at once per host, across every
 * scan and re-check: storescp serves one association at a time), a token bucket (new
 * connections per second, per scan), and
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

/** One host's holders (each with the cap it asked for) and its queue. */
interface HostSlots {
  /** Cap of each current holder, by holder. */
  holders: Map<symbol, number>;
  waiters: { cap: number; grant: () => void }[];
}

/**
 * DICOM associations open at once per host, for the whole process: every scan and every
 * re-check acquire their host slots here (PROCESS_HOST_LIMITER), so the promise that a
 * fragile modality never sees more than N associations from Collimator holds across
 * concurrent scans, not only within one.
 *
 * Each request brings its own cap (its scan's `--per-host`, default 1). The rule: a slot
 * is granted only when, counting it, the host's holders number no more than the cap of
 * ANY of them, the newcomer included. So the strictest request among those holding the
 * host wins: a scan asking for 1 never shares the host, and two scans asking for 4 share
 * it 4 at a time. Waiters are served first come, first served per host: a cap-1 request
 * at the head of the queue is not overtaken by a stream of cap-4 ones.
 *
 * Keys are the hosts' literal addresses (the engine's Target.host); idle hosts are forgotten.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, HostSlots>();

  /** Hosts with a holder or a waiter (for tests: idle hosts are forgotten). */
  get size(): number {
    return this.hosts.size;
  }

  /** Slots held on `host` now. */
  inUse(host: string): number {
    return this.hosts.get(host)?.holders.size ?? 0;
  }

  /**
   * Wait for a slot on `host` under `cap` (a whole number >= 1); rejects with the signal's
   * reason if it fires first (nothing is taken then).
   */
  acquire(host: string, cap: number, signal?: AbortSignal): Promise<Release> {
    if (!Number.isInteger(cap) || cap < 1) return Promise.reject(new RangeError(`per-host cap must be a whole number >= 1, got ${cap}`));
    if (signal?.aborted) return Promise.reject(signalReason(signal));
    let h = this.hosts.get(host);
    if (!h) this.hosts.set(host, (h = { holders: new Map(), waiters: [] }));
    const slots = h;
    return new Promise<Release>((resolve, reject) => {
      let off: (() => void) | undefined;
      const waiter = {
        cap,
        grant: (): void => {
          off?.();
          const id = Symbol(host);
          slots.holders.set(id, cap);
          resolve(this.releaser(host, slots, id));
        },
      };
      if (signal) {
        // onAbort, not addEventListener: a scan's many waiters share one signal.
        off = onAbort(signal, () => {
          const i = slots.waiters.indexOf(waiter);
          if (i === -1) return;
          slots.waiters.splice(i, 1);
          reject(signalReason(signal));
          // The head may have been the one blocking those behind it.
          this.serve(host, slots);
        });
      }
      slots.waiters.push(waiter);
      this.serve(host, slots);
    });
  }

  /** Grant waiters from the head of the queue while the rule allows; forget an idle host. */
  private serve(host: string, slots: HostSlots): void {
    for (;;) {
      const head = slots.waiters[0];
      if (!head) break;
      const count = slots.holders.size;
      let strictest = head.cap;
      for (const c of slots.holders.values()) strictest = Math.min(strictest, c);
      if (count + 1 > strictest) break;
      slots.waiters.shift();
      head.grant();
    }
    if (slots.holders.size === 0 && slots.waiters.length === 0 && this.hosts.get(host) === slots) this.hosts.delete(host);
  }

  private releaser(host: string, slots: HostSlots, id: symbol): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      slots.holders.delete(id);
      this.serve(host, slots);
    };
  }
}

/**
 * The one host limiter of this process: the CLI and the app each run every scan and
 * re-check through the engine, and the engine takes its host slots here unless a test
 * injects its own (ScanDeps.hostLimiter).
 */
export const PROCESS_HOST_LIMITER = new HostLimiter();

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
