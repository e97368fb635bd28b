/**
 * Opening the database, as every command does it: a database the store refuses (newer
 * than this program, not a Collimator database, unreadable) is a UsageError, exit 2
 * with the store's one line. A command that only reads what is there never creates a
 * database file.
 */
import { existsSync } from 'node:fs';
import { openStore, StoreError, type Store } from '../store';
import { UsageError } from './errors';

/** Opens (or creates) the database at `dbFile`. */
export function openDatabase(dbFile: string): Store {
  try {
    return openStore(dbFile);
  } catch (e) {
    if (e instanceof StoreError) throw new UsageError(e.message);
    throw e;
  }
}

/** Opens the database at `dbFile` only if it exists; otherwise a UsageError `no database at FILE: <missing>`. */
export function openExistingDatabase(dbFile: string, missing: string): Store {
  if (!existsSync(dbFile)) throw new UsageError(`no database at ${dbFile}: ${missing}`);
  return openDatabase(dbFile);
}
