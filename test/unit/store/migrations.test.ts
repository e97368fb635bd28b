/**
 * One test per shipped migration: applied on top of the previous ones, it brings the
 * schema the code expects. The pinned hashes make the list append-only in practice:
 * editing a shipped migration fails here (write a new migration instead), and adding
 * one without its test fails too.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/store';
import { MIGRATIONS } from '../../../electron/store/migrations';
import { migrate, migrationHash } from '../../../electron/store/migrate';
import { SCANS_SQL } from '../../../electron/store/scans-repo';
import { dicomService, tempDirs } from './helpers';

/** SHA-256 of each shipped migration's text. Never edit an entry: add one for a new migration. */
const PINNED: Record<string, string> = {
  '001-scans': '63f62abde8a1723787ef0c1d28227f3afc235eba11946b77e994736281af3022',
  '002-remediation': '14445076500152c09d20b1ebf5cf15f1993b86bd9c28803a83a63ee79890e296',
  '003-records': '200bd24cef4525478c43a8252382d34a7588d1ccf8b6ed1374eb9aeb653426b4',
  '004-signature-claims': '65c6c0351820704afe1590e2efab1163817ecd0e2214842a13f653972186bbc7',
  '005-protocol-basis': '8d2c9e204edf4a4d16c782fddaa7307ff83bd32f84a9277a059ffd298c188950',
  '006-append-only-and-step-snapshots': '1de1be1b5777702875d027ac1811348a30d707818cf1b8684c042fdcd741dd5b',
  '007-trust-list': '36e0c5d5daa8e64cfaf55c393418c24522321ef52a4f549e25ca878da5665a56',
  '008-scan-error': 'c892bfa4c74b31a4f4d294b9441c90af6b44617f656957dd6684183a2545b8d9',
  '009-observed-peers': '057745e59189f1fc36b07ab3369ac1f948d2268804c20b990ee4817a46f4fd29',
  '010-peerfix': '13e16005d40491c0d7231f614ca05fb5a16b7d0bedf779fe699e585f78638e1f',
  '011-maintenance-window-history': '783c7360ae7e25b3a2201c80c5f147a8187ab60964911510ac3faca8418432c8',
  '012-internet': '4bc0acae2d716ca261a974bd370d5976196427f3fe046511fc992fd01c7055a3',
  '013-check-selection': '92d3af9fe748efa5ca1bff1fa1313a5f6ecae431efc6aa415f05fa5a98526b42',
  '014-check-results-compact': 'fd277b86ac77add4d38d4a6156a5823e224f40412100d8c90078d745514cd642',
  '015-internet-closures': '3e2d5b2bb2c55f3954a1f37464ee61da2c7453bab338384a76bccb490ad86a7b',
  '016-internet-import-index': 'd1f6ca56c91982bf29c6a565655e9b85b5c6f1998a3b19c3c281726b406c2c97',
  '017-check-results-cheap-checks': '86c8d6260d8e65797d3312d3b900b082354b48905873491e1dcd7738c5e44a53',
};

/** A fresh in-memory database at `version` (0 = empty), set up as openStore sets it. */
function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, version), 'test');
  return db;
}

function columns(db: Database.Database, table: string): Array<{ name: string; type: string; notnull: number; pk: number }> {
  return db.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info('${table}')`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>;
}

describe('the migration list', () => {
  it('pins the hash of every shipped migration, and nothing else', () => {
    expect(Object.keys(PINNED)).toEqual(MIGRATIONS.map((m) => m.name));
    for (const m of MIGRATIONS) expect(migrationHash(m), `${m.name} changed after it shipped: add a new migration instead`).toBe(PINNED[m.name]);
  });

  it('has no transaction control or user_version in any migration (the runner owns them)', () => {
    // A trigger's body is BEGIN <statements> END; only a bare BEGIN [mode] ; starts a transaction.
    for (const m of MIGRATIONS) {
      expect(m.sql).not.toMatch(/\b(?:BEGIN(?:\s+(?:DEFERRED|IMMEDIATE|EXCLUSIVE))?(?:\s+TRANSACTION)?\s*;|COMMIT\b|ROLLBACK\b|END\s+TRANSACTION\b|user_version\b)/i);
      expect(m.sql.replace(/\bCREATE\s+TRIGGER\b[\s\S]*?\bBEGIN\b[\s\S]*?\bEND\s*;/gi, '')).not.toMatch(/\bBEGIN\b/i);
    }
  });
});

describe('001-scans', () => {
  const m = MIGRATIONS[0]!;

  it('applies to an empty database and records itself', () => {
    const db = databaseAt(0);
    migrate(db, MIGRATIONS.slice(0, 1), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare('SELECT version, name, sha256 FROM schema_migrations').all()).toEqual([{ version: 1, name: m.name, sha256: migrationHash(m) }]);

    expect(columns(db, 'scans').map((c) => [c.name, c.type, c.notnull])).toEqual([
      ['id', 'TEXT', 1], ['started_at', 'TEXT', 1], ['finished_at', 'TEXT', 0], ['vantage_label', 'TEXT', 1],
      ['vantage_untrusted', 'INTEGER', 1], ['targets', 'TEXT', 1], ['ports', 'TEXT', 1], ['cancelled', 'INTEGER', 1], ['tool_version', 'TEXT', 1],
    ]);
    expect(columns(db, 'services').map((c) => [c.name, c.type, c.notnull])).toEqual([
      ['id', 'INTEGER', 0], ['scan_id', 'TEXT', 1], ['host', 'TEXT', 1], ['port', 'INTEGER', 1], ['state', 'TEXT', 1],
      ['protocol', 'TEXT', 0], ['product', 'TEXT', 0], ['called_ae', 'TEXT', 0], ['called_ae_source', 'TEXT', 0],
    ]);
    expect(columns(db, 'check_results').filter((c) => c.pk > 0).map((c) => c.name)).toEqual(['service_id', 'check_id']);

    const fks = (table: string) => db.prepare(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('${table}')`).all();
    expect(fks('services')).toEqual([{ table: 'scans', from: 'scan_id', to: 'id', on_delete: 'CASCADE' }]);
    expect(fks('check_results')).toEqual([{ table: 'services', from: 'service_id', to: 'id', on_delete: 'CASCADE' }]);

    const indexCols = (index: string) => db.prepare(`SELECT name FROM pragma_index_info('${index}') ORDER BY seqno`).pluck().all();
    expect(indexCols('services_by_endpoint')).toEqual(['host', 'port']);
    expect(indexCols('scans_by_started_at')).toEqual(['started_at']);
    const unique = db.prepare("SELECT name FROM pragma_index_list('services') WHERE \"unique\" = 1 AND origin = 'u'").pluck().all() as string[];
    expect(unique.map(indexCols)).toEqual([['scan_id', 'host', 'port']]);

    const strict = db.prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('scans', 'services', 'check_results') ORDER BY name").all();
    expect(strict).toEqual([{ name: 'check_results', strict: 1 }, { name: 'scans', strict: 1 }, { name: 'services', strict: 1 }]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('002-remediation', () => {
  it('applies on top of 001 and adds the inventory, checklist history, verifications and windows', () => {
    const db = databaseAt(1);
    migrate(db, MIGRATIONS.slice(0, 2), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(columns(db, 'inventory_nodes').map((c) => c.name)).toEqual(['id', 'ae_title', 'host', 'port', 'role', 'description', 'updated_at']);
    expect(columns(db, 'checklist_events').map((c) => c.name)).toEqual(['seq', 'host', 'port', 'kind', 'item', 'done', 'actor', 'at', 'note']);
    expect(columns(db, 'verifications').map((c) => c.name)).toEqual([
      'id', 'host', 'port', 'before_scan_id', 'before_at', 'after_at', 'after_finished_at', 'vantage_label', 'vantage_untrusted', 'passed', 'result', 'before_service', 'after_service',
    ]);
    expect(columns(db, 'window_servers').filter((c) => c.pk > 0).map((c) => c.name)).toEqual(['window_id', 'host', 'port']);
    const fks = db.prepare(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('window_servers')`).all();
    expect(fks).toEqual([{ table: 'maintenance_windows', from: 'window_id', to: 'id', on_delete: 'CASCADE' }]);
    const strict = db.prepare("SELECT name FROM pragma_table_list WHERE strict = 1 AND name IN ('inventory_nodes', 'checklist_events', 'verifications', 'maintenance_windows', 'window_servers') ORDER BY name").pluck().all();
    expect(strict).toEqual(['checklist_events', 'inventory_nodes', 'maintenance_windows', 'verifications', 'window_servers']);
    // The constraints hold: one node per (AE, host, port), a window ends after it starts.
    const ins = db.prepare("INSERT INTO inventory_nodes (ae_title, host, port, updated_at) VALUES ('CT1', '10.200.0.5', 104, '2025-01-01T00:00:00.000Z')");
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO maintenance_windows VALUES ('w', 'n', '2025-01-02T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')").run()).toThrow(/CHECK/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('003-records', () => {
  it('applies on top of 002 and adds operators, records, signatures and the audit log, append-only', () => {
    const db = databaseAt(2);
    migrate(db, MIGRATIONS.slice(0, 3), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(columns(db, 'records').map((c) => c.name)).toEqual(['position', 'id', 'host', 'port', 'created_at', 'supersedes', 'prev_hash', 'hash', 'canonical']);
    expect(columns(db, 'record_signatures').map((c) => c.name)).toEqual(['seq', 'record_id', 'kind', 'name', 'role', 'public_key', 'fingerprint', 'signature', 'signed_at']);
    expect(columns(db, 'audit_log').map((c) => c.name)).toEqual(['seq', 'at', 'action', 'actor', 'record_id', 'detail']);
    expect(columns(db, 'operators').map((c) => c.name)).toEqual(['fingerprint', 'name', 'role', 'public_key', 'created_at', 'sealed_private_key', 'sealed_with']);
    const triggers = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").pluck().all();
    expect(triggers).toEqual([
      'audit_log_no_delete', 'audit_log_no_update', 'record_signatures_no_delete', 'record_signatures_no_update', 'record_signatures_order',
      'records_extend_chain', 'records_no_delete', 'records_no_update',
    ]);
    const strict = db.prepare("SELECT name FROM pragma_table_list WHERE strict = 1 AND name IN ('operators', 'records', 'record_signatures', 'audit_log') ORDER BY name").pluck().all();
    expect(strict).toEqual(['audit_log', 'operators', 'record_signatures', 'records']);
    // The audit log refuses edits even right after the migration (the records' own triggers are tested in test/unit/records).
    db.prepare("INSERT INTO audit_log (at, action, actor) VALUES ('2025-01-01T00:00:00.000Z', 'export', 'tester')").run();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/cannot be changed/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/cannot be deleted/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('004-signature-claims', () => {
  it('applies on top of 003 and adds the claim signature column; signatures stay append-only', () => {
    const db = databaseAt(3);
    migrate(db, MIGRATIONS.slice(0, 4), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(columns(db, 'record_signatures').map((c) => c.name)).toEqual(['seq', 'record_id', 'kind', 'name', 'role', 'public_key', 'fingerprint', 'signature', 'signed_at', 'claim_signature']);
    const triggers = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'record_signatures' ORDER BY name").pluck().all();
    expect(triggers).toEqual(['record_signatures_no_delete', 'record_signatures_no_update', 'record_signatures_order']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('005-protocol-basis', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  it('applies on top of 004 and adds a nullable protocol_basis to services', () => {
    const db = databaseAt(4);
    migrate(db, MIGRATIONS.slice(0, 5), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(columns(db, 'services').map((c) => [c.name, c.type, c.notnull])).toEqual([
      ['id', 'INTEGER', 0], ['scan_id', 'TEXT', 1], ['host', 'TEXT', 1], ['port', 'INTEGER', 1], ['state', 'TEXT', 1],
      ['protocol', 'TEXT', 0], ['product', 'TEXT', 0], ['called_ae', 'TEXT', 0], ['called_ae_source', 'TEXT', 0], ['protocol_basis', 'TEXT', 0],
    ]);
    const strict = db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'services'").pluck().get();
    expect(strict).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('upgrades a version-4 database file: its services read back without a basis, new ones keep theirs', () => {
    const file = path.join(dirs.make(), 'v4.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.slice(0, 4), file);
    // A scan saved by the previous version, with the SQL it used (no protocol_basis column).
    old.prepare(SCANS_SQL.insertScan).run('v4-scan', '2025-01-01T00:00:00.000Z', 'lab', 0, '["127.0.0.1"]', '[11112]', '0.1.0');
    old.prepare('INSERT INTO services (scan_id, host, port, state, protocol, product, called_ae, called_ae_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run('v4-scan', '127.0.0.1', 11112, 'open', 'unknown', null, null, null);
    old.prepare("UPDATE scans SET finished_at = '2025-01-01T00:00:05.000Z' WHERE id = 'v4-scan'").run();
    old.close();

    const store = openStore(file);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const before = store.getScan('v4-scan')!;
      expect(before.services).toStrictEqual([{ host: '127.0.0.1', port: 11112, state: 'open', protocol: 'unknown', checks: [] }]);

      store.beginScan({ id: 'v5-scan', startedAt: '2025-02-01T00:00:00.000Z', vantage: { label: 'lab', untrusted: false }, targets: ['127.0.0.1'], ports: [11112], toolVersion: '0.1.0' });
      store.saveService('v5-scan', dicomService('127.0.0.1', 11112));
      expect(store.latestService('127.0.0.1', 11112)?.service.protocolBasis).toBe('answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC');
      expect(store.getScan('v4-scan')!.services[0]).not.toHaveProperty('protocolBasis');
    } finally {
      store.close();
    }
  });
});

describe('006-append-only-and-step-snapshots', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  it('applies on top of 005: a nullable shown column on checklist events, and insert/update/delete triggers on every protected table', () => {
    const db = databaseAt(5);
    migrate(db, MIGRATIONS.slice(0, 6), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(columns(db, 'checklist_events').map((c) => [c.name, c.notnull])).toEqual([
      ['seq', 0], ['host', 1], ['port', 1], ['kind', 1], ['item', 1], ['done', 1], ['actor', 1], ['at', 1], ['note', 1], ['shown', 0],
    ]);
    const triggers = (table: string) => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? ORDER BY name").pluck().all(table);
    expect(triggers('records')).toEqual(['records_extend_chain', 'records_no_delete', 'records_no_replace', 'records_no_update']);
    expect(triggers('record_signatures')).toEqual(['record_signatures_extend', 'record_signatures_no_delete', 'record_signatures_no_replace', 'record_signatures_no_update', 'record_signatures_order']);
    expect(triggers('audit_log')).toEqual(['audit_log_extend', 'audit_log_no_delete', 'audit_log_no_replace', 'audit_log_no_update']);
    expect(triggers('checklist_events')).toEqual(['checklist_events_extend', 'checklist_events_no_delete', 'checklist_events_no_replace', 'checklist_events_no_update']);
    // shown holds a JSON object or nothing (the behaviour of every trigger is tested in append-only.test.ts).
    const ins = db.prepare("INSERT INTO checklist_events (host, port, kind, item, done, actor, at, shown) VALUES ('10.200.0.2', 104, 'step', 'a/b', 1, 'x', '2025-01-01T00:00:00.000Z', ?)");
    expect(() => ins.run('[1]')).toThrow(/CHECK/);
    expect(() => ins.run('not json')).toThrow(/CHECK/);
    ins.run(null);
    ins.run('{"text":"t"}');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('upgrades a version-5 database file: its checklist events read back with nothing shown, new ones keep theirs', () => {
    const file = path.join(dirs.make(), 'v5.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    migrate(old, MIGRATIONS.slice(0, 5), file);
    // A change saved by the previous version, with the SQL it used (no shown column).
    old.prepare("INSERT INTO checklist_events (host, port, kind, item, done, actor, at, note) VALUES ('10.200.0.2', 104, 'step', 'dicom.any-calling-ae/inventory', 1, 'Ada', '2025-01-01T00:00:00.000Z', '')").run();
    old.close();

    const store = openStore(file);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const shown = { text: 'Check the inventory', snippet: null, peers: [], scanId: 's1' };
      store.checklists.append({ host: '10.200.0.2', port: 104 }, { kind: 'step', item: 'dicom.any-calling-ae/inventory', done: false, actor: 'Ada', note: '', at: '2025-01-02T00:00:00.000Z', shown });
      expect(store.checklists.get({ host: '10.200.0.2', port: 104 }).history.map((e) => [e.seq, e.shown])).toEqual([[1, null], [2, shown]]);
    } finally {
      store.close();
    }
  });
});

describe('007-trust-list', () => {
  const m = MIGRATIONS.find((x) => x.name === '007-trust-list')!;
  const signedRow = ['team.trust', 'signed', 'a'.repeat(64), '2025-03-01T00:00:00.000Z', '{"format":"collimator.trust/1"}'];

  it('applies on top of the one before and adds trust_imports, keeping each list as its text', () => {
    const db = databaseAt(m.version - 1);
    migrate(db, MIGRATIONS.slice(0, m.version), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(m.version);
    expect(columns(db, 'trust_imports').map((c) => [c.name, c.type, c.notnull])).toEqual([
      ['id', 'INTEGER', 0], ['name', 'TEXT', 1], ['kind', 'TEXT', 1], ['organisation_fingerprint', 'TEXT', 0], ['imported_at', 'TEXT', 1], ['text', 'TEXT', 1],
    ]);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'trust_imports'").pluck().get()).toBe(1);
    const insert = db.prepare('INSERT INTO trust_imports (name, kind, organisation_fingerprint, imported_at, text) VALUES (?, ?, ?, ?, ?)');
    expect(insert.run(...signedRow).changes).toBe(1);
    expect(insert.run('team.txt', 'fingerprints', null, '2025-03-01T00:00:00.000Z', 'b'.repeat(64)).changes).toBe(1);
    // A signed list names its organisation key; a plain list has none; kinds and names are bounded.
    expect(() => insert.run('x', 'signed', null, '2025-03-01T00:00:00.000Z', '{}')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('x', 'fingerprints', 'a'.repeat(64), '2025-03-01T00:00:00.000Z', 'x')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('x', 'signed', 'A'.repeat(64), '2025-03-01T00:00:00.000Z', '{}')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('x', 'pgp', null, '2025-03-01T00:00:00.000Z', 'x')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('', 'fingerprints', null, '2025-03-01T00:00:00.000Z', 'x')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('x', 'fingerprints', null, '2025-03-01T00:00:00.000Z', '')).toThrow(/CHECK constraint failed/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('008-scan-error', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());
  const at = MIGRATIONS.findIndex((m) => m.name === '008-scan-error');

  it('applies on top of the one before it and adds a nullable error to scans', () => {
    const db = databaseAt(at);
    migrate(db, MIGRATIONS.slice(0, at + 1), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[at]!.version);
    expect(columns(db, 'scans').map((c) => [c.name, c.type, c.notnull]).at(-1)).toEqual(['error', 'TEXT', 0]);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'scans'").pluck().get()).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('upgrades an older database file: its scans list without an error, a failed new one keeps its reason', () => {
    const file = path.join(dirs.make(), 'old.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.slice(0, at), file);
    old.prepare(SCANS_SQL.insertScan).run('old-scan', '2025-01-01T00:00:00.000Z', 'lab', 0, '["127.0.0.1"]', '[11112]', '0.1.0');
    old.prepare("UPDATE scans SET finished_at = '2025-01-01T00:00:05.000Z' WHERE id = 'old-scan'").run();
    old.close();

    const store = openStore(file);
    try {
      expect(store.listScans()[0]).toMatchObject({ id: 'old-scan', cancelled: false });
      expect(store.listScans()[0]).not.toHaveProperty('error');
      store.beginScan({ id: 'new-scan', startedAt: '2025-02-01T00:00:00.000Z', vantage: { label: 'lab', untrusted: false }, targets: ['127.0.0.1'], ports: [11112], toolVersion: '0.1.0' });
      store.finishScan('new-scan', '2025-02-01T00:00:01.000Z', true, 'the sweep failed: EMFILE');
      expect(store.listScans()[0]).toMatchObject({ id: 'new-scan', cancelled: true, error: 'the sweep failed: EMFILE' });
    } finally {
      store.close();
    }
  });
});

describe('009-observed-peers', () => {
  const at = MIGRATIONS.findIndex((m) => m.name === '009-observed-peers');

  it('applies on top of the one before it and adds the learned peers, one row per source and peer', () => {
    const db = databaseAt(at);
    migrate(db, MIGRATIONS.slice(0, at + 1), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[at]!.version);
    expect(columns(db, 'observed_peers').map((c) => c.name)).toEqual([
      'id', 'source', 'format', 'host', 'port', 'called_ae', 'calling_ae', 'address', 'accepted', 'operations', 'first_seen', 'last_seen', 'count', 'learned_at',
    ]);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'observed_peers'").pluck().get()).toBe(1);
    const ins = db.prepare("INSERT INTO observed_peers (source, format, calling_ae, accepted, operations, count, learned_at) VALUES ('a.log', 'dcmtk', 'CT1', 1, '[\"echo\"]', 1, '2026-01-01T00:00:00.000Z')");
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO observed_peers (source, format, accepted, operations, count, learned_at) VALUES ('b', 'syslog', 1, '[]', 1, 'x')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO observed_peers (source, format, accepted, operations, count, learned_at) VALUES ('b', 'pcap', 1, '{}', 1, 'x')").run()).toThrow(/CHECK/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('011-maintenance-window-history', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());
  const at = MIGRATIONS.findIndex((m) => m.name === '011-maintenance-window-history');

  it('applies on top of the one before it: a nullable closed_at and an append-only, strict history table', () => {
    const db = databaseAt(at);
    migrate(db, MIGRATIONS.slice(0, at + 1), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[at]!.version);
    expect(columns(db, 'maintenance_windows').map((c) => [c.name, c.type, c.notnull]).at(-1)).toEqual(['closed_at', 'TEXT', 0]);
    expect(columns(db, 'maintenance_window_events').map((c) => [c.name, c.type, c.notnull])).toEqual([
      ['seq', 'INTEGER', 0], ['window_id', 'TEXT', 1], ['at', 'TEXT', 1], ['action', 'TEXT', 1], ['actor', 'TEXT', 1], ['detail', 'TEXT', 1],
    ]);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'maintenance_window_events'").pluck().get()).toBe(1);
    db.prepare("INSERT INTO maintenance_windows (id, name, starts_at, ends_at, created_at) VALUES ('w', 'n', '2025-01-01T00:00:00.000Z', '2025-01-01T01:00:00.000Z', '2025-01-01T00:00:00.000Z')").run();
    const insert = db.prepare('INSERT INTO maintenance_window_events (window_id, at, action, actor, detail) VALUES (?, ?, ?, ?, ?)');
    expect(insert.run('w', '2025-01-01T00:10:00.000Z', 'extended', 'Ada', '{"minutes":5}').changes).toBe(1);
    expect(() => insert.run('nope', 'x', 'closed', 'Ada', '{}')).toThrow(/FOREIGN KEY/);
    expect(() => insert.run('w', 'x', 'renamed', 'Ada', '{}')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('w', 'x', 'closed', '', '{}')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('w', 'x', 'closed', 'Ada', '[1]')).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare('UPDATE maintenance_window_events SET actor = ?').run('Eve')).toThrow(/cannot be rewritten/);
    expect(() => db.prepare('DELETE FROM maintenance_window_events').run()).toThrow(/cannot be rewritten/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('upgrades an older database file: its windows read back open with no history', () => {
    const file = path.join(dirs.make(), 'old.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.slice(0, at), file);
    old.prepare("INSERT INTO maintenance_windows (id, name, starts_at, ends_at, created_at) VALUES ('old', 'Old window', '2025-01-01T00:00:00.000Z', '2025-01-01T01:00:00.000Z', '2025-01-01T00:00:00.000Z')").run();
    old.close();

    const store = openStore(file);
    try {
      const w = store.maintenanceWindows.get('old');
      expect(w).toMatchObject({ id: 'old', name: 'Old window' });
      expect(w).not.toHaveProperty('closedAt');
      expect(store.maintenanceWindows.history('old')).toEqual([]);
    } finally {
      store.close();
    }
  });
});

describe('012-internet', () => {
  const at = MIGRATIONS.findIndex((m) => m.name === '012-internet');

  it('applies on top of the one before it: imports, observations and the address map, STRICT', () => {
    const db = databaseAt(at);
    migrate(db, MIGRATIONS.slice(0, at + 1), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[at]!.version);
    for (const t of ['internet_imports', 'internet_observations', 'internet_address_map']) {
      expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').pluck().get(t)).toBe(1);
    }
    expect(columns(db, 'internet_observations').map((c) => c.name)).toEqual(['id', 'import_id', 'host', 'port', 'transport', 'state', 'kind', 'product', 'version', 'tls', 'said', 'observed_at', 'source', 'file_sha256']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('013-check-selection', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());
  const at = MIGRATIONS.findIndex((m) => m.name === '013-check-selection');

  it('applies on top of the one before it and adds nullable profile and checks to scans, checked', () => {
    const db = databaseAt(at);
    migrate(db, MIGRATIONS.slice(0, at + 1), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[at]!.version);
    expect(columns(db, 'scans').map((c) => [c.name, c.type, c.notnull]).slice(-2)).toEqual([['profile', 'TEXT', 0], ['checks', 'TEXT', 0]]);
    db.prepare(SCANS_SQL.insertScan).run('s', '2025-01-01T00:00:00.000Z', 'lab', 0, '[]', '[104]', '0.1.0');
    expect(() => db.prepare(SCANS_SQL.scanSelection).run('fast', '[]', 's')).toThrow(/CHECK constraint/);
    expect(() => db.prepare(SCANS_SQL.scanSelection).run('custom', '{"a":1}', 's')).toThrow(/CHECK constraint/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('upgrades an older database file: its scans read back without a selection, a new one keeps its own', () => {
    const file = path.join(dirs.make(), 'old.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.slice(0, at), file);
    old.prepare(SCANS_SQL.insertScan).run('old-scan', '2025-01-01T00:00:00.000Z', 'lab', 0, '["127.0.0.1"]', '[11112]', '0.1.0');
    old.close();

    const store = openStore(file);
    try {
      expect(store.getScan('old-scan')?.scan).not.toHaveProperty('profile');
      expect(store.getScan('old-scan')?.scan).not.toHaveProperty('checks');
      store.beginScan({
        id: 'new-scan', startedAt: '2025-02-01T00:00:00.000Z', vantage: { label: 'lab', untrusted: false }, targets: ['127.0.0.1'], ports: [11112], toolVersion: '0.1.0',
        selection: { profile: 'discovery', checks: ['dicom.detected', 'dicom.any-called-ae'] },
      });
      expect(store.getScan('new-scan')?.scan).toMatchObject({ profile: 'discovery', checks: ['dicom.detected', 'dicom.any-called-ae'] });
    } finally {
      store.close();
    }
  });
});

describe('014-check-results-compact', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());
  const at = MIGRATIONS.findIndex((m) => m.name === '014-check-results-compact');

  it('makes check_results one B-tree keyed (service_id, seq), strict, with its foreign key', () => {
    const db = databaseAt(at);
    migrate(db, MIGRATIONS.slice(0, at + 1), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[at]!.version);
    expect(columns(db, 'check_results').filter((c) => c.pk > 0).map((c) => c.name)).toEqual(['service_id', 'seq']);
    expect(db.prepare("SELECT strict, wr FROM pragma_table_list WHERE name = 'check_results'").get()).toEqual({ strict: 1, wr: 1 });
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'check_results'").pluck().get()).toBe(0);
    expect((db.pragma('foreign_key_list(check_results)') as Array<{ table: string; on_delete: string }>).map((f) => [f.table, f.on_delete])).toEqual([['services', 'CASCADE']]);
    db.close();
  });

  it('upgrades an older database file: its results keep their order and read back the same', () => {
    const file = path.join(dirs.make(), 'old.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.slice(0, at), file);
    old.prepare(SCANS_SQL.insertScan).run('old-scan', '2025-01-01T00:00:00.000Z', 'lab', 0, '["127.0.0.1"]', '[104]', '0.1.0');
    const sid = old.prepare("INSERT INTO services (scan_id, host, port, state, protocol) VALUES ('old-scan', '127.0.0.1', 104, 'open', 'dicom')").run().lastInsertRowid;
    // Saved by the previous version, with the SQL it used (no seq), in a non-alphabetical order.
    const insert = old.prepare('INSERT INTO check_results (service_id, check_id, status, severity, summary, evidence, attack) VALUES (?, ?, ?, ?, ?, ?, ?)');
    insert.run(sid, 'dicom.plaintext', 'fail', 'high', 'plain', '{"transport":"plain TCP"}', '["T1040"]');
    insert.run(sid, 'dicom.detected', 'fail', 'info', 'found', '{}', '[]');
    old.prepare("UPDATE scans SET finished_at = '2025-01-01T00:00:05.000Z' WHERE id = 'old-scan'").run();
    old.close();

    const store = openStore(file);
    try {
      const checks = store.getScan('old-scan')?.services[0]?.checks;
      expect(checks?.map((c) => [c.id, c.evidence, c.attack])).toEqual([
        ['dicom.plaintext', { transport: 'plain TCP' }, ['T1040']],
        ['dicom.detected', {}, []],
      ]);
      expect(store.latestService('127.0.0.1', 104)?.service.checks.map((c) => c.id)).toEqual(['dicom.plaintext', 'dicom.detected']);
    } finally {
      store.close();
    }
  });
});

describe('015-internet-closures', () => {
  const at = MIGRATIONS.findIndex((m) => m.name === '015-internet-closures');

  it('adds the append-only table of closures seen from the internet, attached to servers', () => {
    const db = databaseAt(at);
    migrate(db, MIGRATIONS.slice(0, at + 1), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[at]!.version);
    expect(columns(db, 'internet_closures').map((c) => c.name)).toEqual([
      'seq', 'host', 'port', 'public_host', 'public_port', 'closed_at', 'how', 'source', 'import_id', 'file_name', 'file_sha256',
      'last_open_at', 'last_open_source', 'attached_at', 'attached_by',
    ]);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'internet_closures'").pluck().get()).toBe(1);
    const triggers = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'internet_%' ORDER BY name").pluck().all();
    expect(triggers).toEqual(['internet_closures_no_delete', 'internet_closures_no_replace', 'internet_closures_no_update', 'internet_imports_attached_no_delete']);
    db.close();
  });
});

describe('016-internet-import-index', () => {
  const at = MIGRATIONS.findIndex((m) => m.name === '016-internet-import-index');

  it('drops the import_id index of internet_observations and keeps the service index and the foreign key', () => {
    const db = databaseAt(at);
    const indexes = (): string[] => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'internet_observations' ORDER BY name").pluck().all() as string[];
    expect(indexes()).toEqual(['internet_observations_by_import', 'internet_observations_by_service']);
    migrate(db, MIGRATIONS.slice(0, at + 1), 'test');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[at]!.version);
    expect(indexes()).toEqual(['internet_observations_by_service']);
    expect((db.pragma('foreign_key_list(internet_observations)') as Array<{ table: string; on_delete: string }>).map((f) => [f.table, f.on_delete])).toEqual([['internet_imports', 'CASCADE']]);
    // The cascade still works without the index (a scan of the table).
    db.prepare("INSERT INTO internet_imports (id, imported_at, file_name, file_sha256, format, records_read, observations, skipped) VALUES ('i1', '2026-01-01T00:00:00.000Z', 'f', ?, 'shodan', 1, 1, 0)").run('a'.repeat(64));
    db.prepare("INSERT INTO internet_observations (import_id, host, port, transport, state, kind, tls, said, observed_at, source, file_sha256) VALUES ('i1', '203.0.113.1', 104, 'tcp', 'open', 'dicom', 0, '{}', '2026-01-01T00:00:00.000Z', 'shodan', ?)").run('a'.repeat(64));
    db.prepare("DELETE FROM internet_imports WHERE id = 'i1'").run();
    expect(db.prepare('SELECT count(*) FROM internet_observations').pluck().get()).toBe(0);
    db.close();
  });
});

describe('017-check-results-cheap-checks', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());
  const at = MIGRATIONS.findIndex((m) => m.name === '017-check-results-cheap-checks');

  it('keeps the table of 014 (key, WITHOUT ROWID, STRICT, foreign key) and still refuses what 014 refused', () => {
    const db = databaseAt(at + 1);
    expect(columns(db, 'check_results').map((c) => [c.name, c.type, c.notnull])).toEqual([
      ['service_id', 'INTEGER', 1], ['seq', 'INTEGER', 1], ['check_id', 'TEXT', 1], ['status', 'TEXT', 1], ['severity', 'TEXT', 1],
      ['summary', 'TEXT', 1], ['evidence', 'TEXT', 1], ['attack', 'TEXT', 1],
    ]);
    expect(columns(db, 'check_results').filter((c) => c.pk > 0).map((c) => c.name)).toEqual(['service_id', 'seq']);
    expect(db.prepare("SELECT strict, wr FROM pragma_table_list WHERE name = 'check_results'").get()).toEqual({ strict: 1, wr: 1 });
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'check_results'").pluck().get()).toBe(0);
    expect((db.pragma('foreign_key_list(check_results)') as Array<{ table: string; on_delete: string }>).map((f) => [f.table, f.on_delete])).toEqual([['services', 'CASCADE']]);

    db.prepare(SCANS_SQL.insertScan).run('s', '2025-01-01T00:00:00.000Z', 'lab', 0, '[]', '[104]', '0.1.0');
    const sid = db.prepare("INSERT INTO services (scan_id, host, port, state) VALUES ('s', '127.0.0.1', 104, 'open')").run().lastInsertRowid;
    const insert = db.prepare('INSERT INTO check_results (service_id, seq, check_id, status, severity, summary, evidence, attack) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const row = (seq: number, status: string, severity: string, evidence = '{}', attack = '[]') => () => insert.run(sid, seq, 'dicom.detected', status, severity, 'x', evidence, attack);
    for (const [k, status] of ['fail', 'pass', 'inconclusive', 'not-applicable', 'skipped'].entries()) row(k, status, 'info')();
    for (const [k, severity] of ['low', 'medium', 'high', 'critical'].entries()) row(10 + k, 'pass', severity)();
    expect(row(20, 'failed', 'info')).toThrow(/CHECK constraint failed: status/);
    expect(row(21, 'FAIL', 'info')).toThrow(/CHECK constraint failed: status/);
    expect(row(22, 'fail', 'severe')).toThrow(/CHECK constraint failed: severity/);
    expect(row(23, 'fail', 'info', '{"a":')).toThrow(/CHECK constraint failed: json_valid\(evidence\)/);
    expect(row(24, 'fail', 'info', '{}', '[1,')).toThrow(/CHECK constraint failed: json_valid\(attack\)/);
    expect(() => insert.run(Number(sid) + 1, 0, 'dicom.detected', 'fail', 'info', 'x', '{}', '[]')).toThrow(/FOREIGN KEY constraint failed/);
    expect(db.prepare('SELECT count(*) FROM check_results').pluck().get()).toBe(9);
    db.close();
  });

  it('checks each row without a temporary table (no OpenEphemeral in the INSERT the repository runs)', () => {
    const db = databaseAt(at + 1);
    const ops = (db.prepare('EXPLAIN INSERT INTO check_results (service_id, seq, check_id, status, severity, summary, evidence, attack) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').all(Array(8).fill(null)) as Array<{ opcode: string }>).map((r) => r.opcode);
    expect(ops).toContain('IdxInsert');
    expect(ops).not.toContain('OpenEphemeral');
    db.close();
  });

  it('upgrades a version-14 file: results keep their order and read back the same', () => {
    const file = path.join(dirs.make(), 'v14.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.slice(0, at), file);
    old.prepare(SCANS_SQL.insertScan).run('v14', '2025-01-01T00:00:00.000Z', 'lab', 0, '["127.0.0.1"]', '[104]', '0.1.0');
    const sid = old.prepare("INSERT INTO services (scan_id, host, port, state, protocol) VALUES ('v14', '127.0.0.1', 104, 'open', 'dicom')").run().lastInsertRowid;
    const insert = old.prepare('INSERT INTO check_results (service_id, seq, check_id, status, severity, summary, evidence, attack) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run(sid, 0, 'dicom.plaintext', 'fail', 'high', 'plain "TCP"', '{"transport":"plain TCP"}', '["T1040"]');
    insert.run(sid, 1, 'dicom.detected', 'fail', 'info', 'found', '{}', '[]');
    old.prepare("UPDATE scans SET finished_at = '2025-01-01T00:00:05.000Z' WHERE id = 'v14'").run();
    old.close();

    const store = openStore(file);
    try {
      expect(store.getScan('v14')?.services[0]?.checks).toEqual([
        { id: 'dicom.plaintext', status: 'fail', severity: 'high', summary: 'plain "TCP"', evidence: { transport: 'plain TCP' }, attack: ['T1040'] },
        { id: 'dicom.detected', status: 'fail', severity: 'info', summary: 'found', evidence: {}, attack: [] },
      ]);
    } finally {
      store.close();
    }
  });
});
