/**
 * The records channels end to end through the real dispatcher, zod schemas, handlers,
 * services and store: operators with app-held keys, review then sign, co-sign, detail,
 * exports, checking a file. The OS keychain (Electron safeStorage) cannot run here: a
 * test box with an in-memory AES key stands in for it behind the same SecretBox port.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvokeArg, InvokeChannel, InvokeValue, Result } from '../../../shared/contract';
import { createDispatcher, type Dispatcher } from '../../../electron/ipc/dispatcher';
import { createHandlers } from '../../../electron/ipc/handlers';
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
  services = createAppServices({ dbPath: db, version: '0.1.0', transport: 'web', emit: () => undefined }, realDeps('0.1.0', { secretBox: box }));
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

  it('operators: created with their key sealed by the keychain, listed', async () => {
    ada = await ok('operators:create', { name: 'Ada Admin', role: 'PACS administrator' });
    bob = await ok('operators:create', { name: 'Bob Owner', role: 'clinical system owner' });
    expect(box.sealedCount).toBe(2);
    expect(ada).toMatchObject({ name: 'Ada Admin', hasSealedKey: true, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    expect((await ok('operators:list')).map((o) => o.name)).toEqual(['Ada Admin', 'Bob Owner']);
    // The database holds the sealed form only.
    const store = openStore(db, { readonly: true });
    const row = store.db.prepare('SELECT sealed_private_key, sealed_with FROM operators WHERE fingerprint = ?').get(ada.fingerprint) as { sealed_private_key: Buffer; sealed_with: string };
    store.close();
    expect(row.sealed_with).toBe('safe-storage');
    expect(row.sealed_private_key.includes(Buffer.from('302e020100300506032b657004', 'hex'))).toBe(false); // no clear PKCS#8 header
  });

  it('preview shows what will be signed and writes nothing', async () => {
    const p = await ok('records:preview', { host: HOST, port: PORT, operator: ada.fingerprint, note: 'AEs restricted' });
    expect(p.draft).toMatchObject({ server: { host: HOST, port: PORT }, operator: { name: 'Ada Admin', fingerprint: ada.fingerprint }, note: 'AEs restricted', verification: { passed: true } });
    expect(p.warnings).toEqual([]);
    expect(await ok('records:list')).toEqual([]);
  });

  it('signs, co-signs, and the detail says every signature holds', async () => {
    const signed = await ok('records:signoff', { host: HOST, port: PORT, operator: ada.fingerprint, note: 'AEs restricted' });
    id = signed.id;
    expect(signed).toMatchObject({ position: 1, intact: true, problems: [], signatures: [{ kind: 'operator', name: 'Ada Admin', holds: true }] });
    const co = await ok('records:cosign', { id: id.slice(0, 8), operator: bob.fingerprint });
    expect(co.signatures.map((s) => [s.kind, s.name, s.holds])).toEqual([['operator', 'Ada Admin', true], ['reviewer', 'Bob Owner', true]]);
    expect(await ok('records:get', { id })).toMatchObject({ intact: true, hash: signed.hash });
    expect((await ok('records:list')).map((r) => [r.id, r.reviewers.map((x) => x.name)])).toEqual([[id, ['Bob Owner']]]);
  });

  it('refusals come back as contract codes, in words', async () => {
    expect(await call('records:cosign', { id, operator: ada.fingerprint })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/second person/) as unknown } });
    expect(await call('records:get', { id: 'ffffffff-no' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('records:signoff', { host: '127.0.0.9', port: 104, operator: ada.fingerprint, note: '' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/never been scanned/) as unknown } });
    expect(await call('records:signoff', { host: HOST, port: PORT, operator: 'ab'.repeat(32), note: '' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/no operator/) as unknown } });
    expect(await call('records:export', { format: 'docx' as 'json', all: true })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/^format/) as unknown } });
  });

  it('exports JSON that the verify-file channel (and the CLI) accept, and CSV', async () => {
    const json = await ok('records:export', { format: 'json', all: true });
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
    const carol = await ok('operators:create', { name: 'Carol Auditor', role: 'auditor' });
    expect(await call('records:cosign', { id, operator: carol.fingerprint })).toMatchObject({ ok: false, error: { code: 'integrity' } });
  });
});

describe('without an OS keychain (the web bridge)', () => {
  it('keeps no keys: creating an operator or signing is unavailable; reading works', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-records-ipc-'));
    const s = createAppServices({ dbPath: path.join(dir2, 'x.db'), version: '0.1.0', transport: 'web', emit: () => undefined }, realDeps('0.1.0', { secretBox: testBox(false) }));
    try {
      const d = createDispatcher(createHandlers(s));
      expect(await d.dispatch('operators:create', { name: 'Ada', role: '' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/keys new/) as unknown } });
      expect(await d.dispatch('records:list', undefined)).toEqual({ ok: true, value: [] });
    } finally {
      await s.close();
      fs.rmSync(dir2, { recursive: true, force: true });
    }
  });
});
