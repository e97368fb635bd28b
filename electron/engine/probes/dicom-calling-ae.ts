/**
 * dicom.any-calling-ae: is an association from a random, unregistered calling AE
 * title accepted? Decided on identification's attempts, which all use that unknown
 * calling AE (no extra traffic).
 *
 * - accepted by any called AE title -> fail;
 * - "calling AE title not recognized" (1/1/3), or a permanent rejection while the
 *   called AE title is the user's/inventory's -> pass;
 * - otherwise (no called AE title accepted, transient rejection, timeout) -> inconclusive.
 */
import type { CheckResult } from '../../../shared/types';
import type { AeSource } from '../dicom/association';
import { checkResult } from '../dicom/check-result';
import { accessGate } from '../dicom/gate';
import type { DicomIdentification } from '../dicom/identification';
import { attemptEvidence, identificationOf, isDicomService } from '../dicom/probe-support';
import type { Probe } from '../types';

export const AE_SOURCE_WORDS: Record<AeSource, string> = {
  user: 'given by the user',
  inventory: 'from the inventory',
  guess: 'a well-known title',
  random: 'a random title',
};

/** Pure judgement of dicom.any-calling-ae. */
export function judgeCallingAe(id: DicomIdentification): CheckResult[] {
  const gate = accessGate(id);
  const attempts = id.attempts.map(attemptEvidence);
  if (gate.kind === 'accepted') {
    const a = gate.attempt;
    return [
      checkResult(
        'dicom.any-calling-ae',
        'fail',
        `An association from the unknown calling AE ${a.callingAe} was accepted (called AE ${a.calledAe}, ${AE_SOURCE_WORDS[a.calledAeSource]})`,
        { callingAe: a.callingAe, calledAe: a.calledAe, calledAeSource: a.calledAeSource, accepted: attemptEvidence(a), attempts },
      ),
    ];
  }
  if (gate.kind === 'refused') {
    const a = gate.attempt;
    return [
      checkResult('dicom.any-calling-ae', 'pass', `The unknown calling AE ${a.callingAe} is refused: ${gate.why}`, {
        callingAe: a.callingAe,
        calledAe: a.calledAe,
        calledAeSource: a.calledAeSource,
        ...(a.reject ? { reject: attemptEvidence(a).reject } : {}),
        attempts,
      }),
    ];
  }
  return [
    checkResult('dicom.any-calling-ae', 'inconclusive', `Could not test an unknown calling AE: ${gate.why}`, {
      callingAe: id.callingAe,
      attempts,
    }),
  ];
}

export const dicomCallingAeProbe: Probe<DicomIdentification> = {
  meta: {
    associates: true,
    id: 'dicom-calling-ae',
    checks: ['dicom.any-calling-ae'],
    safety: 'safe',
    description: 'Whether an association from a random, unregistered calling AE title is accepted.',
  },
  applies: (s) => isDicomService(s),
  run: (service, ctx) => identificationOf(service, ctx),
  judge: (id) => judgeCallingAe(id),
};
