/**
 * Imports into a real SQLite store (one transaction: all files or nothing), the
 * reconcile table (outside and inside, outside only, inside only, NAT mapping, stale,
 * closed as seen from the internet), the exposure.internet finding and the CSV, field
 * by field.
 */
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportCancelledError, StrictImportError, UnsafeFileError } from '../../../electron/internet/errors';
import { internetFindingFor } from '../../../electron/internet/finding';
import { importFiles } from '../../../electron/internet/import';
import { reconcile } from '../../../electron/internet/reconcile';
import { RECONCILE_CSV_HEADER, reconcileCsv } from '../../../electron/internet/reconcile-csv';
import { openStore, type Store } from '../../../electron/store';
import { seedScan } from '../records/fixtures';
import { censysPlatformJsonl, makeHosts, NEW, nmapXml, OLD, shodanJsonl, XML_BOMB, type FixtureHost } from './fixtures';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));
const fresh = (): Store => {
  const s = openStore(':memory:');
  stores.push(s);
  return s;
};
const bytes = (name: string, text: string | Buffer) => ({ name, bytes: typeof text === 'string' ? Buffer.from(text) : text });
const count = (s: Store) => ({ imports: s.internet.listImports().length, observations: s.internet.listObservations().length });

const hosts = makeHosts(200);

describe('import', () => {
  it('stores every observation of several files in one go, with the file hash and import id', async () => {
    const store = fresh();
    const r = await importFiles(store, [bytes('c.jsonl', censysPlatformJsonl(hosts)), bytes('s.json.gz', gzipSync(shodanJsonl(hosts.slice(0, 50))))], { collect: true, now: () => new Date(NEW) });
    const services = hosts.reduce((n, h) => n + h.services.length, 0) + hosts.slice(0, 50).reduce((n, h) => n + h.services.length, 0);
    expect(r).toMatchObject({ format: 'censys', formats: ['censys', 'shodan'], read: hosts.length + hosts.slice(0, 50).reduce((n, h) => n + h.services.length, 0), imported: services, skipped: 0, problems: [] });
    expect(r.observations).toHaveLength(services);
    expect(r.observations[0]).toEqual({ host: hosts[0]!.host, port: hosts[0]!.services[0]!.port, transport: 'tcp', kind: 'dicom', source: 'censys', observedAt: OLD, product: 'Orthanc' });
    const imports = store.internet.listImports();
    expect(imports.map((i) => ({ file: i.fileName, format: i.format, observations: i.observations }))).toEqual([
      { file: 'c.jsonl', format: 'censys', observations: hosts.reduce((n, h) => n + h.services.length, 0) },
      { file: 's.json.gz', format: 'shodan', observations: hosts.slice(0, 50).reduce((n, h) => n + h.services.length, 0) },
    ]);
    const stored = store.internet.observationsOf(hosts[0]!.host, 104);
    expect(stored.map((o) => [o.source, o.importId, o.fileSha256])).toEqual(
      expect.arrayContaining([
        ['censys', imports[0]!.id, imports[0]!.fileSha256],
        ['shodan', imports[1]!.id, imports[1]!.fileSha256],
      ]),
    );
    expect(JSON.stringify(store.internet.listObservations())).not.toContain('PATIENT');
  });

  it('imports nothing when any file is unsafe (an XML bomb after a good file)', async () => {
    const store = fresh();
    await expect(importFiles(store, [bytes('good.jsonl', censysPlatformJsonl(hosts)), bytes('bomb.xml', XML_BOMB)])).rejects.toThrow(UnsafeFileError);
    expect(count(store)).toEqual({ imports: 0, observations: 0 });
    // The staging was dropped: a good import afterwards stores only its own rows.
    const r = await importFiles(store, [bytes('one.jsonl', censysPlatformJsonl(hosts.slice(0, 3)))]);
    expect(count(store)).toEqual({ imports: 1, observations: r.imported });
  });

  it('skips and lists bad records, or with strict refuses them and imports nothing', async () => {
    const text = shodanJsonl(hosts.slice(0, 30)).replace(/\n/, '\n{"ip_str": "198.51.100.250", "port": "x"}\n');
    const store = fresh();
    const r = await importFiles(store, [bytes('s.json', text)]);
    expect(r.problems).toEqual([{ at: 'line 2', reason: '198.51.100.250: "port" is not a port number' }]);
    expect(r.skipped).toBe(1);
    const strict = fresh();
    await expect(importFiles(strict, [bytes('s.json', text)], { strict: true })).rejects.toThrow(new StrictImportError('s.json: line 2: 198.51.100.250: "port" is not a port number (--strict: nothing imported)'));
    expect(count(strict)).toEqual({ imports: 0, observations: 0 });
  });

  it('reports progress whose observation count never passes what is stored (the last event once counted the last batch twice)', async () => {
    const store = fresh();
    const seen: number[] = [];
    const few = hosts.slice(0, 40); // fewer than one staging batch: all of them in the last add
    const r = await importFiles(store, [bytes('s.json', shodanJsonl(few))], { onProgress: (p) => seen.push(p.observations) });
    expect(r.imported).toBe(few.reduce((n, h) => n + h.services.length, 0));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(r.imported);
    expect(Math.max(...seen)).toBe(r.imported);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
  });

  it('imports nothing when cancelled while reading', async () => {
    const store = fresh();
    const ac = new AbortController();
    const big = shodanJsonl(makeHosts(600)).repeat(20);
    await expect(
      importFiles(store, [bytes('s.json', big)], { signal: ac.signal, onProgress: (p) => (p.bytesRead > 2 * 1024 * 1024 ? ac.abort() : undefined) }),
    ).rejects.toThrow(ImportCancelledError);
    expect(count(store)).toEqual({ imports: 0, observations: 0 });
  });
});

describe('reconcile', () => {
  // Three hosts: A seen outside and scanned inside; B NATed (public B -> inside 10.200.7.7); C outside only; D inside only.
  const A = '203.0.113.10';
  const B = '198.51.100.20';
  const C = '2001:db8::c';
  const inside = '10.200.7.7';
  const D = '10.200.7.8';
  const first: FixtureHost[] = [
    { host: A, services: [{ port: 104, kind: 'dicom', tls: false, product: 'Orthanc', version: '1.12.3', observedAt: OLD, dicom: 'accepts' }, { port: 443, kind: 'web', tls: true, product: 'nginx', version: '1.24.0', observedAt: OLD }] },
    { host: B, services: [{ port: 2762, kind: 'dicom-tls', tls: true, product: 'DCMTK', version: '3.6.7', observedAt: OLD }] },
    { host: C, services: [{ port: 104, kind: 'dicom', tls: false, product: null, version: null, observedAt: NEW }] },
  ];
  // A newer Censys export: A's 104 is gone (443 still there); B not looked at again.
  const later: FixtureHost[] = [{ host: A, services: [{ port: 443, kind: 'web', tls: true, product: 'nginx', version: '1.24.0', observedAt: NEW }] }];

  async function world(): Promise<Store> {
    const store = fresh();
    await importFiles(store, [bytes('old.jsonl', censysPlatformJsonl(first))]);
    await importFiles(store, [bytes('new.jsonl', censysPlatformJsonl(later))]);
    seedScan(store, 'scan-a', '2026-11-25T10:00:00.000Z', A, 104);
    seedScan(store, 'scan-b', '2026-11-25T10:00:00.000Z', inside, 2762);
    seedScan(store, 'scan-d', '2026-11-25T10:00:00.000Z', D, 11112);
    store.internet.setMapping(B, inside, '2026-11-26T00:00:00.000Z');
    return store;
  }

  it('lists outside and inside, NATed, outside only and inside only, with ages, stale, and closed as seen from the internet', async () => {
    const store = await world();
    const now = new Date('2026-12-01T00:00:00.000Z');
    const t = reconcile({ observations: store.internet.listObservations(), inside: store.internet.insideServices(), mappings: store.internet.listMappings(), now });
    const oldAge = Math.floor((now.getTime() - Date.parse(OLD)) / 86_400_000);
    const newAge = Math.floor((now.getTime() - Date.parse(NEW)) / 86_400_000);
    expect(t.staleDays).toBe(30);
    expect(t.rows.map((r) => [r.host, r.port, r.insideHost, r.status, r.kind, r.product, r.lastSeenOutside, r.ageDays, r.stale, r.closedOutside, r.insideState, r.observations])).toEqual([
      [D, 11112, D, 'inside-only', null, null, null, null, false, null, 'open', 0],
      [B, 2762, inside, 'outside-and-inside', 'dicom-tls', 'DCMTK 3.6.7', OLD, oldAge, true, null, 'open', 1],
      [A, 104, A, 'outside-and-inside', 'dicom', 'Orthanc 1.12.3', OLD, oldAge, true, { at: NEW, source: 'censys', how: 'absent' }, 'open', 1],
      [A, 443, A, 'outside-only', 'web', 'nginx 1.24.0', NEW, newAge, false, null, null, 2],
      [C, 104, C, 'outside-only', 'dicom', null, NEW, newAge, false, null, null, 1],
    ]);
    // A custom stale limit.
    const t2 = reconcile({ observations: store.internet.listObservations(), inside: [], mappings: [], now, staleDays: 10000 });
    expect(t2.rows.every((r) => !r.stale)).toBe(true);
  });

  it('marks a port closed when nmap from outside later says filtered, and open again when seen again', async () => {
    const store = fresh();
    await importFiles(store, [bytes('a.jsonl', censysPlatformJsonl([first[0]!]))]);
    const t0 = Math.floor(Date.parse('2026-06-01T00:00:00Z') / 1000);
    const xml = nmapXml([{ host: A, services: [{ port: 443, kind: 'web', tls: true, product: 'nginx', version: '1.24.0', observedAt: new Date(t0 * 1000).toISOString() }] }], [{ host: A, port: 104, state: 'filtered' }]);
    await importFiles(store, [bytes('outside.xml', xml)]);
    const now = new Date('2026-12-01T00:00:00.000Z');
    const row = () => reconcile({ observations: store.internet.listObservations(), inside: [], mappings: [], now }).rows.find((r) => r.port === 104)!;
    expect(row().closedOutside).toEqual({ at: '2026-06-01T00:00:00.000Z', source: 'nmap', how: 'filtered' });
    await importFiles(store, [bytes('again.jsonl', censysPlatformJsonl([{ host: A, services: [{ port: 104, kind: 'dicom', tls: false, product: null, version: null, observedAt: NEW }] }]))]);
    expect(row().closedOutside).toBeNull();
    expect(row().lastSeenOutside).toBe(NEW);
  });

  it('gives the inside server an exposure.internet finding: fail while seen, pass once closed outside', async () => {
    const store = await world();
    const now = new Date('2026-12-01T00:00:00.000Z');
    const a = internetFindingFor(store, A, 104, now)!;
    expect(a.check).toMatchObject({ id: 'exposure.internet', status: 'pass', severity: 'critical', attack: ['T1190', 'T1133'] });
    expect(a.check.summary).toBe('closed as seen from the internet: Censys on 2026-11-20 no longer shows it (earlier Censys saw DICOM (Orthanc 1.12.3) on 2025-01-10)');
    const b = internetFindingFor(store, inside, 2762, now)!;
    expect(b.check.status).toBe('fail');
    expect(b.check.summary).toMatch(/^reachable from the internet: Censys saw DICOM over TLS \(DCMTK 3\.6\.7\) on 2025-01-10 at 198\.51\.100\.20; \d+ days ago, stale/);
    expect(b.check.evidence).toMatchObject({ source: 'censys', observedAt: OLD, publicHost: B, kind: 'dicom-tls', tls: true, stale: true });
    expect(internetFindingFor(store, D, 11112, now)).toBeNull();
  });

  it('writes the table as CSV, one row per host:port, formulas defused', async () => {
    const store = await world();
    const t = reconcile({ observations: store.internet.listObservations(), inside: store.internet.insideServices(), mappings: store.internet.listMappings(), now: new Date('2026-12-01T00:00:00.000Z') });
    const csv = reconcileCsv(t);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(RECONCILE_CSV_HEADER.join(','));
    expect(lines).toHaveLength(t.rows.length + 2);
    expect(lines.at(-1)).toBe('');
    expect(lines[3]).toBe(`${A},104,${A},outside-and-inside,dicom,Orthanc 1.12.3,no,${OLD},censys,${t.rows[2]!.ageDays},yes,${NEW},censys,absent,open,2026-11-25T10:00:00.000Z,1`);
    const evil = reconcileCsv({ ...t, rows: [{ ...t.rows[2]!, product: '=HYPERLINK("x"),1' }] });
    expect(evil.split('\r\n')[1]).toContain(`"'=HYPERLINK(""x""),1"`);
  });
});
