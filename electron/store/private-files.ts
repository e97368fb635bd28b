/**
 * Owner-only file modes for the database (issue 11): it holds a map of a hospital's
 * exposures, so its folder is 0700 and the file with its -wal/-shm 0600 on Linux and
 * macOS, whatever the umask (mkdir/open with the mode, then chmod, because a umask can
 * only take bits away and a caller's umask may be anything).
 *
 * What is tightened, decided here once:
 * - folders this code creates: always 0700; a new database file: 0600, and SQLite gives
 *   its -wal/-shm the same mode;
 * - an existing database file and its -wal/-shm, when opened for writing: group and
 *   other access taken off (the file has already been checked to be empty or a
 *   Collimator database, so it is ours);
 * - an existing folder: only the app's own default data folder (as defaultDbPath names
 *   it) is tightened, and only when this user owns it; a folder the user chose with
 *   --db / COLLIMATOR_DB (a home directory, a shared folder) keeps its mode, since the
 *   files in it are private anyway.
 * On Windows, modes mean nothing: the per-user profile folder's ACL (%APPDATA%) keeps
 * other users out, so nothing is changed there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultDbPath } from './paths';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** True where POSIX modes protect files (not Windows). */
export function usesPosixModes(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

/**
 * mkdir -p with owner-only folders, one level at a time. Node 20's
 * `mkdirSync(..., { recursive: true })` spins forever under /proc (e.g. `--db
 * /proc/nope/x.db`), so walk up to the first existing ancestor ourselves.
 */
export function makePrivateDirs(dir: string): void {
  const missing: string[] = [];
  let cur = dir;
  while (!fs.existsSync(cur)) {
    missing.unshift(cur);
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  if (!fs.statSync(cur).isDirectory()) throw new Error(`${cur} is not a directory`);
  for (const d of missing) {
    fs.mkdirSync(d, { mode: DIR_MODE });
    if (usesPosixModes()) fs.chmodSync(d, DIR_MODE);
  }
  if (missing.length === 0 && isOwnDataDir(dir)) tighten(dir);
}

/** The app's default data folder (COLLIMATOR_DB ignored: that names the user's own choice). */
function isOwnDataDir(dir: string): boolean {
  const own = path.dirname(defaultDbPath({ ...process.env, COLLIMATOR_DB: '' }));
  return path.resolve(dir) === path.resolve(own);
}

/**
 * Creates `file` empty with mode 0600 if it does not exist, so SQLite never creates it
 * with the umask's mode; an existing regular file loses group and other access. A file
 * that cannot be created is left to SQLite, whose open then fails in its own words.
 */
export function createPrivateFile(file: string): void {
  if (!usesPosixModes()) return;
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(file).isFile()) tighten(file);
    return;
  }
  try {
    fs.fchmodSync(fd, FILE_MODE);
  } finally {
    fs.closeSync(fd);
  }
}

/** Takes group and other access off the database, -wal and -shm (those that exist). */
export function tightenDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(f)) tighten(f);
  }
}

/**
 * Takes group and other access off an entry this user owns (the owner's own bits are
 * left as they are). SQLite gives -wal/-shm the database file's mode, so they follow it;
 * this also fixes files left by a version that did not set modes.
 */
function tighten(p: string): void {
  if (!usesPosixModes()) return;
  const st = fs.statSync(p);
  if ((st.mode & 0o077) === 0) return;
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return;
  fs.chmodSync(p, st.mode & 0o700);
}
