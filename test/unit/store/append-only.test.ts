/**
 * Append-only means append-only (issue 11): on every protected table (records, their
 * signatures with claim signatures, the audit log, the checklist history), UPDATE,
 * DELETE, INSERT OR REPLACE, REPLACE INTO, an upsert and a plain re-insert of an
 * existing key all fail against a real database file, and the table is unchanged
 * afterwards; a number that does not extend a log's sequence fails too; a normal append
 * still works. Run with PRAGMA recursive_triggers off (SQLite's default, where REPLACE's
 * delete fires no DELETE trigger: the hole) and on.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/store';
import { migrate } from '../../../electron/store/migrate';
import { MIGRATIONS } from '../../../electron/store/migrations';
import { tempDirs } from './helpers';

const HEX_A = 'a'.repeat(64);
const HEX_B = 'b'.repeat(64);
const HEX_C = 'c'.repeat(64);
const KEY = 'K'.repeat(43) + '=';
const SIG = 'S'.repeat(86) + '==';
const SIG2 = 'T'.repeat(86) + '==';
const T0 = '2025-03-01T10:00:00.000Z';
const T1 = '2025-03-01T11:00:00.000Z';

/** Every row of `table`, in key order: equal snapshots mean nothing changed. */
function rows(db: Database.Database, table: string): unknown[] {
  return db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
}

/** One protected table: its seeded key, and the statements that must all fail on it. */
interface Case {
  table: string;
  attempts: Record<string, string>;
  /** The attempt that succeeded silently before migration 006. */
  hole: string;
}

const CASES: Case[] = [
  {
    table: 'records',
    attempts: {
      UPDATE: "UPDATE records SET host = '10.200.0.9' WHERE position = 1",
      DELETE: 'DELETE FROM records WHERE position = 1',
      'INSERT OR REPLACE': `INSERT OR REPLACE INTO records (position, id, host, port, created_at, supersedes, prev_hash, hash, canonical) VALUES (1, 'r1', '10.200.0.9', 104, '${T1}', NULL, NULL, '${HEX_B}', x'7b7d')`,
      'REPLACE INTO': `REPLACE INTO records (position, id, host, port, created_at, supersedes, prev_hash, hash, canonical) VALUES (1, 'r1', '10.200.0.9', 104, '${T1}', NULL, NULL, '${HEX_B}', x'7b7d')`,
      're-insert': `INSERT INTO records (position, id, host, port, created_at, supersedes, prev_hash, hash, canonical) VALUES (1, 'r1', '10.200.0.9', 104, '${T1}', NULL, NULL, '${HEX_B}', x'7b7d')`,
      upsert: `INSERT INTO records (position, id, host, port, created_at, supersedes, prev_hash, hash, canonical) VALUES (1, 'r1', '10.200.0.9', 104, '${T1}', NULL, NULL, '${HEX_B}', x'7b7d') ON CONFLICT (position) DO UPDATE SET host = excluded.host`,
      // A row that extends the chain but reuses the old record's id: REPLACE would delete the old one.
      'REPLACE on the id at the next position': `REPLACE INTO records (position, id, host, port, created_at, supersedes, prev_hash, hash, canonical) VALUES (2, 'r1', '10.200.0.9', 104, '${T1}', NULL, '${HEX_A}', '${HEX_B}', x'7b7d')`,
    },
    hole: 'REPLACE on the id at the next position',
  },
  {
    table: 'record_signatures',
    attempts: {
      UPDATE: `UPDATE record_signatures SET claim_signature = '${SIG2}' WHERE seq = 1`,
      DELETE: 'DELETE FROM record_signatures WHERE seq = 1',
      'INSERT OR REPLACE': `INSERT OR REPLACE INTO record_signatures (seq, record_id, kind, name, role, public_key, fingerprint, signature, signed_at, claim_signature) VALUES (1, 'r1', 'operator', 'Mallory', '', '${KEY}', '${HEX_C}', '${SIG2}', '${T1}', '${SIG2}')`,
      'REPLACE INTO': `REPLACE INTO record_signatures (seq, record_id, kind, name, role, public_key, fingerprint, signature, signed_at, claim_signature) VALUES (1, 'r1', 'operator', 'Mallory', '', '${KEY}', '${HEX_C}', '${SIG2}', '${T1}', '${SIG2}')`,
      're-insert': `INSERT INTO record_signatures (seq, record_id, kind, name, role, public_key, fingerprint, signature, signed_at, claim_signature) VALUES (1, 'r1', 'operator', 'Ada', '', '${KEY}', '${HEX_A}', '${SIG}', '${T0}', '${SIG}')`,
      upsert: `INSERT INTO record_signatures (seq, record_id, kind, name, role, public_key, fingerprint, signature, signed_at, claim_signature) VALUES (1, 'r1', 'operator', 'Mallory', '', '${KEY}', '${HEX_C}', '${SIG2}', '${T1}', '${SIG2}') ON CONFLICT (seq) DO UPDATE SET name = excluded.name`,
      // A new number, the same signer of the same record: REPLACE would delete the original on UNIQUE (record_id, fingerprint).
      'REPLACE on (record, signer) with a new number': `REPLACE INTO record_signatures (record_id, kind, name, role, public_key, fingerprint, signature, signed_at, claim_signature) VALUES ('r1', 'reviewer', 'Ada', 'owner', '${KEY}', '${HEX_A}', '${SIG2}', '${T1}', '${SIG2}')`,
    },
    hole: 'REPLACE on (record, signer) with a new number',
  },
  {
    table: 'audit_log',
    attempts: {
      UPDATE: "UPDATE audit_log SET actor = 'someone else' WHERE seq = 1",
      DELETE: 'DELETE FROM audit_log WHERE seq = 1',
      'INSERT OR REPLACE': `INSERT OR REPLACE INTO audit_log (seq, at, action, actor, record_id, detail) VALUES (1, '${T1}', 'export', 'someone else', NULL, '{}')`,
      'REPLACE INTO': `REPLACE INTO audit_log (seq, at, action, actor, record_id, detail) VALUES (1, '${T1}', 'export', 'someone else', NULL, '{}')`,
      're-insert': `INSERT INTO audit_log (seq, at, action, actor, record_id, detail) VALUES (1, '${T0}', 'signoff', 'Ada', 'r1', '{}')`,
      upsert: `INSERT INTO audit_log (seq, at, action, actor, record_id, detail) VALUES (1, '${T1}', 'export', 'x', NULL, '{}') ON CONFLICT (seq) DO UPDATE SET actor = excluded.actor`,
    },
    hole: 'REPLACE INTO',
  },
  {
    table: 'checklist_events',
    attempts: {
      UPDATE: 'UPDATE checklist_events SET done = 0 WHERE seq = 1',
      DELETE: 'DELETE FROM checklist_events WHERE seq = 1',
      'INSERT OR REPLACE': `INSERT OR REPLACE INTO checklist_events (seq, host, port, kind, item, done, actor, at, note) VALUES (1, '10.200.0.2', 104, 'step', 'dicom.any-calling-ae/inventory', 0, 'Mallory', '${T1}', '')`,
      'REPLACE INTO': `REPLACE INTO checklist_events (seq, host, port, kind, item, done, actor, at, note) VALUES (1, '10.200.0.2', 104, 'step', 'dicom.any-calling-ae/inventory', 0, 'Mallory', '${T1}', '')`,
      're-insert': `INSERT INTO checklist_events (seq, host, port, kind, item, done, actor, at, note) VALUES (1, '10.200.0.2', 104, 'step', 'dicom.any-calling-ae/inventory', 1, 'Ada', '${T0}', '')`,
      upsert: `INSERT INTO checklist_events (seq, host, port, kind, item, done, actor, at, note) VALUES (1, '10.200.0.2', 104, 'step', 'x', 0, 'M', '${T1}', '') ON CONFLICT (seq) DO UPDATE SET done = 0`,
    },
    hole: 'REPLACE INTO',
  },
];

/** One row in each protected table, written the way the repositories write them. */
function seed(db: Database.Database): void {
  db.prepare(`INSERT INTO records (position, id, host, port, created_at, supersedes, prev_hash, hash, canonical) VALUES (1, 'r1', '10.200.0.2', 104, '${T0}', NULL, NULL, '${HEX_A}', x'7b7d')`).run();
  db.prepare(`INSERT INTO record_signatures (record_id, kind, name, role, public_key, fingerprint, signature, signed_at, claim_signature) VALUES ('r1', 'operator', 'Ada', '', '${KEY}', '${HEX_A}', '${SIG}', '${T0}', '${SIG}')`).run();
  db.prepare(`INSERT INTO audit_log (at, action, actor, record_id, detail) VALUES ('${T0}', 'signoff', 'Ada', 'r1', '{}')`).run();
  db.prepare(`INSERT INTO checklist_events (host, port, kind, item, done, actor, at, note) VALUES ('10.200.0.2', 104, 'step', 'dicom.any-calling-ae/inventory', 1, 'Ada', '${T0}', '')`).run();
}

for (const recursive of [false, true]) {
  describe(`protected tables (recursive_triggers ${recursive ? 'on' : 'off'})`, () => {
    const dirs = tempDirs();
    let store: Store;
    beforeEach(() => {
      store = openStore(path.join(dirs.make(), 'append-only.db'));
      store.db.pragma(`recursive_triggers = ${recursive ? 'ON' : 'OFF'}`);
      seed(store.db);
    });
    afterEach(() => {
      store.close();
      dirs.cleanup();
    });

    for (const c of CASES) {
      for (const [what, sql] of Object.entries(c.attempts)) {
        it(`${c.table}: ${what} fails and leaves every row as it was`, () => {
          const before = CASES.map((x) => rows(store.db, x.table));
          expect(() => store.db.prepare(sql).run()).toThrow(/cannot|must|replaced|rewritten/);
          expect(CASES.map((x) => rows(store.db, x.table))).toEqual(before);
        });
      }
    }
  });
}

describe('the hole this closes', () => {
  it('on a version-5 database (before 006), a REPLACE rewrites a row of every protected table without an error', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 5), 'test');
    db.exec(`ALTER TABLE checklist_events ADD COLUMN shown TEXT`); // only so that seed() runs unchanged
    seed(db);
    for (const c of CASES) {
      const before = rows(db, c.table);
      db.prepare(c.attempts[c.hole]!).run();
      expect(rows(db, c.table), c.table).not.toEqual(before);
    }
    db.close();
  });
});

describe('numbered logs only take the next number', () => {
  const dirs = tempDirs();
  let store: Store;
  beforeEach(() => {
    store = openStore(path.join(dirs.make(), 'seq.db'));
    seed(store.db);
  });
  afterEach(() => {
    store.close();
    dirs.cleanup();
  });

  const inserts: Record<string, (seq: number) => string> = {
    audit_log: (seq) => `INSERT INTO audit_log (seq, at, action, actor, record_id, detail) VALUES (${seq}, '${T1}', 'export', 'tester', NULL, '{}')`,
    checklist_events: (seq) => `INSERT INTO checklist_events (seq, host, port, kind, item, done, actor, at, note) VALUES (${seq}, '10.200.0.2', 104, 'step', 'dicom.any-calling-ae/inventory', 0, 'Ada', '${T1}', '')`,
    record_signatures: (seq) => `INSERT INTO record_signatures (seq, record_id, kind, name, role, public_key, fingerprint, signature, signed_at, claim_signature) VALUES (${seq}, 'r1', 'reviewer', 'Bob', 'owner', '${KEY}', '${HEX_B}', '${SIG2}', '${T1}', '${SIG2}')`,
  };

  for (const [table, insert] of Object.entries(inserts)) {
    it(`${table}: a gap, a number before the first and a negative number fail; the next number and an automatic one work`, () => {
      const before = rows(store.db, table);
      for (const seq of [3, 100, 0, -1]) {
        expect(() => store.db.prepare(insert(seq)).run(), `seq ${seq}`).toThrow(/must take the next number/);
        expect(rows(store.db, table)).toEqual(before);
      }
      // A refused number leaves no trace in the AUTOINCREMENT counter either: the next automatic number is 2.
      store.db.prepare(insert(2)).run();
      expect(store.db.prepare(`SELECT max(seq) FROM ${table}`).pluck().get()).toBe(2);
    });
  }

  it('appends as the repositories do: next record of the chain, a co-signature, an audit entry, a checklist change', () => {
    store.db.prepare(`INSERT INTO records (position, id, host, port, created_at, supersedes, prev_hash, hash, canonical) VALUES (2, 'r2', '10.200.0.2', 104, '${T1}', 'r1', '${HEX_A}', '${HEX_B}', x'7b7d')`).run();
    store.db.prepare(`INSERT INTO record_signatures (record_id, kind, name, role, public_key, fingerprint, signature, signed_at, claim_signature) VALUES ('r1', 'reviewer', 'Bob', 'owner', '${KEY}', '${HEX_B}', '${SIG2}', '${T1}', '${SIG2}')`).run();
    store.db.prepare(`INSERT INTO audit_log (at, action, actor, record_id, detail) VALUES ('${T1}', 'cosign', 'Bob', 'r1', '{}')`).run();
    const e = store.checklists.append({ host: '10.200.0.2', port: 104 }, { kind: 'step', item: 'dicom.any-calling-ae/inventory', done: false, actor: 'Ada', note: 'undo', at: T1, shown: null });
    expect(e.seq).toBe(2);
    expect(store.db.prepare('SELECT count(*) FROM records').pluck().get()).toBe(2);
    expect(store.db.prepare('SELECT max(seq) FROM record_signatures').pluck().get()).toBe(2);
    expect(store.db.prepare('SELECT max(seq) FROM audit_log').pluck().get()).toBe(2);
  });
});
