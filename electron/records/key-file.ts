/**
 * The operator key file of the CLI (`collimator keys new --out FILE`): JSON holding the
 * operator's name, role and public key in clear, and the private key encrypted under a
 * passphrase (scrypt, then AES-256-GCM).
 *
 * scrypt gives 64 bytes: the first 32 are the AES key; the last 32 key an HMAC stored as
 * `check`, so a wrong passphrase is told apart from a damaged or edited file. The clear
 * header (format, name, role, public key, fingerprint, kdf, cipher iv) is GCM's
 * additional data: editing any of it makes decryption fail as "changed". After
 * decryption the private key must derive the stated public key.
 *
 * The file is created with O_EXCL and mode 0600: an existing file is never overwritten.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { passphraseProblem } from '../../shared/passphrase';
import { isWellFormed, NOT_WELL_FORMED } from '../../shared/safe-text';
import { canonicalBytes } from './jcs';
import { decodeBase64Exact, fingerprintOf, generateKeyPair, normalizeFingerprint, pkcs8Der, rawPublicKey, signingKeyFromPkcs8, type SigningKey } from './keys';

export const KEY_FILE_FORMAT = 'collimator-operator-key/1';
export { MIN_PASSPHRASE_LENGTH, passphraseProblem } from '../../shared/passphrase';
/** Largest key file read, bytes (a real one is under 1 KB). */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/** scrypt cost: N (a power of two), r, p. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's recommended scrypt cost (128 MiB, a few hundred ms). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** The file as JSON. */
export interface KeyFileDoc {
  format: typeof KEY_FILE_FORMAT;
  name: string;
  role: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** SHA-256 of the raw public key, hex. */
  fingerprint: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  /** Base64 HMAC-SHA256 under the second half of the scrypt output: the passphrase check. */
  check: string;
  /** Base64 of the AES-256-GCM ciphertext of the PKCS#8 DER private key. */
  encryptedPrivateKey: string;
}

/** Why a key file cannot be used; `kind` decides the words, the message is one line. */
export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
  constructor(
    readonly kind: 'missing' | 'unreadable' | 'exists' | 'corrupt' | 'wrong-passphrase' | 'weak-passphrase',
    message: string,
  ) {
    super(message);
  }
}

/** Passphrases compare after Unicode NFC normalization: the same text typed on another system unlocks the key. */
function passphraseBytes(passphrase: string): Buffer {
  return Buffer.from(passphrase.normalize('NFC'), 'utf8');
}

function derive(passphrase: string, salt: Buffer, p: ScryptParams): { aesKey: Buffer; checkKey: Buffer } {
  const out = scryptSync(passphraseBytes(passphrase), salt, 64, { N: p.N, r: p.r, p: p.p, maxmem: 256 * 1024 * 1024 });
  return { aesKey: out.subarray(0, 32), checkKey: out.subarray(32) };
}

function checkValue(checkKey: Buffer): Buffer {
  return createHmac('sha256', checkKey).update('collimator key passphrase check').digest();
}

/** The additional authenticated data: every clear field that matters, canonical. */
function additionalData(doc: Omit<KeyFileDoc, 'cipher' | 'check' | 'encryptedPrivateKey'> & { cipher: { name: string; iv: string } }): Buffer {
  return canonicalBytes({
    format: doc.format, name: doc.name, role: doc.role, createdAt: doc.createdAt, publicKey: doc.publicKey, fingerprint: doc.fingerprint,
    kdf: doc.kdf, cipher: { name: doc.cipher.name, iv: doc.cipher.iv },
  });
}

/** A new key pair sealed under `passphrase`, as the file's JSON document. Throws KeyFileError for a weak passphrase. */
export function createKeyFile(opts: { name: string; role: string; passphrase: string; scrypt?: ScryptParams; now?: Date }): KeyFileDoc {
  const weak = passphraseProblem(opts.passphrase);
  if (weak !== undefined) throw new KeyFileError('weak-passphrase', weak);
  const params = opts.scrypt ?? DEFAULT_SCRYPT;
  const { privateKey } = generateKeyPair();
  const raw = rawPublicKey(privateKey);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const { aesKey, checkKey } = derive(opts.passphrase, salt, params);
  const header = {
    format: KEY_FILE_FORMAT as typeof KEY_FILE_FORMAT, name: opts.name, role: opts.role, createdAt: (opts.now ?? new Date()).toISOString(),
    publicKey: raw.toString('base64'), fingerprint: fingerprintOf(raw),
    kdf: { name: 'scrypt' as const, N: params.N, r: params.r, p: params.p, salt: salt.toString('base64') },
  };
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
  cipher.setAAD(additionalData({ ...header, cipher: { name: 'aes-256-gcm', iv: iv.toString('base64') } }));
  const encrypted = Buffer.concat([cipher.update(pkcs8Der(privateKey)), cipher.final()]);
  return {
    ...header,
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    check: checkValue(checkKey).toString('base64'),
    encryptedPrivateKey: encrypted.toString('base64'),
  };
}

/** Writes a new key file (mode 0600). Refuses to replace anything that exists. */
export function writeNewKeyFile(file: string, doc: KeyFileDoc): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new KeyFileError('exists', `${file} already exists; a key file is never overwritten (choose another name)`);
    throw new KeyFileError('unreadable', `cannot create ${file}: ${code === 'ENOENT' ? 'its folder does not exist' : (e as Error).message}`);
  }
  try {
    fs.writeFileSync(fd, `${JSON.stringify(doc, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // The umask cannot widen 0600, but a filesystem may ignore the mode on create; say it again.
  fs.chmodSync(file, 0o600);
}

function corrupt(file: string, why: string): KeyFileError {
  return new KeyFileError('corrupt', `${file} is not a usable Collimator key file: ${why}`);
}

/** Reads and checks the shape of a key file (nothing decrypted yet). */
export function readKeyFile(file: string): KeyFileDoc {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new KeyFileError('unreadable', `${file} is not a file`);
    if (stat.size > MAX_KEY_FILE_BYTES) throw corrupt(file, 'too large to be a key file');
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof KeyFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new KeyFileError('missing', `key file ${file} does not exist (make one with: collimator keys new --out ${file})`);
    throw new KeyFileError('unreadable', `cannot read key file ${file}: ${code ?? (e as Error).message}`);
  }
  return parseKeyFileText(file, text);
}

/**
 * Checks the shape of a key file's text that did not come from a path (the app's file
 * picker, a keychain-sealed key); `label` names it in messages. Nothing is decrypted.
 */
export function parseKeyFileText(label: string, text: string): KeyFileDoc {
  if (Buffer.byteLength(text, 'utf8') > MAX_KEY_FILE_BYTES) throw corrupt(label, 'too large to be a key file');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw corrupt(label, 'not JSON');
  }
  return validateDoc(label, doc);
}

function validateDoc(file: string, doc: unknown): KeyFileDoc {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw corrupt(file, 'not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.format !== KEY_FILE_FORMAT) throw corrupt(file, `format is ${JSON.stringify(d.format)}, expected ${KEY_FILE_FORMAT}`);
  for (const f of ['name', 'role', 'createdAt', 'publicKey', 'fingerprint', 'check', 'encryptedPrivateKey'] as const) {
    if (typeof d[f] !== 'string') throw corrupt(file, `${f} is missing`);
  }
  // The name and role are signed into records: a lone surrogate (a "\ud800" escape) could never be (shared/safe-text.ts, NOT_WELL_FORMED).
  for (const f of ['name', 'role'] as const) if (!isWellFormed(d[f] as string)) throw corrupt(file, `its ${f} ${NOT_WELL_FORMED}`);
  const kdf = d.kdf as Record<string, unknown> | undefined;
  const cipher = d.cipher as Record<string, unknown> | undefined;
  if (typeof kdf !== 'object' || kdf === null || kdf.name !== 'scrypt') throw corrupt(file, 'kdf is not scrypt');
  if (typeof cipher !== 'object' || cipher === null || cipher.name !== 'aes-256-gcm') throw corrupt(file, 'cipher is not aes-256-gcm');
  const { N, r, p } = kdf;
  // Bounds keep a hostile file from making us allocate gigabytes or spin for minutes.
  const ok =
    Number.isSafeInteger(N) && Number.isSafeInteger(r) && Number.isSafeInteger(p) &&
    (N as number) >= 2 ** 10 && (N as number) <= 2 ** 20 && ((N as number) & ((N as number) - 1)) === 0 &&
    (r as number) >= 1 && (r as number) <= 32 && (p as number) >= 1 && (p as number) <= 4 && (N as number) * (r as number) <= 2 ** 21;
  if (!ok) throw corrupt(file, 'scrypt parameters out of range');
  const salt = Buffer.from(typeof kdf.salt === 'string' ? kdf.salt : '', 'base64');
  if (salt.length < 16 || salt.length > 64) throw corrupt(file, 'the scrypt salt is missing or malformed');
  if (decodeBase64Exact(cipher.iv, 12) === undefined) throw corrupt(file, 'the cipher iv is malformed');
  if (decodeBase64Exact(cipher.tag, 16) === undefined) throw corrupt(file, 'the cipher tag is malformed');
  if (decodeBase64Exact(d.check, 32) === undefined) throw corrupt(file, 'the passphrase check is malformed');
  const pub = decodeBase64Exact(d.publicKey, 32);
  if (pub === undefined) throw corrupt(file, 'the public key is malformed');
  if (normalizeFingerprint(d.fingerprint as string) !== fingerprintOf(pub)) throw corrupt(file, 'the fingerprint does not match the public key');
  const enc = Buffer.from(d.encryptedPrivateKey as string, 'base64');
  if (enc.length < 32 || enc.length > 256) throw corrupt(file, 'the encrypted private key is malformed');
  return doc as KeyFileDoc;
}

/**
 * Decrypts the private key with `passphrase`. Throws KeyFileError: `wrong-passphrase`
 * when the passphrase check fails, `corrupt` when the file was changed after it was
 * written (or its private key does not match its public key).
 */
export function unlockKeyFile(file: string, doc: KeyFileDoc, passphrase: string): SigningKey {
  const { aesKey, checkKey } = derive(passphrase, Buffer.from(doc.kdf.salt, 'base64'), doc.kdf);
  const expected = Buffer.from(doc.check, 'base64');
  if (!timingSafeEqual(checkValue(checkKey), expected)) throw new KeyFileError('wrong-passphrase', `wrong passphrase for key file ${file}`);
  let der: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(doc.cipher.iv, 'base64'));
    decipher.setAAD(additionalData(doc));
    decipher.setAuthTag(Buffer.from(doc.cipher.tag, 'base64'));
    der = Buffer.concat([decipher.update(Buffer.from(doc.encryptedPrivateKey, 'base64')), decipher.final()]);
  } catch {
    throw corrupt(file, 'it was changed after it was written (authentication failed)');
  }
  let key: SigningKey;
  try {
    key = signingKeyFromPkcs8(der, doc.name, doc.role);
  } catch {
    throw corrupt(file, 'the decrypted private key is not an Ed25519 key');
  }
  if (key.publicKey !== doc.publicKey) throw corrupt(file, 'its private key does not belong to its public key');
  return key;
}

/** Reads and unlocks a key file in one step. */
export function loadSigningKey(file: string, passphrase: string): SigningKey {
  return unlockKeyFile(file, readKeyFile(file), passphrase);
}
