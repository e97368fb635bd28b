/**
 * Opening the SQLite file: refuse what is not ours (garbage, another app's database,
 * a newer Collimator's) before writing a single byte, then set the connection up
 * (WAL, foreign keys, busy timeout) and migrate. Folder and files are owner-only
 * (private-files.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, oneLine, sqliteCode } from './errors';
import { APPLICATION_ID, latestVersion, migrate, newerError, schemaVersion, verifyHistory } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';
import { createPrivateFile, makePrivateDirs, tightenDatabaseFiles } from './private-files';

/** How long a statement waits for another connection's lock before SQLITE_BUSY, ms. */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Open without writing: no directory creation, no WAL switch, no migration. */
  readonly?: boolean;
  /** The migrations to apply; only tests pass anything but the app's own list. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the database at `file` (`:memory:` allowed) and brings
 * it to the latest schema. Throws a StoreError with a one-line reason when the file
 * cannot be used; in that case the file is left exactly as it was.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Database.Database {
  const readonly = opts.readonly === true;
  const migrations = opts.migrations ?? MIGRATIONS;
  const memory = file === ':memory:';
  const label = memory ? 'the in-memory database' : file;
  if (file === '') throw new StoreError('no database file given');
  if (memory && readonly) throw new StoreError('an in-memory database cannot be opened read-only');
  if (!memory && !readonly) {
    try {
      makePrivateDirs(path.dirname(path.resolve(file)));
    } catch (err) {
      throw new StoreError(`cannot create the directory of ${label}: ${oneLine(err)}`, { cause: err });
    }
  }

  if (!memory) precheck(file, label, latestVersion(migrations));
  if (!memory && !readonly) {
    // After precheck (a refused file is left exactly as it was): the file is missing,
    // empty or ours, so it is created or kept owner-only before SQLite writes a byte.
    try {
      createPrivateFile(file);
    } catch (err) {
      throw new StoreError(`cannot create ${label}: ${oneLine(err)}`, { cause: err });
    }
  }

  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new StoreError(`cannot open ${label}: ${oneLine(err)}`, { cause: err });
  }

  try {
    inspect(db, label, latestVersion(migrations));
    if (!readonly) {
      if (!memory) {
        const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
        if (mode !== 'wal') throw new StoreError(`${label}: could not switch to WAL journal mode (got ${mode})`);
        // In WAL mode NORMAL survives an application crash (kill -9) without losing
        // a committed transaction; only a power cut can lose the last few.
        db.pragma('synchronous = NORMAL');
      }
      db.pragma('foreign_keys = ON');
      migrate(db, migrations, label);
      // SQLite gives -wal/-shm the database's mode; this also tightens ones an older version left.
      if (!memory) tightenDatabaseFiles(file);
    } else if (schemaVersion(db) < latestVersion(migrations)) {
      throw new StoreError(`${label} has schema version ${schemaVersion(db)}, this version needs ${latestVersion(migrations)}; open it once without read-only to upgrade it`);
    } else {
      db.pragma('foreign_keys = ON');
    }
    verifyHistory(db, migrations, label);
    return db;
  } catch (err) {
    db.close();
    throw asStoreError(err, label);
  }
}

/** "SQLite format 3" and a NUL: the first 16 bytes of every SQLite database file. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Reads the 100-byte file header ourselves before SQLite opens anything: even a
 * read-only SQLite connection to a WAL database leaves -wal/-shm files behind, and a
 * refused file must be left exactly as it was. user_version is the big-endian u32 at
 * offset 60, application_id the one at 68 (sqlite.org/fileformat.html). A missing or
 * empty file passes (SQLite creates or initialises it); inspect() re-checks through
 * SQLite, which also sees a header still held in a WAL.
 */
function precheck(file: string, label: string, latest: number): void {
  let header: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size === 0) return;
    header = Buffer.alloc(100);
    const fd = fs.openSync(file, 'r');
    try {
      header = header.subarray(0, fs.readSync(fd, header, 0, 100, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return; // missing or unreadable: SQLite's own open reports it in its words
  }
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new StoreError(`${label} is not an SQLite database (wrong file, or encrypted)`);
  }
  const version = header.readUInt32BE(60);
  const appId = header.readUInt32BE(68);
  if (appId !== APPLICATION_ID && (appId !== 0 || version !== 0)) {
    throw foreignError(label);
  }
  if (appId === APPLICATION_ID && version > latest) throw newerError(label, version, latest);
}

/**
 * Read-only look at the header and schema. PRAGMA user_version / application_id read
 * the header (garbage fails here with SQLITE_NOTADB); counting sqlite_schema parses
 * the schema (a damaged page 1 fails here with SQLITE_CORRUPT).
 */
function inspect(db: Database.Database, label: string, latest: number): void {
  // A user may point --db at any file: never let its schema run functions with side effects.
  db.pragma('trusted_schema = OFF');
  const version = schemaVersion(db);
  const appId = db.pragma('application_id', { simple: true }) as number;
  const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  if (appId !== APPLICATION_ID && (appId !== 0 || version !== 0 || objects !== 0)) {
    throw foreignError(label);
  }
  if (version > latest) throw newerError(label, version, latest);
}

function foreignError(label: string): StoreError {
  return new StoreError(`${label} is an SQLite database but not a Collimator one; choose another file`);
}

/** Maps anything thrown while opening to a one-line StoreError. */
function asStoreError(err: unknown, label: string): StoreError {
  if (err instanceof StoreError) return err;
  // Extended codes (SQLITE_CORRUPT_INDEX, SQLITE_BUSY_SNAPSHOT, ...) share their primary code's meaning.
  switch (sqliteCode(err)?.split('_').slice(0, 2).join('_')) {
    case 'SQLITE_NOTADB':
      return new StoreError(`${label} is not an SQLite database (wrong file, or encrypted)`, { cause: err });
    case 'SQLITE_CORRUPT':
      return new StoreError(`${label} is damaged (SQLite: ${oneLine(err)}); restore it from a backup`, { cause: err });
    case 'SQLITE_BUSY':
      return new StoreError(`${label} is locked by another program; try again when it is done`, { cause: err });
    default:
      return new StoreError(`cannot use ${label}: ${oneLine(err)}`, { cause: err });
  }
}
