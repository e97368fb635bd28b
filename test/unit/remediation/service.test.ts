/**
 * The remediation service over a real (in-memory) store: inventory import is all or
 * nothing, checklists keep history, windows report progress and a summary from stored
 * verifications, and verify runs end to end against a loopback listener with scripted
 * identification.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, CHECK_IDS, type CheckId, type CheckStatus } from '../../../shared/catalog';
import type { CheckResult, ServiceResult } from '../../../shared/types';
import { exposureProbe } from '../../../electron/engine/probes/exposure';
import type { Probe, ServiceInfo } from '../../../electron/engine/types';
import { RemediationError } from '../../../electron/remediation/errors';
import { createRemediationService, type RemediationService } from '../../../electron/remediation/service';
import { openStore, type Store } from '../../../electron/store';

const result = (id: CheckId, status: CheckStatus): CheckResult => ({ id, status, severity: CATALOG[id].severity, summary: `${id} ${status}`, evidence: {}, attack: [...CATALOG[id].attack] });

let clock = new Date('2025-03-01T10:00:00.000Z');
let store: Store;
let svc: RemediationService;
let scanN = 0;

function saveScan(s: ServiceResult, untrusted = true, at = clock.toISOString()): void {
  const id = `scan-${++scanN}`;
  store.beginScan({ id, startedAt: at, vantage: { label: 'guest-wifi', untrusted }, targets: [s.host], ports: [s.port], toolVersion: '0.1.0' });
  store.saveService(id, s);
  store.finishScan(id, at, false);
}

function dicom(host: string, port: number, statuses: Partial<Record<CheckId, CheckStatus>>): ServiceResult {
  return { host, port, state: 'open', protocol: 'dicom', product: { name: 'Orthanc' }, checks: Object.entries(statuses).map(([id, st]) => result(id as CheckId, st)) };
}

afterEach(() => store.close());
function fresh(deps: Parameters<typeof createRemediationService>[1] = {}): void {
  store = openStore(':memory:');
  svc = createRemediationService(store, { now: () => clock, ...deps });
}

function expectError(fn: () => unknown, code: RemediationError['code'], re: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RemediationError);
    expect((e as RemediationError).code).toBe(code);
    expect((e as Error).message).toMatch(re);
    return;
  }
  throw new Error('expected a RemediationError');
}

const CSV = 'ae_title,host,port,role,description\nMAINPACS,127.0.0.1,11112,pacs,this server\nCT1,10.200.5.5,104,CT modality,room 1\n';

describe('inventory', () => {
  it('a malformed file changes nothing and names the bad lines', () => {
    fresh();
    expect(svc.inventoryImport({ csv: CSV })).toMatchObject({ imported: true, rows: 2, added: 2, problems: [] });
    const before = svc.inventoryList();
    const bad = 'ae_title,host,port,role,description\nNEW1,10.200.0.9,104,modality,\nCT1,10.200.5.5,104,changed role,\nBROKEN,10.200.0.10,0,,\nX\\Y,10.200.0.11,104,,\n';
    const r = svc.inventoryImport({ csv: bad, replace: true });
    expect(r).toEqual({ imported: false, rows: 4, added: 0, updated: 0, unchanged: 0, removed: 0, problems: [expect.objectContaining({ line: 4 }), expect.objectContaining({ line: 5 })] });
    expect(svc.inventoryList()).toEqual(before);
  });

  it('adds, edits and removes single nodes with the file\'s own validation', () => {
    fresh();
    const n = svc.inventoryUpsert({ aeTitle: 'WS1', host: 'FD00::0:7', port: 104, role: 'workstation', description: '' });
    expect(n.host).toBe('fd00::7');
    expect(svc.inventoryUpsert({ id: n.id, aeTitle: 'WS2', host: 'fd00::7', port: 104, role: 'workstation', description: 'renamed' })).toMatchObject({ id: n.id, aeTitle: 'WS2' });
    expectError(() => svc.inventoryUpsert({ aeTitle: 'A\\B', host: '10.200.0.1', port: 104, role: '', description: '' }), 'invalid-argument', /backslash/);
    svc.inventoryUpsert({ aeTitle: 'WS3', host: '10.200.0.3', port: 104, role: '', description: '' });
    expectError(() => svc.inventoryUpsert({ id: n.id, aeTitle: 'WS3', host: '10.200.0.3', port: 104, role: '', description: '' }), 'invalid-argument', /already has WS3/);
    expect(svc.inventoryRemove({ id: n.id })).toEqual({ removed: true });
    expect(svc.inventoryList().map((x) => x.aeTitle)).toEqual(['WS3']);
  });
});

describe('checklists', () => {
  it('renders the playbooks of a scanned server with the inventory\'s values; steps and attestations keep their history', () => {
    fresh();
    svc.inventoryImport({ csv: CSV });
    saveScan(dicom('127.0.0.1', 11112, { 'dicom.detected': 'fail', 'dicom.any-calling-ae': 'fail', 'exposure.untrusted-reach': 'fail', 'dicom.store-open': 'pass' }));
    const c = svc.playbook({ host: '127.0.0.1', port: 11112 });
    expect(c.aeTitle).toBe('MAINPACS');
    expect(c.peers.map((p) => p.aeTitle)).toEqual(['CT1']);
    expect(c.playbooks.map((p) => p.checkId)).toEqual(['dicom.any-calling-ae', 'exposure.untrusted-reach']);
    expect(svc.playbook({ host: '127.0.0.1', port: 11112, checkIds: ['dicom.plaintext'] }).playbooks.map((p) => p.checkId)).toEqual(['dicom.plaintext']);

    expect(svc.checklist({ host: '127.0.0.1', port: 11112 }).progress).toEqual({ done: 0, total: 9 });
    clock = new Date('2025-03-01T10:05:00.000Z');
    let v = svc.setStep({ host: '127.0.0.1', port: 11112, stepId: 'action/dicom-access/orthanc/config', done: true, by: 'alice', note: 'orthanc.json edited' });
    expect(v.progress).toEqual({ done: 1, total: 9 });
    v = svc.attest({ host: '127.0.0.1', port: 11112, id: 'manual.patch-level', attested: true, by: 'bob', note: 'Orthanc 1.10.1 is the Debian 12 package, DSA checked' });
    expect(v.checklist.attestations).toEqual([{
      id: 'manual.patch-level', attested: true, by: 'bob', at: '2025-03-01T10:05:00.000Z', note: 'Orthanc 1.10.1 is the Debian 12 package, DSA checked',
      shown: { text: 'Vendor patch level', snippet: null, peers: [], scanId: null },
    }]);
    // The step keeps what was shown when it was ticked, rendered here from the playbook, scan and inventory.
    const shown = v.checklist.steps[0]!.shown!;
    expect(shown.text).toMatch(/list the peers \(CT1 \(/);
    expect(shown.peers.map((p) => p.aeTitle)).toEqual(['CT1']);
    expect(shown.snippet?.id).toBe('orthanc-access');
    expect(shown.snippet?.code).toContain('CT1');
    expect(shown.scanId).toEqual(expect.any(String));
    expect(v.checklist.history[0]!.shown).toEqual(shown);
    expect(v.checklist.history.map((e) => e.item)).toEqual(['action/dicom-access/orthanc/config', 'manual.patch-level']);

    expectError(() => svc.setStep({ host: '127.0.0.1', port: 11112, stepId: 'dicom.any-calling-ae/orthanc/nonexistent', done: true, by: 'alice' }), 'invalid-argument', /unknown checklist step/);
    // A tick saved under a finding's own id before steps were grouped still counts for its action (never rewritten).
    store.checklists.append({ host: '127.0.0.1', port: 11112 }, { kind: 'step', item: 'exposure.untrusted-reach/peers', done: true, actor: 'alice', note: '', at: '2025-03-01T10:06:00.000Z', shown: null });
    store.checklists.append({ host: '127.0.0.1', port: 11112 }, { kind: 'step', item: 'dicom.any-calling-ae/orthanc/backup', done: true, actor: 'alice', note: '', at: '2025-03-01T10:06:00.000Z', shown: null });
    expect(svc.checklist({ host: '127.0.0.1', port: 11112 }).progress).toEqual({ done: 3, total: 9 });
    expectError(() => svc.attest({ host: '127.0.0.1', port: 11112, id: 'manual.mfa', attested: true, by: 'bob', note: '  ' }), 'invalid-argument', /note/);
    expectError(() => svc.playbook({ host: '10.200.153.9', port: 104 }), 'not-found', /no scan of 10\.200\.153\.9:104/);
    expect(svc.checklist({ host: '10.200.153.9', port: 104 }).progress).toEqual({ done: 0, total: 0 });
    // A server never scanned has no checklist to show: the change is kept, with nothing shown (a record would say so).
    const unscanned = svc.setStep({ host: '10.200.153.9', port: 104, stepId: 'action/dicom-access/inventory', done: true, by: 'alice' });
    expect(unscanned.checklist.steps).toEqual([expect.objectContaining({ stepId: 'action/dicom-access/inventory', done: true, shown: null })]);
  });
});

// ---- verify end to end and windows ----

const sockets = new Set<Socket>();
let listener: Server;
let port: number;
beforeAll(async () => {
  listener = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  port = (listener.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => listener.close(() => r()));
});

/** Identification says DICOM; a probe decides every DICOM access check as scripted (the real exposure probe runs too). */
function scripted(statuses: Partial<Record<CheckId, CheckStatus>>) {
  const ids = Object.keys(statuses) as CheckId[];
  const probe: Probe<null> = {
    meta: { id: 'scripted', checks: ids, safety: 'safe', description: 'test' },
    applies: () => true,
    run: () => Promise.resolve(null),
    judge: () => ids.map((id) => result(id, statuses[id]!)),
  };
  return {
    identify: (t: { host: string; port: number }): Promise<ServiceInfo> => Promise.resolve({ host: t.host, port: t.port, protocol: 'dicom', identification: {} }),
    probes: [exposureProbe as Probe, probe as Probe],
  };
}

describe('verify and maintenance windows', () => {
  it('verifies against the latest scan, stores it, and the window reports progress and its summary', async () => {
    const all = Object.fromEntries(CHECK_IDS.filter((id) => id.startsWith('dicom.') && id !== 'dicom.detected').map((id) => [id, 'pass'])) as Partial<Record<CheckId, CheckStatus>>;
    fresh({ scanDeps: scripted({ ...all, 'dicom.any-calling-ae': 'pass', 'dicom.query-open': 'pass', 'dicom.store-open': 'fail', 'dicom.plaintext': 'fail' }) });
    clock = new Date('2025-03-01T10:00:00.000Z');
    saveScan(dicom('127.0.0.1', port, { ...all, 'dicom.any-calling-ae': 'fail', 'dicom.query-open': 'fail', 'dicom.store-open': 'pass', 'dicom.plaintext': 'fail', 'exposure.untrusted-reach': 'fail' }));
    const w = svc.maintenanceWindowCreate({ name: ' Saturday PACS window ', startsAt: '2025-03-01T12:00:00+01:00', endsAt: '2025-03-01T13:00:00Z', servers: [{ host: '127.0.0.1', port }, { host: '10.200.153.9', port: 104 }] });
    expect(w).toMatchObject({ name: 'Saturday PACS window', startsAt: '2025-03-01T11:00:00.000Z', endsAt: '2025-03-01T13:00:00.000Z' });
    expect(svc.maintenanceWindowList()).toEqual([{ ...w, phase: 'upcoming', remainingMs: 3_600_000 }]);

    clock = new Date(); // the re-probe stamps real times; the window must contain them
    const w2 = svc.maintenanceWindowCreate({ name: 'now', startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), servers: [{ host: '127.0.0.1', port }, { host: '10.200.153.9', port: 104 }] });
    const before = svc.maintenanceWindowGet({ id: w2.id });
    expect(before.phase).toBe('open');
    expect(before.servers[0]).toMatchObject({ scanned: true, findings: 4, stepsDone: 0, attestationsDone: 0, attestationsTotal: 3 });
    expect(before.servers[0]!.verification).toBeUndefined();
    expect(before.servers[1]).toMatchObject({ scanned: false, findings: 0, stepsTotal: 0 });

    const v = await svc.verify({ host: '127.0.0.1', port, timeoutMs: 1000 });
    const verdict = (id: CheckId): string | undefined => v.checks.find((c) => c.id === id)?.verdict;
    expect([verdict('dicom.any-calling-ae'), verdict('dicom.query-open'), verdict('dicom.store-open'), verdict('dicom.plaintext'), verdict('exposure.untrusted-reach')]).toEqual(['fixed', 'fixed', 'regressed', 'still-failing', 'still-failing']);
    expect(v.after.vantage).toEqual({ label: 'guest-wifi', untrusted: true }); // the earlier scan's vantage by default
    expect(svc.verifications({ host: '127.0.0.1', port }).map((x) => x.id)).toEqual([v.id]);

    clock = new Date();
    const during = svc.maintenanceWindowGet({ id: w2.id });
    expect(during.servers[0]!.verification).toMatchObject({ id: v.id, passed: false, counts: { fixed: 2, regressed: 1 } });
    const sum = svc.maintenanceWindowSummary({ id: w2.id });
    expect(sum.fixed).toEqual([{ host: '127.0.0.1', port, checks: ['dicom.any-calling-ae', 'dicom.query-open'] }]);
    expect(sum.regressed).toEqual([{ host: '127.0.0.1', port, checks: ['dicom.store-open'] }]);
    expect(sum.stillOpen).toEqual([{ host: '127.0.0.1', port, checks: ['dicom.plaintext', 'exposure.untrusted-reach'] }]);
    expect(sum.totals).toEqual({ fixed: 2, stillOpen: 2, regressed: 1 });
    // The first window (in the past relative to the verification) saw no verification: its findings are all still open.
    expect(svc.maintenanceWindowSummary({ id: w.id }).totals).toEqual({ fixed: 0, stillOpen: 4, regressed: 0 });
  });

  it('refuses to verify what was never scanned, or from another kind of vantage; stores nothing then', async () => {
    fresh({ scanDeps: scripted({ 'dicom.any-calling-ae': 'pass' }) });
    await expect(svc.verify({ host: '127.0.0.1', port })).rejects.toThrow(/no earlier scan of 127\.0\.0\.1:\d+/);
    saveScan(dicom('127.0.0.1', port, { 'dicom.any-calling-ae': 'fail' }));
    await expect(svc.verify({ host: '127.0.0.1', port, vantage: { untrusted: false } })).rejects.toThrow(/same kind of network/);
    expect(svc.verifications({ host: '127.0.0.1', port })).toEqual([]);
  });

  it('windows: bad times and unknown ids are clear errors', () => {
    fresh();
    expectError(() => svc.maintenanceWindowCreate({ name: 'x', startsAt: 'tomorrow', endsAt: '2025-03-01T13:00:00Z', servers: [] }), 'invalid-argument', /startsAt/);
    expectError(() => svc.maintenanceWindowCreate({ name: 'x', startsAt: '2025-03-01T13:00:00Z', endsAt: '2025-03-01T12:00:00Z', servers: [] }), 'invalid-argument', /end after it starts/);
    expectError(() => svc.maintenanceWindowGet({ id: 'nope' }), 'not-found', /no maintenance window nope/);
  });
});

// ---- cancelling a re-check (the real engine against the silent loopback listener) ----

/** Resolves when the listener accepts its next connection: the re-check is on the wire. */
function nextConnection(): Promise<void> {
  return new Promise((resolve) => listener.once('connection', () => resolve()));
}

/** What a verify call ended with: the record, or the error it rejected with. */
function settle<T>(p: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** One reply waited for 30 s: uncancelled, a re-check of the silent listener lasts at least that long. */
const SLOW = 30_000;

describe('cancelling a re-check', () => {
  it('cancelled while it waits on a silent service: ends promptly, rejected as cancelled, nothing stored, never fixed', async () => {
    fresh(); // the real engine
    clock = new Date();
    saveScan(dicom('127.0.0.1', port, { 'dicom.any-calling-ae': 'fail', 'exposure.untrusted-reach': 'fail' }));
    const w = svc.maintenanceWindowCreate({ name: 'now', startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), servers: [{ host: '127.0.0.1', port }] });
    expect(svc.cancelVerify({ host: '127.0.0.1', port })).toEqual({ cancelled: false }); // nothing running yet

    const onWire = nextConnection();
    const run = settle(svc.verify({ host: '127.0.0.1', port, timeoutMs: SLOW, runId: 'run-1' }));
    await onWire;
    const cancelledAt = Date.now();
    expect(svc.cancelVerify({ host: '127.0.0.1', port, runId: 'run-1' })).toEqual({ cancelled: true });
    const end = await run;
    expect(Date.now() - cancelledAt).toBeLessThan(10_000); // generous; without the cancel it takes 30 s or more

    expect('value' in end).toBe(false); // no record at all, so nothing in it can say fixed
    const error = 'error' in end ? end.error : undefined;
    expect(error).toBeInstanceOf(RemediationError);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect((error as Error).message).toMatch(/^the re-check of 127\.0\.0\.1:\d+ was cancelled: nothing was stored$/);
    expect(svc.verifications({ host: '127.0.0.1', port })).toEqual([]);
    expect(svc.maintenanceWindowSummary({ id: w.id }).totals).toEqual({ fixed: 0, stillOpen: 2, regressed: 0 });
    // It is over: cancelling again finds nothing.
    expect(svc.cancelVerify({ host: '127.0.0.1', port, runId: 'run-1' })).toEqual({ cancelled: false });
  });

  it('one re-check per server: a second is refused in one line; a cancel naming another run, or another server, leaves it running', async () => {
    fresh();
    saveScan(dicom('127.0.0.1', port, { 'dicom.any-calling-ae': 'fail' }));
    const onWire = nextConnection();
    const first = settle(svc.verify({ host: '127.0.0.1', port, timeoutMs: SLOW, runId: 'first' }));

    const second = await settle(svc.verify({ host: '127.0.0.1', port, runId: 'second' }));
    expect(second).toMatchObject({ error: { code: 'busy' } });
    const message = (second as { error: Error }).error.message;
    expect(message).toMatch(/^a re-check of 127\.0\.0\.1:\d+ is already running \(started \d+ s ago\): wait for it to finish, or cancel it$/);
    // Another server is not held up by it (never scanned here: refused for that, before any traffic).
    await expect(svc.verify({ host: '127.0.0.1', port: 9 })).rejects.toMatchObject({ code: 'not-found' });

    await onWire;
    expect(svc.cancelVerify({ host: '127.0.0.1', port, runId: 'second' })).toEqual({ cancelled: false }); // the refused one never ran
    expect(svc.cancelVerify({ host: '127.0.0.1', port: 9, runId: 'first' })).toEqual({ cancelled: false }); // another server
    await expect(svc.verify({ host: '127.0.0.1', port })).rejects.toMatchObject({ code: 'busy' }); // so the first still runs

    // Without a runId: whichever re-check of the server runs.
    expect(svc.cancelVerify({ host: '127.0.0.1', port })).toEqual({ cancelled: true });
    expect(await first).toMatchObject({ error: { code: 'cancelled' } });
    expect(svc.verifications({ host: '127.0.0.1', port })).toEqual([]);
  });

  it('cancelled before any traffic, by its caller’s signal, or because the app quits: cancelled each time, and the server is free again after', async () => {
    fresh();
    saveScan(dicom('127.0.0.1', port, { 'dicom.any-calling-ae': 'fail' }));
    const early = settle(svc.verify({ host: '127.0.0.1', port, timeoutMs: SLOW, runId: 'early' }));
    expect(svc.cancelVerify({ host: '127.0.0.1', port, runId: 'early' })).toEqual({ cancelled: true });
    expect(await early).toMatchObject({ error: { code: 'cancelled' } });

    const caller = new AbortController();
    let onWire = nextConnection();
    const bySignal = settle(svc.verify({ host: '127.0.0.1', port, timeoutMs: SLOW }, caller.signal));
    await onWire;
    caller.abort();
    expect(await bySignal).toMatchObject({ error: { code: 'cancelled' } });

    onWire = nextConnection();
    const quitting = settle(svc.verify({ host: '127.0.0.1', port, timeoutMs: SLOW }));
    await onWire;
    svc.abortAll();
    expect(await quitting).toMatchObject({ error: { code: 'cancelled' } });
    expect(svc.verifications({ host: '127.0.0.1', port })).toEqual([]);
  });
});
