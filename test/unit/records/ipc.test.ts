/**
 * The records channels end to end through the real dispatcher, zod schemas, handlers,
 * services and store: operators with app-held keys (sealed by their passphrase and the
 * keychain) or their own key files, review then sign with the signer's passphrase,
 * co-sign with a second person's secret, detail, exports, checking a file. The OS
 * keychain (Electron safeStorage) cannot run here: a test box with an in-memory AES key
 * stands in for it behind the same SecretBox port. scrypt runs at a lower cost than the
 * default (the same code, fewer rounds) to keep the many keys of this file quick.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvokeArg, InvokeChannel, InvokeValue, Result } from '../../../shared/contract';
import { createDispatcher, type Dispatcher } from '../../../electron/ipc/dispatcher';
import { createHandlers } from '../../../electron/ipc/handlers';
import { createKeyFile, KEY_FILE_FORMAT, parseKeyFileText, unlockKeyFile, type ScryptParams } from '../../../electron/records/key-file';
import { generateKeyPair, pkcs8Der } from '../../../electron/records/keys';
import type { SecretBox } from '../../../electron/records/secret-box';
import { chromiumPath } from '../../../electron/records/pdf';
import { createAppServices, type AppServices } from '../../../electron/services/app-services';
import { realDeps } from '../../../electron/services/real-deps';
import { openStore } from '../../../electron/store';
import { HOST, PORT, seedStory } from './fixtures';

/** A keychain double: AES-256-GCM under a key that lives only in this process. */
function testBox(available = true): SecretBox & { sealedCount: number } {
  const key = randomBytes(32);
  const box = {
    kind: 'safe-storage' as const,
    sealedCount: 0,
    isAvailable: () => available,
    seal(plain: Buffer): Buffer {
      box.sealedCount++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const enc = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), enc]);
    },
    open(sealed: Buffer): Buffer {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
    },
  };
  return box;
}

/** Cheaper than the default (2^17), within what key files accept. */
const FAST: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };
const ADA_PASS = 'ada correct horse battery';
const BOB_PASS = 'bob staple lantern orbit';
const KIM_PASS = 'kim keyfile passphrase';
const LEE_PASS = 'lee keyfile passphrase';
const me = os.userInfo().username;

/** A key file as `collimator keys new` writes it, as text. */
function keyFileText(name: string, role: string, passphrase: string): string {
  return `${JSON.stringify(createKeyFile({ name, role, passphrase, scrypt: FAST }), null, 2)}\n`;
}

/** Rows of the tables a refused signature must leave untouched. */
function counts(file: string): { records: number; signatures: number; audit: number; operators: number } {
  const st = openStore(file, { readonly: true });
  try {
    const n = (t: string) => (st.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { records: n('records'), signatures: n('record_signatures'), audit: n('audit_log'), operators: n('operators') };
  } finally {
    st.close();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-records-ipc-'));
const db = path.join(dir, 'app.db');
let services: AppServices;
let dispatcher: Dispatcher;
let box: ReturnType<typeof testBox>;

beforeAll(() => {
  const store = openStore(db);
  seedStory(store);
  store.close();
  box = testBox();
  services = createAppServices({ dbPath: db, version: '0.1.0', transport: 'web', emit: () => undefined }, realDeps('0.1.0', { secretBox: box, scrypt: FAST }));
  dispatcher = createDispatcher(createHandlers(services));
});
afterAll(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call<C extends InvokeChannel>(channel: C, arg?: InvokeArg<C>): Promise<Result<InvokeValue<C>>> {
  return (await dispatcher.dispatch(channel, arg)) as Result<InvokeValue<C>>;
}
async function ok<C extends InvokeChannel>(channel: C, arg?: InvokeArg<C>): Promise<InvokeValue<C>> {
  const r = await call(channel, arg);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('records channels', () => {
  let ada: InvokeValue<'operators:create'>;
  let bob: InvokeValue<'operators:create'>;
  let id: string;
  const sign = { host: HOST, port: PORT, note: 'AEs restricted' };

  it('a new operator needs a passphrase of 12+ characters; nothing is made without one', async () => {
    const before = counts(db);
    expect(await call('operators:create', { name: 'Ada Admin', role: 'PACS administrator' } as InvokeArg<'operators:create'>)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/^passphrase/) as unknown } });
    expect(await call('operators:create', { name: 'Ada Admin', role: 'PACS administrator', passphrase: 'too short' })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/at least 12 characters/) as unknown } });
    expect(counts(db)).toEqual(before);
    expect(box.sealedCount).toBe(0);
  });

  it('operators: their key sealed twice (passphrase, then keychain), listed with who added them', async () => {
    ada = await ok('operators:create', { name: 'Ada Admin', role: 'PACS administrator', passphrase: ADA_PASS });
    bob = await ok('operators:create', { name: 'Bob Owner', role: 'clinical system owner', passphrase: BOB_PASS });
    expect(box.sealedCount).toBe(2);
    expect(ada).toMatchObject({ name: 'Ada Admin', hasSealedKey: true, addedBy: me, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    expect((await ok('operators:list')).map((o) => o.name)).toEqual(['Ada Admin', 'Bob Owner']);
    const store = openStore(db, { readonly: true });
    const row = store.db.prepare('SELECT sealed_private_key, sealed_with FROM operators WHERE fingerprint = ?').get(ada.fingerprint) as { sealed_private_key: Buffer; sealed_with: string };
    const audit = store.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'operator-added' ORDER BY seq").all() as Array<{ actor: string; detail: string }>;
    store.close();
    expect(row.sealed_with).toBe('safe-storage');
    expect(row.sealed_private_key.includes(Buffer.from('302e020100300506032b657004', 'hex'))).toBe(false); // no clear PKCS#8 header
    // The keychain alone opens only the outer layer: a key file still locked by Ada's passphrase.
    const inner = box.open(row.sealed_private_key);
    expect(inner.includes(Buffer.from('302e020100300506032b657004', 'hex'))).toBe(false);
    expect(() => createPrivateKey({ key: inner, format: 'der', type: 'pkcs8' })).toThrow();
    const doc = parseKeyFileText('sealed', inner.toString('utf8'));
    expect(doc).toMatchObject({ format: KEY_FILE_FORMAT, name: 'Ada Admin', fingerprint: ada.fingerprint });
    expect(() => unlockKeyFile('sealed', doc, BOB_PASS)).toThrow(/wrong passphrase/);
    expect(unlockKeyFile('sealed', doc, ADA_PASS).fingerprint).toBe(ada.fingerprint);
    // Written to the audit log: when, and by which OS user.
    expect(audit.map((a) => [a.actor, JSON.parse(a.detail) as unknown])).toEqual([
      [me, expect.objectContaining({ fingerprint: ada.fingerprint, name: 'Ada Admin', addedBy: me, keyHeld: 'safe-storage' })],
      [me, expect.objectContaining({ fingerprint: bob.fingerprint, name: 'Bob Owner', addedBy: me })],
    ]);
  });

  it('preview shows what will be signed, before any signer is chosen too, and writes nothing', async () => {
    const p = await ok('records:preview', { ...sign, operator: ada.fingerprint });
    expect(p.draft).toMatchObject({ server: { host: HOST, port: PORT }, operator: { name: 'Ada Admin', fingerprint: ada.fingerprint }, note: 'AEs restricted', verification: { passed: true } });
    expect(p.warnings).toEqual([]);
    const anyone = await ok('records:preview', sign);
    expect(anyone.operator).toBeNull();
    expect(anyone.draft).toMatchObject({ server: { host: HOST, port: PORT }, operator: { name: '', fingerprint: '' }, note: 'AEs restricted' });
    expect(anyone.warnings).toEqual([expect.stringMatching(/nobody is chosen/)]);
    expect(await ok('records:list')).toEqual([]);
  });

  it('signing needs the operator passphrase: missing or wrong, nothing is stored', async () => {
    const before = counts(db);
    expect(await call('records:signoff', { ...sign, operator: ada.fingerprint } as InvokeArg<'records:signoff'>)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/^passphrase/) as unknown } });
    expect(await call('records:signoff', { ...sign, operator: ada.fingerprint, passphrase: '' })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/^passphrase/) as unknown } });
    expect(await call('records:signoff', { ...sign, operator: ada.fingerprint, passphrase: 'x'.repeat(1025) })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await call('records:signoff', { ...sign, operator: ada.fingerprint, passphrase: BOB_PASS })).toMatchObject({ ok: false, error: { code: 'bad-passphrase', message: expect.stringMatching(/wrong passphrase for the key of Ada Admin/) as unknown } });
    expect(counts(db)).toEqual(before);
    expect(await ok('records:list')).toEqual([]);
  });

  it('signs with the passphrase; a co-signature needs the second operator’s own secret', async () => {
    const signed = await ok('records:signoff', { ...sign, operator: ada.fingerprint, passphrase: ADA_PASS });
    id = signed.id;
    expect(signed).toMatchObject({ position: 1, intact: true, problems: [], signatures: [{ kind: 'operator', name: 'Ada Admin', holds: true }] });
    expect(signed.enrolments).toEqual([{ fingerprint: ada.fingerprint, addedAt: ada.createdAt, addedBy: me, keyHeld: 'app' }]);

    const before = counts(db);
    // Bob's key, Ada's passphrase: refused; no passphrase: refused; Ada herself: refused.
    expect(await call('records:cosign', { id, operator: bob.fingerprint, passphrase: ADA_PASS })).toMatchObject({ ok: false, error: { code: 'bad-passphrase' } });
    expect(await call('records:cosign', { id, operator: bob.fingerprint } as InvokeArg<'records:cosign'>)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/^passphrase/) as unknown } });
    expect(await call('records:cosign', { id, operator: ada.fingerprint, passphrase: ADA_PASS })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/second person/) as unknown } });
    expect(counts(db)).toEqual(before);

    const co = await ok('records:cosign', { id: id.slice(0, 8), operator: bob.fingerprint, passphrase: BOB_PASS });
    expect(co.signatures.map((s) => [s.kind, s.name, s.holds])).toEqual([['operator', 'Ada Admin', true], ['reviewer', 'Bob Owner', true]]);
    expect(co.enrolments.map((e) => [e.fingerprint, e.addedBy])).toEqual([[ada.fingerprint, me], [bob.fingerprint, me]]);
    expect(await ok('records:get', { id })).toMatchObject({ intact: true, hash: signed.hash });
    expect((await ok('records:list')).map((r) => [r.id, r.reviewers.map((x) => x.name)])).toEqual([[id, ['Bob Owner']]]);
  });

  it('an operator with a key file: added with its passphrase, signs and co-signs with the file and passphrase', async () => {
    const kimFile = keyFileText('Kim Keyfile', 'PACS administrator', KIM_PASS);
    const leeFile = keyFileText('Lee Keyfile', 'clinical system owner', LEE_PASS);
    const before = counts(db);
    expect(await call('operators:register-key-file', { keyFile: kimFile, passphrase: LEE_PASS })).toMatchObject({ ok: false, error: { code: 'bad-passphrase' } });
    expect(await call('operators:register-key-file', { keyFile: '{"format":"collimator-operator-key/9"}', passphrase: KIM_PASS })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/^keyFile: .*collimator-operator-key\/1/) as unknown } });
    expect(await call('operators:register-key-file', { keyFile: 'x'.repeat(17 * 1024), passphrase: KIM_PASS })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/too large/) as unknown } });
    expect(counts(db)).toEqual(before);
    const kim = await ok('operators:register-key-file', { keyFile: kimFile, passphrase: KIM_PASS });
    const lee = await ok('operators:register-key-file', { keyFile: leeFile, passphrase: LEE_PASS });
    expect(kim).toMatchObject({ name: 'Kim Keyfile', role: 'PACS administrator', hasSealedKey: false, addedBy: me });

    const target = { ...sign, note: 'second record, signed with a key file' };
    const mid = counts(db);
    expect(await call('records:signoff', { ...target, operator: kim.fingerprint, passphrase: KIM_PASS })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/choose their key file/) as unknown } });
    expect(await call('records:signoff', { ...target, operator: kim.fingerprint, passphrase: LEE_PASS, keyFile: leeFile })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/holds the key of Lee Keyfile/) as unknown } });
    expect(await call('records:signoff', { ...target, operator: kim.fingerprint, passphrase: LEE_PASS, keyFile: kimFile })).toMatchObject({ ok: false, error: { code: 'bad-passphrase' } });
    expect(counts(db)).toEqual(mid);

    const rec = await ok('records:signoff', { ...target, operator: kim.fingerprint, passphrase: KIM_PASS, keyFile: kimFile });
    expect(rec).toMatchObject({ position: 2, intact: true, signatures: [{ name: 'Kim Keyfile', fingerprint: kim.fingerprint, holds: true }] });
    expect(rec.enrolments).toEqual([expect.objectContaining({ fingerprint: kim.fingerprint, addedBy: me, keyHeld: 'key file' })]);
    expect(await call('records:cosign', { id: rec.id, operator: lee.fingerprint, passphrase: KIM_PASS, keyFile: leeFile })).toMatchObject({ ok: false, error: { code: 'bad-passphrase' } });
    const co = await ok('records:cosign', { id: rec.id, operator: lee.fingerprint, passphrase: LEE_PASS, keyFile: leeFile });
    expect(co.signatures.map((s) => [s.kind, s.name, s.holds])).toEqual([['operator', 'Kim Keyfile', true], ['reviewer', 'Lee Keyfile', true]]);
  });

  it('a key kept by an earlier version without a passphrase no longer signs', async () => {
    const { privateKey } = generateKeyPair();
    const legacy = await ok('operators:register-key-file', { keyFile: keyFileText('Old Key', '', 'old key passphrase'), passphrase: 'old key passphrase' });
    // The pre-passphrase form: the bare PKCS#8 sealed by the keychain alone (written here as an old app would have).
    const store = openStore(db);
    store.db.prepare("INSERT INTO operators (fingerprint, name, role, public_key, created_at, sealed_private_key, sealed_with) VALUES (?, 'Legacy Admin', '', ?, ?, ?, 'safe-storage')").run('0'.repeat(64), legacy.publicKey, legacy.createdAt, box.seal(pkcs8Der(privateKey)));
    store.close();
    const before = counts(db);
    expect(await call('records:signoff', { ...sign, operator: '0'.repeat(64), passphrase: 'anything at all' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/earlier version without a passphrase/) as unknown } });
    expect(counts(db)).toEqual(before);
  });

  it('a lone surrogate: refused in a name or role (an identity) in one line; in a note made U+FFFD, and the record signs', async () => {
    const before = counts(db);
    for (const [arg, message] of [
      [{ name: 'Eve \ud800Admin', role: 'x', passphrase: 'eve has a long passphrase' }, /^name: contains a broken character \(a lone UTF-16 surrogate\): type it again$/],
      [{ name: 'Eve Admin', role: 'tech\udc00', passphrase: 'eve has a long passphrase' }, /^role: contains a broken character/],
    ] as Array<[InvokeArg<'operators:create'>, RegExp]>) {
      expect(await call('operators:create', arg)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(message) as unknown } });
    }
    expect(counts(db)).toEqual(before);
    const signed = await ok('records:signoff', { ...sign, note: 'half of an emoji: \ud83d.', operator: ada.fingerprint, passphrase: ADA_PASS });
    expect(signed).toMatchObject({ intact: true, body: { note: 'half of an emoji: \ufffd.' } });
  });

  it('refusals come back as contract codes, in words', async () => {
    expect(await call('records:get', { id: 'ffffffff-no' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('records:signoff', { host: '127.0.0.9', port: 104, operator: ada.fingerprint, note: '', passphrase: ADA_PASS })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/never been scanned/) as unknown } });
    expect(await call('records:signoff', { host: HOST, port: PORT, operator: 'ab'.repeat(32), note: '', passphrase: ADA_PASS })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/no operator/) as unknown } });
    expect(await call('records:export', { format: 'docx' as 'json', all: true })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/^format/) as unknown } });
  });

  it('exports JSON that the verify-file channel (and the CLI) accept, and CSV', async () => {
    const json = await ok('records:export', { format: 'json', ids: [id] });
    expect(json).toMatchObject({ fileName: 'collimator-record-' + id.slice(0, 8) + '.json', mediaType: 'application/json', records: 1 });
    const text = Buffer.from(json.base64, 'base64').toString('utf8');
    expect(await ok('records:verify-file', { text })).toMatchObject({ ok: true, problems: [] });
    const tampered = text.replace('"note": "AEs restricted"', '"note": "AEs opened"');
    expect(tampered).not.toBe(text);
    const bad = await ok('records:verify-file', { text: tampered });
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((p) => p.kind)).toEqual(['parsed-copy']);
    const csv = await ok('records:export', { format: 'csv' });
    expect(Buffer.from(csv.base64, 'base64').toString('utf8').split('\r\n')[1]).toMatch(new RegExp(`^1,${id},`));
  });

  it.skipIf(!fs.existsSync(chromiumPath()))('exports the PDF report', async () => {
    const pdf = await ok('records:export', { format: 'pdf', ids: [id] });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('a record altered in the database is reported, and not co-signed (integrity)', async () => {
    const store = openStore(db);
    store.db.exec('DROP TRIGGER records_no_update');
    store.db.prepare("UPDATE records SET canonical = CAST(replace(CAST(canonical AS TEXT), 'AEs restricted', 'AEs restrictex') AS BLOB)").run();
    store.close();
    const d = await ok('records:get', { id });
    expect(d.intact).toBe(false);
    expect(d.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['hash', 'signature']));
    const carol = await ok('operators:create', { name: 'Carol Auditor', role: 'auditor', passphrase: 'carol audits everything' });
    expect(await call('records:cosign', { id, operator: carol.fingerprint, passphrase: 'carol audits everything' })).toMatchObject({ ok: false, error: { code: 'integrity' } });
  });
});

describe('without an OS keychain (the web bridge)', () => {
  it('keeps no keys: a new key is unavailable, but an operator from a key file signs and a second one co-signs', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-records-ipc-'));
    const file = path.join(dir2, 'x.db');
    const st = openStore(file);
    seedStory(st);
    st.close();
    const s = createAppServices({ dbPath: file, version: '0.1.0', transport: 'web', emit: () => undefined }, realDeps('0.1.0', { secretBox: testBox(false) }));
    try {
      const d = createDispatcher(createHandlers(s));
      expect(await d.dispatch('operators:create', { name: 'Ada', role: '', passphrase: ADA_PASS })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/from a key file.*keys new/) as unknown } });
      expect(await d.dispatch('records:list', undefined)).toEqual({ ok: true, value: [] });
      const kimFile = keyFileText('Kim Keyfile', 'PACS administrator', KIM_PASS);
      const leeFile = keyFileText('Lee Keyfile', 'clinical system owner', LEE_PASS);
      const kim = (await d.dispatch('operators:register-key-file', { keyFile: kimFile, passphrase: KIM_PASS })) as Result<InvokeValue<'operators:register-key-file'>>;
      const lee = (await d.dispatch('operators:register-key-file', { keyFile: leeFile, passphrase: LEE_PASS })) as Result<InvokeValue<'operators:register-key-file'>>;
      if (!kim.ok || !lee.ok) throw new Error('key-file operators were not added');
      expect(await d.dispatch('records:preview', { host: HOST, port: PORT, note: '' })).toMatchObject({ ok: true, value: { operator: null } });
      expect(await d.dispatch('records:signoff', { host: HOST, port: PORT, note: '', operator: kim.value.fingerprint, passphrase: KIM_PASS, keyFile: kimFile })).toMatchObject({ ok: true, value: { intact: true } });
      const list = (await d.dispatch('records:list', undefined)) as Result<InvokeValue<'records:list'>>;
      const rid = list.ok ? list.value[0]!.id : '';
      expect(await d.dispatch('records:cosign', { id: rid, operator: lee.value.fingerprint, passphrase: KIM_PASS, keyFile: leeFile })).toMatchObject({ ok: false, error: { code: 'bad-passphrase' } });
      expect(await d.dispatch('records:cosign', { id: rid, operator: lee.value.fingerprint, passphrase: LEE_PASS, keyFile: leeFile })).toMatchObject({ ok: true, value: { intact: true, signatures: [{ name: 'Kim Keyfile' }, { name: 'Lee Keyfile', kind: 'reviewer' }] } });
    } finally {
      await s.close();
      fs.rmSync(dir2, { recursive: true, force: true });
    }
  });
});
