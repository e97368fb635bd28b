/**
 * Known signers in a checked export (`records verify`, the app's file check): every
 * signature judged against trust lists (trust-list.ts), and, when the caller requires
 * known signers, a `signer` problem for each signature that is not `known` (or one
 * saying no list was given), so the report no longer verifies.
 */
import type { SignerTrust } from '../../shared/trust';
import type { VerifyReport } from './types';
import { classifySigner, summarize, type TrustList } from './trust-list';

/** Judges one signature's key. */
export type SignerJudge = (sig: { fingerprint: string; signedAt: string }) => SignerTrust;

/** The verdict on a signature that may not hold: one that does not hold says nothing about its key's holder, so it is never `known`. */
export function judgeSignature(judge: SignerJudge, s: { holds: boolean; fingerprint: string; signedAt: string }): SignerTrust {
  return s.holds ? judge(s) : { status: 'unknown', name: null, role: null, source: null, detail: 'the signature does not hold, so its key says nothing about who signed' };
}

/**
 * Fills `report.signers` and each signature's `signer` (left null when there is no list);
 * with `require`, adds the problems. `judge` defaults to the plain verdict over `lists`.
 */
export function checkSigners(report: VerifyReport, lists: readonly TrustList[], opts: { require: boolean; judge?: SignerJudge }): void {
  const checked = lists.length > 0;
  const judge = opts.judge ?? ((sig) => classifySigner(lists, sig));
  let allKnown = true;
  for (const r of report.records) {
    r.signatures.forEach((s, i) => {
      if (!checked) return;
      s.signer = judgeSignature(judge, s);
      if (s.signer.status === 'known') return;
      allKnown = false;
      if (opts.require) {
        report.problems.push({
          kind: 'signer',
          where: `record ${r.index} (id ${r.id}), signature ${i + 1} (${s.kind} ${s.name})`,
          message: `${s.signer.status} signer: ${s.signer.detail}`,
        });
      }
    });
  }
  report.signers = { checked, lists: lists.map(summarize), allKnown: checked ? allKnown : null };
  if (opts.require && !checked) {
    report.problems.push({ kind: 'signer', where: 'the signers', message: 'not checked against known operators: --require-known-signers needs --trust-list LIST or --expect-signer FINGERPRINT' });
  }
  report.ok = report.problems.length === 0;
}

/**
 * What the report's banner says of the signers (report-banner.ts) when a trust list was
 * given: `all-known` only if every signature of every record is by a key `judge` calls
 * known. A signature that does not hold already makes the banner say the records do not
 * verify, which outranks this answer, so the keys are judged as they stand.
 */
export function reportSigners(records: ReadonlyArray<{ signatures: ReadonlyArray<{ fingerprint: string; signedAt: string }> }>, judge: SignerJudge): 'all-known' | 'unknown-present' {
  return records.every((r) => r.signatures.length > 0 && r.signatures.every((s) => judge(s).status === 'known')) ? 'all-known' : 'unknown-present';
}
