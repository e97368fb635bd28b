/** The generic migration runner: all-or-nothing, versioned, hash-checked, list sanity. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../electron/store';
import { openDatabase } from '../../../electron/store/db';
import { assertMigrationList, latestVersion, migrate, verifyHistory } from '../../../electron/store/migrate';
import { MIGRATIONS, type Migration } from '../../../electron/store/migrations';
import { tempDirs } from './helpers';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const extra: Migration = { version: MIGRATIONS.length + 1, name: 'later-notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT;' };
const broken: Migration = {
  version: MIGRATIONS.length + 1,
  name: 'later-broken',
  sql: 'CREATE TABLE half_done (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1);',
};

describe('migrate', () => {
  it('runs pending migrations up to the last one, then does nothing', () => {
    const db = new Database(':memory:');
    expect(migrate(db, MIGRATIONS, 'test')).toEqual({ from: 0, to: latestVersion(MIGRATIONS) });
    expect(migrate(db, [...MIGRATIONS, extra], 'test')).toEqual({ from: latestVersion(MIGRATIONS), to: extra.version });
    expect(db.pragma('user_version', { simple: true })).toBe(extra.version);
    expect(db.prepare('SELECT name FROM schema_migrations ORDER BY version').pluck().all()).toEqual([...MIGRATIONS.map((m) => m.name), extra.name]);
    expect(migrate(db, [...MIGRATIONS, extra], 'test')).toEqual({ from: extra.version, to: extra.version });
    db.close();
  });

  it('is all-or-nothing: a failing migration leaves the database at its previous version', () => {
    const file = path.join(dirs.make(), 'a.db');
    openDatabase(file).close();
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, extra, { ...broken, version: extra.version + 1 }] })).toThrow(StoreError);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(MIGRATIONS));
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('notes', 'half_done')").all();
    expect(tables).toEqual([]);
    db.close();
  });

  it('refuses to commit dangling foreign keys left by a migration', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 'test');
    // Deferred foreign keys are checked only at COMMIT; the runner checks first, to name the problem.
    const dangling: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'dangling',
      sql: "PRAGMA defer_foreign_keys = ON; INSERT INTO services (scan_id, host, port, state) VALUES ('no-such-scan', 'h', 1, 'open');",
    };
    expect(() => migrate(db, [...MIGRATIONS, dangling], 'test')).toThrow(/would break 1 foreign key/);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(MIGRATIONS));
    expect(db.prepare('SELECT count(*) FROM services').pluck().get()).toBe(0);
    db.close();
  });

  it('rejects a list with gaps or duplicate names before touching the database', () => {
    expect(() => assertMigrationList([{ ...extra, version: 2 }])).toThrow(/out of order/);
    expect(() => assertMigrationList([{ ...extra, version: 1 }, { ...extra, version: 2 }])).toThrow(/used twice/);
    expect(() => assertMigrationList(MIGRATIONS)).not.toThrow();
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ ...extra, version: 3 }], 'test')).toThrow(/out of order/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});

describe('verifyHistory', () => {
  it('refuses a database whose applied migration text differs from this build (append-only)', () => {
    const file = path.join(dirs.make(), 'a.db');
    openDatabase(file, { migrations: [...MIGRATIONS, extra] }).close();
    const edited = { ...extra, sql: extra.sql.replace('NOT NULL', '') };
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, edited] })).toThrow(/migrations are append-only/);
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, { ...extra, name: 'renamed' }] })).toThrow(/append-only/);
    openDatabase(file, { migrations: [...MIGRATIONS, extra] }).close();
  });

  it('refuses a versioned database without its history', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 'test');
    db.exec('DROP TABLE schema_migrations');
    expect(() => verifyHistory(db, MIGRATIONS, 'test')).toThrow(/no migration history/);
    db.close();
  });
});
