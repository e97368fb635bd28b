/**
 * "Closed as seen from the internet" attached to a server's record (issue 13): the
 * append-only table (UPDATE, DELETE, REPLACE refused, nothing changed), the refusal when
 * the reconcile table does not show the closure (nothing written), the record builder
 * through its RecordSource port, the strict schema of format /4 (and /1-/3 still read),
 * and the whole story through the real CLI on a real database file: an old Shodan export
 * shows the port open, a newer one no longer does, attach, sign, export JSON, verify.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as importCmd } from '../../../electron/cli/commands/import';
import { run as records } from '../../../electron/cli/commands/records';
import { run as signoff } from '../../../electron/cli/commands/signoff';
import { attachClosure, attachedClosures, ClosureRefusedError } from '../../../electron/internet/closure';
import { importFiles } from '../../../electron/internet/import';
import { buildDraft, storeSource, type RecordSource } from '../../../electron/records/build';
import { createKeyFile, writeNewKeyFile } from '../../../electron/records/key-file';
import { recordShapeProblem } from '../../../electron/records/record-schema';
import { createRecordsRepo } from '../../../electron/records/repo';
import { openStore, type Store } from '../../../electron/store';
import { closureLine, type InternetClosure } from '../../../shared/internet';
import { memoryIO } from '../cli/memory-io';
import { draftFor, HOST, operatorKey, PORT, seedStory } from '../records/fixtures';
import { tempDirs } from '../store/helpers';
import { nmapXml, NEW, OLD, shodanJsonl, type FixtureHost } from './fixtures';

const PUBLIC = '203.0.113.9';
const bytes = (name: string, text: string) => ({ name, bytes: Buffer.from(text) });
const oldExport: FixtureHost[] = [{ host: PUBLIC, services: [
  { port: PORT, kind: 'dicom', tls: false, product: 'Orthanc', version: '1.12.3', observedAt: OLD, dicom: 'accepts' },
  { port: 443, kind: 'web', tls: true, product: 'nginx', version: '1.24.0', observedAt: OLD },
] }];
/** The newer export: the host was looked at again, the DICOM port is no longer listed. */
const newExport: FixtureHost[] = [{ host: PUBLIC, services: [{ port: 443, kind: 'web', tls: true, product: 'nginx', version: '1.24.0', observedAt: NEW }] }];
const NOW = new Date('2026-12-01T00:00:00.000Z');

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));
async function world(file = ':memory:', closed = true): Promise<Store> {
  const store = openStore(file);
  stores.push(store);
  seedStory(store);
  await importFiles(store, [bytes('shodan-2025-01.json', shodanJsonl(oldExport))]);
  if (closed) await importFiles(store, [bytes('shodan-2026-11.json', shodanJsonl(newExport))]);
  store.internet.setMapping(PUBLIC, HOST, '2026-11-30T00:00:00.000Z');
  return store;
}
const count = (s: Store): number => s.db.prepare('SELECT count(*) FROM internet_closures').pluck().get() as number;

describe('attaching a closure', () => {
  it('stores what the reconcile table shows: when, how, by which source, the file and its SHA-256, the last open view, who and when', async () => {
    const store = await world();
    const c = attachClosure(store, { publicHost: PUBLIC, port: PORT, by: 'Ada Admin' }, NOW);
    const imp = store.internet.listImports().find((i) => i.fileName === 'shodan-2026-11.json')!;
    expect(c).toEqual({
      seq: 1, host: HOST, port: PORT, publicHost: PUBLIC, publicPort: PORT, closedAt: NEW, how: 'absent', source: 'shodan',
      importId: imp.id, fileName: 'shodan-2026-11.json', fileSha256: imp.fileSha256, lastOpenAt: OLD, lastOpenSource: 'shodan',
      attachedAt: NOW.toISOString(), attachedBy: 'Ada Admin',
    });
    expect(imp.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(attachedClosures(store, { host: HOST, port: PORT })).toEqual([c]);
    expect(attachedClosures(store, { host: HOST, port: 104 })).toEqual([]);
    expect(closureLine(c)).toBe(`Closed as seen from the internet: ${PUBLIC}:${PORT} by Shodan on ${NEW.slice(0, 10)} (no longer listed; file shodan-2026-11.json, sha256 ${imp.fileSha256}); last seen open ${OLD.slice(0, 10)} by Shodan`);
  });

  it('takes nmap from an outside vantage saying filtered', async () => {
    const store = openStore(':memory:');
    stores.push(store);
    await importFiles(store, [bytes('old.json', shodanJsonl(oldExport))]);
    const at = '2026-06-01T00:00:00.000Z';
    await importFiles(store, [bytes('outside.xml', nmapXml([{ host: PUBLIC, services: [{ port: 443, kind: 'web', tls: true, product: 'nginx', version: null, observedAt: at }] }], [{ host: PUBLIC, port: PORT, state: 'filtered' }]))]);
    const c = attachClosure(store, { publicHost: PUBLIC, port: PORT, by: 'Ada Admin' }, NOW);
    expect([c.host, c.how, c.source, c.closedAt, c.fileName]).toEqual([PUBLIC, 'filtered', 'nmap', at, 'outside.xml']);
  });

  it('refuses, writing nothing, what the reconcile table does not show closed and mapped to that server', async () => {
    const open = await world(':memory:', false);
    expect(() => attachClosure(open, { publicHost: PUBLIC, port: PORT, by: 'Ada' }, NOW)).toThrow(/^203\.0\.113\.9:11112: the reconcile table does not show it closed as seen from the internet \(last seen open 2025-01-10 by Shodan\)/);
    expect(() => attachClosure(open, { publicHost: '198.51.100.1', port: PORT, by: 'Ada' }, NOW)).toThrow(ClosureRefusedError);
    expect(count(open)).toBe(0);
    const store = await world();
    expect(() => attachClosure(store, { publicHost: PUBLIC, port: PORT, by: 'Ada', server: { host: '10.0.0.7', port: PORT } }, NOW)).toThrow(/maps to 127\.0\.0\.1:11112, not 10\.0\.0\.7:11112/);
    expect(count(store)).toBe(0);
    attachClosure(store, { publicHost: PUBLIC, port: PORT, by: 'Ada', server: { host: HOST, port: PORT } }, NOW);
    expect(() => attachClosure(store, { publicHost: PUBLIC, port: PORT, by: 'Bob' }, NOW)).toThrow(/already attached to this server \(by Ada,/);
    expect(count(store)).toBe(1);
    // Seen open again later: no longer closed, so nothing more can be attached.
    await importFiles(store, [bytes('again.json', shodanJsonl([{ host: PUBLIC, services: [{ ...oldExport[0]!.services[0]!, observedAt: '2026-11-25T00:00:00.000Z' }] }]))]);
    expect(() => attachClosure(store, { publicHost: PUBLIC, port: PORT, by: 'Ada' }, NOW)).toThrow(/does not show it closed/);
    expect(count(store)).toBe(1);
  });
});

describe('the table is append-only', () => {
  const dirs = tempDirs();
  let store: Store;
  beforeEach(async () => {
    store = await world(path.join(dirs.make(), 'closures.db'));
    attachClosure(store, { publicHost: PUBLIC, port: PORT, by: 'Ada Admin' }, NOW);
  });
  afterEach(() => dirs.cleanup());
  const cols = 'seq, host, port, public_host, public_port, closed_at, how, source, import_id, file_name, file_sha256, last_open_at, last_open_source, attached_at, attached_by';
  const values = (seq: string) => `${seq}, '${HOST}', ${PORT}, '${PUBLIC}', ${PORT}, '${NEW}', 'closed', 'nmap', (SELECT import_id FROM internet_closures WHERE seq = 1), 'x', '${'b'.repeat(64)}', '${OLD}', 'shodan', '${NOW.toISOString()}', 'Mallory'`;
  const attempts: Record<string, string> = {
    UPDATE: "UPDATE internet_closures SET how = 'filtered' WHERE seq = 1",
    DELETE: 'DELETE FROM internet_closures WHERE seq = 1',
    'INSERT OR REPLACE': `INSERT OR REPLACE INTO internet_closures (${cols}) VALUES (${values('1')})`,
    'REPLACE INTO': `REPLACE INTO internet_closures (${cols}) VALUES (${values('1')})`,
    'REPLACE on the same closure with a new number': `REPLACE INTO internet_closures (${cols}) VALUES (${values('NULL')})`,
    're-insert': `INSERT INTO internet_closures (${cols}) VALUES (${values('1')})`,
    upsert: `INSERT INTO internet_closures (${cols}) VALUES (${values('1')}) ON CONFLICT (seq) DO UPDATE SET attached_by = excluded.attached_by`,
    'deleting the import it cites': 'DELETE FROM internet_imports WHERE id = (SELECT import_id FROM internet_closures WHERE seq = 1)',
  };
  for (const recursive of [false, true]) {
    for (const [what, sql] of Object.entries(attempts)) {
      it(`${what} fails and changes nothing (recursive_triggers ${recursive ? 'on' : 'off'})`, () => {
        store.db.pragma(`recursive_triggers = ${recursive ? 'ON' : 'OFF'}`);
        const snap = () => [store.db.prepare('SELECT * FROM internet_closures ORDER BY seq').all(), store.db.prepare('SELECT count(*) FROM internet_imports').pluck().get()];
        const before = snap();
        expect(() => store.db.prepare(sql).run()).toThrow(/cannot|constraint/i);
        expect(snap()).toEqual(before);
      });
    }
  }
});

describe('the record (format /4)', () => {
  const closure: InternetClosure = {
    seq: 3, publicHost: PUBLIC, publicPort: PORT, closedAt: NEW, how: 'absent', source: 'censys', importId: 'imp-1', fileName: 'censys.jsonl',
    fileSha256: 'c'.repeat(64), lastOpenAt: OLD, lastOpenSource: 'shodan', attachedAt: NOW.toISOString(), attachedBy: 'Ada Admin',
  };

  it('the builder carries the closures its source gives, field by field, and none when the port has none', async () => {
    const store = await world();
    const real = storeSource(store);
    const asked: string[] = [];
    const source: RecordSource = { ...real, internetClosures: (s) => (asked.push(`${s.host}:${s.port}`), [{ ...closure, extra: 'dropped' } as InternetClosure]) };
    const opts = { id: 'r1', createdAt: NOW.toISOString(), toolVersion: '0.1.0', operator: { name: 'Ada', role: '', fingerprint: 'a'.repeat(64) }, note: '', supersedes: null };
    const d = buildDraft(source, { host: HOST, port: PORT }, opts);
    expect(asked).toEqual([`${HOST}:${PORT}`]);
    expect(d.format).toBe('collimator.record/4');
    expect(d.internet).toEqual({ closures: [closure] });
    const without: RecordSource = { ...real, internetClosures: undefined };
    expect(buildDraft(without, { host: HOST, port: PORT }, opts).internet).toEqual({ closures: [] });
  });

  it('the strict schema: /4 has exactly `internet`; /3 never has it; /1-/3 still read', async () => {
    const store = await world();
    const ada = operatorKey('Ada Admin', 'PACS administrator');
    attachClosure(store, { publicHost: PUBLIC, port: PORT, by: 'Ada Admin' }, NOW);
    const repo = createRecordsRepo(store.db);
    const r = repo.signoff(draftFor(store, ada, { createdAt: NOW.toISOString() }), ada);
    expect(r.body.format).toBe('collimator.record/4');
    expect(r.body.internet?.closures.map((c) => [c.publicHost, c.how, c.source])).toEqual([[PUBLIC, 'absent', 'shodan']]);
    expect(recordShapeProblem(JSON.parse(r.canonical.toString('utf8')))).toBeUndefined();
    const without = structuredClone(r.body) as unknown as Record<string, unknown>;
    delete without.internet;
    expect(recordShapeProblem(without)).toMatch(/^record\.internet/);
    const badHash = structuredClone(r.body);
    badHash.internet!.closures[0]!.fileSha256 = 'not a hash';
    expect(recordShapeProblem(badHash)).toMatch(/^record\.internet\.closures\[0\]\.fileSha256/);
    const asV3 = { ...structuredClone(r.body), format: 'collimator.record/3' };
    expect(recordShapeProblem(asV3)).toMatch(/internet/);
    const { internet: _i, ...v3 } = asV3;
    expect(recordShapeProblem(v3)).toBeUndefined();
    expect(repo.verifyChain()).toEqual([]);
  });
});

describe('the whole story through the CLI, on a database file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-closure-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const db = path.join(dir, 'c.db');
  const FAST = { N: 2 ** 14, r: 8, p: 1 };

  it('import old, import newer, attach, sign, export JSON, verify: the record carries the closure', async () => {
    const store = openStore(db);
    seedStory(store);
    store.close();
    const oldFile = path.join(dir, 'shodan-2025-01.json');
    const newFile = path.join(dir, 'shodan-2026-11.json');
    fs.writeFileSync(oldFile, shodanJsonl(oldExport));
    fs.writeFileSync(newFile, shodanJsonl(newExport));
    writeNewKeyFile(path.join(dir, 'ada.key'), createKeyFile({ name: 'Ada Admin', role: 'PACS administrator', passphrase: 'ada passphrase 1', scrypt: FAST }));

    expect(await importCmd([oldFile, '--db', db, '--map', `${PUBLIC}=${HOST}`], memoryIO())).toBe(0);
    // Not closed yet: refused with one line, nothing written.
    await expect(importCmd(['--reconcile', '--attach', `${PUBLIC}:${PORT}`, '--db', db], memoryIO())).rejects.toThrow(/does not show it closed as seen from the internet.*; nothing attached$/);
    expect(await importCmd([newFile, '--db', db], memoryIO())).toBe(0);
    await expect(importCmd(['--attach', `${PUBLIC}:${PORT}`, '--db', db], memoryIO())).rejects.toThrow(/--attach goes with --reconcile/);
    const io = memoryIO();
    expect(await importCmd(['--reconcile', '--attach', `${PUBLIC}:${PORT}`, '--by', 'Ada Admin', '--db', db], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^attached to ${HOST}:${PORT}: Closed as seen from the internet: ${PUBLIC}:${PORT} by Shodan on ${NEW.slice(0, 10)} \\(no longer listed; file .*shodan-2026-11\\.json, sha256 [0-9a-f]{64}\\); last seen open ${OLD.slice(0, 10)} by Shodan\n`));

    // nmap from outside, later: 443 filtered. Attached (--json) to the server 443 maps to, not to this one.
    const xml = path.join(dir, 'outside.xml');
    const ssh = { port: 22, kind: 'other' as const, tls: false, product: 'OpenSSH', version: null, observedAt: '2026-11-28T00:00:00.000Z' };
    fs.writeFileSync(xml, nmapXml([{ host: PUBLIC, services: [ssh] }], [{ host: PUBLIC, port: 443, state: 'filtered' }]));
    expect(await importCmd([xml, '--db', db], memoryIO())).toBe(0);
    const asJson = memoryIO();
    const reconciled = memoryIO();
    expect(await importCmd(['--reconcile', '--json', '--db', db], reconciled)).toBe(0);
    const row443 = (JSON.parse(reconciled.out()) as { rows: Array<{ host: string; port: number; closedOutside: { how: string } | null }> }).rows.find((r) => r.host === PUBLIC && r.port === 443);
    expect(row443?.closedOutside?.how).toBe('filtered');
    expect(await importCmd(['--reconcile', '--attach', `${PUBLIC}:443`, '--json', '--db', db], asJson)).toBe(0);
    expect(JSON.parse(asJson.out())).toMatchObject({ host: HOST, port: 443, publicHost: PUBLIC, publicPort: 443, how: 'filtered', source: 'nmap', fileName: xml, attachedBy: expect.any(String) as unknown });

    const signed = memoryIO();
    expect(await signoff([`${HOST}:${PORT}`, '--db', db, '--key', path.join(dir, 'ada.key')], signed, { env: { COLLIMATOR_PASSPHRASE: 'ada passphrase 1' }, prompt: undefined })).toBe(0);
    const id = signed.out().trim();
    const out = path.join(dir, 'record.json');
    expect(await records(['export', id, '--format', 'json', '--out', out, '--db', db], memoryIO())).toBe(0);
    const verified = memoryIO();
    expect(await records(['verify', out], verified)).toBe(0);
    const exported = JSON.parse(fs.readFileSync(out, 'utf8')) as { records: Array<{ signed: string }> };
    const body = JSON.parse(Buffer.from(exported.records[0]!.signed, 'base64').toString('utf8')) as { format: string; internet: { closures: InternetClosure[] } };
    expect(body.format).toBe('collimator.record/4');
    const sha = createHashOf(newFile);
    expect(body.internet.closures).toEqual([expect.objectContaining({ publicHost: PUBLIC, publicPort: PORT, how: 'absent', source: 'shodan', closedAt: NEW, fileName: newFile, fileSha256: sha, lastOpenAt: OLD, lastOpenSource: 'shodan', attachedBy: 'Ada Admin' })]);

    // Edit the closure in the exported file: verify names the broken signature.
    const tampered = structuredClone(exported);
    const edited = { ...body, internet: { closures: [{ ...body.internet.closures[0]!, how: 'filtered' }] } };
    tampered.records[0]!.signed = Buffer.from(JSON.stringify(edited)).toString('base64');
    const bad = path.join(dir, 'tampered.json');
    fs.writeFileSync(bad, JSON.stringify(tampered));
    expect(await records(['verify', bad], memoryIO())).toBe(1);
  });
});

function createHashOf(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
