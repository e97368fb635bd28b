/**
 * The database holds a map of a hospital's exposures: its folder is created 0700 and the
 * file with its -wal/-shm 0600, whatever the umask (issue 11). Real files, real modes;
 * the umask is set to the common 022 (which would give 0755/0644) for every test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDbPath, openStore } from '../../../electron/store';
import { tempDirs } from './helpers';

const mode = (p: string): number => fs.statSync(p).mode & 0o777;
const octal = (m: number): string => `0${m.toString(8)}`;

describe.skipIf(process.platform === 'win32')('file modes of a new database (Linux, macOS; Windows relies on the per-user profile folder)', () => {
  const dirs = tempDirs();
  let umask: number;
  const env = { ...process.env };
  beforeEach(() => {
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
    for (const k of ['HOME', 'XDG_DATA_HOME'] as const) {
      if (env[k] === undefined) delete process.env[k];
      else process.env[k] = env[k];
    }
    dirs.cleanup();
  });

  it('creates missing folders 0700 and the database, -wal and -shm 0600 under umask 022', () => {
    const root = dirs.make();
    const file = path.join(root, 'a', 'b', 'collimator.db');
    const store = openStore(file);
    try {
      store.db.prepare("INSERT INTO audit_log (at, action, actor) VALUES ('2025-01-01T00:00:00.000Z', 'export', 'tester')").run();
      expect(octal(mode(path.join(root, 'a')))).toBe('0700');
      expect(octal(mode(path.join(root, 'a', 'b')))).toBe('0700');
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        expect(fs.existsSync(f), f).toBe(true);
        expect(octal(mode(f)), f).toBe('0600');
      }
    } finally {
      store.close();
    }
  });

  it('takes group and other access off an existing database and its -wal/-shm made by an older version', () => {
    const dir = dirs.make();
    const file = path.join(dir, 'old.db');
    openStore(file).close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o644);
    fs.chmodSync(dir, 0o755);
    const store = openStore(file);
    try {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        expect(fs.existsSync(f), f).toBe(true);
        expect(octal(mode(f)), f).toBe('0600');
      }
      // A folder the user chose (not the app's default data folder) keeps its mode.
      expect(octal(mode(dir))).toBe('0755');
    } finally {
      store.close();
    }
  });

  it('tightens the app\'s own default data folder when an older version left it 0755', () => {
    const home = dirs.make();
    process.env.HOME = home;
    process.env.XDG_DATA_HOME = path.join(home, 'data');
    const file = defaultDbPath({ ...process.env, COLLIMATOR_DB: '' });
    const own = path.dirname(file);
    expect(own.startsWith(home)).toBe(true);
    fs.mkdirSync(own, { recursive: true, mode: 0o755 });
    fs.chmodSync(own, 0o755);
    openStore(file).close();
    expect(octal(mode(own))).toBe('0700');
    expect(octal(mode(file))).toBe('0600');
  });

  it('changes nothing when opening read-only', () => {
    const dir = dirs.make();
    const file = path.join(dir, 'ro.db');
    openStore(file).close();
    fs.chmodSync(file, 0o644);
    const store = openStore(file, { readonly: true });
    store.close();
    expect(octal(mode(file))).toBe('0644');
  });
});
