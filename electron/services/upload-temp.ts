/**
 * The private folder where the Internet view's uploads wait while they arrive in pieces
 * (internet-manager.ts): `<tmp>/collimator-uploads-<uid>/import-XXXXXX/file-N`, the
 * folder only ours (mode 0700, owned by this user, not a symbolic link). A crash leaves
 * its upload behind; `sweepStaleUploads` removes, at start, the upload folders nobody
 * has written to for an hour, and touches nothing else: only folders named like ours,
 * holding only files named like ours, all owned by this user. Anything else in there
 * (or a folder that is not private) is left alone.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, unlinkSync, type Stats } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** An upload folder (mkdtemp's six random letters and digits after the prefix). */
const UPLOAD_DIR = /^import-[A-Za-z0-9]{6}$/;
/** A file of an upload: `file-0`, `file-1`… */
const UPLOAD_FILE = /^file-\d{1,4}$/;
/** Upload folders untouched this long (ms) are left from a crash: one hour. */
export const STALE_UPLOAD_MS = 60 * 60 * 1000;

const uid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** This user's upload folder under `base` [the system's temporary folder]. */
export function uploadRoot(base: string = tmpdir()): string {
  const who = uid() ?? userInfo().username.replace(/[^A-Za-z0-9_-]/g, '_');
  return path.join(base, `collimator-uploads-${who}`);
}

/** Why `st` is not our private folder, or null when it is. */
function notPrivate(st: Stats): string | null {
  if (st.isSymbolicLink() || !st.isDirectory()) return 'is not a folder';
  const me = uid();
  if (me !== undefined && st.uid !== me) return 'belongs to another user';
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) return 'is readable by other users';
  return null;
}

/** A new, empty upload folder inside `root` (made private first when missing). Throws when `root` is not ours. */
export function newUploadDir(root: string): string {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const why = notPrivate(lstatSync(root));
  if (why) throw new Error(`${root} ${why}: refusing to keep uploads there`);
  return mkdtempSync(path.join(root, 'import-'));
}

export interface SweepResult {
  /** Upload folders removed (full paths). */
  removed: string[];
  /** Entries left alone: recent uploads, or anything not ours. */
  kept: number;
}

/**
 * Removes the upload folders in `root` that nothing has written to for `maxAgeMs`
 * (the newest time among the folder and its files). Never throws: a folder that
 * vanishes meanwhile, or cannot be removed, is simply not counted.
 */
export function sweepStaleUploads(root: string, opts: { maxAgeMs?: number; now?: Date } = {}): SweepResult {
  const maxAge = opts.maxAgeMs ?? STALE_UPLOAD_MS;
  const now = (opts.now ?? new Date()).getTime();
  const out: SweepResult = { removed: [], kept: 0 };
  let names: string[];
  try {
    if (notPrivate(lstatSync(root))) return out;
    names = readdirSync(root);
  } catch {
    return out; // no folder yet: nothing to sweep
  }
  for (const name of names) {
    try {
      const dir = path.join(root, name);
      const st = lstatSync(dir);
      if (!UPLOAD_DIR.test(name) || notPrivate(st)) {
        out.kept += 1;
        continue;
      }
      const files = readdirSync(dir).map((f) => ({ p: path.join(dir, f), f, st: lstatSync(path.join(dir, f)) }));
      const ours = files.every((x) => UPLOAD_FILE.test(x.f) && x.st.isFile() && !x.st.isSymbolicLink() && (uid() === undefined || x.st.uid === uid()));
      const newest = Math.max(st.mtimeMs, ...files.map((x) => x.st.mtimeMs));
      if (!ours || now - newest < maxAge) {
        out.kept += 1;
        continue;
      }
      for (const x of files) unlinkSync(x.p);
      rmdirSync(dir);
      out.removed.push(dir);
    } catch {
      out.kept += 1;
    }
  }
  return out;
}
