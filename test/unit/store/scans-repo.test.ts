/** The scans repository against real SQLite: round trip, ordering, errors, query plans. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError, openStore, type Store } from '../../../electron/store';
import { SCANS_SQL } from '../../../electron/store/scans-repo';
import type { ScanReport, ServiceResult } from '../../../shared/types';
import { dicomService, sampleReport, tempDirs, webService } from './helpers';

const dirs = tempDirs();
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  dirs.cleanup();
});

function fileStore(): Store {
  const store = openStore(path.join(dirs.make(), 'collimator.db'));
  open.push(store);
  return store;
}

function begin(store: Store, id: string, startedAt: string, label = 'lab'): void {
  store.beginScan({ id, startedAt, vantage: { label, untrusted: false }, targets: ['127.0.0.0/29'], ports: [104, 11112], toolVersion: '0.1.0' });
}

/** Stores a report the way the engine will: begin, one saveService per service, finish. */
function store(s: Store, report: ScanReport): void {
  s.beginScan({ ...report.scan, toolVersion: report.tool.version });
  for (const svc of report.services) s.saveService(report.scan.id, svc);
  s.finishScan(report.scan.id, report.scan.finishedAt, report.scan.cancelled === true);
}

describe('round trip', () => {
  it('gives back the very scan --json document that was stored, key order included', () => {
    const s = fileStore();
    const report = sampleReport();
    store(s, report);
    const back = s.getScan(report.scan.id);
    expect(back).toStrictEqual(report);
    expect(JSON.stringify(back)).toBe(JSON.stringify(report));
  });

  it('keeps each service\'s protocolBasis, and leaves it out where none was given', () => {
    const s = fileStore();
    const report = sampleReport();
    store(s, report);
    const back = s.getScan(report.scan.id)!;
    expect(back.services.map((x) => x.protocolBasis)).toEqual([
      'answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC',
      undefined,
      undefined,
      'sent bytes that are not DICOM, HTTP or TLS: "SSH-2.0-OpenSSH_9.2p1\\r\\n" é 😀',
    ]);
    expect(back.services.filter((x) => 'protocolBasis' in x)).toHaveLength(2);
    expect(s.latestService('127.0.0.1', 11112)?.service.protocolBasis).toBe('answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC');
    expect(s.latestService('127.0.0.1', 8042)?.service).not.toHaveProperty('protocolBasis');
  });

  it('reads back summaries, ids and evidence with quotes, backslashes, controls and non-ASCII exactly (the JSON SQLite assembles)', () => {
    const s = fileStore();
    begin(s, 'odd', '2025-01-01T00:00:00.000Z');
    const svc = dicomService('127.0.0.1', 104);
    const odd = 'a "quoted" \\ back\\slash, tab\t newline\n NUL\u0000 bell\u0007 \u2028 é 😀 </script>';
    svc.checks[0] = { ...svc.checks[0]!, summary: odd, evidence: { text: odd, nested: { list: [1, -2.5, 1e21, true, null, 'x'] }, empty: {} }, attack: ['T1040', 'T1190'] };
    svc.checks[1] = { ...svc.checks[1]!, summary: '', evidence: {}, attack: [] };
    s.saveService('odd', svc);
    const back = s.getScan('odd')!.services[0]!;
    expect(back).toStrictEqual(svc);
    expect(JSON.stringify(back)).toBe(JSON.stringify(svc));
    expect(s.latestService('127.0.0.1', 104)?.service).toStrictEqual(svc);
  });

  it('gives each of two scans saved at once only its own services and results', () => {
    const s = fileStore();
    begin(s, 'a', '2025-01-01T00:00:00.000Z');
    begin(s, 'b', '2025-01-01T00:00:01.000Z');
    // Interleaved: the ids of b's services fall inside the range of a's.
    s.saveService('a', dicomService('127.0.0.1', 104));
    s.saveService('b', webService('127.0.0.1', 80));
    s.saveService('a', dicomService('127.0.0.2', 104));
    s.saveService('b', { ...webService('127.0.0.2', 80), checks: [] });
    s.saveService('a', webService('127.0.0.3', 80));
    const a = s.getScan('a')!;
    expect(a.services.map((x) => `${x.host}:${x.port}`)).toEqual(['127.0.0.1:104', '127.0.0.2:104', '127.0.0.3:80']);
    expect(a.services.map((x) => x.checks)).toEqual([dicomService('127.0.0.1', 104).checks, dicomService('127.0.0.2', 104).checks, webService('127.0.0.3', 80).checks]);
    const b = s.getScan('b')!;
    expect(b.services.map((x) => [x.host, x.checks])).toEqual([['127.0.0.1', webService('127.0.0.1', 80).checks], ['127.0.0.2', []]]);
    expect(s.latestService('127.0.0.2', 80)?.service.checks).toEqual([]);
  });

  it('survives closing and reopening the file', () => {
    const file = path.join(dirs.make(), 'a.db');
    const report = sampleReport();
    const first = openStore(file);
    store(first, report);
    first.close();
    const again = openStore(file, { readonly: true });
    open.push(again);
    expect(again.getScan(report.scan.id)).toStrictEqual(report);
  });

  it('leaves cancelled out when the scan was not cancelled, and reports a running scan with finishedAt ""', () => {
    const s = fileStore();
    const { cancelled: _dropped, ...meta } = sampleReport('done').scan;
    const finished: ScanReport = { ...sampleReport('done'), scan: meta };
    store(s, finished);
    expect(s.getScan('done')).toStrictEqual(finished);

    begin(s, 'running', '2025-03-02T08:00:00.000Z');
    s.saveService('running', webService('127.0.0.9', 80));
    const running = s.getScan('running')!;
    expect(running.scan.finishedAt).toBe('');
    expect(running.services.map((x) => `${x.host}:${x.port}`)).toEqual(['127.0.0.9:80']);
    expect(running.summary).toEqual({ services: 1, fail: { critical: 0, high: 1, medium: 0, low: 0, info: 0 } });
    expect(s.getScan('no-such-scan')).toBeUndefined();
  });
});

describe('listScans', () => {
  it('lists newest first with counts of services and of fails above info', () => {
    const s = fileStore();
    store(s, sampleReport('old', '2025-01-01T00:00:00.000Z'));
    begin(s, 'newest', '2025-06-01T00:00:00.000Z', 'office');
    s.saveService('newest', dicomService('127.0.0.1', 104, 'pass'));
    begin(s, 'middle', '2025-03-01T00:00:00.000Z');
    const list = s.listScans();
    expect(list.map((x) => x.id)).toEqual(['newest', 'middle', 'old']);
    const none = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    expect(list[0]).toEqual({
      id: 'newest', startedAt: '2025-06-01T00:00:00.000Z', finishedAt: null, vantage: { label: 'office', untrusted: false },
      // Its one fail is the info-only "detected" record: counted per severity, not among the fails to fix.
      targets: ['127.0.0.0/29'], ports: [104, 11112], cancelled: false, services: 1, fail: { ...none, info: 1 }, fails: 0,
    });
    expect(list[1]).toMatchObject({ id: 'middle', services: 0, fail: none, fails: 0 });
    // The counts are the report's own, without loading it.
    const old = s.getScan('old')!;
    expect(list[2]).toMatchObject({ id: 'old', finishedAt: '2025-03-01T10:00:42.125Z', vantage: { label: 'guest VLAN', untrusted: true }, services: 4, fails: 2 });
    expect(list[2]).toMatchObject({ targets: old.scan.targets, ports: old.scan.ports, cancelled: old.scan.cancelled === true, services: old.summary.services, fail: old.summary.fail });
    expect(list[2]).not.toHaveProperty('error');
    expect(s.listScans(2).map((x) => x.id)).toEqual(['newest', 'middle']);
    expect(() => s.listScans(0)).toThrow(StoreError);
    expect(() => s.listScans(1.5)).toThrow(StoreError);
  });
});

describe('latestService', () => {
  it('picks the most recently started scan containing the host:port, finished or not', () => {
    const s = fileStore();
    begin(s, 'jan', '2025-01-01T00:00:00.000Z');
    s.saveService('jan', dicomService('127.0.0.1', 104, 'fail'));
    s.finishScan('jan', '2025-01-01T00:01:00.000Z', false);
    begin(s, 'mar', '2025-03-01T00:00:00.000Z', 'after fix');
    s.saveService('mar', dicomService('127.0.0.1', 104, 'pass'));
    s.finishScan('mar', '2025-03-01T00:01:00.000Z', false);
    // Stored last, but started between the two: insertion order must not win.
    begin(s, 'feb', '2025-02-01T00:00:00.000Z');
    s.saveService('feb', dicomService('127.0.0.1', 104, 'fail'));
    s.saveService('feb', webService('127.0.0.1', 8042));

    const latest = s.latestService('127.0.0.1', 104)!;
    expect(latest.scanId).toBe('mar');
    expect(latest.at).toBe('2025-03-01T00:00:00.000Z');
    expect(latest.vantage).toEqual({ label: 'after fix', untrusted: false });
    expect(latest.service).toStrictEqual(dicomService('127.0.0.1', 104, 'pass'));
    expect(s.latestService('127.0.0.1', 8042)?.scanId).toBe('feb');
    expect(s.latestService('127.0.0.1', 11112)).toBeUndefined();
    expect(s.latestService('127.0.0.2', 104)).toBeUndefined();

    begin(s, 'apr-running', '2025-04-01T00:00:00.000Z');
    s.saveService('apr-running', { host: '127.0.0.1', port: 104, state: 'filtered', checks: [] });
    expect(s.latestService('127.0.0.1', 104)).toMatchObject({ scanId: 'apr-running', service: { state: 'filtered', checks: [] } });
  });

  it('finds it through the host:port index, never a full scan of services', () => {
    const s = fileStore();
    for (let i = 0; i < 60; i++) {
      const id = `scan-${i}`;
      begin(s, id, new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString());
      for (let h = 1; h <= 5; h++) s.saveService(id, webService(`127.0.0.${h}`, 80));
    }
    const plan = () => (s.db.prepare(`EXPLAIN QUERY PLAN ${SCANS_SQL.latestService}`).all('127.0.0.3', 80) as Array<{ detail: string }>).map((r) => r.detail);
    for (const details of [plan(), (s.db.exec('ANALYZE'), plan())]) {
      expect(details).toContain('SEARCH s USING INDEX services_by_endpoint (host=? AND port=?)');
      expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
    }
    expect(s.latestService('127.0.0.3', 80)?.scanId).toBe('scan-59');
  });

  it('lists scans by date through the started_at index, without sorting', () => {
    const s = fileStore();
    const details = (s.db.prepare(`EXPLAIN QUERY PLAN ${SCANS_SQL.listScans}`).all(10) as Array<{ detail: string }>).map((r) => r.detail);
    expect(details).toContain('SCAN sc USING INDEX scans_by_started_at');
    expect(details).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });
});

describe('errors: one line, nothing half-written', () => {
  const one = (fn: () => unknown, pattern: RegExp) => {
    expect(fn).toThrow(StoreError);
    expect(fn).toThrow(pattern);
  };
  const count = (s: Store, table: string) => s.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

  it('refuses duplicate and unknown scans, and non-canonical times', () => {
    const s = fileStore();
    begin(s, 'a', '2025-01-01T00:00:00.000Z');
    one(() => begin(s, 'a', '2025-01-02T00:00:00.000Z'), /a scan with id a already exists/);
    one(() => begin(s, 'b', '2025-01-01T00:00:00Z'), /startedAt must be an ISO-8601 UTC time/);
    one(() => begin(s, 'b', 'yesterday'), /startedAt must be/);
    one(() => s.saveService('nope', webService('127.0.0.1', 80)), /no scan nope/);
    one(() => s.finishScan('nope', '2025-01-01T00:00:01.000Z', false), /no scan nope/);
    one(() => s.finishScan('a', '2025-01-01T01:00:00+01:00', false), /finishedAt must be/);
    s.finishScan('a', '2025-01-01T00:00:01.000Z', false);
    one(() => s.finishScan('a', '2025-01-01T00:00:02.000Z', true), /already finished at 2025-01-01T00:00:01.000Z/);
    one(() => s.saveService('a', webService('127.0.0.1', 80)), /scan a is finished/);
    expect(count(s, 'scans')).toBe(1);
    expect(count(s, 'services')).toBe(0);
  });

  it('stores a service whole or not at all', () => {
    const s = fileStore();
    begin(s, 'a', '2025-01-01T00:00:00.000Z');
    s.saveService('a', webService('127.0.0.1', 80));
    one(() => s.saveService('a', webService('127.0.0.1', 80)), /127\.0\.0\.1:80 is already saved in scan a/);

    const twice: ServiceResult = { ...webService('127.0.0.2', 80) };
    twice.checks = [twice.checks[0]!, twice.checks[0]!];
    one(() => s.saveService('a', twice), /check web\.plaintext is listed twice for 127\.0\.0\.2:80/);

    const notJson = dicomService('127.0.0.3', 104);
    notJson.checks[2]!.evidence = { count: 10n };
    one(() => s.saveService('a', notJson), /evidence of dicom\.query-open on 127\.0\.0\.3:104 is not plain JSON/);

    one(() => s.saveService('a', { ...webService('127.0.0.4', 70000) }), /cannot save 127\.0\.0\.4:70000.*CHECK constraint failed/);
    expect(s.getScan('a')?.services.map((x) => x.host)).toEqual(['127.0.0.1']);
    expect(count(s, 'check_results')).toBe(2);
  });
});
