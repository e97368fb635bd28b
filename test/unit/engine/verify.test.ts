/**
 * verifyService against real loopback listeners, with scripted identification and a
 * scripted DICOM probe (the real exposure probe): the re-probe goes through the scan
 * orchestrator, and the verdicts come from the pure comparison.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckId, CheckStatus } from '../../../shared/catalog';
import { CATALOG } from '../../../shared/catalog';
import type { CheckResult, ServiceResult } from '../../../shared/types';
import { defaultProbeOptions } from '../../../electron/engine/options';
import { exposureProbe } from '../../../electron/engine/probes/exposure';
import type { ScanDeps } from '../../../electron/engine/scan';
import type { Probe, ProbeOptions, ServiceInfo } from '../../../electron/engine/types';
import { reprobeOptions, verifyService, VerifyError, type VerifyBefore } from '../../../electron/engine/verify';

const sockets = new Set<Socket>();
let server: Server;
let openPort: number;
let closedPort: number;

function listen(): Promise<{ srv: Server; port: number }> {
  const srv = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ srv, port: (srv.address() as { port: number }).port })));
}

beforeAll(async () => {
  ({ srv: server, port: openPort } = await listen());
  const tmp = await listen();
  closedPort = tmp.port;
  await new Promise<void>((r) => tmp.srv.close(() => r()));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

const result = (id: CheckId, status: CheckStatus): CheckResult => ({ id, status, severity: CATALOG[id].severity, summary: `${id}: ${status}`, evidence: { status }, attack: [...CATALOG[id].attack] });

/** Identification says "DICOM"; one probe decides dicom.any-calling-ae as scripted and records the options it saw. */
function deps(anyCalling: CheckStatus, seen: ProbeOptions[] = []): ScanDeps {
  const probe: Probe<null> = {
    meta: { id: 'scripted', checks: ['dicom.any-calling-ae'], safety: 'safe', description: 'test' },
    applies: (s) => s.protocol === 'dicom',
    run: (_s, ctx) => {
      seen.push(ctx.options);
      return Promise.resolve(null);
    },
    judge: () => [result('dicom.any-calling-ae', anyCalling)],
  };
  return {
    identify: (t): Promise<ServiceInfo> => Promise.resolve({ host: t.host, port: t.port, protocol: 'dicom', identification: {} }),
    probes: [exposureProbe, probe],
  };
}

function before(port: number, statuses: Partial<Record<CheckId, CheckStatus>>, untrusted = true, extra: Partial<ServiceResult> = {}): VerifyBefore {
  return {
    scanId: 'scan-1',
    at: '2025-03-01T10:00:00.000Z',
    vantage: { label: 'guest-wifi', untrusted },
    service: { host: '127.0.0.1', port, state: 'open', protocol: 'dicom', checks: Object.entries(statuses).map(([id, s]) => result(id as CheckId, s)), ...extra },
  };
}

const options = (untrusted = true): ProbeOptions =>
  defaultProbeOptions({ vantage: { label: 'guest-wifi', untrusted }, connectTimeoutMs: 800, ioTimeoutMs: 300, targetTimeoutMs: 2000 });

describe('verifyService', () => {
  it('re-probes the service: fixed where it passes now, still-failing where it does not, with the evidence of both', async () => {
    const b = before(openPort, { 'dicom.any-calling-ae': 'fail', 'exposure.untrusted-reach': 'fail', 'exposure.internet': 'not-applicable' });
    const v = await verifyService({ host: '127.0.0.1', port: openPort, before: b, options: options() }, deps('pass'));
    const listedBefore = new Set(b.service.checks.map((c) => c.id));
    expect(v.checks.filter((c) => listedBefore.has(c.id)).map((c) => [c.id, c.before, c.after, c.verdict])).toEqual([
      ['dicom.any-calling-ae', 'fail', 'pass', 'fixed'],
      ['exposure.untrusted-reach', 'fail', 'fail', 'still-failing'],
    ]);
    // The other DICOM checks no scripted probe decides are listed now as inconclusive: so are their verdicts.
    expect(v.checks.filter((c) => !listedBefore.has(c.id)).every((c) => c.verdict === 'inconclusive')).toBe(true);
    expect(v.unverified.map((u) => u.id)).toEqual(expect.arrayContaining(['dicom.detected', 'exposure.internet']));
    expect(v.passed).toBe(false);
    expect(v.after).toMatchObject({ state: 'open', protocol: 'dicom', vantage: { label: 'guest-wifi', untrusted: true } });
    expect(v.before).toMatchObject({ scanId: 'scan-1', at: '2025-03-01T10:00:00.000Z', state: 'open' });
    expect(v.afterService.checks.find((c) => c.id === 'dicom.any-calling-ae')!.status).toBe('pass');
    expect(v.beforeService).toBe(b.service);
    expect(v.unreachable).toBeUndefined();
    expect(Date.parse(v.after.finishedAt)).toBeGreaterThanOrEqual(Date.parse(v.after.at));
  });

  it('a regression is reported as such', async () => {
    const v = await verifyService({ host: '127.0.0.1', port: openPort, before: before(openPort, { 'dicom.any-calling-ae': 'pass' }), options: options() }, deps('fail'));
    expect(v.checks.find((c) => c.id === 'dicom.any-calling-ae')!.verdict).toBe('regressed');
  });

  it('a port that no longer answers: only reachability is fixed (untrusted vantage), the rest inconclusive, and it says so', async () => {
    const b = before(closedPort, { 'dicom.any-calling-ae': 'fail', 'exposure.untrusted-reach': 'fail' });
    const v = await verifyService({ host: '127.0.0.1', port: closedPort, before: b, options: options() }, deps('pass'));
    expect(v.after.state).toBe('closed');
    expect(v.checks.map((c) => [c.id, c.after, c.verdict])).toEqual([
      ['dicom.any-calling-ae', 'inconclusive', 'inconclusive'],
      ['exposure.untrusted-reach', 'pass', 'fixed'],
    ]);
    expect(v.unreachable).toMatch(/refused/);
    expect(v.passed).toBe(false);
  });

  it('refuses another kind of vantage, a service not found open, and a mismatched observation', async () => {
    const b = before(openPort, { 'dicom.any-calling-ae': 'fail' });
    await expect(verifyService({ host: '127.0.0.1', port: openPort, before: b, options: options(false) }, deps('pass'))).rejects.toThrow(/untrusted vantage .*--untrusted/);
    const closed = { ...b, service: { ...b.service, state: 'closed' as const, checks: [] } };
    await expect(verifyService({ host: '127.0.0.1', port: openPort, before: closed, options: options() }, deps('pass'))).rejects.toThrow(/found it closed/);
    await expect(verifyService({ host: '127.0.0.1', port: openPort + 1, before: b, options: options() }, deps('pass'))).rejects.toThrow(VerifyError);
  });

  it('refuses a public address without authorization before any traffic', async () => {
    let dials = 0;
    const b: VerifyBefore = { ...before(104, { 'dicom.any-calling-ae': 'fail' }), service: { host: '8.8.8.8', port: 104, state: 'open', checks: [] } };
    const d: ScanDeps = { ...deps('pass'), connect: () => { dials++; return Promise.reject(new Error('no traffic in tests')); } };
    await expect(verifyService({ host: '8.8.8.8', port: 104, before: b, options: options() }, d)).rejects.toThrow(/cannot verify 8\.8\.8\.8:104: .*public/);
    expect(dials).toBe(0);
  });

  it('cancelled: rejects with VerifyError', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(verifyService({ host: '127.0.0.1', port: openPort, before: before(openPort, { 'dicom.any-calling-ae': 'fail' }), options: options(), signal: ctrl.signal }, deps('pass'))).rejects.toThrow(/cancelled/);
  });

  it('passes on the AE title the user or the inventory gave, never a guessed one', async () => {
    const seen: ProbeOptions[] = [];
    const b = before(openPort, { 'dicom.any-calling-ae': 'fail' }, true, { calledAe: 'MAINPACS', calledAeSource: 'inventory' });
    await verifyService({ host: '127.0.0.1', port: openPort, before: b, options: options() }, deps('pass', seen));
    expect(seen[0]!.calledAes.get(`127.0.0.1:${openPort}`)).toBe('MAINPACS');
    const guessed = before(openPort, {}, true, { calledAe: 'CLMRANDOM', calledAeSource: 'guess' });
    expect(reprobeOptions({ host: '127.0.0.1', port: openPort, before: guessed, options: options() }).calledAes.size).toBe(0);
    const given = options();
    const withUser = { ...given, calledAes: new Map([[`127.0.0.1:${openPort}`, 'USERAE']]) };
    expect(reprobeOptions({ host: '127.0.0.1', port: openPort, before: b, options: withUser }).calledAes.get(`127.0.0.1:${openPort}`)).toBe('USERAE');
  });
});
