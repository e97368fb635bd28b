/**
 * dicom.retrieve-open: can an unknown calling AE retrieve? Sends a Study Root C-GET
 * and a C-MOVE (destination: our own calling AE) for a random Study Instance UID
 * that cannot exist. Any DIMSE status means the SCP processed the request (fail),
 * including failures such as Move Destination Unknown or Unable to Process: only
 * the data was missing, not the permission. Refusal is a rejected association or
 * context, an A-ABORT, or Refused: Not Authorized (0x0124).
 *
 * Both requests go on one association when the first leaves it open; a second
 * association is opened for the C-MOVE only when the C-GET's did not survive. The
 * C-MOVE is not sent at all when the C-GET was processed: that already decides it.
 */
import type { CheckResult } from '../../../shared/types';
import { nonMatchingStudyUid } from '../dicom/ae';
import { acceptedContext, associate, type AssociationRecord, type ContextResult, releaseAssociation } from '../dicom/association';
import { checkResult } from '../dicom/check-result';
import { type DimseAnswer, sendRequest } from '../dicom/dimse';
import { classifyStatus, COMMAND, encodeRetrieveIdentifier } from '../dicom/dimse-codec';
import { accessGate, type Gate } from '../dicom/gate';
import { isTransient } from '../dicom/identification';
import type { UlLink } from '../dicom/link';
import type { ContextProposal } from '../dicom/pdu';
import { attemptEvidence, boundsFor, identificationOf, isDicomService } from '../dicom/probe-support';
import { IMPLICIT_VR_LE, STUDY_ROOT_GET, STUDY_ROOT_MOVE } from '../dicom/uids';
import type { Probe, ProbeContext, ServiceInfo } from '../types';

export type RetrieveOpName = 'C-GET' | 'C-MOVE';

export interface RetrieveOp {
  op: RetrieveOpName;
  /** The context's result in the association that carried (or would have carried) the request. */
  contextResult?: ContextResult;
  answer?: DimseAnswer;
  /** Why the request was not sent, when the other one already decided the check. */
  skipped?: string;
}

export interface RetrieveObservation {
  gate: Gate;
  /** The random Study Instance UID asked for (cannot exist). */
  studyInstanceUid?: string;
  /** C-MOVE destination: our own calling AE title. */
  moveDestination?: string;
  /** Associations that carried the requests: this probe's own, or identification's first (reusedIdentification). */
  associations: AssociationRecord[];
  /** The first request went on identification's association, kept open for it. */
  reusedIdentification?: boolean;
  get: RetrieveOp;
  move: RetrieveOp;
}

const GET_CTX: ContextProposal = { id: 1, abstractSyntax: STUDY_ROOT_GET, transferSyntaxes: [IMPLICIT_VR_LE] };
const MOVE_CTX: ContextProposal = { id: 3, abstractSyntax: STUDY_ROOT_MOVE, transferSyntaxes: [IMPLICIT_VR_LE] };

/** Per request: did the SCP process it, refuse it, or is it unknown (with words)? */
export function opVerdict(op: RetrieveOp): { verdict: 'processed' | 'refused' | 'unknown'; words: string } {
  if (op.contextResult !== undefined && op.contextResult !== 'accepted') return { verdict: 'refused', words: `${op.op} context rejected (${op.contextResult})` };
  const a = op.answer;
  if (!a) return { verdict: 'unknown', words: `${op.op} not sent${op.skipped ? `: ${op.skipped}` : ''}` };
  if (a.outcome === 'association-aborted') return { verdict: 'refused', words: `${op.op} answered with an A-ABORT` };
  if (a.outcome !== 'success' || a.status === undefined) return { verdict: 'unknown', words: `${op.op}: ${a.detail}` };
  const cls = classifyStatus(a.status);
  if (cls === 'refused-not-authorized' || cls === 'refused-unsupported') return { verdict: 'refused', words: `${op.op} refused: ${a.statusText ?? ''}` };
  return { verdict: 'processed', words: `${op.op} processed: ${a.statusText ?? ''}` };
}

function resultOf(r: AssociationRecord, uid: string): ContextResult {
  return r.contexts.find((c) => c.abstractSyntax === uid)?.result ?? 'not-answered';
}

async function closeLink(link: UlLink, ctx: ProbeContext): Promise<void> {
  if (link.isEnded) link.destroy();
  else await releaseAssociation(link, Math.min(ctx.options.ioTimeoutMs, 2000));
}

async function runRetrieve(service: ServiceInfo, ctx: ProbeContext): Promise<RetrieveObservation> {
  const id = await identificationOf(service, ctx);
  const gate = accessGate(id);
  const obs: RetrieveObservation = { gate, associations: [], get: { op: 'C-GET' }, move: { op: 'C-MOVE' } };
  if (gate.kind !== 'accepted') return obs;
  obs.get.contextResult = resultOf(gate.attempt, STUDY_ROOT_GET);
  obs.move.contextResult = resultOf(gate.attempt, STUDY_ROOT_MOVE);
  if (obs.get.contextResult !== 'accepted' && obs.move.contextResult !== 'accepted') return obs;

  obs.studyInstanceUid = nonMatchingStudyUid();
  obs.moveDestination = id.callingAe;
  const identifier = encodeRetrieveIdentifier(obs.studyInstanceUid);
  const spec = { callingAe: id.callingAe, calledAe: gate.attempt.calledAe, calledAeSource: gate.attempt.calledAeSource };
  const bounds = boundsFor(service, ctx);
  const moveOn = (link: UlLink, contextId = MOVE_CTX.id): Promise<DimseAnswer> =>
    sendRequest(link, contextId, { command: COMMAND.C_MOVE_RQ, sopClassUid: STUDY_ROOT_MOVE, messageId: 3, moveDestination: id.callingAe }, identifier);

  // On identification's association when it was kept open for us, else on our own.
  const held = ctx.held?.take(gate.attempt);
  let link: UlLink | undefined;
  let getId = GET_CTX.id;
  let moveId = MOVE_CTX.id;
  if (held) {
    obs.reusedIdentification = true;
    obs.associations.push(held.record);
    link = held.link;
    getId = acceptedContext(held.record, STUDY_ROOT_GET)?.id ?? getId;
    moveId = acceptedContext(held.record, STUDY_ROOT_MOVE)?.id ?? moveId;
  } else {
    const a = await associate(service, { ...spec, contexts: [GET_CTX, MOVE_CTX] }, bounds);
    obs.associations.push(a.record);
    if (!a.link) return obs;
    obs.get.contextResult = resultOf(a.record, STUDY_ROOT_GET);
    obs.move.contextResult = resultOf(a.record, STUDY_ROOT_MOVE);
    link = a.link;
  }
  if (obs.get.contextResult === 'accepted') {
    obs.get.answer = await sendRequest(link, getId, { command: COMMAND.C_GET_RQ, sopClassUid: STUDY_ROOT_GET, messageId: 2 }, identifier);
  }
  if (obs.move.contextResult === 'accepted' && !link.isEnded) {
    // A processed C-GET already fails the check: one request fewer (servers such as
    // Orthanc answer each one ~40 ms late through Nagle's algorithm).
    if (opVerdict(obs.get).verdict === 'processed') obs.move.skipped = 'the C-GET was already processed, which decides the check';
    else obs.move.answer = await moveOn(link, moveId);
  }
  if (held) ctx.held?.giveBack(held, [obs.get.answer, obs.move.answer].every((x) => !x || x.outcome === 'success'));
  else await closeLink(link, ctx);

  // The C-GET ended the association (e.g. Orthanc aborts a refused request): the C-MOVE needs its own, unless the C-GET already decided.
  if (obs.move.contextResult === 'accepted' && !obs.move.answer && opVerdict(obs.get).verdict !== 'processed') {
    const b = await associate(service, { ...spec, contexts: [MOVE_CTX] }, bounds);
    obs.associations.push(b.record);
    if (b.link) {
      obs.move.contextResult = resultOf(b.record, STUDY_ROOT_MOVE);
      if (obs.move.contextResult === 'accepted') obs.move.answer = await moveOn(b.link);
      await closeLink(b.link, ctx);
    }
  }
  return obs;
}

/** Pure judgement of dicom.retrieve-open. */
export function judgeRetrieve(o: RetrieveObservation): CheckResult[] {
  const base = {
    ...(o.studyInstanceUid ? { retrieve: { model: 'Study Root', level: 'STUDY', studyInstanceUid: o.studyInstanceUid, moveDestination: o.moveDestination } } : {}),
    associations: o.associations.map(attemptEvidence),
    ...(o.reusedIdentification ? { associationReused: 'the first request was sent on the association identification opened' } : {}),
    get: o.get,
    move: o.move,
  };
  const r = (status: 'fail' | 'pass' | 'inconclusive', summary: string): CheckResult[] => [checkResult('dicom.retrieve-open', status, summary, base)];
  if (o.gate.kind === 'refused') return r('pass', `An unknown calling AE cannot associate, so cannot retrieve: ${o.gate.why}`);
  if (o.gate.kind === 'undetermined') return r('inconclusive', `Could not associate as an unknown calling AE: ${o.gate.why}`);
  const verdicts = [opVerdict(o.get), opVerdict(o.move)];
  const processed = verdicts.filter((v) => v.verdict === 'processed');
  if (processed.length) {
    return r('fail', `An unknown calling AE's retrieve of a study that cannot exist was processed: ${processed.map((v) => v.words).join('; ')}`);
  }
  if (verdicts.every((v) => v.verdict === 'refused')) return r('pass', `Retrieve refused: ${verdicts.map((v) => v.words).join('; ')}`);
  const rejected = o.associations.find((a) => a.outcome === 'association-rejected');
  if (rejected && !isTransient(rejected) && !o.associations.some((a) => a.outcome === 'success')) {
    return r('pass', `Association for retrieve refused: ${rejected.detail}`);
  }
  return r('inconclusive', `Retrieve did not conclude: ${verdicts.map((v) => v.words).join('; ')}`);
}

export const dicomRetrieveProbe: Probe<RetrieveObservation> = {
  meta: {
    associates: true,
    id: 'dicom-retrieve',
    checks: ['dicom.retrieve-open'],
    safety: 'safe',
    description: 'Sends a C-GET and a C-MOVE for a study that cannot exist as an unknown calling AE; judges whether the SCP processes them.',
  },
  applies: (s) => isDicomService(s),
  run: runRetrieve,
  judge: (o) => judgeRetrieve(o),
};
