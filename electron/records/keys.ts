/**
 * Operator keys: Ed25519 (node:crypto), their fingerprints, signing and verifying.
 *
 * A public key travels as the base64 of its raw 32 bytes (RFC 8032). Its fingerprint is
 * the SHA-256 of those 32 raw bytes (not of an SPKI/DER wrapping), as 64 lower-case hex
 * digits; people see it in groups of four (`formatFingerprint`). Anyone can recompute it
 * from the public key alone: `base64 -d | sha256sum`.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** Bytes of a raw Ed25519 public key, and of a signature. */
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

/** Who signs: the name and role they sign as, and their public key. */
export interface OperatorIdentity {
  /** The person's name as it appears on records (1-100 characters). */
  name: string;
  /** Their role, e.g. `PACS administrator`, `clinical system owner` ('' when not given). */
  role: string;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** SHA-256 of the raw public key, 64 lower-case hex digits. */
  fingerprint: string;
}

/** An unlocked key: the identity plus the ability to sign. The private key never leaves this object. */
export interface SigningKey extends OperatorIdentity {
  /** Ed25519 signature (64 bytes) over `bytes`. */
  sign(bytes: Uint8Array): Buffer;
}

/** A fresh Ed25519 key pair. */
export function generateKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}

/** The raw 32 bytes of an Ed25519 public (or private: its public half) key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 key (${String(pub.asymmetricKeyType)})`);
  const jwk = pub.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
}

/** The public key object of a raw 32-byte Ed25519 key; throws on any other length. */
export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== ED25519_PUBLIC_KEY_BYTES) throw new Error(`an Ed25519 public key is ${ED25519_PUBLIC_KEY_BYTES} bytes, not ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** SHA-256 of the raw public key, lower-case hex. */
export function fingerprintOf(raw: Uint8Array): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** A fingerprint for people: groups of four hex digits (`3f2a 9c01 ...`). */
export function formatFingerprint(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The fingerprint as written in a file or typed by a person, back to 64 lower-case hex digits (spaces and colons dropped). */
export function normalizeFingerprint(text: string): string {
  return text.replace(/[\s:]/g, '').toLowerCase();
}

/** The strict base64 of exactly `bytes` bytes, or undefined (a re-encoding must give the same text). */
export function decodeBase64Exact(text: unknown, bytes: number): Buffer | undefined {
  if (typeof text !== 'string') return undefined;
  const buf = Buffer.from(text, 'base64');
  return buf.length === bytes && buf.toString('base64') === text ? buf : undefined;
}

/** A SigningKey over an Ed25519 private key. Throws when the key is not Ed25519. */
export function signingKey(privateKey: KeyObject, name: string, role: string): SigningKey {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
  const raw = rawPublicKey(privateKey);
  return {
    name,
    role,
    publicKey: raw.toString('base64'),
    fingerprint: fingerprintOf(raw),
    sign: (bytes) => sign(null, bytes, privateKey),
  };
}

/** A SigningKey from a PKCS#8 DER private key (the form keys are sealed in). */
export function signingKeyFromPkcs8(der: Buffer, name: string, role: string): SigningKey {
  return signingKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), name, role);
}

/** PKCS#8 DER of a private key (48 bytes for Ed25519). */
export function pkcs8Der(privateKey: KeyObject): Buffer {
  return privateKey.export({ format: 'der', type: 'pkcs8' });
}

/** True when `signature` (64 bytes) is a valid Ed25519 signature by `rawPublic` over `bytes`. Never throws. */
export function verifySignature(rawPublic: Uint8Array, bytes: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
    return verify(null, bytes, publicKeyFromRaw(rawPublic), signature);
  } catch {
    return false;
  }
}
