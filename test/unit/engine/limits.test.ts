import { afterEach, describe, expect, it, vi } from 'vitest';
import { CancelledError } from '../../../electron/engine/deadline';
import { HostLimiter, Semaphore, TokenBucket, runPool } from '../../../electron/engine/limits';

/** Let pending promise callbacks run. */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

afterEach(() => {
  vi.useRealTimers();
});

describe('Semaphore', () => {
  it('admits at most `limit`, then serves waiters first-come first-served', async () => {
    const s = new Semaphore(2);
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const order: number[] = [];
    const w3 = s.acquire().then((r) => { order.push(3); return r; });
    const w4 = s.acquire().then((r) => { order.push(4); return r; });
    await flush();
    expect(order).toEqual([]);
    expect(s.inUse).toBe(2);
    expect(s.queued).toBe(2);
    r1();
    r1(); // idempotent: must not free a second slot
    await flush();
    expect(order).toEqual([3]);
    r2();
    await flush();
    expect(order).toEqual([3, 4]);
    (await w3)();
    (await w4)();
    expect(s.inUse).toBe(0);
  });

  it('an aborted waiter leaves the queue and takes nothing', async () => {
    const s = new Semaphore(1);
    const r = await s.acquire();
    const ctrl = new AbortController();
    const w = s.acquire(ctrl.signal);
    ctrl.abort();
    await expect(w).rejects.toBeInstanceOf(CancelledError);
    expect(s.queued).toBe(0);
    r();
    expect(s.inUse).toBe(0);
    await expect(s.acquire(ctrl.signal)).rejects.toBeInstanceOf(CancelledError);
  });

  it('refuses a bad limit', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
  });
});

describe('HostLimiter', () => {
  it('serialises one host, runs different hosts in parallel, forgets idle hosts', async () => {
    const k = new HostLimiter();
    const a1 = await k.acquire('10.200.0.1', 1);
    const b1 = await k.acquire('10.200.0.2', 1); // another host: not blocked
    let a2Got = false;
    const a2 = k.acquire('10.200.0.1', 1).then((r) => {
      a2Got = true;
      return r;
    });
    await flush();
    expect(a2Got).toBe(false);
    a1();
    await flush();
    expect(a2Got).toBe(true);
    (await a2)();
    b1();
    expect(k.size).toBe(0);
  });

  it('forgets a host whose only waiter gave up', async () => {
    const k = new HostLimiter();
    const r = await k.acquire('h', 1);
    const ctrl = new AbortController();
    const w = k.acquire('h', 1, ctrl.signal);
    ctrl.abort();
    await expect(w).rejects.toBeInstanceOf(CancelledError);
    r();
    expect(k.size).toBe(0);
  });

  it('lets N share a host when every holder asked for N or more', async () => {
    const k = new HostLimiter();
    const held = await Promise.all([k.acquire('h', 3), k.acquire('h', 3), k.acquire('h', 4)]);
    expect(k.inUse('h')).toBe(3);
    let fourth = false;
    const w = k.acquire('h', 4).then((r) => ((fourth = true), r));
    await flush();
    expect(fourth).toBe(false); // a holder asked for 3: the strictest holder wins
    held[0]();
    await flush();
    expect(fourth).toBe(true);
    (await w)();
    for (const r of held) r();
    expect(k.size).toBe(0);
  });

  it('a strict request waits for the host to empty, and is not overtaken by looser ones behind it', async () => {
    const k = new HostLimiter();
    const loose = await k.acquire('h', 4);
    const order: string[] = [];
    const strict = k.acquire('h', 1).then((r) => (order.push('strict'), r));
    const later = k.acquire('h', 4).then((r) => (order.push('later'), r));
    await flush();
    expect(order).toEqual([]); // first come, first served: `later` queues behind `strict`
    loose();
    await flush();
    expect(order).toEqual(['strict']);
    expect(k.inUse('h')).toBe(1);
    (await strict)();
    await flush();
    expect(order).toEqual(['strict', 'later']);
    (await later)();
    expect(k.size).toBe(0);
  });

  it('refuses a bad cap, taking nothing', async () => {
    const k = new HostLimiter();
    await expect(k.acquire('h', 0)).rejects.toBeInstanceOf(RangeError);
    await expect(k.acquire('h', 1.5)).rejects.toBeInstanceOf(RangeError);
    expect(k.size).toBe(0);
  });
});

describe('TokenBucket', () => {
  it('holds the rate with a controllable clock', async () => {
    vi.useFakeTimers();
    let now = 0;
    const b = new TokenBucket(10, 1, () => now); // one token per 100 ms
    await b.take(); // the initial burst
    let second = false;
    let third = false;
    const p2 = b.take().then(() => { second = true; });
    const p3 = b.take().then(() => { third = true; });
    await flush();
    expect(second).toBe(false);
    now += 100;
    vi.advanceTimersByTime(100);
    await flush();
    expect(second).toBe(true);
    expect(third).toBe(false);
    now += 100;
    vi.advanceTimersByTime(100);
    await p2;
    await p3;
    expect(third).toBe(true);
  });

  it('returns the reservation when a waiter is cancelled', async () => {
    vi.useFakeTimers();
    let now = 0;
    const b = new TokenBucket(10, 1, () => now);
    await b.take();
    const ctrl = new AbortController();
    const w = b.take(ctrl.signal);
    expect(b.waitMs()).toBeGreaterThan(100); // a second waiter would queue behind the first
    ctrl.abort();
    await expect(w).rejects.toBeInstanceOf(CancelledError);
    expect(vi.getTimerCount()).toBe(0);
    now += 100;
    expect(b.waitMs()).toBe(0);
  });

  it('refills up to the burst only', () => {
    let now = 0;
    const b = new TokenBucket(1000, 5, () => now);
    now += 60_000;
    for (let i = 0; i < 5; i++) void b.take();
    expect(b.waitMs()).toBeGreaterThan(0);
  });

  it('refuses a bad rate', () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
    expect(() => new TokenBucket(Number.NaN)).toThrow(RangeError);
  });
});

describe('runPool', () => {
  it('runs every item with at most `concurrency` at once, pulling lazily', async () => {
    let active = 0;
    let maxActive = 0;
    let pulled = 0;
    let done = 0;
    let maxAhead = 0;
    function* items(): Generator<number> {
      for (let i = 0; i < 50; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - done);
        yield i;
      }
    }
    const seen: number[] = [];
    await runPool(items(), 4, async (i) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setImmediate(r));
      seen.push(i);
      active--;
      done++;
    });
    expect(maxActive).toBe(4);
    expect(maxAhead).toBeLessThanOrEqual(4);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
  });

  it('stops pulling when aborted and finishes the running ones', async () => {
    const ctrl = new AbortController();
    let pulled = 0;
    function* items(): Generator<number> {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield i;
      }
    }
    let finished = 0;
    await runPool(items(), 3, async (i) => {
      if (i === 10) ctrl.abort();
      await new Promise((r) => setImmediate(r));
      finished++;
    }, ctrl.signal);
    expect(pulled).toBeLessThan(20);
    expect(finished).toBe(pulled);
  });

  it('keeps going after a worker throws, then reports the first error', async () => {
    let ran = 0;
    await expect(runPool([1, 2, 3, 4], 2, async (i) => {
      ran++;
      await Promise.resolve();
      if (i === 2) throw new Error('two');
    })).rejects.toThrow('two');
    expect(ran).toBe(4);
  });
});
