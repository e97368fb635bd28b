/**
 * The generic migration runner: applies numbered, append-only migrations in one
 * IMMEDIATE transaction, records each one's SHA-256 in `schema_migrations`, and sets
 * PRAGMA user_version last. Knows nothing of any particular table, so a new table or
 * column is only a new file appended to migrations/index.ts.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { StoreError } from './errors';
import type { Migration } from './migrations';

/** Marks a Collimator database in the SQLite header (PRAGMA application_id): ASCII "Clmt". */
export const APPLICATION_ID = 0x436c6d74;

/** Bookkeeping table: which migrations were applied, with the hash of their text at the time. */
const HISTORY_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

/** SHA-256 (hex) of a migration's SQL text, as recorded in the database. */
export function migrationHash(m: Migration): string {
  return createHash('sha256').update(m.sql, 'utf8').digest('hex');
}

/** The schema version this list brings a database to (0 for an empty list). */
export function latestVersion(list: readonly Migration[]): number {
  return list.length === 0 ? 0 : list[list.length - 1]!.version;
}

/**
 * Throws (a programming error, not a StoreError) unless versions run 1, 2, 3, ...
 * without gaps and names are unique: a broken list must never reach a user's file.
 */
export function assertMigrationList(list: readonly Migration[]): void {
  const names = new Set<string>();
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order: entry ${i} has version ${m.version}, expected ${i + 1}`);
    if (names.has(m.name)) throw new Error(`migration name ${m.name} is used twice`);
    names.add(m.name);
  });
}

/** PRAGMA user_version: the number of the last migration applied. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings `db` up to `latestVersion(list)`. All pending migrations run in one
 * transaction: either the database ends at the latest version, or it is unchanged.
 * BEGIN IMMEDIATE takes the write lock first, so two processes opening the same new
 * file cannot both migrate it (the second waits, then finds nothing to do).
 * Returns the version before and after.
 */
export function migrate(db: Database.Database, list: readonly Migration[], label: string): { from: number; to: number } {
  assertMigrationList(list);
  const latest = latestVersion(list);
  const run = db.transaction(() => {
    const from = schemaVersion(db);
    if (from > latest) throw newerError(label, from, latest);
    if (from === latest) return from;
    db.exec(HISTORY_DDL);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
    for (const m of list) {
      if (m.version <= from) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, migrationHash(m), new Date().toISOString());
    }
    // A table rebuild in a later migration could leave dangling references while
    // foreign_keys enforcement is deferred by the transaction: refuse to commit them.
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new StoreError(`${label}: migration to version ${latest} would break ${broken.length} foreign key reference(s); nothing was changed`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${latest}`);
    return from;
  });
  const from = run.immediate();
  return { from, to: latest };
}

/** The refusal of a database written by a newer Collimator. */
export function newerError(label: string, found: number, latest: number): StoreError {
  return new StoreError(`${label} was written by a newer Collimator (schema version ${found}, this version knows up to ${latest}); upgrade Collimator to open it`);
}

/**
 * Checks that every migration the database says it has matches this build's text
 * (same name, same SHA-256). A mismatch means a shipped migration was edited, or the
 * file's history was tampered with: either way the schema is not what the code expects.
 */
export function verifyHistory(db: Database.Database, list: readonly Migration[], label: string): void {
  const version = schemaVersion(db);
  if (version === 0) return;
  const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  if (!hasTable) throw new StoreError(`${label} is not a Collimator database (schema version ${version} but no migration history)`);
  const rows = db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as Array<{ version: number; name: string; sha256: string }>;
  const applied = new Map(rows.map((r) => [r.version, r]));
  for (const m of list) {
    if (m.version > version) break;
    const row = applied.get(m.version);
    if (row === undefined) throw new StoreError(`${label} is damaged: migration ${m.name} is missing from its history`);
    if (row.name !== m.name || row.sha256 !== migrationHash(m)) {
      throw new StoreError(`${label}: migration ${m.version} was applied as ${row.name} (sha256 ${row.sha256.slice(0, 12)}) but this build has ${m.name} (sha256 ${migrationHash(m).slice(0, 12)}); migrations are append-only`);
    }
  }
}
