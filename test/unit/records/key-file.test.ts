/** Operator keys and the passphrase-protected key file: round trip, and every way a file can be unusable. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyFile, DEFAULT_SCRYPT, KeyFileError, loadSigningKey, passphraseProblem, readKeyFile, writeNewKeyFile, type KeyFileDoc } from '../../../electron/records/key-file';
import { fingerprintOf, formatFingerprint, generateKeyPair, publicKeyFromRaw, rawPublicKey, signingKey, verifySignature } from '../../../electron/records/keys';
import { obtainPassphrase, openPermissions, PassphraseError } from '../../../electron/records/passphrase';

/** Cheaper scrypt for the many files these tests write; one test uses the default cost. */
const FAST = { N: 2 ** 14, r: 8, p: 1 };
const PASS = 'correct horse battery staple';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-keys-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function newFile(doc?: KeyFileDoc): { file: string; doc: KeyFileDoc } {
  const d = doc ?? createKeyFile({ name: 'Ada Admin', role: 'PACS administrator', passphrase: PASS, scrypt: FAST });
  const file = path.join(tmp(), 'ada.key');
  writeNewKeyFile(file, d);
  return { file, doc: d };
}

function rewrite(file: string, edit: (d: Record<string, unknown>) => void): void {
  const d = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(d);
  fs.writeFileSync(file, JSON.stringify(d));
}

function errorOf(fn: () => unknown): KeyFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KeyFileError) return e;
    throw e;
  }
  throw new Error('expected a KeyFileError');
}

describe('keys', () => {
  it('fingerprint is SHA-256 of the raw 32-byte public key, shown in groups of four', () => {
    const { publicKey } = generateKeyPair();
    const raw = rawPublicKey(publicKey);
    expect(raw).toHaveLength(32);
    expect(fingerprintOf(raw)).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(formatFingerprint('0123456789abcdef0123')).toBe('0123 4567 89ab cdef 0123');
    expect(rawPublicKey(publicKeyFromRaw(raw)).equals(raw)).toBe(true);
    expect(() => publicKeyFromRaw(raw.subarray(1))).toThrow(/32 bytes/);
  });

  it('signs and verifies; a flipped bit in message, signature or key fails', () => {
    const { privateKey } = generateKeyPair();
    const k = signingKey(privateKey, 'A', 'r');
    const msg = Buffer.from('{"a":1}');
    const sig = k.sign(msg);
    const pub = Buffer.from(k.publicKey, 'base64');
    expect(verifySignature(pub, msg, sig)).toBe(true);
    const bad = Buffer.from(sig);
    bad[5]! ^= 1;
    expect(verifySignature(pub, msg, bad)).toBe(false);
    expect(verifySignature(pub, Buffer.from('{"a":2}'), sig)).toBe(false);
    const otherPub = Buffer.from(pub);
    otherPub[0]! ^= 1;
    expect(verifySignature(otherPub, msg, sig)).toBe(false);
    expect(verifySignature(pub, msg, sig.subarray(1))).toBe(false);
  });
});

describe('key file', () => {
  it('round trip with the default scrypt cost: mode 0600, the identity in clear, a working key', () => {
    const doc = createKeyFile({ name: 'Ada Admin', role: 'PACS administrator', passphrase: PASS });
    expect(doc.kdf).toMatchObject({ name: 'scrypt', ...DEFAULT_SCRYPT });
    const { file } = newFile(doc);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('"name": "Ada Admin"');
    expect(text).not.toMatch(/PRIVATE KEY/);
    const key = loadSigningKey(file, PASS);
    expect(key).toMatchObject({ name: 'Ada Admin', role: 'PACS administrator', fingerprint: doc.fingerprint, publicKey: doc.publicKey });
    expect(verifySignature(Buffer.from(key.publicKey, 'base64'), Buffer.from('x'), key.sign(Buffer.from('x')))).toBe(true);
  });

  it('accepts the passphrase in another Unicode normalization (NFC compared)', () => {
    const { file } = newFile(createKeyFile({ name: 'A', role: '', passphrase: 'caf\u00e9 au lait 12', scrypt: FAST }));
    expect(loadSigningKey(file, 'cafe\u0301 au lait 12').name).toBe('A');
  });

  it('refuses to overwrite an existing file, and a folder that does not exist', () => {
    const { file, doc } = newFile();
    const before = fs.readFileSync(file);
    expect(errorOf(() => writeNewKeyFile(file, doc))).toMatchObject({ kind: 'exists' });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(errorOf(() => writeNewKeyFile(path.join(tmp(), 'no', 'such', 'x.key'), doc))).toMatchObject({ kind: 'unreadable', message: expect.stringMatching(/folder does not exist/) as unknown });
  });

  it('refuses a short passphrase or one with outer spaces', () => {
    expect(passphraseProblem('short')).toMatch(/at least 12 characters/);
    expect(passphraseProblem(' twelve chars ok ')).toMatch(/spaces/);
    expect(passphraseProblem(PASS)).toBeUndefined();
    expect(errorOf(() => createKeyFile({ name: 'A', role: '', passphrase: 'elevenchars' }))).toMatchObject({ kind: 'weak-passphrase' });
  });

  it('a wrong passphrase is named as such', () => {
    const { file } = newFile();
    expect(errorOf(() => loadSigningKey(file, 'not the passphrase'))).toMatchObject({ kind: 'wrong-passphrase', message: `wrong passphrase for key file ${file}` });
  });

  it('a missing file, a folder, garbage and truncated JSON are named', () => {
    const dir = tmp();
    expect(errorOf(() => readKeyFile(path.join(dir, 'nope.key')))).toMatchObject({ kind: 'missing', message: expect.stringMatching(/does not exist.*keys new/) as unknown });
    expect(errorOf(() => readKeyFile(dir))).toMatchObject({ kind: 'unreadable' });
    const junk = path.join(dir, 'junk.key');
    fs.writeFileSync(junk, '\x00\x01garbage');
    expect(errorOf(() => readKeyFile(junk))).toMatchObject({ kind: 'corrupt', message: expect.stringMatching(/not JSON/) as unknown });
    const { file } = newFile();
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 100));
    expect(errorOf(() => readKeyFile(file)).kind).toBe('corrupt');
  });

  it.each<[string, (d: Record<string, unknown>) => void, RegExp]>([
    ['the name', (d) => (d.name = 'Mallory'), /changed after it was written/],
    ['the role', (d) => (d.role = 'chief'), /changed after it was written/],
    ['the ciphertext', (d) => (d.encryptedPrivateKey = flipB64(d.encryptedPrivateKey as string)), /changed after it was written/],
    ['the tag', (d) => ((d.cipher as Record<string, string>).tag = flipB64((d.cipher as Record<string, string>).tag!)), /changed after it was written/],
    ['the fingerprint', (d) => (d.fingerprint = 'ab'.repeat(32)), /fingerprint does not match the public key/],
    ['the public key and fingerprint together', (d) => {
      const raw = rawPublicKey(generateKeyPair().publicKey);
      d.publicKey = raw.toString('base64');
      d.fingerprint = fingerprintOf(raw);
    }, /changed after it was written/],
    ['the format', (d) => (d.format = 'other/1'), /format is "other\/1"/],
    ['scrypt N (huge)', (d) => ((d.kdf as Record<string, number>).N = 2 ** 30), /scrypt parameters out of range/],
    ['scrypt N (not a power of two)', (d) => ((d.kdf as Record<string, number>).N = 3000), /scrypt parameters out of range/],
    ['the iv', (d) => ((d.cipher as Record<string, string>).iv = 'AAAA'), /iv is malformed/],
    ['the name, to a lone surrogate', (d) => (d.name = 'Ada \ud800'), /its name contains a broken character \(a lone UTF-16 surrogate\)/],
    ['the role, to a lone surrogate', (d) => (d.role = '\udc00'), /its role contains a broken character/],
  ])('an edited file (%s) is refused as damaged, never as a wrong passphrase', (_what, edit, message) => {
    const { file } = newFile();
    rewrite(file, edit);
    const e = errorOf(() => loadSigningKey(file, PASS));
    expect(e.kind).toBe('corrupt');
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('\n');
  });
});

function flipB64(b64: string): string {
  const b = Buffer.from(b64, 'base64');
  b[0]! ^= 0x01;
  return b.toString('base64');
}

describe('passphrase sources', () => {
  it('takes the file first, then the environment, then the prompt', async () => {
    const dir = tmp();
    const f = path.join(dir, 'pass');
    fs.writeFileSync(f, 'from the file 123\nsecond line\n', { mode: 0o600 });
    const prompt = (): Promise<string> => Promise.resolve('from the prompt 1');
    expect(await obtainPassphrase({ file: f, env: { COLLIMATOR_PASSPHRASE: 'from env' }, prompt }, { confirm: false, what: 'k' })).toBe('from the file 123');
    expect(await obtainPassphrase({ env: { COLLIMATOR_PASSPHRASE: 'from env' }, prompt }, { confirm: false, what: 'k' })).toBe('from env');
    expect(await obtainPassphrase({ env: {}, prompt }, { confirm: true, what: 'k' })).toBe('from the prompt 1');
  });

  it('says how to give one when there is no terminal, and refuses a mismatch or an empty file', async () => {
    await expect(obtainPassphrase({ env: {} }, { confirm: false, what: 'key.json' })).rejects.toThrow(/--passphrase-file FILE, set COLLIMATOR_PASSPHRASE, or run in a terminal/);
    let n = 0;
    const prompt = (): Promise<string> => Promise.resolve(`answer ${n++} long enough`);
    await expect(obtainPassphrase({ env: {}, prompt }, { confirm: true, what: 'k' })).rejects.toThrow(PassphraseError);
    const f = path.join(tmp(), 'empty');
    fs.writeFileSync(f, '\n', { mode: 0o600 });
    await expect(obtainPassphrase({ file: f, env: {} }, { confirm: false, what: 'k' })).rejects.toThrow(/is empty/);
    await expect(obtainPassphrase({ file: path.join(tmp(), 'none'), env: {} }, { confirm: false, what: 'k' })).rejects.toThrow(/does not exist/);
  });
});

describe('a passphrase file others can read (as ssh refuses such a key)', () => {
  it.skipIf(process.platform === 'win32')('is refused with one line naming the mode, and used once made private', async () => {
    const f = path.join(tmp(), 'pass');
    fs.writeFileSync(f, 'from the file 123\n', { mode: 0o600 });
    for (const [mode, who] of [[0o640, 'its group'], [0o604, 'others'], [0o644, 'group and others'], [0o660, 'its group'], [0o602, 'others']] as const) {
      fs.chmodSync(f, mode);
      const err = await obtainPassphrase({ file: f, env: {} }, { confirm: false, what: 'k' }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(PassphraseError);
      expect((err as Error).message).toBe(`--passphrase-file ${f} is accessible by ${who} (mode 0${mode.toString(8)}); make it private first: chmod 600 ${f}`);
    }
    fs.chmodSync(f, 0o400);
    expect(await obtainPassphrase({ file: f, env: {} }, { confirm: false, what: 'k' })).toBe('from the file 123');
    fs.chmodSync(f, 0o600);
    expect(await obtainPassphrase({ file: f, env: {} }, { confirm: false, what: 'k' })).toBe('from the file 123');
  });

  it('is not judged by mode bits on Windows, where ACLs decide', () => {
    expect(openPermissions(0o644, 'win32')).toBeUndefined();
    expect(openPermissions(0o644, 'linux')).toBe('group and others');
    expect(openPermissions(0o600, 'darwin')).toBeUndefined();
  });
});
