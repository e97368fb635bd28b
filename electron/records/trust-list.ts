/**
 * Organisation trust lists (issue 11, "anyone can be anyone"): which keys belong to known
 * operators. A record's signature proves only that some key signed; a trust list names
 * the person behind a key, so a key freshly made under someone's name is told apart.
 *
 * Two forms, told apart by their first character and accepted wherever a list is:
 * - `collimator.trust/1` (trust-list-signed.ts): JSON signed by an organisation key,
 *   with each operator's name, role, key and validity, and revocations;
 * - plain text: one fingerprint per line (64 hex digits, spaces or colons between groups
 *   allowed, as `collimator keys show` prints them), `#` starts a comment.
 *
 * `classifySigner` judges one signature's key against any number of lists: `revoked` if
 * any list revokes the key (revocation wins: the signing time is the signer's own claim,
 * a stolen key could backdate it), else `known` if a list has it valid at the signing
 * time, else `expired` if a list has it at another time, else `unknown`.
 */
import fs from 'node:fs';
import type { SignerTrust, TrustListKind, TrustListSummary } from '../../shared/trust';
import { formatFingerprint, normalizeFingerprint } from './keys';
import { checkSignedTrustDoc, isRevoked, TrustListError } from './trust-list-signed';

export { TrustListError } from './trust-list-signed';
export type { SignerStatus, SignerTrust, TrustCheck, TrustListSummary } from '../../shared/trust';

/** Largest trust list read, bytes (10 000 operators fit in well under this). */
export const MAX_TRUST_LIST_BYTES = 8 * 1024 * 1024;

/** One key a list names. Plain fingerprint lists know only the fingerprint. */
export interface TrustEntry {
  fingerprint: string;
  name: string | null;
  role: string | null;
  publicKey: string | null;
  validFrom: string | null;
  validUntil: string | null;
  revoked: boolean;
  revokedAt: string | null;
}

/** A list as read, from any source. */
export interface TrustList {
  /** How to name it to people: a file name, `this app's operators`, `--expect-signer`. */
  source: string;
  kind: TrustListSummary['kind'];
  organisation: { name: string; fingerprint: string } | null;
  issuedAt: string | null;
  entries: TrustEntry[];
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

/** A fingerprint as typed or printed (groups, colons, any case) to 64 lower-case hex digits, or undefined. */
export function fingerprintFrom(textValue: string): string | undefined {
  const fp = normalizeFingerprint(textValue);
  return FINGERPRINT.test(fp) ? fp : undefined;
}

/** A bare-keys entry: known from the start of time, never revoked. */
function keyOnly(fingerprint: string): TrustEntry {
  return { fingerprint, name: null, role: null, publicKey: null, validFrom: null, validUntil: null, revoked: false, revokedAt: null };
}

/** Parses the plain form: one fingerprint per line, `#` comments, blank lines. */
function parseFingerprintText(textValue: string, source: string): TrustList {
  const seen = new Set<string>();
  const entries: TrustEntry[] = [];
  textValue.split(/\r?\n/).forEach((line, i) => {
    const body = line.replace(/#.*$/, '').trim();
    if (body === '') return;
    const fp = fingerprintFrom(body);
    if (fp === undefined) {
      throw new TrustListError(`trust list ${source} is not usable: line ${i + 1} is not a key fingerprint (64 hex digits, as collimator keys show prints them) nor a # comment`);
    }
    if (!seen.has(fp)) entries.push(keyOnly(fp));
    seen.add(fp);
  });
  return { source, kind: 'fingerprints', organisation: null, issuedAt: null, entries };
}

/** Reads either form from its text (a byte-order mark is ignored). Throws TrustListError, one line. */
export function parseTrustList(textValue: string, source: string): TrustList {
  const t = textValue.replace(/^\uFEFF/, '');
  if (!t.trimStart().startsWith('{')) return parseFingerprintText(t, source);
  let doc: unknown;
  try {
    doc = JSON.parse(t);
  } catch (e) {
    throw new TrustListError(`trust list ${source} is not usable: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const signed = checkSignedTrustDoc(doc, source);
  return {
    source,
    kind: 'signed',
    organisation: { name: signed.organisation.name, fingerprint: signed.organisation.fingerprint },
    issuedAt: signed.issuedAt,
    entries: signed.operators.map((op) => ({
      fingerprint: op.fingerprint, name: op.name, role: op.role, publicKey: op.publicKey, validFrom: op.validFrom,
      validUntil: op.validUntil ?? null, revoked: isRevoked(op), revokedAt: op.revokedAt ?? null,
    })),
  };
}

/** Reads a list file. Throws TrustListError, one line. */
export function readTrustListFile(file: string): TrustList {
  let textValue: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new TrustListError(`trust list ${file} is not a file`);
    if (stat.size > MAX_TRUST_LIST_BYTES) throw new TrustListError(`trust list ${file} is too large to be a trust list`);
    textValue = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof TrustListError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new TrustListError(code === 'ENOENT' ? `trust list ${file} does not exist` : `cannot read trust list ${file}: ${code ?? (e as Error).message}`);
  }
  return parseTrustList(textValue, file);
}

/** A list of bare fingerprints given some other way (`--expect-signer`). Throws TrustListError on a malformed one. */
export function fingerprintsList(values: readonly string[], source: string): TrustList {
  const entries = values.map((v) => {
    const fp = fingerprintFrom(v);
    if (fp === undefined) throw new TrustListError(`${source} ${JSON.stringify(v)} is not a key fingerprint (64 hex digits)`);
    return keyOnly(fp);
  });
  return { source, kind: 'command-line', organisation: null, issuedAt: null, entries: entries.filter((e, i) => entries.findIndex((x) => x.fingerprint === e.fingerprint) === i) };
}

/** What a list is, without its entries. */
export function summarize(list: TrustList): TrustListSummary {
  return { source: list.source, kind: list.kind, organisation: list.organisation, issuedAt: list.issuedAt, entries: list.entries.length };
}

/** `kind` for a summary that came from a file. */
export function isFileKind(kind: TrustListSummary['kind']): kind is TrustListKind {
  return kind === 'signed' || kind === 'fingerprints';
}

function who(e: TrustEntry): string {
  return e.name === null ? 'a listed key' : `${e.name}${e.role ? ` (${e.role})` : ''}`;
}

/** Why the signing time falls outside the entry's validity, or undefined when inside. */
function outsideValidity(e: TrustEntry, signedAt: string): string | undefined {
  const t = Date.parse(signedAt);
  if (!Number.isFinite(t)) return `the signing time ${JSON.stringify(signedAt)} is not a time`;
  if (e.validFrom !== null && t < Date.parse(e.validFrom)) return `signed ${signedAt}, before the key was valid (from ${e.validFrom})`;
  if (e.validUntil !== null && t > Date.parse(e.validUntil)) return `signed ${signedAt}, after the key's validity ended (${e.validUntil})`;
  return undefined;
}

/** The verdict on one signature's key against `lists` (see the file comment for the order). */
export function classifySigner(lists: readonly TrustList[], sig: { fingerprint: string; signedAt: string }): SignerTrust {
  const fp = sig.fingerprint.toLowerCase();
  const hits = lists.flatMap((list) => list.entries.filter((e) => e.fingerprint === fp).map((entry) => ({ list, entry })));
  if (hits.length === 0) {
    const detail = lists.length === 0
      ? 'not checked: no trust list names the keys of known operators'
      : `key ${formatFingerprint(fp.slice(0, 16))} … is on no trust list (${lists.map((l) => l.source).join(', ')})`;
    return { status: 'unknown', name: null, role: null, source: null, detail };
  }
  const verdict = (status: SignerTrust['status'], h: (typeof hits)[number], detail: string): SignerTrust => ({ status, name: h.entry.name, role: h.entry.role, source: h.list.source, detail });
  const revoked = hits.find((h) => h.entry.revoked);
  if (revoked !== undefined) {
    return verdict('revoked', revoked, `${who(revoked.entry)}: the key was revoked${revoked.entry.revokedAt ? ` on ${revoked.entry.revokedAt}` : ''} (${revoked.list.source})`);
  }
  const valid = hits.find((h) => outsideValidity(h.entry, sig.signedAt) === undefined);
  if (valid !== undefined) return verdict('known', valid, `${who(valid.entry)}, on ${valid.list.source}`);
  const first = hits[0]!;
  return verdict('expired', first, `${who(first.entry)}: ${outsideValidity(first.entry, sig.signedAt)!} (${first.list.source})`);
}
