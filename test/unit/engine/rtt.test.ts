/**
 * Adaptive connect timeouts: the rule (rtt.ts) and the sweep using it. No timing
 * assertions: a dial that would wait ten minutes must simply be given up as filtered
 * once the network has shown it answers quickly.
 */
import { describe, expect, it } from 'vitest';
import { ConnectTimeouts, FACTOR, FLOOR_MS, MIN_SAMPLES, RETRIES } from '../../../electron/engine/rtt';
import { sweep, type ConnectFn, type DialResult } from '../../../electron/engine/sweep';
import type { Target } from '../../../electron/engine/types';

describe('ConnectTimeouts', () => {
  it('keeps the configured timeout until enough answers were seen', () => {
    const t = new ConnectTimeouts(3000);
    for (let i = 0; i < MIN_SAMPLES - 1; i++) t.observe(1);
    expect(t.current()).toBe(3000);
    t.observe(1);
    expect(t.current()).toBe(FLOOR_MS);
  });

  it('follows the smoothed round trip (RFC 6298), within the floor and the configured maximum', () => {
    const steady = new ConnectTimeouts(10_000);
    for (let i = 0; i < 50; i++) steady.observe(400);
    // Deviation decays to ~0: about FACTOR x 400 ms.
    expect(steady.current()).toBeGreaterThanOrEqual(FACTOR * 400);
    expect(steady.current()).toBeLessThan(FACTOR * 400 * 1.1);
    expect(new ConnectTimeouts(500).current()).toBe(500);
    const capped = new ConnectTimeouts(1000);
    for (let i = 0; i < 5; i++) capped.observe(900);
    expect(capped.current()).toBe(1000);
  });

  it('one late answer among fast ones does not stretch the timeout to the maximum', () => {
    const t = new ConnectTimeouts(3000);
    for (let i = 0; i < 20; i++) t.observe(1);
    t.observe(300); // a busy event loop saw this RST late
    for (let i = 0; i < 20; i++) t.observe(1);
    expect(t.current()).toBe(FLOOR_MS);
  });
});

/** Refuses ports 1-9 after a millisecond; never answers port 104 (a dropped SYN) until aborted. */
const network: ConnectFn = (target, _timeoutMs, signal) =>
  new Promise<DialResult>((resolve) => {
    if (target.port !== 104) {
      setTimeout(() => resolve({ state: 'closed', reason: 'ECONNREFUSED' }), 1);
      return;
    }
    if (signal.aborted) resolve({ state: 'cancelled', reason: 'cancelled' });
    else signal.addEventListener('abort', () => resolve({ state: 'cancelled', reason: 'cancelled' }), { once: true });
  });

const targets: Target[] = [
  ...Array.from({ length: 9 }, (_, i) => ({ host: '10.200.144.1', port: i + 1 })),
  { host: '10.200.144.1', port: 104 },
  { host: '10.200.144.2', port: 104 },
];

describe('the sweep with adaptive timeouts', () => {
  it('dials a silent port once more (RETRIES) before calling it filtered', async () => {
    let dials104 = 0;
    const counting: ConnectFn = (t, ms, sig) => {
      if (t.port === 104) dials104++;
      return network(t, ms, sig);
    };
    const got = new Map<string, DialResult>();
    await sweep(targets, { concurrency: 64, connectTimeoutMs: 600_000, connect: counting }, (t, r) => got.set(`${t.host}:${t.port}`, r));
    expect(dials104).toBe(2 * (1 + RETRIES));
    expect(got.get('10.200.144.2:104')).toEqual({ state: 'filtered', reason: 'timeout' });
  });

  it('with adaptiveTimeout false, a dial waits its connect timeout (no give-up, no retry)', async () => {
    let dials = 0;
    const slowNet: ConnectFn = (t, ms) => {
      dials++;
      return new Promise((resolve) => setTimeout(() => resolve(t.port === 104 ? { state: 'filtered', reason: 'timeout' } : { state: 'closed', reason: 'ECONNREFUSED' }), t.port === 104 ? Math.min(ms, 50) : 1));
    };
    const got = new Map<string, DialResult>();
    await sweep(targets, { concurrency: 64, connectTimeoutMs: 50, connect: slowNet, adaptiveTimeout: false }, (t, r) => got.set(`${t.host}:${t.port}`, r));
    expect(dials).toBe(targets.length);
    expect(got.get('10.200.144.1:104')).toEqual({ state: 'filtered', reason: 'timeout' });
  });

  it('gives up on silent dials as filtered once the network answered quickly, long before the configured timeout', async () => {
    const got = new Map<string, DialResult>();
    const res = await sweep(targets, { concurrency: 64, connectTimeoutMs: 600_000, connect: network }, (t, r) => got.set(`${t.host}:${t.port}`, r));
    expect(res.completed).toBe(true);
    expect(got.get('10.200.144.1:104')).toEqual({ state: 'filtered', reason: 'timeout' });
    expect(got.get('10.200.144.2:104')).toEqual({ state: 'filtered', reason: 'timeout' });
    expect(got.get('10.200.144.1:3')).toEqual({ state: 'closed', reason: 'ECONNREFUSED' });
    expect(got.size).toBe(targets.length);
  });

  it('a cancellation is still a cancellation, not a filter', async () => {
    const ctrl = new AbortController();
    const got: DialResult[] = [];
    const p = sweep([{ host: '10.200.144.3', port: 104 }], { concurrency: 4, connectTimeoutMs: 600_000, connect: network, signal: ctrl.signal }, (_t, r) => got.push(r));
    setTimeout(() => ctrl.abort(), 20);
    expect(await p).toEqual({ completed: false });
    expect(got).toEqual([]);
  });
});
