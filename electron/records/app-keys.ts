/**
 * The keys the app signs with, and the secret that unlocks each one at the moment of
 * signing (issue 11: a person behind every signature).
 *
 * An app-held key is a key file (key-file.ts: the PKCS#8 private key under scrypt of the
 * operator's passphrase, then AES-256-GCM) sealed once more by the OS keychain
 * (SecretBox). The keychain alone opens only the outer layer: without the passphrase the
 * private key stays encrypted. An operator who keeps their own key file (`collimator
 * keys new`) sends its text with the passphrase instead. Either way main decrypts,
 * signs, and forgets: no passphrase or clear key outlives the call.
 */
import { RecordsError } from './errors';
import { createKeyFile, KeyFileError, parseKeyFileText, unlockKeyFile, type KeyFileDoc, type ScryptParams } from './key-file';
import type { OperatorIdentity, SigningKey } from './keys';
import type { SecretBox } from './secret-box';

/** What the keychain keeps for an app-held operator: their key file's JSON, sealed. */
export interface SealedOperatorKey {
  identity: OperatorIdentity;
  sealed: Buffer;
}

/** Words for a key-file failure, as a RecordsError (a wrong passphrase has its own code). */
function asRecordsError(e: unknown, what: string): never {
  if (e instanceof KeyFileError) {
    if (e.kind === 'wrong-passphrase') throw new RecordsError('bad-passphrase', `wrong passphrase for ${what}; nothing was signed or written`);
    if (e.kind === 'weak-passphrase') throw new RecordsError('invalid', e.message);
    throw new RecordsError('invalid', e.message);
  }
  throw e;
}

/** A new key pair for an operator, under their passphrase and then the keychain. */
export function sealNewOperatorKey(box: SecretBox, opts: { name: string; role: string; passphrase: string; scrypt?: ScryptParams | undefined; now: Date }): SealedOperatorKey {
  let doc: KeyFileDoc;
  try {
    doc = createKeyFile({ name: opts.name, role: opts.role, passphrase: opts.passphrase, now: opts.now, ...(opts.scrypt ? { scrypt: opts.scrypt } : {}) });
  } catch (e) {
    asRecordsError(e, `the key of ${opts.name}`);
  }
  const inner = Buffer.from(JSON.stringify(doc), 'utf8');
  const sealed = box.seal(inner);
  return { identity: { name: doc.name, role: doc.role, publicKey: doc.publicKey, fingerprint: doc.fingerprint }, sealed };
}

/** Reads a key file's text and unlocks it with `passphrase`. */
export function unlockKeyFileText(text: string, passphrase: string, label = 'the chosen key file'): SigningKey {
  try {
    const doc = parseKeyFileText(label, text);
    return unlockKeyFile(label, doc, passphrase);
  } catch (e) {
    asRecordsError(e, label);
  }
}

/** The key file's public identity, without unlocking it. */
export function keyFileIdentity(text: string, label = 'the chosen key file'): OperatorIdentity {
  try {
    const d = parseKeyFileText(label, text);
    return { name: d.name, role: d.role, publicKey: d.publicKey, fingerprint: d.fingerprint };
  } catch (e) {
    asRecordsError(e, label);
  }
}

/**
 * Opens an app-held key: the keychain's layer first, then the passphrase's. A key sealed
 * by an earlier version (the bare PKCS#8, keychain only) is refused: it has no
 * passphrase, so no person stands behind it.
 */
export function unlockSealedKey(box: SecretBox, sealed: Buffer, passphrase: string, who: string): SigningKey {
  const inner = box.open(sealed);
  try {
    // A PKCS#8 DER starts with 0x30 (SEQUENCE); the passphrase-sealed form is JSON.
    if (inner[0] !== 0x7b /* { */) {
      throw new RecordsError('unavailable', `the key of ${who} was kept by an earlier version without a passphrase, so it no longer signs here: add ${who} again (a new key, with a passphrase)`);
    }
    const text = inner.toString('utf8');
    try {
      return unlockKeyFile(`the key of ${who}`, parseKeyFileText(`the key of ${who}`, text), passphrase);
    } catch (e) {
      asRecordsError(e, `the key of ${who}`);
    }
  } finally {
    inner.fill(0);
  }
}
