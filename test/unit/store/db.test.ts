/** Opening the database file: pragmas, refusals that leave the file untouched, read-only use. */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, StoreError, openStore } from '../../../electron/store';
import { APPLICATION_ID } from '../../../electron/store/migrate';
import { sampleReport, snapshot, tempDirs } from './helpers';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Asserts `fn` throws a one-line StoreError matching `pattern`. */
function expectStoreError(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(StoreError);
  const message = (caught as StoreError).message;
  expect(message).toMatch(pattern);
  expect(message).not.toContain('\n');
}

describe('openStore on a new file', () => {
  it('creates the parent directories and migrates from empty to the latest version', () => {
    const file = path.join(dirs.make(), 'deep', 'er', 'collimator.db');
    const store = openStore(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const tables = store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['scans', 'services', 'check_results', 'schema_migrations']));
    store.close();
  });

  it('sets WAL, foreign keys, a busy timeout, and only STRICT tables', () => {
    const store = openStore(path.join(dirs.make(), 'a.db'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    const lax = store.db.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND strict = 0").pluck().all();
    expect(lax).toEqual([]);
    store.close();
  });

  it('reopens an existing database without migrating again, data intact', () => {
    const file = path.join(dirs.make(), 'a.db');
    const first = openStore(file);
    first.beginScan({ id: 's', startedAt: '2025-01-01T00:00:00.000Z', vantage: { label: 'lab', untrusted: false }, targets: ['127.0.0.1'], ports: [104], toolVersion: '0.1.0' });
    const history = first.db.prepare('SELECT * FROM schema_migrations').all();
    first.close();
    const again = openStore(file);
    expect(again.db.prepare('SELECT * FROM schema_migrations').all()).toEqual(history);
    expect(again.listScans().map((s) => s.id)).toEqual(['s']);
    again.close();
  });

  it('accepts :memory: (no WAL there, foreign keys still on)', () => {
    const store = openStore(':memory:');
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
  });

  it('lets two connections share the file (WAL: a reader sees committed writes)', () => {
    const file = path.join(dirs.make(), 'a.db');
    const writer = openStore(file);
    const reader = openStore(file);
    writer.beginScan({ id: 's', startedAt: '2025-01-01T00:00:00.000Z', vantage: { label: 'lab', untrusted: false }, targets: [], ports: [], toolVersion: '0.1.0' });
    expect(reader.listScans().map((s) => s.id)).toEqual(['s']);
    writer.close();
    reader.close();
  });
});

describe('constraints', () => {
  it('enforces foreign keys and cascades deletes', () => {
    const store = openStore(path.join(dirs.make(), 'a.db'));
    expect(() => store.db.prepare("INSERT INTO services (scan_id, host, port, state) VALUES ('nope', 'h', 1, 'open')").run()).toThrow(/FOREIGN KEY/);
    const report = sampleReport();
    store.beginScan({ ...report.scan, toolVersion: '0.1.0' });
    for (const s of report.services) store.saveService(report.scan.id, s);
    expect(store.db.prepare('SELECT count(*) FROM check_results').pluck().get()).toBeGreaterThan(0);
    store.db.prepare('DELETE FROM scans WHERE id = ?').run(report.scan.id);
    expect(store.db.prepare('SELECT count(*) FROM services').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM check_results').pluck().get()).toBe(0);
    store.close();
  });

  it('rejects wrong types (STRICT) and words outside the closed vocabularies', () => {
    const store = openStore(':memory:');
    store.db.prepare("INSERT INTO scans (id, started_at, vantage_label, vantage_untrusted, targets, ports, tool_version) VALUES ('s', 't', 'l', 0, '[]', '[]', 'v')").run();
    expect(() => store.db.prepare("INSERT INTO services (scan_id, host, port, state) VALUES ('s', 'h', 'eighty', 'open')").run()).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => store.db.prepare("INSERT INTO services (scan_id, host, port, state) VALUES ('s', 'h', 80, 'half-open')").run()).toThrow(/CHECK constraint failed/);
    expect(() => store.db.prepare("INSERT INTO scans (id, started_at, vantage_label, vantage_untrusted, targets, ports, tool_version) VALUES ('t', 't', 'l', 0, 'not json', '[]', 'v')").run()).toThrow(/CHECK constraint failed/);
    store.close();
  });
});

describe('files that are refused and left untouched', () => {
  it('refuses a database written by a newer Collimator', () => {
    const file = path.join(dirs.make(), 'newer.db');
    openStore(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.exec('CREATE TABLE from_the_future (x INTEGER) STRICT');
    raw.close();
    const before = snapshot(file);
    expectStoreError(() => openStore(file), new RegExp(`newer Collimator \\(schema version ${LATEST + 1}, this version knows up to ${LATEST}\\)`));
    expectStoreError(() => openStore(file, { readonly: true }), /newer Collimator/);
    expect(snapshot(file)).toEqual(before);
  });

  it('refuses a newer database that is still in rollback-journal mode without switching it to WAL', () => {
    const file = path.join(dirs.make(), 'newer-delete.db');
    const raw = new Database(file);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma(`user_version = ${LATEST + 5}`);
    raw.close();
    const before = snapshot(file);
    expectStoreError(() => openStore(file), /newer Collimator/);
    expect(snapshot(file)).toEqual(before);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('refuses a newer version still held in the WAL (header in the main file not yet updated)', () => {
    const file = path.join(dirs.make(), 'newer-wal.db');
    openStore(file).close();
    // Another (newer) process holds the file open, its version bump not checkpointed yet.
    const other = new Database(file);
    other.pragma('wal_autocheckpoint = 0');
    other.pragma(`user_version = ${LATEST + 1}`);
    const before = snapshot(file);
    expect(before.bytes.readUInt32BE(60)).toBe(LATEST); // the main file still says the old version
    expectStoreError(() => openStore(file), /newer Collimator/);
    expect(snapshot(file)).toEqual(before);
    other.close();
  });

  it('refuses a file that is not SQLite at all', () => {
    const file = path.join(dirs.make(), 'garbage.db');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('this is a radiology report template, not a database\n'), crypto.randomBytes(8192)]));
    const before = snapshot(file);
    expectStoreError(() => openStore(file), /is not an SQLite database/);
    expect(snapshot(file)).toEqual(before);
  });

  it('refuses a damaged Collimator database', () => {
    const file = path.join(dirs.make(), 'damaged.db');
    openStore(file).close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, 100, 4096); // page 1 after the header: the schema's b-tree
    fs.writeFileSync(file, bytes);
    const before = snapshot(file);
    expectStoreError(() => openStore(file), /is damaged/);
    expect(snapshot(file)).toEqual(before);
  });

  it("refuses another application's SQLite database", () => {
    const file = path.join(dirs.make(), 'other.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE contacts (name TEXT)');
    raw.close();
    const before = snapshot(file);
    expectStoreError(() => openStore(file), /not a Collimator one/);
    expect(snapshot(file)).toEqual(before);

    const versioned = path.join(dirs.make(), 'versioned.db');
    const raw2 = new Database(versioned);
    raw2.pragma('user_version = 1');
    raw2.close();
    const before2 = snapshot(versioned);
    expectStoreError(() => openStore(versioned), /not a Collimator one/);
    expect(snapshot(versioned)).toEqual(before2);
  });

  it('refuses a path that cannot be a database file', () => {
    const dir = dirs.make();
    expectStoreError(() => openStore(dir), /cannot open/);
    expectStoreError(() => openStore(''), /no database file/);
  });

  it('refuses a folder that cannot be made, and a parent that is a file, without hanging', () => {
    const dir = dirs.make();
    const file = path.join(dir, 'plain-file');
    fs.writeFileSync(file, 'x');
    expectStoreError(() => openStore(path.join(file, 'sub', 'c.db')), /cannot create the directory/);
    // Node 20's recursive mkdir spins forever under /proc; the store must answer at once.
    if (process.platform === 'linux') expectStoreError(() => openStore('/proc/collimator-nope/x.db'), /cannot create the directory/);
  });
});

describe('read-only', () => {
  it('opens an up-to-date database and refuses writes with a StoreError', () => {
    const file = path.join(dirs.make(), 'a.db');
    openStore(file).close();
    const before = snapshot(file);
    const store = openStore(file, { readonly: true });
    expect(store.listScans()).toEqual([]);
    expectStoreError(
      () => store.beginScan({ id: 's', startedAt: '2025-01-01T00:00:00.000Z', vantage: { label: 'l', untrusted: false }, targets: [], ports: [], toolVersion: '0' }),
      /readonly/,
    );
    store.close();
    expect(snapshot(file).bytes).toEqual(before.bytes);
  });

  it('does not create a missing file, nor migrate an old one', () => {
    const dir = dirs.make();
    expectStoreError(() => openStore(path.join(dir, 'missing.db'), { readonly: true }), /cannot open/);
    expect(fs.readdirSync(dir)).toEqual([]);
    const empty = path.join(dir, 'empty.db');
    fs.writeFileSync(empty, '');
    expectStoreError(() => openStore(empty, { readonly: true }), /open it once without read-only/);
    expect(fs.statSync(empty).size).toBe(0);
    expectStoreError(() => openStore(':memory:', { readonly: true }), /in-memory/);
  });
});
