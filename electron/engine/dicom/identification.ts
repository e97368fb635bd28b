/**
 * First contact with an open port: is it DICOM, what product, and which called AE
 * title lets an unknown calling AE in. The same few associations are the evidence
 * of dicom.detected, dicom.any-calling-ae, dicom.any-called-ae and dicom.store-open,
 * so those probes need no traffic of their own.
 *
 * Order of attempts, all with the unknown calling AE (options.callingAe):
 * - one random called AE title first (tests called-AE checking; if it is accepted
 *   by a server nobody named, every question is answered in one association);
 * - then the titles known from the user / inventory, up to the first accepted one;
 *   with none known, the well-known list.
 * The last association, when accepted, is kept open for the query and retrieve
 * probes where the caller gave a holder (ctx.held); otherwise it is released.
 * It stops as soon as more attempts cannot change the answer: a non-DICOM reply,
 * an acceptance, "calling AE not recognized", a transient rejection, or no time.
 */
import type { Product } from '../../../shared/types';
import { selectionOf } from '../options';
import type { ProbeContext, Target } from '../types';
import { knownCalledAes, randomAeTitle, WELL_KNOWN_CALLED_AES } from './ae';
import { type AeSource, associate, type AssociationRecord, isDicomAnswer, releaseAssociation } from './association';
import type { ConnectFn } from './connect';
import { fingerprint } from './fingerprint';
import type { ContextProposal } from './pdu';
import {
  CT_IMAGE_STORAGE,
  EXPLICIT_VR_LE,
  IMPLICIT_VR_LE,
  MR_IMAGE_STORAGE,
  SECONDARY_CAPTURE_STORAGE,
  STUDY_ROOT_FIND,
  STUDY_ROOT_GET,
  STUDY_ROOT_MOVE,
  VERIFICATION,
} from './uids';

/** Storage classes proposed: CT, plus MR and Secondary Capture so a server limited to some modalities is still seen. */
export const STORAGE_CLASSES = [CT_IMAGE_STORAGE, MR_IMAGE_STORAGE, SECONDARY_CAPTURE_STORAGE] as const;

/** Contexts of an identification association: what a normal Q/R and storage client proposes. */
export const IDENTIFY_CONTEXTS: readonly ContextProposal[] = [
  { id: 1, abstractSyntax: VERIFICATION, transferSyntaxes: [IMPLICIT_VR_LE] },
  { id: 3, abstractSyntax: STUDY_ROOT_FIND, transferSyntaxes: [IMPLICIT_VR_LE] },
  { id: 5, abstractSyntax: STUDY_ROOT_MOVE, transferSyntaxes: [IMPLICIT_VR_LE] },
  { id: 7, abstractSyntax: STUDY_ROOT_GET, transferSyntaxes: [IMPLICIT_VR_LE] },
  ...STORAGE_CLASSES.map((uid, i) => ({ id: 9 + 2 * i, abstractSyntax: uid, transferSyntaxes: [IMPLICIT_VR_LE, EXPLICIT_VR_LE] })),
];

/** What identification learned (plain JSON; stored as ServiceInfo.identification). */
export interface DicomIdentification {
  kind: 'dicom-association';
  /** True when some attempt got a well-formed A-ASSOCIATE-AC or -RJ. */
  isDicom: boolean;
  /** The unknown calling AE title used in every attempt. */
  callingAe: string;
  /** Every association attempt, in order. */
  attempts: AssociationRecord[];
  /** From the first A-ASSOCIATE-AC (a rejection carries no implementation details). */
  implementationClassUid?: string;
  implementationVersionName?: string;
  /** Max PDU length the peer receives, bytes (0 = unlimited). */
  maxPduLength?: number;
  product?: Product;
  productNote?: string;
  /** The called AE title accepted (or the user's/inventory's), and where it came from. */
  calledAe?: string;
  calledAeSource?: 'user' | 'inventory' | 'guess';
}

/** True for a rejection that says "try later": never a basis for pass or for more guessing. */
export function isTransient(r: AssociationRecord): boolean {
  return r.outcome === 'association-rejected' && (!r.reject?.permanent || r.reject.source === 'service-provider-presentation');
}

/** "calling AE title not recognized" (1/1/3): the server refused the caller itself. */
export function isCallerRefused(r: AssociationRecord): boolean {
  return r.outcome === 'association-rejected' && r.reject?.permanent === true && r.reject.reason === 'calling-ae-title-not-recognized';
}

/** Run the identification attempts against one target. Never rejects. */
export async function identifyDicom(target: Target, ctx: ProbeContext, connect: ConnectFn): Promise<DicomIdentification> {
  const o = ctx.options;
  const id: DicomIdentification = { kind: 'dicom-association', isDicom: false, callingAe: o.callingAe, attempts: [] };
  const known = knownCalledAes(target, o);
  const random: [string, AeSource] = [randomAeTitle(), 'random'];
  // The random title first in both cases: the attempt that ends identification is
  // then the one the access gate builds on, and can be kept open for the probes.
  // The discovery profile (issue 16): one association per port, the random title's; no title guessed.
  const plan: [string, AeSource][] = selectionOf(o).oneAssociation
    ? [random]
    : known.length
      ? [random, ...known.map((k): [string, AeSource] => [k.ae, k.source])]
      : [random, ...WELL_KNOWN_CALLED_AES.map((g): [string, AeSource] => [g, 'guess'])];
  let knownAccepted = false;
  for (const [i, [calledAe, source]] of plan.entries()) {
    if (ctx.signal.aborted || Date.now() >= ctx.deadline) break;
    if (knownAccepted) break; // one accepted known title is enough
    const a = await associate(
      target,
      { callingAe: o.callingAe, calledAe, calledAeSource: source, contexts: IDENTIFY_CONTEXTS },
      { connect, signal: ctx.signal, deadline: ctx.deadline, connectTimeoutMs: o.connectTimeoutMs, ioTimeoutMs: o.ioTimeoutMs },
    );
    const r = a.record;
    id.attempts.push(r);
    let stop = false;
    if (!isDicomAnswer(r) || isTransient(r)) stop = true; // not DICOM, gone, or busy: more titles will not help
    else if (known.length) knownAccepted = r.outcome === 'success' && source !== 'random';
    else stop = r.outcome === 'success' || isCallerRefused(r);
    if (isDicomAnswer(r)) id.isDicom = true;
    const last = stop || knownAccepted || i === plan.length - 1;
    if (a.link) {
      // Kept (not released) only when no other association follows: one at a time per host.
      if (last && ctx.held) await ctx.held.offer({ record: r, link: a.link });
      else await releaseAssociation(a.link, Math.min(o.ioTimeoutMs, 2000));
    }
    if (stop) break;
  }
  const ac = id.attempts.find((r) => r.outcome === 'success');
  if (ac?.peer) {
    const fp = fingerprint(ac.peer.implementationClassUid, ac.peer.implementationVersionName);
    if (ac.peer.implementationClassUid) id.implementationClassUid = ac.peer.implementationClassUid;
    if (ac.peer.implementationVersionName) id.implementationVersionName = ac.peer.implementationVersionName;
    if (ac.peer.maxPduLength !== undefined) id.maxPduLength = ac.peer.maxPduLength;
    id.product = fp.product;
    if (fp.note) id.productNote = fp.note;
  }
  const accepted = preferredAccepted(id.attempts);
  if (accepted) {
    id.calledAe = accepted.calledAe;
    id.calledAeSource = accepted.calledAeSource === 'random' ? 'guess' : accepted.calledAeSource;
  } else if (known[0] && id.isDicom) {
    id.calledAe = known[0].ae;
    id.calledAeSource = known[0].source;
  }
  return id;
}

/** The accepted attempt to build on: a known title first, then a guess, then the random title. */
export function preferredAccepted(attempts: readonly AssociationRecord[]): AssociationRecord | undefined {
  const rank: Record<AeSource, number> = { user: 0, inventory: 1, guess: 2, random: 3 };
  return attempts
    .filter((r) => r.outcome === 'success')
    .sort((a, b) => rank[a.calledAeSource] - rank[b.calledAeSource])[0];
}

/** Read back an identification stored in ServiceInfo.identification (undefined when it is not one). */
export function readDicomIdentification(identification: Record<string, unknown>): DicomIdentification | undefined {
  const v = identification as Partial<DicomIdentification>;
  return v.kind === 'dicom-association' && Array.isArray(v.attempts) && typeof v.callingAe === 'string'
    ? (identification as unknown as DicomIdentification)
    : undefined;
}
