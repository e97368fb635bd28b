/**
 * `collimator records verify FILE`: check an exported file offline and name exactly what
 * does not hold: a signature, a public key against its shown fingerprint, the canonical
 * form of the signed bytes, a stated hash, the readable copy against the signed bytes,
 * a chain link, a missing or reordered record. Pure: the file's bytes in, a report out.
 */
import { claimBytesIfValid } from './claims';
import { EXPORT_FORMAT } from './export-json';
import { serverKey } from '../../shared/host';
import { checkRecord, firstDifference, recordHash, type Problem } from './integrity';
import { decodeBase64Exact, fingerprintOf, verifySignature } from './keys';
import type { RecordBody, RecordSignature, RecordStatus, VerifyReport } from './types';

export type { RecordStatus, SignatureStatus, VerifyReport } from './types';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * One signature holds when its key matches its fingerprint, it signs the record's bytes,
 * and its claim signature signs the words around it (kind, name, role, signedAt): a
 * renamed signer must not show as holding.
 */
function signatureHolds(s: Partial<RecordSignature>, bytes: Buffer): boolean {
  const pub = decodeBase64Exact(s.publicKey, 32);
  const sig = decodeBase64Exact(s.signature, 64);
  const claimSig = decodeBase64Exact(s.claimSignature, 64);
  if (pub === undefined || sig === undefined || claimSig === undefined || s.fingerprint !== fingerprintOf(pub)) return false;
  if (s.kind !== 'operator' && s.kind !== 'reviewer') return false;
  if (typeof s.name !== 'string' || typeof s.role !== 'string' || typeof s.signedAt !== 'string') return false;
  const claim = claimBytesIfValid(recordHash(bytes), { kind: s.kind, name: s.name, role: s.role, signedAt: s.signedAt });
  return claim !== undefined && verifySignature(pub, bytes, sig) && verifySignature(pub, claim, claimSig);
}

/** Check one entry of the file; returns its status, its body when readable, and its problems. */
function checkEntry(entry: unknown, index: number): { status: RecordStatus; body?: RecordBody; bytes?: Buffer; problems: Problem[] } {
  const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const id = str(e.id) || '?';
  const where = `record ${index} (id ${id})`;
  const problems: Problem[] = [];
  const status: RecordStatus = { index, id, position: null, server: null, createdAt: null, operator: null, passed: null, signatures: [], intact: false };
  const sigs = (Array.isArray(e.signatures) ? e.signatures : []) as Array<Partial<RecordSignature>>;
  if (!Array.isArray(e.signatures)) problems.push({ kind: 'signature', where, message: 'it has no signatures list' });
  const bytes = typeof e.signed === 'string' ? Buffer.from(e.signed, 'base64') : undefined;
  if (bytes === undefined || bytes.length === 0 || bytes.toString('base64') !== e.signed) {
    problems.push({ kind: 'canonical-form', where, message: 'the signed bytes (field "signed") are missing or not clean base64' });
    return { status, problems };
  }
  const checked = checkRecord({ where, canonical: bytes, hash: e.hash, signatures: sigs });
  problems.push(...checked.problems);
  status.signatures = sigs.map((s) => ({ kind: str(s.kind), name: str(s.name), role: str(s.role), fingerprint: str(s.fingerprint), holds: signatureHolds(s, bytes), signedAt: str(s.signedAt), signer: null }));
  const body = checked.body;
  if (body !== undefined) {
    status.position = body.chain.position;
    status.server = serverKey(body.server);
    status.createdAt = body.createdAt;
    status.operator = body.operator.name;
    status.passed = body.verification === null ? null : body.verification.passed;
    if (e.id !== body.id) problems.push({ kind: 'record-shape', where, message: `the file's id ${JSON.stringify(e.id)} is not the signed id ${body.id}` });
    if (e.position !== body.chain.position) problems.push({ kind: 'chain', where, message: `the file's position ${String(e.position)} is not the signed position ${body.chain.position}` });
    if (e.prevHash !== body.chain.prev) problems.push({ kind: 'chain', where, message: "the file's prevHash is not the previous hash inside the signed bytes" });
    const diff = firstDifference(e.record, body);
    if (diff !== undefined) {
      problems.push({ kind: 'parsed-copy', where, message: `the readable copy ("record") differs from the signed bytes at ${diff.replace(/^\$/, 'record')}` });
    }
  }
  status.intact = problems.length === 0;
  return body === undefined ? { status, bytes, problems } : { status, body, bytes, problems };
}

/** Verify the text of an export file. Never throws: an unreadable file is a problem too. */
export function verifyExportText(text: string): VerifyReport {
  const report: VerifyReport = { ok: false, scope: null, records: [], chain: { links: 0, fromStart: false }, problems: [], signers: { checked: false, lists: [], allKnown: null } };
  let doc: Record<string, unknown>;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    doc = parsed as Record<string, unknown>;
  } catch (e) {
    report.problems.push({ kind: 'file', where: 'the file', message: `not a JSON document (${e instanceof Error ? e.message : String(e)})` });
    return report;
  }
  if (doc.format !== EXPORT_FORMAT) {
    report.problems.push({ kind: 'file', where: 'the file', message: `format is ${JSON.stringify(doc.format)}, not ${EXPORT_FORMAT}: not a Collimator records export` });
    return report;
  }
  report.scope = str(doc.scope) || null;
  const entries = Array.isArray(doc.records) ? (doc.records as unknown[]) : [];
  if (entries.length === 0) {
    report.problems.push({ kind: 'file', where: 'the file', message: 'it holds no records' });
    return report;
  }
  const checked = entries.map((entry, i) => checkEntry(entry, i + 1));
  for (const c of checked) {
    report.records.push(c.status);
    report.problems.push(...c.problems);
  }
  chainProblems(checked, report);
  correctionProblems(entries, checked, report);
  manifestProblems(doc, checked, report);
  report.ok = report.problems.length === 0;
  return report;
}

/** Links between adjacent records: order, gaps, and each previous hash. */
function chainProblems(checked: ReadonlyArray<{ status: RecordStatus; body?: RecordBody; bytes?: Buffer }>, report: VerifyReport): void {
  const first = checked[0]?.body;
  report.chain.fromStart = first?.chain.position === 1;
  if (report.scope === 'chain' && first !== undefined && first.chain.position !== 1) {
    report.problems.push({ kind: 'chain', where: 'the start of the chain', message: `the file claims the whole chain but starts at position ${first.chain.position}: record${first.chain.position > 2 ? 's at positions 1 to' : ' at position'} ${first.chain.position - 1} ${first.chain.position > 2 ? 'are' : 'is'} missing` });
  }
  for (let i = 1; i < checked.length; i++) {
    const a = checked[i - 1]!;
    const b = checked[i]!;
    if (a.body === undefined || b.body === undefined || a.bytes === undefined) continue;
    const pa = a.body.chain.position;
    const pb = b.body.chain.position;
    const where = `chain between record ${i} (position ${pa}) and record ${i + 1} (position ${pb})`;
    if (pb <= pa) {
      report.problems.push({ kind: 'chain', where, message: `records are out of order: position ${pb} comes after position ${pa}` });
      continue;
    }
    if (pb > pa + 1) {
      // A selection may skip records on purpose; a chain (or anything else) may not.
      if (report.scope !== 'selection') {
        report.problems.push({ kind: 'chain', where, message: `record${pb - pa > 2 ? 's at positions' : ' at position'} ${pa + 1}${pb - pa > 2 ? ` to ${pb - 1}` : ''} ${pb - pa > 2 ? 'are' : 'is'} missing` });
      }
      continue;
    }
    report.chain.links += 1;
    if (b.body.chain.prev !== recordHash(a.bytes)) {
      report.problems.push({ kind: 'chain', where, message: `record ${i + 1}'s signed previous hash is not the hash of record ${i}: the link is broken (a record was replaced)` });
    }
  }
}

/**
 * `supersededBy` is not signed, but the signed `supersedes` of the records in the file
 * says what it must be: a correction in the file cannot be hidden. In a whole-chain
 * file the list must be exact.
 */
function correctionProblems(entries: readonly unknown[], checked: ReadonlyArray<{ body?: RecordBody }>, report: VerifyReport): void {
  checked.forEach((c, i) => {
    if (c.body === undefined) return;
    const id = c.body.id;
    const derived = checked.filter((o) => o.body?.supersedes === id).map((o) => o.body!.id);
    const raw = (entries[i] as { supersededBy?: unknown }).supersededBy;
    const stated = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
    const hidden = derived.filter((d) => !stated.includes(d));
    const unknown = report.scope === 'chain' ? stated.filter((s) => !derived.includes(s)) : [];
    if (hidden.length > 0 || unknown.length > 0 || (raw !== undefined && !Array.isArray(raw))) {
      report.problems.push({
        kind: 'correction',
        where: `record ${i + 1} (id ${id})`,
        message: hidden.length > 0 ? `its supersededBy leaves out ${hidden.join(', ')}, which the file's signed records say correct it` : `its supersededBy names ${unknown.join(', ')}, which no record in this whole chain says`,
      });
    }
  });
}

/** The manifest must describe what the file holds (its own words are not signed, but must not lie). */
function manifestProblems(doc: Record<string, unknown>, checked: ReadonlyArray<{ status: RecordStatus; bytes?: Buffer }>, report: VerifyReport): void {
  const chain = (typeof doc.chain === 'object' && doc.chain !== null ? doc.chain : {}) as Record<string, unknown>;
  const positions = checked.map((c) => c.status.position);
  if (chain.count !== checked.length) {
    report.problems.push({ kind: 'chain', where: 'the file\'s manifest', message: `it says ${String(chain.count)} record(s) but the file holds ${checked.length}: a record was removed or added` });
  }
  if (Array.isArray(chain.positions) && JSON.stringify(chain.positions) !== JSON.stringify(positions)) {
    report.problems.push({ kind: 'chain', where: 'the file\'s manifest', message: `it lists positions ${JSON.stringify(chain.positions)} but the records hold ${JSON.stringify(positions)}: a record was removed, added or moved` });
  }
  const last = checked[checked.length - 1]?.bytes;
  if (last !== undefined && chain.lastHash !== recordHash(last)) {
    report.problems.push({ kind: 'chain', where: 'the file\'s manifest', message: 'its lastHash is not the hash of the last record: the end of the file was changed' });
  }
}

/** An extra check for a cut-off tail: the last record must have the hash known from elsewhere (e.g. `records list`). */
export function expectLastHash(report: VerifyReport, text: string, expected: string): void {
  let lastHash: string | undefined;
  try {
    const doc = JSON.parse(text) as { records?: Array<{ signed?: string }> };
    const last = doc.records?.[doc.records.length - 1]?.signed;
    if (typeof last === 'string') lastHash = recordHash(Buffer.from(last, 'base64'));
  } catch {
    /* already reported as a file problem */
  }
  const want = expected.trim().toLowerCase();
  if (lastHash !== undefined && lastHash !== want) {
    report.problems.push({ kind: 'chain', where: 'the end of the chain', message: `the last record's hash is ${lastHash.slice(0, 16)}…, not the expected ${want.slice(0, 16)}…: records after it are missing, or it is another chain` });
    report.ok = false;
  }
}
