/**
 * One association attempt: connect, send an A-ASSOCIATE-RQ, read the answer.
 * The result is a plain JSON record (the evidence of association checks) plus, when
 * the peer accepted, the live link for DIMSE exchanges. Never rejects.
 */
import type { Outcome, Target } from '../net-types';
import { ConnectError, type ConnectFn } from './connect';
import { UlLink } from './link';
import {
  buildAssociateRq,
  buildReleaseRp,
  buildReleaseRq,
  type ContextProposal,
  parseAbort,
  parseAssociate,
  parseReject,
  PDU,
} from './pdu';
import { decodeAbort, decodeReject, type DecodedAbort, type DecodedReject } from './reject-reasons';
import { uidName } from './uids';

/** Where a called AE title came from: the user, the inventory, the well-known list, or a random title made to test called-AE checking. */
export type AeSource = 'user' | 'inventory' | 'guess' | 'random';

/** PS3.8 Table 9-18 presentation context results in words; `not-answered` when the AC omitted the context. */
export type ContextResult =
  | 'accepted'
  | 'user-rejection'
  | 'no-reason'
  | 'abstract-syntax-not-supported'
  | 'transfer-syntaxes-not-supported'
  | 'not-answered';

const CONTEXT_RESULTS: Record<number, ContextResult> = {
  0: 'accepted',
  1: 'user-rejection',
  2: 'no-reason',
  3: 'abstract-syntax-not-supported',
  4: 'transfer-syntaxes-not-supported',
};

/** One proposed presentation context and, after an A-ASSOCIATE-AC, the peer's answer. */
export interface ContextRecord {
  id: number;
  abstractSyntax: string;
  /** Words for the abstract syntax, e.g. "CT Image Storage". */
  name: string;
  /** Present once the peer accepted the association. */
  result?: ContextResult;
  transferSyntax?: string;
}

/** What the peer said about itself in its A-ASSOCIATE-AC. */
export interface PeerImplementation {
  implementationClassUid?: string;
  implementationVersionName?: string;
  /** Max PDU length the peer receives, bytes (0 = unlimited). */
  maxPduLength?: number;
}

/** Evidence of one association attempt (plain JSON). */
export interface AssociationRecord {
  callingAe: string;
  calledAe: string;
  calledAeSource: AeSource;
  /** `success` = A-ASSOCIATE-AC, `association-rejected` = A-ASSOCIATE-RJ, `association-aborted` = A-ABORT, others = no valid answer. */
  outcome: Outcome;
  /** One line in words. */
  detail: string;
  /** Contexts proposed, with the peer's answer when accepted. */
  contexts: ContextRecord[];
  reject?: DecodedReject;
  abort?: DecodedAbort;
  peer?: PeerImplementation;
  /** When the answer was not DICOM: the first bytes the peer sent, hex (at most 32), to tell HTTP, TLS or a banner apart. */
  peerFirstBytesHex?: string;
}

export interface AttemptSpec {
  callingAe: string;
  calledAe: string;
  calledAeSource: AeSource;
  contexts: readonly ContextProposal[];
}

/** Where and within what bounds to associate. */
export interface AssociationBounds {
  connect: ConnectFn;
  signal: AbortSignal;
  /** Epoch ms: nothing waits past it. */
  deadline: number;
  connectTimeoutMs: number;
  /** Wait for one answer, ms. */
  ioTimeoutMs: number;
}

export interface OpenAssociation {
  record: AssociationRecord;
  /** The live link, only when the peer accepted (outcome `success`); the caller must release or destroy it. */
  link?: UlLink;
}

/** True when the peer answered with a well-formed A-ASSOCIATE-AC or -RJ: the only proof that it speaks DICOM. */
export function isDicomAnswer(r: AssociationRecord): boolean {
  return r.outcome === 'success' || r.outcome === 'association-rejected';
}

/** The accepted context for an abstract syntax in an accepted association, if any. */
export function acceptedContext(r: AssociationRecord, abstractSyntax: string): ContextRecord | undefined {
  return r.contexts.find((c) => c.abstractSyntax === abstractSyntax && c.result === 'accepted');
}

function ended(record: AssociationRecord, outcome: Outcome, detail: string): OpenAssociation {
  record.outcome = outcome;
  record.detail = detail;
  return { record };
}

/** Attempt one association. Never rejects; the socket is closed unless the association was accepted. */
export async function associate(target: Target, spec: AttemptSpec, bounds: AssociationBounds): Promise<OpenAssociation> {
  const record: AssociationRecord = {
    callingAe: spec.callingAe,
    calledAe: spec.calledAe,
    calledAeSource: spec.calledAeSource,
    outcome: 'connection-closed',
    detail: '',
    contexts: spec.contexts.map((c) => ({ id: c.id, abstractSyntax: c.abstractSyntax, name: uidName(c.abstractSyntax) })),
  };
  const left = bounds.deadline - Date.now();
  if (bounds.signal.aborted || left <= 0) return ended(record, left <= 0 ? 'deadline' : 'cancelled', 'not attempted: out of time or cancelled');
  let link: UlLink;
  try {
    const sock = await bounds.connect(target, {
      timeoutMs: Math.min(bounds.connectTimeoutMs, left),
      signal: bounds.signal,
      deadline: bounds.deadline,
    });
    link = new UlLink(sock, { signal: bounds.signal, deadline: bounds.deadline, ioTimeoutMs: bounds.ioTimeoutMs });
  } catch (e) {
    if (e instanceof ConnectError) return ended(record, e.outcome, e.message);
    return ended(record, 'connection-closed', e instanceof Error ? e.message : String(e));
  }
  link.send(buildAssociateRq({ callingAe: spec.callingAe, calledAe: spec.calledAe, contexts: spec.contexts }));
  const ev = await link.next();
  const first = link.firstBytes();
  // Not DICOM: keep what the peer said first, so another identifier can tell HTTP, TLS or a banner.
  const notDicom = (outcome: Outcome, detail: string): OpenAssociation => {
    if (first.length) record.peerFirstBytesHex = first.toString('hex');
    return ended(record, outcome, detail);
  };
  if (ev.kind === 'end') {
    link.destroy();
    return notDicom(ev.end.outcome, `no answer to the association request: ${ev.end.detail}`);
  }
  const { type, body } = ev.pdu;
  if (type === PDU.ASSOCIATE_AC) {
    const ac = parseAssociate(body, 'ac');
    if (!ac.ok) {
      link.destroy();
      return notDicom('protocol-error', `malformed A-ASSOCIATE-AC: ${ac.error}`);
    }
    for (const c of record.contexts) {
      const answer = ac.value.contexts.find((a) => a.id === c.id);
      c.result = answer ? (CONTEXT_RESULTS[answer.result] ?? 'no-reason') : 'not-answered';
      if (answer && answer.result === 0 && answer.transferSyntax) c.transferSyntax = answer.transferSyntax;
    }
    record.peer = {
      ...(ac.value.implementationClassUid ? { implementationClassUid: ac.value.implementationClassUid } : {}),
      ...(ac.value.implementationVersionName ? { implementationVersionName: ac.value.implementationVersionName } : {}),
      ...(ac.value.maxPduLength !== undefined ? { maxPduLength: ac.value.maxPduLength } : {}),
    };
    const n = record.contexts.filter((c) => c.result === 'accepted').length;
    record.outcome = 'success';
    record.detail = `association accepted (${n} of ${record.contexts.length} presentation contexts accepted)`;
    return { record, link };
  }
  link.destroy();
  if (type === PDU.ASSOCIATE_RJ) {
    const rj = parseReject(body);
    if (!rj.ok) return notDicom('protocol-error', `malformed A-ASSOCIATE-RJ: ${rj.error}`);
    record.reject = decodeReject(rj.value.result, rj.value.source, rj.value.reason);
    return ended(record, 'association-rejected', record.reject.text);
  }
  if (type === PDU.ABORT) {
    const ab = parseAbort(body);
    if (!ab.ok) return notDicom('protocol-error', `malformed A-ABORT: ${ab.error}`);
    record.abort = decodeAbort(ab.value.source, ab.value.reason);
    return notDicom('association-aborted', `the peer answered the association request with ${record.abort.text}`);
  }
  return notDicom('protocol-error', `unexpected PDU type 0x${type.toString(16).padStart(2, '0')} in answer to an association request`);
}

/** How a release ended. */
export type ReleaseOutcome = 'released' | 'no-reply' | 'aborted' | 'closed';

/**
 * Politely end an accepted association (A-RELEASE-RQ, wait for -RP), then close the
 * socket whatever happened. Waits at most `waitMs` in all.
 */
export async function releaseAssociation(link: UlLink, waitMs: number): Promise<ReleaseOutcome> {
  if (!link.send(buildReleaseRq())) return 'closed';
  const until = Date.now() + waitMs;
  try {
    // A peer may still deliver late DIMSE responses before its A-RELEASE-RP: skip a bounded number of them.
    for (let i = 0; i < 16; i++) {
      const ev = await link.next(Math.max(0, until - Date.now()));
      if (ev.kind === 'end') return ev.end.outcome === 'io-timeout' || ev.end.outcome === 'deadline' ? 'no-reply' : 'closed';
      if (ev.pdu.type === PDU.RELEASE_RP) return 'released';
      if (ev.pdu.type === PDU.ABORT) return 'aborted';
      if (ev.pdu.type === PDU.RELEASE_RQ) {
        // Release collision (PS3.8 7.2.2): answer it; our own RQ was sent first, so we are done.
        link.send(buildReleaseRp());
        return 'released';
      }
    }
    return 'no-reply';
  } finally {
    link.destroy();
  }
}
