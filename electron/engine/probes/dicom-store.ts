/**
 * dicom.store-open: does an unknown calling AE get a Storage presentation context
 * (CT, MR, Secondary Capture) accepted? Negotiation only, from identification's
 * association: no C-STORE is ever sent, and the evidence says so.
 */
import type { CheckResult } from '../../../shared/types';
import { checkResult } from '../dicom/check-result';
import { accessGate } from '../dicom/gate';
import { type DicomIdentification, STORAGE_CLASSES } from '../dicom/identification';
import { attemptEvidence, identificationOf, isDicomService } from '../dicom/probe-support';
import type { Probe } from '../types';

const NEGOTIATED_ONLY = 'negotiated only: no C-STORE was sent, nothing was written';

/** Pure judgement of dicom.store-open. */
export function judgeStore(id: DicomIdentification): CheckResult[] {
  const gate = accessGate(id);
  if (gate.kind === 'undetermined') {
    return [checkResult('dicom.store-open', 'inconclusive', `Could not negotiate as an unknown calling AE: ${gate.why}`, {})];
  }
  const ev = attemptEvidence(gate.attempt);
  if (gate.kind === 'refused') {
    return [checkResult('dicom.store-open', 'pass', `An unknown calling AE cannot associate: ${gate.why}`, { ...ev, note: NEGOTIATED_ONLY })];
  }
  const storage = gate.attempt.contexts.filter((c) => (STORAGE_CLASSES as readonly string[]).includes(c.abstractSyntax));
  const accepted = storage.filter((c) => c.result === 'accepted');
  const evidence = {
    ...ev,
    storageContextsAccepted: accepted.map((c) => c.name),
    storageContextsRejected: storage.filter((c) => c.result !== 'accepted').map((c) => `${c.name}: ${c.result ?? 'not-answered'}`),
    note: NEGOTIATED_ONLY,
  };
  if (accepted.length) {
    return [
      checkResult(
        'dicom.store-open',
        'fail',
        `An unknown calling AE got ${accepted.map((c) => c.name).join(', ')} accepted (negotiated only; nothing was sent)`,
        evidence,
      ),
    ];
  }
  return [checkResult('dicom.store-open', 'pass', 'Storage presentation contexts are rejected for an unknown calling AE', evidence)];
}

export const dicomStoreProbe: Probe<DicomIdentification> = {
  meta: {
    associates: true,
    id: 'dicom-store',
    checks: ['dicom.store-open'],
    safety: 'safe',
    description: 'Whether an unknown calling AE gets a Storage context accepted (negotiation only; never sends C-STORE).',
  },
  applies: (s) => isDicomService(s),
  run: (service, ctx) => identificationOf(service, ctx),
  judge: (id) => judgeStore(id),
};
