/**
 * The scan manager's own decisions, with a scripted engine (each test says when the
 * engine accepts, reports, fails) and a recording store. The real engine and store
 * are exercised through the web bridge in web-bridge.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { EventChannel, ScanStartRequest } from '../../../shared/contract';
import type { ScanReport } from '../../../shared/types';
import type { EventSink } from '../../../electron/services/events';
import { MAX_RUNNING_SCANS, ScanManager, type EngineHooks, type EngineScanRequest, type ScanEngine } from '../../../electron/services/scan-manager';
import type { ScanStore } from '../../../electron/services/scan-store';

const FAILS = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };

function report(req: EngineScanRequest, extra: Partial<ScanReport['scan']> = {}): ScanReport {
  return {
    tool: { name: 'collimator', version: 't' },
    scan: { id: req.scanId ?? '', startedAt: '', finishedAt: '', vantage: req.options.vantage, targets: req.targets, ports: req.ports, ...extra },
    services: [],
    summary: { services: 0, fail: { ...FAILS } },
  };
}

type Script = (req: EngineScanRequest, hooks: EngineHooks) => Promise<ScanReport>;

function world(script: Script) {
  const calls: string[] = [];
  const events: Array<[EventChannel, unknown]> = [];
  const requests: EngineScanRequest[] = [];
  const store: ScanStore = {
    beginScan: (s) => void calls.push(`begin ${s.id}`),
    saveService: (id, s) => void calls.push(`save ${id} ${s.port}`),
    finishScan: (id, end) => void calls.push(`finish ${id} cancelled=${end.cancelled}`),
    getScan: () => undefined,
    listScans: () => [],
    close: () => undefined,
  };
  const engine: ScanEngine = {
    runScan: (req, hooks) => {
      requests.push(req);
      return script(req, hooks);
    },
    defaultProbeOptions: (p) => ({
      callingAe: 'CLMDEFAULT',
      calledAes: new Map(),
      inventory: [],
      vantage: { label: 'default', untrusted: false },
      optIn: new Set(),
      connectTimeoutMs: 1,
      ioTimeoutMs: 1,
      targetTimeoutMs: 1,
      ...p,
    }),
    defaultPorts: [104, 11112],
    parseInventoryCsv: (text) => {
      if (!text.startsWith('ae_title,')) throw new Error('line 1: the header must be exactly ae_title,host,port,role,description');
      return [];
    },
    calledAeKey: (host, port) => `${host.toLowerCase()}:${port}`,
  };
  const emit: EventSink = (channel, payload) => void events.push([channel, payload]);
  return { manager: new ScanManager(engine, store, emit), calls, events, requests };
}

const REQ: ScanStartRequest = { targets: ['127.0.0.1'], ports: null, calledAes: [{ aet: 'PACS', host: 'HOST.example', port: 104 }], vantage: { label: '  Guest VLAN  ', untrusted: true }, callingAe: 'MYSCU' };

/** An engine that accepts, then waits for the signal. */
const untilCancelled: Script = (req, hooks) => {
  hooks.onStart?.({ id: req.scanId!, startedAt: new Date().toISOString() });
  return new Promise((resolve) => hooks.signal?.addEventListener('abort', () => resolve(report(req, { cancelled: true }))));
};

describe('ScanManager', () => {
  it('fills the engine request from the form: default ports, keyed AE titles, trimmed vantage, calling AE, its own scan id', async () => {
    const w = world((req, hooks) => {
      hooks.onStart?.({ id: req.scanId!, startedAt: new Date().toISOString() });
      return Promise.resolve(report(req));
    });
    const { scanId } = await w.manager.start(REQ);
    const req = w.requests[0]!;
    expect(req.scanId).toBe(scanId);
    expect(req.ports).toEqual([104, 11112]);
    expect([...req.options.calledAes]).toEqual([['host.example:104', 'PACS']]);
    expect(req.options.vantage).toEqual({ label: 'Guest VLAN', untrusted: true });
    expect(req.options.callingAe).toBe('MYSCU');
  });

  it('answers once the scope is accepted; the scan then runs on and its end is saved and announced', async () => {
    let finish!: () => void;
    const w = world((req, hooks) => {
      hooks.onStart?.({ id: req.scanId!, startedAt: '2026-01-01T00:00:00.000Z' });
      hooks.onProgress?.({ phase: 'sweep', done: 1, total: 2, found: 1, probed: 0 });
      hooks.onService?.({ host: '127.0.0.1', port: 104, state: 'open', protocol: 'dicom', checks: [{ id: 'dicom.query-open', status: 'fail', severity: 'critical', summary: 's', evidence: {}, attack: [] }] });
      return new Promise((resolve) => (finish = () => resolve(report(req))));
    });
    const { scanId } = await w.manager.start(REQ);
    expect(w.manager.isRunning(scanId)).toBe(true);
    expect(w.manager.list()[0]).toMatchObject({ id: scanId, state: 'running', services: 1, fail: { critical: 1 }, startedAt: '2026-01-01T00:00:00.000Z' });
    expect(w.calls).toEqual([`begin ${scanId}`, `save ${scanId} 104`]);
    finish();
    await new Promise((r) => setImmediate(r));
    expect(w.manager.isRunning(scanId)).toBe(false);
    expect(w.calls.at(-1)).toBe(`finish ${scanId} cancelled=false`);
    expect(w.events.map(([c]) => c)).toEqual(['scan:progress', 'scan:service', 'scan:finished']);
    for (const [, p] of w.events) expect(p).toMatchObject({ scanId });
  });

  it('a scope refusal is scope-refused, and nothing is saved or running', async () => {
    const w = world(() => Promise.reject(Object.assign(new Error('"8.8.8.8" includes public addresses'), { name: 'ScopeError' })));
    await expect(w.manager.start(REQ)).rejects.toMatchObject({ code: 'scope-refused', message: '"8.8.8.8" includes public addresses' });
    expect(w.calls).toEqual([]);
    expect(w.events).toEqual([]);
    expect(w.manager.list()).toEqual([]);
  });

  it('any other failure before the start is internal, saying so', async () => {
    const w = world(() => Promise.reject(new Error('EMFILE')));
    await expect(w.manager.start(REQ)).rejects.toMatchObject({ code: 'internal', message: 'the scan could not start: EMFILE' });
    expect(w.calls).toEqual([]);
  });

  it('a bad inventory file is invalid-argument and the engine is never called', async () => {
    const w = world(() => Promise.reject(new Error('must not run')));
    await expect(w.manager.start({ ...REQ, inventoryCsv: 'host,port\n' })).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/^inventoryCsv: line 1/) as unknown });
    expect(w.requests).toEqual([]);
  });

  it('a failure after the start ends the scan with the error in words', async () => {
    const w = world((req, hooks) => {
      hooks.onStart?.({ id: req.scanId!, startedAt: new Date().toISOString() });
      return Promise.reject(new Error('database is locked'));
    });
    const { scanId } = await w.manager.start(REQ);
    await new Promise((r) => setImmediate(r));
    expect(w.calls.at(-1)).toBe(`finish ${scanId} cancelled=false`);
    expect(w.events.at(-1)).toEqual(['scan:finished', { scanId, cancelled: false, error: 'database is locked', summary: { services: 0, fail: FAILS } }]);
  });

  it('an engine that finishes without announcing the start is still saved from beginning to end', async () => {
    const w = world((req) => Promise.resolve(report(req)));
    const { scanId } = await w.manager.start(REQ);
    await new Promise((r) => setImmediate(r));
    expect(w.calls).toEqual([`begin ${scanId}`, `finish ${scanId} cancelled=false`]);
  });

  it('cancel aborts the engine; the scan ends cancelled; a second cancel says it was not running', async () => {
    const w = world(untilCancelled);
    const { scanId } = await w.manager.start(REQ);
    expect(w.manager.cancel(scanId)).toEqual({ cancelled: true });
    await new Promise((r) => setImmediate(r));
    expect(w.events.at(-1)).toMatchObject(['scan:finished', { scanId, cancelled: true }]);
    expect(w.calls.at(-1)).toBe(`finish ${scanId} cancelled=true`);
    // The recording store knows no scans, so the finished one now reads as unknown.
    expect(() => w.manager.cancel(scanId)).toThrow(expect.objectContaining({ code: 'not-found' }) as Error);
  });

  it(`refuses a ${MAX_RUNNING_SCANS + 1}th concurrent scan with busy`, async () => {
    const w = world(untilCancelled);
    for (let i = 0; i < MAX_RUNNING_SCANS; i++) await w.manager.start(REQ);
    await expect(w.manager.start(REQ)).rejects.toMatchObject({ code: 'busy' });
    await w.manager.stopAll();
    expect(w.manager.list()).toEqual([]);
    expect(w.events.filter(([c]) => c === 'scan:finished')).toHaveLength(MAX_RUNNING_SCANS);
  });

  it('stopAll gives up waiting on an engine that ignores the abort, after its deadline', async () => {
    const w = world((req, hooks) => {
      hooks.onStart?.({ id: req.scanId!, startedAt: new Date().toISOString() });
      return new Promise(() => undefined); // never settles
    });
    await w.manager.start(REQ);
    await expect(w.manager.stopAll(50)).resolves.toBeUndefined();
  });
});
