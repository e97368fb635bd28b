import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../electron/engine/limits';
import { stateForError, sweep, tcpConnect, type ConnectFn, type DialResult } from '../../../electron/engine/sweep';
import type { Target } from '../../../electron/engine/types';

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      if (a === null || typeof a === 'string') reject(new Error('no port'));
      else resolve(a.port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port that was free a moment ago: listen, note it, close. */
async function freePort(): Promise<number> {
  const s = createServer();
  const p = await listen(s);
  await close(s);
  return p;
}

const targets = (n: number): Target[] => Array.from({ length: n }, (_, i) => ({ host: `10.0.0.${i + 1}`, port: 104 }));

describe('stateForError', () => {
  it('maps only ECONNREFUSED to closed', () => {
    expect(stateForError('ECONNREFUSED')).toBe('closed');
    for (const code of ['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EACCES', 'EPERM', 'ECONNRESET', 'EINVAL', undefined]) {
      expect(stateForError(code)).toBe('filtered');
    }
  });
});

describe('tcpConnect on loopback', () => {
  let server: Server;
  let openPort: number;
  const serverSide: Socket[] = [];
  beforeAll(async () => {
    server = createServer((s) => {
      serverSide.push(s);
      s.on('error', () => undefined);
    });
    openPort = await listen(server);
  });
  afterAll(async () => {
    for (const s of serverSide) s.destroy();
    await close(server);
  });

  it('open: connects, then closes its socket at once', async () => {
    const r = await tcpConnect({ host: '127.0.0.1', port: openPort }, 2000, new AbortController().signal);
    expect(r).toEqual({ state: 'open', reason: 'connected' });
    // The server side sees our socket close (we never keep it).
    await new Promise<void>((resolve) => {
      const check = (): void => {
        const s = serverSide[serverSide.length - 1];
        if (s && (s.readableEnded || s.destroyed)) resolve();
        else if (s) s.once('close', () => resolve());
        else setTimeout(check, 10);
      };
      check();
    });
  });

  it('closed: ECONNREFUSED', async () => {
    const port = await freePort();
    expect(await tcpConnect({ host: '127.0.0.1', port }, 2000, new AbortController().signal)).toEqual({ state: 'closed', reason: 'ECONNREFUSED' });
  });

  it('an aborted signal dials nothing', async () => {
    const c = new AbortController();
    c.abort();
    const before = serverSide.length;
    expect(await tcpConnect({ host: '127.0.0.1', port: openPort }, 2000, c.signal)).toEqual({ state: 'cancelled', reason: 'cancelled' });
    await new Promise((r) => setTimeout(r, 50));
    expect(serverSide.length).toBe(before);
  });

  it('a process starved of CPU does not turn an answered open port into filtered (the adaptive give-up waits for one more I/O poll)', async () => {
    // Three refused dials teach the adaptive timeout this network's pace (its floor, 250 ms);
    // then every dial of the open port is followed by a 700 ms stall of the event loop,
    // as on a machine at load 16: the kernel completes the handshake during the stall,
    // and the overdue check runs before the poll phase reads it. Giving up there (both
    // dials) reported the port filtered; the answer already held must win.
    const closedPorts = [await freePort(), await freePort(), await freePort()];
    const ts: Target[] = [...closedPorts.map((port) => ({ host: '127.0.0.1', port })), { host: '127.0.0.1', port: openPort }];
    let stalls = 0;
    const starved: ConnectFn = (target, timeoutMs, signal) => {
      const p = tcpConnect(target, timeoutMs, signal);
      if (target.port === openPort) {
        stalls++;
        // In the check phase: the loop's next steps are its timers (the overdue check), then the poll.
        setImmediate(() => {
          const until = performance.now() + 700;
          while (performance.now() < until) {
            // the event loop is stalled: no I/O is read
          }
        });
      }
      return p;
    };
    const got = new Map<number, string>();
    await sweep(ts, { concurrency: 1, connectTimeoutMs: 5000, connect: starved }, (t, r) => got.set(t.port, r.state));
    expect(got.get(openPort)).toBe('open');
    expect(stalls).toBe(1);
    for (const p of closedPorts) expect(got.get(p)).toBe('closed');
  });

  it('sweeps real listeners and a closed port', async () => {
    const closedPort = await freePort();
    const got = new Map<number, string>();
    const res = await sweep(
      [{ host: '127.0.0.1', port: openPort }, { host: '127.0.0.1', port: closedPort }],
      { concurrency: 2, connectTimeoutMs: 2000, rate: new TokenBucket(100) },
      (t, r) => got.set(t.port, r.state),
    );
    expect(res.completed).toBe(true);
    expect(got.get(openPort)).toBe('open');
    expect(got.get(closedPort)).toBe('closed');
  });
});

describe('sweep with an injected network', () => {
  it('dials exactly the targets given, each once, within the concurrency bound', async () => {
    const dialled: string[] = [];
    let active = 0;
    let maxActive = 0;
    const connect: ConnectFn = async (t) => {
      dialled.push(`${t.host}:${t.port}`);
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setImmediate(r));
      active--;
      const last = Number(t.host.split('.')[3]);
      return last % 3 === 0 ? { state: 'open', reason: 'connected' } : last % 3 === 1 ? { state: 'closed', reason: 'ECONNREFUSED' } : { state: 'filtered', reason: 'timeout' };
    };
    const results: [string, DialResult][] = [];
    const res = await sweep(targets(30), { concurrency: 5, connectTimeoutMs: 100, connect }, (t, r) => results.push([t.host, r]));
    expect(res.completed).toBe(true);
    expect(dialled.sort()).toEqual(targets(30).map((t) => `${t.host}:104`).sort());
    expect(maxActive).toBeLessThanOrEqual(5);
    expect(results).toHaveLength(30);
    expect(results.filter(([, r]) => r.state === 'open')).toHaveLength(10);
    expect(results.filter(([, r]) => r.state === 'filtered')).toHaveLength(10);
  });

  it('cancellation: stops dialling, in-flight dials are not reported', async () => {
    const ctrl = new AbortController();
    let dialled = 0;
    const connect: ConnectFn = (_t, _ms, signal) => {
      dialled++;
      if (dialled <= 6) return Promise.resolve({ state: 'closed', reason: 'ECONNREFUSED' });
      // Hangs until cancelled, as a dropped SYN would until the timeout.
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ state: 'cancelled', reason: 'cancelled' }), { once: true }));
    };
    let reported = 0;
    const p = sweep(targets(200), { concurrency: 4, connectTimeoutMs: 100_000, connect, signal: ctrl.signal }, () => {
      reported++;
    });
    while (dialled < 10) await new Promise((r) => setImmediate(r));
    ctrl.abort();
    const res = await p;
    expect(res.completed).toBe(false);
    expect(reported).toBe(6);
    expect(dialled).toBeLessThan(200);
  });

  it('a connect function that throws becomes filtered with the reason', async () => {
    const connect: ConnectFn = () => Promise.reject(new Error('boom'));
    const got: DialResult[] = [];
    await sweep(targets(1), { concurrency: 1, connectTimeoutMs: 100, connect }, (_t, r) => got.push(r));
    expect(got).toEqual([{ state: 'filtered', reason: 'error:boom' }]);
  });

  it('retries a local shortage (EMFILE), then reports it as ours', async () => {
    let calls = 0;
    const flaky: ConnectFn = () => {
      calls++;
      return Promise.resolve(calls < 3 ? { state: 'filtered', reason: 'EMFILE' } : { state: 'open', reason: 'connected' });
    };
    const got: DialResult[] = [];
    await sweep(targets(1), { concurrency: 1, connectTimeoutMs: 100, connect: flaky }, (_t, r) => got.push(r));
    expect(got).toEqual([{ state: 'open', reason: 'connected' }]);
    expect(calls).toBe(3);

    let always = 0;
    const broken: ConnectFn = () => {
      always++;
      return Promise.resolve({ state: 'filtered', reason: 'EMFILE' });
    };
    const got2: DialResult[] = [];
    await sweep(targets(1), { concurrency: 1, connectTimeoutMs: 100, connect: broken }, (_t, r) => got2.push(r));
    expect(got2).toEqual([{ state: 'filtered', reason: 'local:EMFILE' }]);
    expect(always).toBe(4);
  });
});
