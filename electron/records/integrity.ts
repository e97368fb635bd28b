/**
 * What makes one record intact, checked from its bytes alone: the bytes are RFC 8785
 * canonical JSON, their SHA-256 is the stated hash, the body has the record's shape,
 * every public key matches its shown fingerprint, every signature holds over the bytes,
 * and the first signature is the operator's named inside the bytes. Used on the
 * database's rows (before a co-signature is added) and on exported files.
 */
import { createHash } from 'node:crypto';
import { claimBytesIfValid } from './claims';
import { canonicalProblem } from './jcs';
import { decodeBase64Exact, fingerprintOf, formatFingerprint, verifySignature } from './keys';
import { recordShapeProblem } from './record-schema';
import type { Problem, RecordBody, RecordSignature } from './types';

export type { Problem, ProblemKind } from './types';

/** SHA-256 (hex) of a record's canonical bytes: its hash in the chain. */
export function recordHash(canonical: Uint8Array): string {
  return createHash('sha256').update(canonical).digest('hex');
}

/** `signature 2 (reviewer Bob Smith, 3f2a 9c01 …)`. */
export function signatureLabel(s: Partial<RecordSignature>, i: number): string {
  const who = [s.kind, typeof s.name === 'string' ? s.name : undefined].filter(Boolean).join(' ');
  const fp = typeof s.fingerprint === 'string' ? `, key ${formatFingerprint(s.fingerprint.slice(0, 16))} …` : '';
  return `signature ${i + 1}${who || fp ? ` (${who}${fp})` : ''}`;
}

/** Checks of one signature entry over `canonical`; `where` prefixes each problem. */
function signatureProblems(s: Partial<RecordSignature>, i: number, canonical: Uint8Array, where: string): Problem[] {
  const at = `${where}, ${signatureLabel(s, i)}`;
  const out: Problem[] = [];
  if (s.kind !== 'operator' && s.kind !== 'reviewer') out.push({ kind: 'signature', where: at, message: `kind is ${JSON.stringify(s.kind)}, not operator or reviewer` });
  const pub = decodeBase64Exact(s.publicKey, 32);
  if (pub === undefined) {
    out.push({ kind: 'fingerprint', where: at, message: 'the public key is not 32 bytes of base64' });
    return out;
  }
  if (typeof s.fingerprint !== 'string' || s.fingerprint !== fingerprintOf(pub)) {
    out.push({ kind: 'fingerprint', where: at, message: `the public key does not match its shown fingerprint (the key's is ${formatFingerprint(fingerprintOf(pub))})` });
  }
  const sig = decodeBase64Exact(s.signature, 64);
  if (sig === undefined) out.push({ kind: 'signature', where: at, message: 'the signature is not 64 bytes of base64' });
  else if (!verifySignature(pub, canonical, sig)) out.push({ kind: 'signature', where: at, message: 'the signature does not hold over the signed bytes with this public key' });
  const claimSig = decodeBase64Exact(s.claimSignature, 64);
  const claim = typeof s.name === 'string' && typeof s.role === 'string' && typeof s.signedAt === 'string' && (s.kind === 'operator' || s.kind === 'reviewer')
    ? claimBytesIfValid(recordHash(canonical), { kind: s.kind, name: s.name, role: s.role, signedAt: s.signedAt })
    : undefined;
  if (claimSig === undefined || claim === undefined || !verifySignature(pub, claim, claimSig)) {
    out.push({ kind: 'signature', where: at, message: "the signer's claim (kind, name, role, signedAt) does not hold: it was changed after signing, or its claim signature was" });
  }
  return out;
}

export interface RecordCheckInput {
  /** How to name this record in problems, e.g. `record 2 (id 4f1c…)`. */
  where: string;
  canonical: Uint8Array;
  /** The hash stated next to the bytes (database column, export field). */
  hash: unknown;
  signatures: ReadonlyArray<Partial<RecordSignature>>;
}

/** The parsed body (when the bytes are a record) and every problem found. */
export function checkRecord(input: RecordCheckInput): { body?: RecordBody; problems: Problem[] } {
  const { where, canonical } = input;
  const problems: Problem[] = [];
  const notCanonical = canonicalProblem(canonical);
  if (notCanonical !== undefined) problems.push({ kind: 'canonical-form', where, message: notCanonical });
  const actual = recordHash(canonical);
  if (input.hash !== actual) {
    problems.push({ kind: 'hash', where, message: `the stated hash ${String(input.hash).slice(0, 16)}… is not the SHA-256 of the signed bytes (${actual.slice(0, 16)}…)` });
  }
  let body: RecordBody | undefined;
  try {
    const parsed = JSON.parse(Buffer.from(canonical).toString('utf8')) as unknown;
    const shape = recordShapeProblem(parsed);
    if (shape === undefined) body = parsed as RecordBody;
    else problems.push({ kind: 'record-shape', where, message: `the signed bytes are not a record: ${shape}` });
  } catch {
    if (notCanonical === undefined) problems.push({ kind: 'record-shape', where, message: 'the signed bytes are not JSON' });
  }

  const sigs = input.signatures;
  if (sigs.length === 0) problems.push({ kind: 'signature', where, message: 'it has no signature' });
  sigs.forEach((s, i) => problems.push(...signatureProblems(s, i, canonical, where)));
  const seen = new Map<string, number>();
  sigs.forEach((s, i) => {
    if (typeof s.fingerprint !== 'string') return;
    const first = seen.get(s.fingerprint);
    if (first !== undefined) problems.push({ kind: 'signature', where: `${where}, ${signatureLabel(s, i)}`, message: `the same key already signed as signature ${first + 1}: a co-signature must come from a second person` });
    else seen.set(s.fingerprint, i);
  });
  const operators = sigs.filter((s) => s.kind === 'operator').length;
  if (sigs.length > 0 && (sigs[0]?.kind !== 'operator' || operators !== 1)) {
    problems.push({ kind: 'operator', where, message: `there must be exactly one operator signature and it must come first (found ${operators}${sigs[0]?.kind !== 'operator' ? ', the first is not the operator\'s' : ''})` });
  }
  const op = sigs[0];
  if (body !== undefined && op !== undefined && op.kind === 'operator') {
    if (op.fingerprint !== body.operator.fingerprint) {
      problems.push({ kind: 'operator', where: `${where}, ${signatureLabel(op, 0)}`, message: `the operator signature's key (${formatFingerprint(String(op.fingerprint).slice(0, 16))} …) is not the operator's key named in the signed record (${formatFingerprint(body.operator.fingerprint.slice(0, 16))} …)` });
    }
    if (op.name !== body.operator.name || op.role !== body.operator.role) {
      problems.push({ kind: 'operator', where: `${where}, ${signatureLabel(op, 0)}`, message: `the signer ${JSON.stringify(op.name)} (${JSON.stringify(op.role)}) is not the operator named in the signed record (${JSON.stringify(body.operator.name)}, ${JSON.stringify(body.operator.role)})` });
    }
    if (op.signedAt !== body.createdAt) {
      problems.push({ kind: 'operator', where: `${where}, ${signatureLabel(op, 0)}`, message: `the operator's signing time ${String(op.signedAt)} is not the record's createdAt (${body.createdAt})` });
    }
  }
  return body === undefined ? { problems } : { body, problems };
}

/**
 * The path of the first place where `a` and `b` differ as JSON (`$.before.findings[1].status`),
 * or undefined when they are the same data. Member order does not count.
 */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Object.is(a + 0, b + 0) ? undefined : path;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    for (let i = 0; i < Math.max(a.length, bb.length); i++) {
      if (i >= a.length || i >= bb.length) return `${path}[${i}]`;
      const d = firstDifference(a[i], bb[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
  for (const k of keys) {
    if (!(k in ao) || !(k in bo)) return `${path}.${k}`;
    const d = firstDifference(ao[k], bo[k], `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
}
