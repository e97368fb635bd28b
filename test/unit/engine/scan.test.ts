import { getEventListeners } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckId } from '../../../shared/catalog';
import type { CheckResult, ScanProgress, ServiceResult } from '../../../shared/types';
import { defaultProbeOptions } from '../../../electron/engine/options';
import { runScan, runScanWith, type ScanRequest } from '../../../electron/engine/scan';
import { ScopeError } from '../../../electron/engine/scope';
import type { ConnectFn } from '../../../electron/engine/sweep';
import type { Probe, ProbeOptions, ServiceInfo, Target } from '../../../electron/engine/types';

// ---- real loopback listeners -------------------------------------------------

const servers: Server[] = [];
const sockets = new Set<Socket>();

async function listener(onConn: (s: Socket) => void): Promise<number> {
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    onConn(s);
  });
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      if (a && typeof a === 'object') resolve(a.port);
      else reject(new Error('no port'));
    });
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const a = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  if (!a || typeof a !== 'object') throw new Error('no port');
  return a.port;
}

let silentPort: number; // accepts and never speaks
let chattyPort: number; // speaks garbage and hangs up
let closedPort: number;

beforeAll(async () => {
  silentPort = await listener(() => undefined);
  chattyPort = await listener((s) => s.end('HELLO THERE\r\n'));
  closedPort = await freePort();
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
});

/** Short timeouts: identification of a silent peer must end by the deadline, quickly. */
function opts(partial: Partial<ProbeOptions> = {}): ProbeOptions {
  return defaultProbeOptions({ connectTimeoutMs: 1000, ioTimeoutMs: 300, targetTimeoutMs: 1500, ...partial });
}

function req(partial: Partial<ScanRequest>): ScanRequest {
  return { targets: ['127.0.0.1'], ports: [silentPort, chattyPort, closedPort], options: opts(), ...partial };
}

const check = (s: ServiceResult | undefined, id: CheckId): CheckResult => {
  const c = s?.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id} on ${s?.host}:${s?.port}`);
  return c;
};

/** A probe built from functions, deciding one check (dicom.detected is listed for `unknown`? no: exposure is). */
function testProbe(id: string, checks: CheckId[], run: Probe['run'], judge?: Probe['judge']): Probe {
  return {
    meta: { id, checks, safety: 'safe', description: 'test probe' },
    applies: () => true,
    run,
    judge: judge ?? ((): CheckResult[] => checks.map((c) => ({ id: c, status: 'pass', severity: 'info', summary: 'ok', evidence: {}, attack: [] }))),
  };
}

// ---- real network, real identify and probes ------------------------------------

describe('runScan on loopback', () => {
  it('finds the open ports, reports them with the full check list, sorted, from an untrusted vantage', async () => {
    const starts: unknown[] = [];
    const progress: ScanProgress[] = [];
    const seen: ServiceResult[] = [];
    const report = await runScan(req({ options: opts({ vantage: { label: 'guest-wifi', untrusted: true } }) }), {
      onStart: (m) => starts.push(m),
      onProgress: (p) => progress.push(p),
      onService: (s) => seen.push(s),
    });
    expect(report.tool).toEqual({ name: 'collimator', version: '0.1.0' });
    expect(report.scan.cancelled).toBeUndefined();
    expect(report.scan.targets).toEqual(['127.0.0.1']);
    expect(report.scan.vantage).toEqual({ label: 'guest-wifi', untrusted: true });
    const open = [silentPort, chattyPort].sort((a, b) => a - b);
    expect(report.services.map((s) => s.port)).toEqual(open);
    for (const s of report.services) {
      expect(s.state).toBe('open');
      expect(s.host).toBe('127.0.0.1');
      // Neither peer speaks DICOM, TLS or HTTP.
      expect(s.protocol).toBe('unknown');
      expect(check(s, 'exposure.untrusted-reach').status).toBe('fail');
      expect(check(s, 'exposure.untrusted-reach').evidence).toMatchObject({ vantage: 'guest-wifi' });
      expect(check(s, 'exposure.internet').status).toBe('not-applicable');
    }
    expect(report.summary.services).toBe(2);
    expect(report.summary.fail.high).toBe(2);
    expect(starts).toEqual([{ id: report.scan.id, startedAt: report.scan.startedAt, hosts: 1, ports: [silentPort, chattyPort, closedPort] }]);
    expect(seen.map((s) => s.port).sort((a, b) => a - b)).toEqual(open);
    const last = progress[progress.length - 1]!;
    expect(last).toEqual({ phase: 'done', done: 3, total: 3, found: 2, probed: 2 });
  });

  it('--all lists closed ports too; a trusted vantage leaves exposure not-applicable', async () => {
    const report = await runScan(req({ includeClosed: true }));
    const closed = report.services.find((s) => s.port === closedPort);
    expect(closed).toEqual({ host: '127.0.0.1', port: closedPort, state: 'closed', checks: [] });
    expect(report.summary.services).toBe(2);
    const silent = report.services.find((s) => s.port === silentPort);
    expect(check(silent, 'exposure.untrusted-reach').status).toBe('not-applicable');
    expect(report.summary.fail.high).toBe(0);
  });

  it('resolves localhost and tells probes the name', async () => {
    const names: (readonly string[] | undefined)[] = [];
    const probe = testProbe('names', ['exposure.internet'], (svc) => {
      names.push(svc.hostNames);
      return Promise.resolve(null);
    });
    const report = await runScanWith(req({ targets: ['localhost'], ports: [chattyPort] }), {}, { probes: [probe] });
    expect(report.scan.targets).toEqual(['localhost']);
    expect(report.services.map((s) => s.host)).toContain('127.0.0.1');
    expect(names[0]).toEqual(['localhost']);
  });

  it('cancelling mid-probe returns what was found, marked cancelled', async () => {
    const ctrl = new AbortController();
    let started = 0;
    const hang = testProbe('hang', ['exposure.internet'], (_svc, ctx) => {
      started++;
      ctrl.abort();
      return new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(null), { once: true }));
    });
    const seen: ServiceResult[] = [];
    const report = await runScanWith(req({ options: opts({ targetTimeoutMs: 60_000 }) }), { signal: ctrl.signal, onService: (s) => seen.push(s) }, { probes: [hang] });
    expect(started).toBeGreaterThanOrEqual(1);
    expect(report.scan.cancelled).toBe(true);
    for (const s of report.services) {
      expect(check(s, 'exposure.internet').status).toBe('inconclusive');
      expect(check(s, 'exposure.internet').summary).toMatch(/cancelled/);
    }
    expect(seen).toHaveLength(report.services.length);
    expect(getEventListeners(ctrl.signal, 'abort')).toHaveLength(0);
  });
});

// ---- fake network: orchestration rules -------------------------------------------

/** Every target open, answered at once. */
const allOpen: ConnectFn = () => Promise.resolve({ state: 'open', reason: 'connected' });
const quickIdentify = (t: { host: string; port: number }): Promise<{ host: string; port: number; protocol: 'unknown'; identification: Record<string, unknown> }> =>
  Promise.resolve({ host: t.host, port: t.port, protocol: 'unknown', identification: {} });

describe('runScan orchestration (injected network)', () => {
  it('dials exactly the scope × ports, once each', async () => {
    const dialled: string[] = [];
    const connect: ConnectFn = (t) => {
      dialled.push(`${t.host}:${t.port}`);
      return Promise.resolve({ state: 'closed', reason: 'ECONNREFUSED' });
    };
    const report = await runScanWith(req({ targets: ['10.200.144.0/30', '10.200.144.2'], ports: [104, 11112] }), {}, { connect });
    const want = ['10.200.144.0', '10.200.144.1', '10.200.144.2', '10.200.144.3'].flatMap((h) => [`${h}:104`, `${h}:11112`]);
    expect(dialled.sort()).toEqual(want.sort());
    expect(report.services).toEqual([]);
    expect(report.summary).toEqual({ services: 0, fail: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } });
  });

  it('streams a large scope: 4096 hosts × 2 ports, no duplicates', async () => {
    const dialled = new Set<string>();
    let n = 0;
    const connect: ConnectFn = (t) => {
      n++;
      dialled.add(`${t.host}:${t.port}`);
      return Promise.resolve({ state: 'filtered', reason: 'timeout' });
    };
    const progress: ScanProgress[] = [];
    await runScanWith(req({ targets: ['10.200.128.0/20'], ports: [104, 4242], ratePerSecond: 0 }), { onProgress: (p) => progress.push(p) }, { connect });
    expect(n).toBe(8192);
    expect(dialled.size).toBe(8192);
    expect(progress.length).toBeLessThan(8192);
    expect(progress[progress.length - 1]).toMatchObject({ phase: 'done', done: 8192, total: 8192 });
  });

  it('starts probing a service while the sweep is still running', async () => {
    let probeStarted: () => void = () => undefined;
    const probeStart = new Promise<void>((r) => {
      probeStarted = r;
    });
    let sawProbeFirst = false;
    const connect: ConnectFn = async (t) => {
      if (t.host === '10.200.112.1') return { state: 'open', reason: 'connected' };
      // The second host's dial completes only once the first host's probe started
      // (or after 5 s, which would mean the probe waited for the sweep).
      const timeout = new Promise<'late'>((r) => setTimeout(() => r('late'), 5000).unref());
      sawProbeFirst = (await Promise.race([probeStart.then(() => 'early' as const), timeout])) === 'early';
      return { state: 'closed', reason: 'ECONNREFUSED' };
    };
    const probe = testProbe('p', ['exposure.internet'], () => {
      probeStarted();
      return Promise.resolve(null);
    });
    await runScanWith(req({ targets: ['10.200.112.1', '10.200.112.2'], ports: [104], concurrency: 1 }), {}, { connect, probes: [probe], identify: quickIdentify });
    expect(sawProbeFirst).toBe(true);
  });

  it('probes at most perHostAssociations services of a host at a time, and bounds probes globally', async () => {
    const active = new Map<string, number>();
    let maxPerHost = 0;
    let total = 0;
    let maxTotal = 0;
    const probe = testProbe('count', ['exposure.internet'], async (svc) => {
      const n = (active.get(svc.host) ?? 0) + 1;
      active.set(svc.host, n);
      total++;
      maxPerHost = Math.max(maxPerHost, n);
      maxTotal = Math.max(maxTotal, total);
      await new Promise((r) => setTimeout(r, 5));
      active.set(svc.host, (active.get(svc.host) ?? 1) - 1);
      total--;
      return null;
    });
    const report = await runScanWith(
      req({ targets: ['10.200.96.1-10'], ports: [104, 4242, 11112], probeConcurrency: 3, perHostAssociations: 1 }),
      {},
      { connect: allOpen, probes: [{ ...probe, meta: { ...probe.meta, associates: true } }], identify: quickIdentify },
    );
    expect(report.services).toHaveLength(30);
    expect(maxPerHost).toBe(1);
    expect(maxTotal).toBeLessThanOrEqual(3);
    for (const s of report.services) expect(check(s, 'exposure.internet').status).toBe('pass');
  });

  it('lets go of the host slot once no associating probe is left: TLS/web work of one port overlaps the next port', async () => {
    const events: string[] = [];
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((r) => (releaseSlow = r));
    const assoc = testProbe('assoc', ['exposure.internet'], (svc) => {
      events.push(`assoc ${svc.port}`);
      return Promise.resolve(null);
    });
    const web = testProbe('web', ['exposure.untrusted-reach'], async (svc) => {
      events.push(`web ${svc.port} start`);
      // The first port's non-associating probe waits until the second port's associating probe has run.
      if (svc.port === 104) await slowGate;
      else releaseSlow();
      events.push(`web ${svc.port} end`);
      return null;
    });
    const report = await runScanWith(
      req({ targets: ['10.200.97.1'], ports: [104, 11112], perHostAssociations: 1, options: opts({ targetTimeoutMs: 5000 }) }),
      {},
      { connect: allOpen, probes: [{ ...assoc, meta: { ...assoc.meta, associates: true } }, web], identify: quickIdentify },
    );
    expect(report.services).toHaveLength(2);
    expect(events.indexOf('assoc 11112')).toBeGreaterThan(events.indexOf('web 104 start'));
    expect(events.indexOf('assoc 11112')).toBeLessThan(events.indexOf('web 104 end'));
    for (const s of report.services) expect(check(s, 'exposure.untrusted-reach').status).toBe('pass');
  });

  it('a probe that overruns, throws or misbehaves leaves its checks inconclusive, the scan goes on', async () => {
    const overrun = testProbe('overrun', ['exposure.untrusted-reach'], () => new Promise(() => undefined)); // ignores its signal
    const thrower = testProbe('thrower', ['exposure.internet'], () => Promise.reject(new Error('parser exploded')));
    const report = await runScanWith(
      req({ targets: ['10.200.80.1'], ports: [104], options: opts({ targetTimeoutMs: 200 }) }),
      {},
      { connect: allOpen, probes: [thrower, overrun], identify: quickIdentify },
    );
    const s = report.services[0];
    expect(check(s, 'exposure.internet')).toMatchObject({ status: 'inconclusive', severity: 'critical' });
    expect(check(s, 'exposure.internet').summary).toMatch(/probe "thrower" failed: parser exploded/);
    expect(check(s, 'exposure.untrusted-reach').summary).toMatch(/deadline \(200 ms\) passed while probe "overrun" ran/);
    expect(report.scan.cancelled).toBeUndefined();
  });

  it('a probe after the deadline is not run; applies() and judge() that throw are caught', async () => {
    let lateRan = false;
    const slow = testProbe('slow', [], (_s, ctx) => new Promise((r) => ctx.signal.addEventListener('abort', () => r(null), { once: true })));
    const late = testProbe('late', ['exposure.untrusted-reach'], () => {
      lateRan = true;
      return Promise.resolve(null);
    });
    const badApplies: Probe = { ...testProbe('bad-applies', ['exposure.internet'], () => Promise.resolve(null)), applies: () => { throw new Error('nope'); } };
    const report = await runScanWith(
      req({ targets: ['10.200.80.2'], ports: [104], options: opts({ targetTimeoutMs: 100 }) }),
      {},
      { connect: allOpen, probes: [slow, late, badApplies], identify: quickIdentify },
    );
    expect(lateRan).toBe(false);
    const s = report.services[0];
    expect(check(s, 'exposure.untrusted-reach').summary).toMatch(/not run: .*deadline.*before probe "late" started/);
    expect(check(s, 'exposure.internet').summary).toMatch(/could not decide whether it applies: nope/);

    const badJudge = testProbe('bad-judge', ['exposure.internet'], () => Promise.resolve(null), () => {
      throw new Error('judge bug');
    });
    const r2 = await runScanWith(req({ targets: ['10.200.80.3'], ports: [104] }), {}, { connect: allOpen, probes: [badJudge], identify: quickIdentify });
    expect(check(r2.services[0], 'exposure.internet').summary).toMatch(/judge bug/);
  });

  it('an identification that never ends is cut by the deadline; offline probes still judge', async () => {
    const offline: Probe = { ...testProbe('offline', ['exposure.untrusted-reach'], () => Promise.resolve(null)), meta: { id: 'offline', checks: ['exposure.untrusted-reach'], safety: 'safe', description: 't', offline: true } };
    let netRan = false;
    const net = testProbe('net', ['exposure.internet'], () => {
      netRan = true;
      return Promise.resolve(null);
    });
    const report = await runScanWith(
      req({ targets: ['10.200.80.4'], ports: [104], options: opts({ targetTimeoutMs: 150 }) }),
      {},
      { connect: allOpen, identify: () => new Promise(() => undefined), probes: [offline, net] },
    );
    const s = report.services[0]!;
    expect(s.protocol).toBe('unknown');
    expect(netRan).toBe(false);
    expect(check(s, 'exposure.untrusted-reach').status).toBe('pass');
    expect(check(s, 'exposure.internet').status).toBe('inconclusive');
    expect(check(s, 'exposure.internet').summary).toMatch(/deadline \(150 ms\) passed during identification/);
  });

  it('the real exposure probe judges a service whose identification stalled', async () => {
    const report = await runScanWith(
      req({ targets: ['10.200.80.6'], ports: [104], options: opts({ targetTimeoutMs: 100, vantage: { label: 'guest', untrusted: true } }) }),
      {},
      { connect: allOpen, identify: () => new Promise(() => undefined) },
    );
    expect(check(report.services[0], 'exposure.untrusted-reach').status).toBe('fail');
  });

  it('an offline probe that hangs after the deadline is cut by its grace bound', async () => {
    const stuck: Probe = {
      ...testProbe('stuck', ['exposure.untrusted-reach'], () => new Promise(() => undefined)),
      meta: { id: 'stuck', checks: ['exposure.untrusted-reach'], safety: 'safe', description: 't', offline: true },
    };
    const report = await runScanWith(
      req({ targets: ['10.200.80.5'], ports: [104], options: opts({ targetTimeoutMs: 50 }) }),
      {},
      { connect: allOpen, identify: () => new Promise(() => undefined), probes: [stuck] },
    );
    expect(check(report.services[0], 'exposure.untrusted-reach').summary).toMatch(/offline probe "stuck" overran its 1000 ms grace/);
  });

  it('cancelling the sweep stops dialling and reports what finished', async () => {
    const ctrl = new AbortController();
    let dialled = 0;
    const connect: ConnectFn = (t, _ms, signal) => {
      dialled++;
      if (dialled <= 5) return Promise.resolve(t.port === 104 ? { state: 'open', reason: 'connected' } : { state: 'closed', reason: 'ECONNREFUSED' });
      if (dialled === 8) ctrl.abort();
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ state: 'cancelled', reason: 'cancelled' }), { once: true }));
    };
    const report = await runScanWith(req({ targets: ['10.200.64.0/24'], ports: [104, 4242], concurrency: 4 }), { signal: ctrl.signal }, { connect, identify: quickIdentify });
    expect(report.scan.cancelled).toBe(true);
    expect(dialled).toBeLessThan(20);
    // 5 finished dials: hosts .0 (104 open, 4242 closed), .1 (both), .2:104 open
    expect(report.services.map((s) => `${s.host}:${s.port}`)).toEqual(['10.200.64.0:104', '10.200.64.1:104', '10.200.64.2:104']);
  });

  it('an already-cancelled scan dials nothing', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    let dialled = 0;
    const report = await runScanWith(req({}), { signal: ctrl.signal }, { connect: () => { dialled++; return Promise.resolve({ state: 'closed', reason: 'x' }); } });
    expect(dialled).toBe(0);
    expect(report.scan.cancelled).toBe(true);
    expect(report.services).toEqual([]);
  });

  it('hooks that throw do not break the scan', async () => {
    const report = await runScanWith(
      req({ targets: ['10.200.48.1'], ports: [104] }),
      {
        onStart: () => { throw new Error('a'); },
        onProgress: () => { throw new Error('b'); },
        onService: () => { throw new Error('c'); },
      },
      { connect: allOpen, identify: quickIdentify },
    );
    expect(report.services).toHaveLength(1);
  });

  it('uses the given scan id', async () => {
    const report = await runScanWith(req({ targets: ['10.200.48.1'], ports: [104], scanId: 'my-id' }), {}, { connect: allOpen, identify: quickIdentify });
    expect(report.scan.id).toBe('my-id');
  });

  it('reports a host only when all its ports are judged, with dicom.tls-downgrade decided across them', async () => {
    // Port 2762 speaks DICOM TLS, 104 plain DICOM, on one host; another host has only plain DICOM.
    const identifyAs = (t: Target): Promise<ServiceInfo> =>
      Promise.resolve({ host: t.host, port: t.port, protocol: t.port === 2762 ? 'dicom-tls' : 'dicom', identification: {} });
    const seen: ServiceResult[] = [];
    const report = await runScanWith(
      req({ targets: ['10.200.3.1', '10.200.3.2'], ports: [104, 2762] }),
      { onService: (s) => seen.push(s) },
      { connect: (t) => Promise.resolve(t.host === '10.200.3.2' && t.port === 2762 ? { state: 'closed', reason: 'refused' } : { state: 'open', reason: 'connected' }), identify: identifyAs, probes: [] },
    );
    expect(seen).toHaveLength(3);
    const at = (host: string, port: number) => seen.find((s) => s.host === host && s.port === port);
    expect(check(at('10.200.3.1', 104), 'dicom.tls-downgrade').status).toBe('fail');
    expect(check(at('10.200.3.1', 2762), 'dicom.tls-downgrade').status).toBe('fail');
    expect(check(at('10.200.3.2', 104), 'dicom.tls-downgrade').status).toBe('not-applicable');
    // What the hooks saw is what the report says.
    expect(report.services.map((s) => check(s, 'dicom.tls-downgrade').status).sort()).toEqual(['fail', 'fail', 'not-applicable']);
  });
});

describe('runScan refuses bad input before any traffic', () => {
  const cases: [string, Partial<ScanRequest>, RegExp][] = [
    ['bad target', { targets: ['10.200.0.300'] }, /10\.200\.0\.300/],
    ['public target', { targets: ['192.0.2.1'] }, /public/],
    ['large target', { targets: ['127.0.0.0/8'] }, /larger than a \/16/],
    ['no ports', { ports: [] }, /no ports/],
    ['bad port', { ports: [70000] }, /70000/],
    ['bad concurrency', { concurrency: 0 }, /concurrency/],
    ['bad rate', { ratePerSecond: -1 }, /rate/],
    ['bad per-host', { perHostAssociations: 1.5 }, /per-host/],
    ['bad timeout', { options: opts({ targetTimeoutMs: 0 }) }, /target timeout/],
  ];
  it.each(cases)('%s', async (_name, partial, re) => {
    let dialled = 0;
    let started = false;
    const p = runScanWith(req(partial), { onStart: () => { started = true; } }, { connect: () => { dialled++; return Promise.resolve({ state: 'closed', reason: 'x' }); } });
    await expect(p).rejects.toBeInstanceOf(ScopeError);
    await expect(p).rejects.toThrow(re);
    expect(dialled).toBe(0);
    expect(started).toBe(false);
  });
});
