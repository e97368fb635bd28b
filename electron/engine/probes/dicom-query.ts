/**
 * dicom.query-open: can an unknown calling AE query? Sends one Study Root C-FIND at
 * STUDY level whose only matching key is a random PatientID (`CLM-<uuid>`), asking
 * back only the Study Instance UID, and judges the real DIMSE answer: accepting the
 * FIND context alone proves nothing (Orthanc accepts it and then aborts the query).
 * If a server still returns matches, they are counted, never read, and the
 * association is aborted.
 */
import type { CheckResult } from '../../../shared/types';
import { nonMatchingPatientId } from '../dicom/ae';
import { acceptedContext, associate, type AssociationRecord, type ContextResult, releaseAssociation } from '../dicom/association';
import { checkResult } from '../dicom/check-result';
import { type DimseAnswer, sendRequest } from '../dicom/dimse';
import { classifyStatus, COMMAND, encodeFindIdentifier } from '../dicom/dimse-codec';
import { accessGate, type Gate } from '../dicom/gate';
import { isTransient } from '../dicom/identification';
import { attemptEvidence, boundsFor, identificationOf, isDicomService } from '../dicom/probe-support';
import { IMPLICIT_VR_LE, STUDY_ROOT_FIND } from '../dicom/uids';
import type { UlLink } from '../dicom/link';
import type { Probe, ProbeContext, ServiceInfo } from '../types';

export interface QueryObservation {
  /** Whether the unknown calling AE can associate at all (from identification). */
  gate: Gate;
  /** The FIND context's result in identification's accepted association. */
  identifyFindContext?: ContextResult;
  /** The association that carried the C-FIND: this probe's own, or identification's (reusedIdentification). */
  association?: AssociationRecord;
  /** The C-FIND went on identification's association, kept open for it. */
  reusedIdentification?: boolean;
  /** The random PatientID queried (ours, not a patient's). */
  patientId?: string;
  answer?: DimseAnswer;
}

const FIND_CONTEXT_ID = 1;

async function runQuery(service: ServiceInfo, ctx: ProbeContext): Promise<QueryObservation> {
  const id = await identificationOf(service, ctx);
  const gate = accessGate(id);
  const obs: QueryObservation = { gate };
  if (gate.kind !== 'accepted') return obs;
  obs.identifyFindContext = gate.attempt.contexts.find((c) => c.abstractSyntax === STUDY_ROOT_FIND)?.result ?? 'not-answered';
  if (obs.identifyFindContext !== 'accepted') return obs;
  // On identification's association when it was kept open for us, else on our own.
  const held = ctx.held?.take(gate.attempt);
  const heldFind = held ? acceptedContext(held.record, STUDY_ROOT_FIND) : undefined;
  let link: UlLink | undefined;
  let contextId = FIND_CONTEXT_ID;
  if (held && heldFind) {
    obs.association = held.record;
    obs.reusedIdentification = true;
    link = held.link;
    contextId = heldFind.id;
  } else {
    if (held) ctx.held?.giveBack(held);
    const a = await associate(
      service,
      {
        callingAe: id.callingAe,
        calledAe: gate.attempt.calledAe,
        calledAeSource: gate.attempt.calledAeSource,
        contexts: [{ id: FIND_CONTEXT_ID, abstractSyntax: STUDY_ROOT_FIND, transferSyntaxes: [IMPLICIT_VR_LE] }],
      },
      boundsFor(service, ctx),
    );
    obs.association = a.record;
    link = a.link;
  }
  if (!link) return obs;
  if (acceptedContext(obs.association, STUDY_ROOT_FIND)) {
    obs.patientId = nonMatchingPatientId();
    obs.answer = await sendRequest(
      link,
      contextId,
      { command: COMMAND.C_FIND_RQ, sopClassUid: STUDY_ROOT_FIND, messageId: 1 },
      encodeFindIdentifier(obs.patientId),
    );
  }
  if (held && link === held.link) ctx.held?.giveBack(held, !obs.answer || obs.answer.outcome === 'success');
  else if (link.isEnded) link.destroy();
  else await releaseAssociation(link, Math.min(ctx.options.ioTimeoutMs, 2000));
  return obs;
}

/** Pure judgement of dicom.query-open. */
export function judgeQuery(o: QueryObservation): CheckResult[] {
  const r = (status: 'fail' | 'pass' | 'inconclusive', summary: string, extra: Record<string, unknown> = {}): CheckResult[] => [
    checkResult('dicom.query-open', status, summary, {
      ...(o.association ? { association: attemptEvidence(o.association) } : o.gate.kind !== 'undetermined' ? { association: attemptEvidence(o.gate.attempt) } : {}),
      ...(o.reusedIdentification ? { associationReused: 'the C-FIND was sent on the association identification opened' } : {}),
      ...(o.patientId ? { query: { model: 'Study Root', level: 'STUDY', patientId: o.patientId, returnKeys: ['StudyInstanceUID'] } } : {}),
      ...(o.answer ? { answer: o.answer } : {}),
      ...extra,
    }),
  ];
  if (o.gate.kind === 'refused') return r('pass', `An unknown calling AE cannot associate, so cannot query: ${o.gate.why}`);
  if (o.gate.kind === 'undetermined') return r('inconclusive', `Could not associate as an unknown calling AE: ${o.gate.why}`);
  if (o.identifyFindContext !== undefined && o.identifyFindContext !== 'accepted') {
    return r('pass', `The Study Root FIND context is refused to an unknown calling AE (${o.identifyFindContext})`);
  }
  const a = o.association;
  if (!a) return r('inconclusive', 'The query was not attempted');
  if (a.outcome === 'association-rejected') {
    return isTransient(a) ? r('inconclusive', `Association refused for now: ${a.detail}`) : r('pass', `Association refused: ${a.detail}`);
  }
  if (a.outcome !== 'success') return r('inconclusive', `No association for the query: ${a.detail}`);
  if (!acceptedContext(a, STUDY_ROOT_FIND)) return r('pass', 'The Study Root FIND context was rejected in the query association');
  const ans = o.answer;
  if (!ans) return r('inconclusive', 'No C-FIND was sent');
  if (ans.identifiersReturned > 0) {
    return r('fail', `A query that cannot match returned ${ans.identifiersReturned} identifier(s) (counted, not kept)`);
  }
  if (ans.outcome === 'association-aborted') return r('pass', `The C-FIND was refused with an A-ABORT (${ans.abort?.text ?? 'abort'})`);
  if (ans.outcome !== 'success' || ans.status === undefined) return r('inconclusive', `No answer to the C-FIND: ${ans.detail}`);
  const cls = classifyStatus(ans.status);
  if (cls === 'success' || cls === 'pending' || cls === 'warning') {
    return r('fail', `An unknown calling AE's C-FIND was answered ${ans.statusText ?? ''} (0 matches: the key cannot match)`);
  }
  if (cls === 'refused-not-authorized' || cls === 'refused-unsupported') return r('pass', `The C-FIND was refused: ${ans.statusText ?? ''}`);
  return r('inconclusive', `The C-FIND got ${ans.statusText ?? 'a failure status'}: processed but failed, so whether queries are open is not known`);
}

export const dicomQueryProbe: Probe<QueryObservation> = {
  meta: {
    associates: true,
    id: 'dicom-query',
    checks: ['dicom.query-open'],
    safety: 'safe',
    description: 'Sends a Study Root C-FIND that cannot match (random PatientID) as an unknown calling AE; judges the DIMSE answer.',
  },
  applies: (s) => isDicomService(s),
  run: runQuery,
  judge: (o) => judgeQuery(o),
};
