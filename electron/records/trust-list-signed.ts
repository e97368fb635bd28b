/**
 * The signed trust list file, `collimator.trust/1`: an organisation's operators (name,
 * role, public key, fingerprint, valid from/until, revoked), signed by the organisation's
 * key (`collimator keys new --org`).
 *
 * The signature is Ed25519 over the RFC 8785 canonical JSON of the document without its
 * `signature` member, the same way records are signed. The `format` member is inside the
 * signed bytes, so a list's signature can never pass for a record's, nor the reverse.
 * The organisation's public key travels in the file: the signature proves the list was
 * not changed since that key signed it; which organisation key to believe is the
 * reader's choice (`records verify --trust-org FINGERPRINT`, or comparing the
 * fingerprint printed next to the list).
 *
 * Reading is strict: an unknown member, a key that does not match its fingerprint, a
 * time that is not ISO-8601 UTC, a repeated key or a signature that does not hold is
 * refused with one line.
 */
import { canonicalBytes } from './jcs';
import { decodeBase64Exact, fingerprintOf, formatFingerprint, verifySignature, type SigningKey } from './keys';

export const TRUST_FORMAT = 'collimator.trust/1';
/** The role an organisation key file carries (`collimator keys new --org`). */
export const ORG_KEY_ROLE = 'organisation';
/** Most operators one list holds. */
export const MAX_TRUST_OPERATORS = 10_000;

/** One operator of the list. */
export interface TrustOperator {
  name: string;
  role: string;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** SHA-256 of the raw public key, 64 lower-case hex digits. */
  fingerprint: string;
  /** ISO-8601 UTC: signatures made before this are `expired`. */
  validFrom: string;
  /** ISO-8601 UTC: signatures made after this are `expired`; absent or null: no end. */
  validUntil?: string | null;
  /** True when the key must no longer be believed, whatever the signing time. */
  revoked?: boolean;
  /** When the organisation revoked it (ISO-8601 UTC); its presence also means revoked. */
  revokedAt?: string | null;
}

/** The file's JSON. */
export interface SignedTrustDoc {
  format: typeof TRUST_FORMAT;
  organisation: { name: string; publicKey: string; fingerprint: string };
  /** When the organisation signed this version of the list (ISO-8601 UTC). */
  issuedAt: string;
  operators: TrustOperator[];
  /** Base64 of the Ed25519 signature by the organisation key over the canonical document without this member. */
  signature: string;
}

export type UnsignedTrustDoc = Omit<SignedTrustDoc, 'signature'>;

/** A trust list that cannot be used; the message is one line naming the list. */
export class TrustListError extends Error {
  override readonly name = 'TrustListError';
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** True for an ISO-8601 UTC time such as `2025-03-01T12:00:00.000Z`. */
export function isIsoUtc(v: unknown): v is string {
  return typeof v === 'string' && ISO_UTC.test(v) && Number.isFinite(Date.parse(v));
}

/** The bytes the organisation signs. */
export function trustSignedBytes(doc: UnsignedTrustDoc): Buffer {
  const { format, organisation, issuedAt, operators } = doc;
  return canonicalBytes({ format, organisation, issuedAt, operators });
}

/** Signs `doc` with the organisation key; the key must be the one the document names. */
export function signTrustDoc(doc: UnsignedTrustDoc, orgKey: SigningKey): SignedTrustDoc {
  if (orgKey.fingerprint !== doc.organisation.fingerprint) throw new TrustListError('the organisation key is not the key this list was made with');
  const signature = orgKey.sign(trustSignedBytes(doc)).toString('base64');
  return { format: doc.format, organisation: doc.organisation, issuedAt: doc.issuedAt, operators: doc.operators, signature };
}

/** The file's text: readable JSON (the signature is over the canonical form, not this layout). */
export function trustDocText(doc: SignedTrustDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function exactKeys(o: Record<string, unknown>, allowed: readonly string[], where: string, fail: (why: string) => TrustListError): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw fail(`${where} has unknown member ${JSON.stringify(extra[0])}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown, max: number, min = 0): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max && !/[\x00-\x1f\x7f]/.test(v);
}

/** Checks a key pair of members (publicKey, fingerprint); returns why not, or undefined. */
function keyProblem(o: Record<string, unknown>): string | undefined {
  const raw = decodeBase64Exact(o.publicKey, 32);
  if (raw === undefined) return 'its publicKey is not 32 bytes of base64';
  if (o.fingerprint !== fingerprintOf(raw)) return `its fingerprint is not the SHA-256 of its public key (that is ${formatFingerprint(fingerprintOf(raw))})`;
  return undefined;
}

/**
 * Checks the shape and the organisation signature of a parsed `collimator.trust/1`
 * document. Throws TrustListError (one line, naming `source`) on anything wrong.
 */
export function checkSignedTrustDoc(doc: unknown, source: string): SignedTrustDoc {
  const fail = (why: string): TrustListError => new TrustListError(`trust list ${source} is not usable: ${why}`);
  if (!isObject(doc)) throw fail('not a JSON object');
  if (doc.format !== TRUST_FORMAT) throw fail(`format is ${JSON.stringify(doc.format)}, not ${TRUST_FORMAT}`);
  exactKeys(doc, ['format', 'organisation', 'issuedAt', 'operators', 'signature'], 'the list', fail);
  const org = doc.organisation;
  if (!isObject(org)) throw fail('it names no organisation');
  exactKeys(org, ['name', 'publicKey', 'fingerprint'], 'the organisation', fail);
  if (!text(org.name, 200, 1)) throw fail("the organisation's name is missing or not one line of text");
  const orgKey = keyProblem(org);
  if (orgKey !== undefined) throw fail(`the organisation key: ${orgKey}`);
  if (!isIsoUtc(doc.issuedAt)) throw fail('issuedAt is not an ISO-8601 UTC time');
  if (!Array.isArray(doc.operators)) throw fail('operators is not a list');
  if (doc.operators.length > MAX_TRUST_OPERATORS) throw fail(`it holds more than ${MAX_TRUST_OPERATORS} operators`);
  const seen = new Set<string>();
  doc.operators.forEach((op: unknown, i) => {
    const where = `operator ${i + 1}`;
    if (!isObject(op)) throw fail(`${where} is not an object`);
    exactKeys(op, ['name', 'role', 'publicKey', 'fingerprint', 'validFrom', 'validUntil', 'revoked', 'revokedAt'], where, fail);
    if (!text(op.name, 100, 1)) throw fail(`${where}: name is missing or not one line of text (1-100 characters)`);
    if (!text(op.role, 100)) throw fail(`${where} (${op.name}): role is missing or not one line of text (at most 100 characters)`);
    const problem = keyProblem(op);
    if (problem !== undefined) throw fail(`${where} (${op.name}): ${problem}`);
    if (seen.has(op.fingerprint as string)) throw fail(`${where} (${op.name}): its key is listed twice`);
    seen.add(op.fingerprint as string);
    if (!isIsoUtc(op.validFrom)) throw fail(`${where} (${op.name}): validFrom is not an ISO-8601 UTC time`);
    if (op.validUntil !== undefined && op.validUntil !== null) {
      if (!isIsoUtc(op.validUntil)) throw fail(`${where} (${op.name}): validUntil is not an ISO-8601 UTC time`);
      if (Date.parse(op.validUntil) < Date.parse(op.validFrom)) throw fail(`${where} (${op.name}): validUntil is before validFrom`);
    }
    if (op.revoked !== undefined && typeof op.revoked !== 'boolean') throw fail(`${where} (${op.name}): revoked is not true or false`);
    if (op.revokedAt !== undefined && op.revokedAt !== null) {
      if (!isIsoUtc(op.revokedAt)) throw fail(`${where} (${op.name}): revokedAt is not an ISO-8601 UTC time`);
      if (op.revoked === false) throw fail(`${where} (${op.name}): revoked is false but revokedAt is set`);
    }
  });
  const sig = decodeBase64Exact(doc.signature, 64);
  if (sig === undefined) throw fail('its signature is missing or not 64 bytes of base64');
  const checked = doc as unknown as SignedTrustDoc;
  if (!verifySignature(Buffer.from(checked.organisation.publicKey, 'base64'), trustSignedBytes(checked), sig)) {
    throw fail(`the organisation signature (key ${formatFingerprint(checked.organisation.fingerprint)}) does not hold: the list was changed after it was signed, or signed by another key`);
  }
  return checked;
}

/** True when the operator entry is revoked. */
export function isRevoked(op: Pick<TrustOperator, 'revoked' | 'revokedAt'>): boolean {
  return op.revoked === true || (op.revokedAt !== undefined && op.revokedAt !== null);
}
