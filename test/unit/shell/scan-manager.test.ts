/**
 * The scan manager's own decisions, with a scripted engine (each test says when the
 * engine accepts, reports, fails) and a recording store. The real engine and store
 * are exercised through the web bridge in web-bridge.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventChannel, ScanStartRequest } from '../../../shared/contract';
import type { ScanReport } from '../../../shared/types';
import type { ScanHooks, ScanRequest } from '../../../electron/engine/scan';
import type { EventSink } from '../../../electron/services/events';
import { MAX_RUNNING_SCANS, ScanManager, type ScanEngine } from '../../../electron/services/scan-manager';
import type { ScanStore } from '../../../electron/services/scan-store';

const FAILS = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };

function report(req: ScanRequest, extra: Partial<ScanReport['scan']> = {}): ScanReport {
  return {
    tool: { name: 'collimator', version: 't' },
    scan: { id: req.scanId ?? '', startedAt: '', finishedAt: new Date().toISOString(), vantage: req.options.vantage, targets: req.targets, ports: req.ports, ...extra },
    services: [],
    summary: { services: 0, fail: { ...FAILS } },
  };
}

type Script = (req: ScanRequest, hooks: ScanHooks) => Promise<ScanReport>;

const started = (req: ScanRequest, hooks: ScanHooks, startedAt = new Date().toISOString()): void =>
  hooks.onStart?.({ id: req.scanId!, startedAt, hosts: 1, ports: req.ports });

/** Names the scripted resolver knows (private addresses, so the real scope rules accept them). */
const NAMES: Record<string, string[]> = { 'host.example': ['10.200.0.7'] };

function world(script: Script) {
  const calls: string[] = [];
  const events: Array<[EventChannel, unknown]> = [];
  const requests: ScanRequest[] = [];
  const stored = new Set<string>();
  const store: ScanStore = {
    beginScan: (s) => void calls.push(`begin ${s.id}`),
    saveService: (id, s) => void calls.push(`save ${id} ${s.port}`),
    finishScan: (id, _at, cancelled, error) => void calls.push(`finish ${id} cancelled=${cancelled}${error ? ` error=${error}` : ''}`),
    getScan: (id) => (stored.has(id) ? ({} as ScanReport) : undefined),
    listScans: () => [],
    close: () => undefined,
  };
  const engine: ScanEngine = {
    runScan: (req, hooks) => {
      requests.push(req);
      return script(req, hooks);
    },
    resolve: (name) => (NAMES[name.toLowerCase()] ? Promise.resolve(NAMES[name.toLowerCase()]!) : Promise.reject(new Error(`${name}: not found`))),
    parseInventoryCsv: (text) => {
      if (!text.startsWith('ae_title,')) throw new Error('line 1: the header must be exactly ae_title,host,port,role,description');
      return [];
    },
  };
  const emit: EventSink = (channel, payload) => void events.push([channel, payload]);
  return { manager: new ScanManager(engine, store, emit), calls, events, requests, stored };
}

const request = (extra: Partial<ScanStartRequest> = {}): ScanStartRequest => ({
  targets: ['127.0.0.1', 'HOST.example'],
  ports: null,
  calledAes: [{ aet: 'PACS', host: 'HOST.example', port: 104 }],
  vantage: { label: '  Guest VLAN  ', untrusted: true },
  callingAe: 'MYSCU',
  scanId: randomUUID(),
  ...extra,
});

/** An engine that accepts, then waits for the signal. */
const untilCancelled: Script = (req, hooks) => {
  started(req, hooks);
  return new Promise((resolve) => hooks.signal?.addEventListener('abort', () => resolve(report(req, { cancelled: true }))));
};

/** Lets the background run settle. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('ScanManager', () => {
  it("runs the scan runner's plan: the caller's id, default ports, AE titles keyed by the address the target name resolved to, trimmed vantage, calling AE", async () => {
    const w = world((req, hooks) => {
      started(req, hooks);
      return Promise.resolve(report(req));
    });
    const req = request();
    const { scanId } = await w.manager.start(req);
    expect(scanId).toBe(req.scanId);
    const seen = w.requests[0]!;
    expect(seen.scanId).toBe(scanId);
    expect(seen.ports).toEqual([104, 11112, 4242, 2761, 2762, 80, 443, 8042, 8080, 8443]);
    expect([...seen.options.calledAes]).toEqual([['10.200.0.7:104', 'PACS']]);
    // Resolved once, while planning: the engine is handed the addresses, not asked again.
    expect([...(seen.resolved ?? new Map())]).toEqual([['HOST.example', ['10.200.0.7']]]);
    expect(seen.options.vantage).toEqual({ label: 'Guest VLAN', untrusted: true });
    expect(seen.options.callingAe).toBe('MYSCU');
  });

  it('answers once the scope is accepted; the scan then runs on and its end is saved and announced', async () => {
    let finish!: () => void;
    const w = world((req, hooks) => {
      started(req, hooks, '2026-01-01T00:00:00.000Z');
      hooks.onProgress?.({ phase: 'sweep', done: 1, total: 2, found: 1, probed: 0 });
      hooks.onService?.({ host: '127.0.0.1', port: 104, state: 'open', protocol: 'dicom', checks: [{ id: 'dicom.query-open', status: 'fail', severity: 'critical', summary: 's', evidence: {}, attack: [] }] });
      return new Promise((resolve) => (finish = () => resolve(report(req))));
    });
    const { scanId } = await w.manager.start(request());
    expect(w.manager.isRunning(scanId)).toBe(true);
    expect(w.manager.list()[0]).toMatchObject({ id: scanId, state: 'running', services: 1, fail: { critical: 1 }, startedAt: '2026-01-01T00:00:00.000Z' });
    expect(w.calls).toEqual([`begin ${scanId}`, `save ${scanId} 104`]);
    finish();
    await settle();
    expect(w.manager.isRunning(scanId)).toBe(false);
    expect(w.calls.at(-1)).toBe(`finish ${scanId} cancelled=false`);
    expect(w.events.map(([c]) => c)).toEqual(['scan:progress', 'scan:service', 'scan:finished']);
    for (const [, p] of w.events) expect(p).toMatchObject({ scanId });
  });

  it('a scope refusal is scope-refused, and nothing is saved or running', async () => {
    const w = world(() => Promise.reject(new Error('must not run')));
    await expect(w.manager.start(request({ targets: ['8.8.8.8'], calledAes: [] }))).rejects.toMatchObject({ code: 'scope-refused', message: expect.stringMatching(/public/) as unknown });
    expect(w.requests).toEqual([]);
    // The engine's own refusal (it checks again) is the same answer.
    const v = world(() => Promise.reject(Object.assign(new Error('"8.8.8.8" includes public addresses'), { name: 'ScopeError' })));
    await expect(v.manager.start(request())).rejects.toMatchObject({ code: 'scope-refused', message: '"8.8.8.8" includes public addresses' });
    for (const x of [w, v]) {
      expect(x.calls).toEqual([]);
      expect(x.events).toEqual([]);
      expect(x.manager.list()).toEqual([]);
    }
  });

  it('any other failure before the start is internal, saying so', async () => {
    const w = world(() => Promise.reject(new Error('EMFILE')));
    await expect(w.manager.start(request())).rejects.toMatchObject({ code: 'internal', message: 'the scan could not start: EMFILE' });
    expect(w.calls).toEqual([]);
  });

  it('a bad inventory file, or an AE title for a host that is no target, is invalid-argument and the engine is never called', async () => {
    const w = world(() => Promise.reject(new Error('must not run')));
    await expect(w.manager.start(request({ inventoryCsv: 'host,port\n' }))).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/^inventoryCsv: line 1/) as unknown });
    await expect(w.manager.start(request({ calledAes: [{ aet: 'PACS', host: 'elsewhere.example', port: 104 }] }))).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/^calledAes: host name elsewhere\.example .* is not one of the targets/) as unknown,
    });
    expect(w.requests).toEqual([]);
  });

  it('refuses an id already used, running or stored, and starts nothing', async () => {
    const w = world(untilCancelled);
    const req = request();
    await w.manager.start(req);
    await expect(w.manager.start({ ...req })).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/already exists/) as unknown });
    const old = randomUUID();
    w.stored.add(old);
    await expect(w.manager.start(request({ scanId: old }))).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(w.requests).toHaveLength(1);
    await w.manager.stopAll();
  });

  it('a failure after the start ends the scan with the error in words, recorded with it', async () => {
    const w = world((req, hooks) => {
      started(req, hooks);
      return Promise.reject(new Error('database is locked'));
    });
    const { scanId } = await w.manager.start(request());
    await settle();
    expect(w.calls.at(-1)).toBe(`finish ${scanId} cancelled=true error=database is locked`);
    expect(w.events.at(-1)).toEqual(['scan:finished', { scanId, cancelled: false, error: 'database is locked', summary: { services: 0, fail: FAILS } }]);
  });

  it('an engine that finishes without announcing the start is still saved from beginning to end', async () => {
    const w = world((req) => Promise.resolve(report(req, { startedAt: new Date().toISOString() })));
    const { scanId } = await w.manager.start(request());
    await settle();
    expect(w.calls).toEqual([`begin ${scanId}`, `finish ${scanId} cancelled=false`]);
  });

  it('cancel aborts the engine; the scan ends cancelled; a second cancel says it was not running', async () => {
    const w = world(untilCancelled);
    const { scanId } = await w.manager.start(request());
    expect(w.manager.cancel(scanId)).toEqual({ cancelled: true });
    await settle();
    expect(w.events.at(-1)).toMatchObject(['scan:finished', { scanId, cancelled: true }]);
    expect(w.calls.at(-1)).toBe(`finish ${scanId} cancelled=true`);
    // The recording store knows no scans, so the finished one now reads as unknown.
    expect(() => w.manager.cancel(scanId)).toThrow(expect.objectContaining({ code: 'not-found' }) as Error);
  });

  it(`refuses a ${MAX_RUNNING_SCANS + 1}th concurrent scan with busy`, async () => {
    const w = world(untilCancelled);
    for (let i = 0; i < MAX_RUNNING_SCANS; i++) await w.manager.start(request());
    await expect(w.manager.start(request())).rejects.toMatchObject({ code: 'busy' });
    await w.manager.stopAll();
    expect(w.manager.list()).toEqual([]);
    expect(w.events.filter(([c]) => c === 'scan:finished')).toHaveLength(MAX_RUNNING_SCANS);
  });

  it('stopAll gives up waiting on an engine that ignores the abort, after its deadline', async () => {
    const w = world((req, hooks) => {
      started(req, hooks);
      return new Promise(() => undefined); // never settles
    });
    await w.manager.start(request());
    await expect(w.manager.stopAll(50)).resolves.toBeUndefined();
  });
});
