/**
 * The records commands as a user runs them (node bin/collimator.mjs): keys, signoff,
 * cosign, records list/export/verify over a database seeded through the store; key
 * failures that must leave the database untouched; a tampered export named by verify.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyFile, writeNewKeyFile } from '../../electron/records/key-file';
import { formatFingerprint } from '../../electron/records/keys';
import { openStore } from '../../electron/store';
import { seedStory } from '../unit/records/fixtures';
import { snapshot } from '../unit/store/helpers';
import { runCli, tempDir } from './spawn';

const FAST = { N: 2 ** 14, r: 8, p: 1 };
const tmp = tempDir('records');
const dir = tmp.dir;
// The database has a folder of its own: snapshots compare its files only.
const db = path.join(dir, 'db', 'records.db');
const f = (name: string): string => path.join(dir, name);
const cli = (args: readonly string[]) => runCli(args, { safeDir: dir, deadlineMs: 120_000 });
let ada: { fingerprint: string };
let bob: { fingerprint: string };

beforeAll(() => {
  fs.mkdirSync(path.dirname(db));
  const store = openStore(db);
  seedStory(store);
  seedStory(store, '127.0.0.2', 104);
  store.close();
  const a = createKeyFile({ name: 'Ada Admin', role: 'PACS administrator', passphrase: 'ada passphrase 1', scrypt: FAST });
  writeNewKeyFile(f('ada.key'), a);
  const b = createKeyFile({ name: 'Bob Owner', role: 'clinical system owner', passphrase: 'bob passphrase 1', scrypt: FAST });
  writeNewKeyFile(f('bob.key'), b);
  fs.writeFileSync(f('ada.pass'), 'ada passphrase 1\n', { mode: 0o600 });
  fs.writeFileSync(f('bob.pass'), 'bob passphrase 1\n', { mode: 0o600 });
  fs.writeFileSync(f('wrong.pass'), 'not the passphrase\n', { mode: 0o600 });
  ada = a;
  bob = b;
});
afterAll(() => tmp.rm());

const adaArgs = ['--db', db, '--key', f('ada.key'), '--passphrase-file', f('ada.pass')];
const bobArgs = ['--db', db, '--key', f('bob.key'), '--passphrase-file', f('bob.pass')];

describe('keys new', () => {
  it('writes a 0600 key file with the default scrypt cost, shows its fingerprint, never overwrites', async () => {
    const r = await cli(['keys', 'new', '--out', f('new.key'), '--name', 'Carol Auditor', '--role', 'auditor', '--passphrase-file', f('ada.pass'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { fingerprint: string; name: string };
    expect(out.name).toBe('Carol Auditor');
    expect(fs.statSync(f('new.key')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(f('new.key'), 'utf8'))).toMatchObject({ fingerprint: out.fingerprint, kdf: { name: 'scrypt', N: 131072 } });
    const show = await cli(['keys', 'show', f('new.key')]);
    expect(show.stdout).toContain(formatFingerprint(out.fingerprint));
    const before = fs.readFileSync(f('new.key'));
    const again = await cli(['keys', 'new', '--out', f('new.key'), '--passphrase-file', f('ada.pass')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^collimator: .*already exists.*never overwritten.*\n$/);
    expect(fs.readFileSync(f('new.key')).equals(before)).toBe(true);
  });

  it('refuses a short passphrase and a missing passphrase source, writing nothing', async () => {
    fs.writeFileSync(f('short.pass'), 'short\n', { mode: 0o600 });
    const r = await cli(['keys', 'new', '--out', f('short.key'), '--passphrase-file', f('short.pass')]);
    expect([r.code, r.stderr]).toEqual([2, 'collimator: the passphrase must be at least 12 characters long\n']);
    const none = await cli(['keys', 'new', '--out', f('none.key')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no passphrase .*--passphrase-file FILE, set COLLIMATOR_PASSPHRASE, or run in a terminal/);
    expect(fs.existsSync(f('short.key')) || fs.existsSync(f('none.key'))).toBe(false);
  });
});

describe('a key that cannot be used: one line, exit 2, nothing signed, the database untouched', () => {
  it.each([
    ['a wrong passphrase', () => ['--key', f('ada.key'), '--passphrase-file', f('wrong.pass')], /^collimator: wrong passphrase for key file .*ada\.key\n$/],
    ['a missing key file', () => ['--key', f('nobody.key'), '--passphrase-file', f('ada.pass')], /^collimator: key file .*nobody\.key does not exist/],
    ['a corrupted key file', () => {
      const d = JSON.parse(fs.readFileSync(f('ada.key'), 'utf8')) as Record<string, unknown>;
      d.encryptedPrivateKey = Buffer.from('0'.repeat(48)).toString('base64');
      fs.writeFileSync(f('broken.key'), JSON.stringify(d));
      return ['--key', f('broken.key'), '--passphrase-file', f('ada.pass')];
    }, /^collimator: .*broken\.key is not a usable Collimator key file: it was changed after it was written/],
    ['a truncated key file', () => {
      fs.writeFileSync(f('trunc.key'), fs.readFileSync(f('ada.key'), 'utf8').slice(0, 80));
      return ['--key', f('trunc.key'), '--passphrase-file', f('ada.pass')];
    }, /^collimator: .*trunc\.key is not a usable Collimator key file: not JSON\n$/],
    ["someone else's key", () => ['--key', f('bob.key'), '--passphrase-file', f('bob.pass'), '--operator', 'Ada Admin'], /belongs to "Bob Owner", not "Ada Admin"/],
  ])('%s', async (_what, args, message) => {
    const before = snapshot(db);
    const r = await cli(['signoff', '127.0.0.1:11112', '--db', db, ...args()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(snapshot(db)).toEqual(before);
  });
});

describe('signoff, cosign, list, export, verify', () => {
  let id = '';

  it('signs a record and prints its id; --json gives id, service, signers', async () => {
    const r = await cli(['signoff', '127.0.0.1:11112', ...adaArgs, '--note', 'calling AE restricted']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    id = r.stdout.trim();
    const j = await cli(['signoff', '127.0.0.2:104', ...adaArgs, '--json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ service: { host: '127.0.0.2', port: 104 }, signedBy: [{ kind: 'operator', name: 'Ada Admin', fingerprint: ada.fingerprint }], position: 2 });
  });

  it('a reviewer co-signs by id prefix; the operator cannot co-sign their own record', async () => {
    const r = await cli(['cosign', id.slice(0, 8), ...bobArgs, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { signedBy: Array<{ name: string; fingerprint: string }> }).signedBy.map((s) => [s.name, s.fingerprint])).toEqual([
      ['Ada Admin', ada.fingerprint],
      ['Bob Owner', bob.fingerprint],
    ]);
    const self = await cli(['cosign', id, ...adaArgs]);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/second person/);
  });

  it('refuses bad usage without touching the database', async () => {
    const before = snapshot(db);
    for (const [args, message] of [
      [['signoff', '127.0.0.1', ...adaArgs], /has no :PORT/],
      [['signoff', '127.0.0.1:11112', '--db', db], /--key FILE is required/],
      [['signoff', '127.0.0.9:104', ...adaArgs], /127\.0\.0\.9:104 has never been scanned/],
      [['signoff', '127.0.0.1:11112', ...adaArgs, '--supersedes', 'ffffffff'], /no record "ffffffff"/],
      [['signoff', '127.0.0.1:11112', '--db', f('none.db'), '--key', f('ada.key')], /no database at/],
      [['cosign', 'ffffffff-0000', ...bobArgs], /no record/],
      [['records', 'export', id, '--format', 'xml', '--out', f('x'), '--db', db], /--format must be json, pdf or csv/],
      [['records', 'frobnicate'], /unknown records command/],
    ] as Array<[string[], RegExp]>) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    // Refused lookups wrote nothing (a refused signoff opens no transaction).
    expect(snapshot(db).bytes.equals(before.bytes)).toBe(true);
    expect(fs.existsSync(f('none.db'))).toBe(false);
  });

  it('lists the records with their signers and the last hash', async () => {
    const r = await cli(['records', 'list', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^\\s+1  ${id}  .*127\\.0\\.0\\.1:11112 .*verified .*by Ada Admin, co-signed by Bob Owner`, 'm'));
    expect(r.stdout).toMatch(/^\s+2  .*127\.0\.0\.2:104 .*not co-signed/m);
    expect(r.stdout).toMatch(/^last hash [0-9a-f]{64}$/m);
    const csv = await cli(['records', 'list', '--db', db, '--csv']);
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('exports the whole chain as JSON that verifies offline; a tampered copy is named; never overwrites', async () => {
    const e = await cli(['records', 'export', '--all', '--format', 'json', '--out', f('chain.json'), '--db', db]);
    expect([e.code, e.stderr]).toEqual([0, `collimator: wrote ${f('chain.json')} (2 records, json)\n`]);
    // Verified from another folder, with no database anywhere: only the file.
    const other = tempDir('records-offline');
    try {
      fs.copyFileSync(f('chain.json'), path.join(other.dir, 'chain.json'));
      const v = await runCli(['records', 'verify', 'chain.json'], { safeDir: other.dir, cwd: other.dir });
      expect(v.stdout).toMatch(/INTACT/);
      expect(v.code).toBe(0);
      const doc = JSON.parse(fs.readFileSync(f('chain.json'), 'utf8')) as { records: Array<{ record: { note: string }; signatures: Array<{ publicKey: string }> }> };
      doc.records[0]!.record.note = 'nothing to see here';
      doc.records[1]!.signatures[0]!.publicKey = doc.records[0]!.signatures[1]!.publicKey;
      fs.writeFileSync(path.join(other.dir, 'bad.json'), JSON.stringify(doc));
      const bad = await runCli(['records', 'verify', 'bad.json'], { safeDir: other.dir, cwd: other.dir });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/DOES NOT VERIFY \(\d+ problems\)/);
      expect(bad.stdout).toMatch(/\[parsed-copy\] record 1 \(id .*\): the readable copy \("record"\) differs from the signed bytes at record\.note/);
      expect(bad.stdout).toMatch(/\[fingerprint\] record 2 \(id .*\), signature 1 \(operator Ada Admin, key .*\): the public key does not match its shown fingerprint/);
      const json = await runCli(['records', 'verify', 'bad.json', '--json'], { safeDir: other.dir, cwd: other.dir });
      expect((JSON.parse(json.stdout) as { ok: boolean }).ok).toBe(false);
      const missing = await runCli(['records', 'verify', 'nope.json'], { safeDir: other.dir, cwd: other.dir });
      expect([missing.code, missing.stderr]).toEqual([2, 'collimator: nope.json does not exist\n']);
    } finally {
      other.rm();
    }
    const again = await cli(['records', 'export', '--all', '--format', 'json', '--out', f('chain.json'), '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists \(add --force/);
  });

  it('exports a PDF and a CSV, each logged in the audit log; the database chain verifies', async () => {
    const pdf = await cli(['records', 'export', id, '--format', 'pdf', '--out', f('record.pdf'), '--db', db]);
    expect(pdf.stderr).toMatch(/wrote .*record\.pdf \(1 record, pdf\)/);
    expect(fs.readFileSync(f('record.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const csv = await cli(['records', 'export', '--format', 'csv', '--out', f('all.csv'), '--db', db]);
    expect(csv.code).toBe(0);
    const store = openStore(db, { readonly: true });
    try {
      const audit = store.db.prepare('SELECT action, actor, record_id FROM audit_log ORDER BY seq').all() as Array<{ action: string; actor: string; record_id: string | null }>;
      expect(audit.map((a) => a.action)).toEqual(['operator-added', 'signoff', 'signoff', 'operator-added', 'cosign', 'export', 'export', 'export']);
      expect(audit.filter((a) => a.action === 'export').map((a) => a.record_id)).toEqual([null, id, null]);
    } finally {
      store.close();
    }
    const v = await cli(['records', 'verify', '--db', db]);
    expect([v.code, v.stdout.trim().split('\n').pop()]).toEqual([0, 'INTACT: every record verifies and every chain link holds.']);
  });
});
