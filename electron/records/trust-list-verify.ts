/**
 * Known signers in `records verify`: every signature of a checked export judged against
 * the trust lists given (trust-list.ts), and, when the caller requires known signers, a
 * `signer` problem for each signature that is not `known` (or one saying no list was
 * given), so the report no longer verifies.
 */
import type { VerifyReport } from './types';
import { classifySigner, summarize, type TrustList } from './trust-list';

/** Fills `report.signers` and each signature's `signer`; with `require`, adds the problems. */
export function checkSigners(report: VerifyReport, lists: readonly TrustList[], opts: { require: boolean }): void {
  const checked = lists.length > 0;
  let allKnown = true;
  for (const r of report.records) {
    r.signatures.forEach((s, i) => {
      if (!checked) return;
      // A signature that does not hold says nothing about its key's holder: never `known`.
      s.signer = s.holds
        ? classifySigner(lists, s)
        : { status: 'unknown', name: null, role: null, source: null, detail: 'the signature does not hold, so its key says nothing about who signed' };
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
