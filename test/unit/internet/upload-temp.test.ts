/**
 * The Internet view's temporary uploads, on real files in a real temporary folder:
 * they live in this user's private folder (0700), a crash's leftovers older than an
 * hour are swept at start (through createAppServices, as the app and the web bridge
 * start), and nothing else is touched: recent uploads, folders or files not named like
 * ours, symbolic links, a folder that is not private.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InternetManager } from '../../../electron/services/internet-manager';
import { createAppServices } from '../../../electron/services/app-services';
import { realDeps } from '../../../electron/services/real-deps';
import { newUploadDir, STALE_UPLOAD_MS, sweepStaleUploads, uploadRoot } from '../../../electron/services/upload-temp';
import { openStore, type Store } from '../../../electron/store';

let base: string;
let root: string;
const stores: Store[] = [];
beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'clm-upload-test-'));
  root = uploadRoot(base);
});
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  chmodSync(base, 0o700);
  rmSync(base, { recursive: true, force: true });
});

const HOUR = 60 * 60 * 1000;
/** Sets the modification time of `p` to `ms` ago. */
function age(p: string, ms: number): void {
  const t = new Date(Date.now() - ms);
  utimesSync(p, t, t);
}
/** An upload as the app leaves it: its folder, `files` pieces, all `ms` old. */
function upload(files: number, ms: number): string {
  const dir = newUploadDir(root);
  for (let i = 0; i < files; i++) {
    writeFileSync(path.join(dir, `file-${i}`), `{"ip_str":"192.0.2.${i + 1}","port":104}\n`, { mode: 0o600 });
    age(path.join(dir, `file-${i}`), ms);
  }
  age(dir, ms);
  return dir;
}

describe('upload folder', () => {
  it('is private to this user, one new folder per upload', () => {
    const a = newUploadDir(root);
    const b = newUploadDir(root);
    expect(a).not.toBe(b);
    expect(path.dirname(a)).toBe(root);
    expect(path.basename(a)).toMatch(/^import-[A-Za-z0-9]{6}$/);
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(path.basename(root)).toBe(`collimator-uploads-${process.getuid!()}`);
  });

  it('refuses a folder others can read, and a symbolic link in its place', () => {
    mkdirSync(root, { mode: 0o755 });
    chmodSync(root, 0o755);
    expect(() => newUploadDir(root)).toThrow(/readable by other users/);
    rmSync(root, { recursive: true });
    const elsewhere = mkdtempSync(path.join(base, 'elsewhere-'));
    symlinkSync(elsewhere, root);
    expect(() => newUploadDir(root)).toThrow(/is not a folder/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('the manager writes the pieces there and removes the folder when the import ends', () => {
    const store = openStore(':memory:');
    stores.push(store);
    const m = new InternetManager(store, () => undefined, undefined, root);
    m.begin({ importId: '7c1f3f7e-5a80-4a5c-9e5e-2f0c8a4f6b11', files: [{ name: 'a.json', size: 4 }], format: 'auto', strict: false });
    const [dir] = readdirSync(root);
    expect(dir).toMatch(/^import-/);
    m.chunk({ importId: '7c1f3f7e-5a80-4a5c-9e5e-2f0c8a4f6b11', fileIndex: 0, offset: 0, data: Buffer.from('{}\n ').toString('base64') });
    expect(readdirSync(path.join(root, dir!))).toEqual(['file-0']);
    expect(m.cancel({ importId: '7c1f3f7e-5a80-4a5c-9e5e-2f0c8a4f6b11' })).toEqual({ cancelled: true });
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('sweepStaleUploads', () => {
  it('removes uploads untouched for an hour, keeps the recent ones', () => {
    const old1 = upload(2, 2 * HOUR);
    const old2 = upload(0, HOUR + 60_000);
    const recent = upload(1, 10 * 60_000);
    const r = sweepStaleUploads(root);
    expect(r.removed.sort()).toEqual([old1, old2].sort());
    expect(r.kept).toBe(1);
    expect(existsSync(old1)).toBe(false);
    expect(existsSync(old2)).toBe(false);
    expect(readdirSync(recent)).toEqual(['file-0']);
  });

  it('an old folder with one piece written recently is still being uploaded: kept', () => {
    const dir = upload(3, 3 * HOUR);
    age(path.join(dir, 'file-2'), 60_000);
    expect(sweepStaleUploads(root)).toEqual({ removed: [], kept: 1 });
    expect(readdirSync(dir).sort()).toEqual(['file-0', 'file-1', 'file-2']);
  });

  it('touches nothing that is not ours: other names, other files inside, symbolic links', () => {
    const strange = path.join(root, 'notes');
    mkdirSync(root, { recursive: true, mode: 0o700 });
    mkdirSync(strange);
    age(strange, 5 * HOUR);
    const withOther = upload(1, 5 * HOUR);
    writeFileSync(path.join(withOther, 'keep.txt'), 'mine');
    age(path.join(withOther, 'keep.txt'), 5 * HOUR);
    age(withOther, 5 * HOUR);
    const outside = mkdtempSync(path.join(base, 'outside-'));
    writeFileSync(path.join(outside, 'file-0'), 'not an upload');
    const linked = path.join(root, 'import-LINKED');
    symlinkSync(outside, linked);
    const fileLink = upload(0, 5 * HOUR);
    symlinkSync(path.join(outside, 'file-0'), path.join(fileLink, 'file-0'));
    age(fileLink, 5 * HOUR);
    const r = sweepStaleUploads(root);
    expect(r).toEqual({ removed: [], kept: 4 });
    expect(existsSync(strange)).toBe(true);
    expect(readdirSync(withOther).sort()).toEqual(['file-0', 'keep.txt']);
    expect(readdirSync(outside)).toEqual(['file-0']);
    expect(existsSync(path.join(fileLink, 'file-0'))).toBe(true);
  });

  it('a folder that is not private is not swept at all; no folder is nothing to do', () => {
    expect(sweepStaleUploads(path.join(base, 'missing'))).toEqual({ removed: [], kept: 0 });
    const dir = upload(1, 5 * HOUR);
    chmodSync(root, 0o755);
    expect(sweepStaleUploads(root)).toEqual({ removed: [], kept: 0 });
    expect(existsSync(dir)).toBe(true);
    chmodSync(root, 0o700);
    expect(sweepStaleUploads(root, { maxAgeMs: 6 * HOUR })).toEqual({ removed: [], kept: 1 });
    expect(sweepStaleUploads(root, { now: new Date(Date.now() + STALE_UPLOAD_MS) }).removed).toEqual([dir]);
  });

  it('runs when the app services start', async () => {
    const old = upload(1, 2 * HOUR);
    const recent = upload(1, 60_000);
    const services = createAppServices({ dbPath: path.join(base, 'c.db'), version: '0.1.0', transport: 'web', emit: () => undefined, uploadRoot: root }, realDeps('0.1.0'));
    try {
      expect(existsSync(old)).toBe(false);
      expect(existsSync(recent)).toBe(true);
    } finally {
      await services.close();
    }
  });
});
