/**
 * dicom.any-called-ae: is an association addressed to a random, non-existent
 * called AE title accepted? Identification always makes exactly one such attempt
 * (with the unknown calling AE); this probe judges it, with no extra traffic.
 */
import type { CheckResult } from '../../../shared/types';
import { checkResult } from '../dicom/check-result';
import type { DicomIdentification } from '../dicom/identification';
import { isTransient } from '../dicom/identification';
import { attemptEvidence, identificationOf, isDicomService } from '../dicom/probe-support';
import type { Probe } from '../types';

/** Pure judgement of dicom.any-called-ae. */
export function judgeCalledAe(id: DicomIdentification): CheckResult[] {
  const r = id.attempts.find((a) => a.calledAeSource === 'random');
  if (!r) {
    const last = id.attempts[id.attempts.length - 1];
    return [
      checkResult('dicom.any-called-ae', 'inconclusive', `No association to a random called AE title was attempted${last ? `: stopped after "${last.detail}"` : ''}`, {
        attempts: id.attempts.map(attemptEvidence),
      }),
    ];
  }
  const ev = attemptEvidence(r);
  if (r.outcome === 'success') {
    return [
      checkResult('dicom.any-called-ae', 'fail', `An association addressed to the non-existent called AE ${r.calledAe} was accepted`, ev),
    ];
  }
  if (r.outcome === 'association-rejected' && r.reject && !isTransient(r)) {
    const note =
      r.reject.reason === 'called-ae-title-not-recognized'
        ? ''
        : r.reject.reason === 'calling-ae-title-not-recognized'
          ? ' (it refused the unknown calling AE first, so its called-AE check itself was not seen)'
          : ' (a permanent rejection without naming the called AE)';
    return [
      checkResult('dicom.any-called-ae', 'pass', `An association addressed to the non-existent called AE ${r.calledAe} was ${r.reject.text}${note}`, ev),
    ];
  }
  return [
    checkResult('dicom.any-called-ae', 'inconclusive', `The attempt with a random called AE title did not conclude: ${r.detail}`, ev),
  ];
}

export const dicomCalledAeProbe: Probe<DicomIdentification> = {
  meta: {
    associates: true,
    id: 'dicom-called-ae',
    checks: ['dicom.any-called-ae'],
    safety: 'safe',
    description: 'Whether an association addressed to a random, non-existent called AE title is accepted.',
  },
  applies: (s) => isDicomService(s),
  run: (service, ctx) => identificationOf(service, ctx),
  judge: (id) => judgeCalledAe(id),
};
