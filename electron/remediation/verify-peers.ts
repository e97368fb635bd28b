/**
 * Verify's "legitimate peers still accepted" (issue 14): after the fix, one association
 * per confirmed peer, calling with that peer's own AE title, from the workbench's
 * vantage. Association only, as every probe: A-ASSOCIATE-RQ proposing Verification, and
 * a release; no DIMSE message, no data. Each association takes the host's slot in the
 * process's host limiter first (one at a time by default), like the engine's probes.
 *
 * The verdict per peer:
 *  - accepted -> `still-accepted`;
 *  - refused where the AE title is the control (or where the control is also bound to the
 *    peer's address and this workbench calls from that very address) -> `regressed`, with
 *    the server's reason;
 *  - refused, or no DICOM answer, where the control is also bound to the peer's address
 *    (Orthanc DicomModalities with DicomCheckModalityHost, dcmqrscp's HostTable, a
 *    firewall's source list) and this workbench calls from elsewhere -> `inconclusive`:
 *    only a test from the peer's address can tell;
 *  - anything else (no answer, a transient refusal, the server's own AE title refused) ->
 *    `inconclusive`, with the reason.
 */
import type { Socket } from 'node:net';
import { calledAeKey } from '../../shared/host';
import { isAeTitle } from '../../shared/ae-title';
import type { ConfirmedPeer, PeerAcceptance } from '../../shared/peers';
import type { Protocol } from '../../shared/catalog';
import { associate, releaseAssociation, type AssociationRecord } from '../engine/dicom/association';
import { connectorFor, type ConnectFn } from '../engine/dicom/connect';
import { IMPLICIT_VR_LE, VERIFICATION } from '../engine/dicom/uids';
import { PROCESS_HOST_LIMITER, type HostLimiter } from '../engine/limits';
import type { ProbeOptions } from '../engine/types';
import { canonicalIp } from '../../shared/playbooks/ip';
import { canonicalStepId, type RenderedChecklist } from '../../shared/playbooks';
import type { VerificationRecord } from '../../shared/remediation';

/** At most this many peers are tried per re-check; the rest are `inconclusive` (not tried). */
export const MAX_PEERS_TRIED = 64;

export interface PeerCheckInput {
  host: string;
  port: number;
  protocol: Protocol | undefined;
  /** The server's own AE title (called AE), when known. */
  calledAe: string | undefined;
  peers: readonly ConfirmedPeer[];
  /** True when the control applied (a ticked step) also checks the caller's address; undefined when no ticked step says. */
  addressBound: boolean | undefined;
  options: Pick<ProbeOptions, 'connectTimeoutMs' | 'ioTimeoutMs' | 'tls' | 'calledAes'>;
  signal?: AbortSignal;
  /** Test seams: the connector and the host limiter (default: the engine's, the process's). */
  connect?: ConnectFn;
  hostLimiter?: HostLimiter;
}

const sameAddress = (a: string | null, b: string | null): boolean => a !== null && b !== null && (canonicalIp(a) ?? a) === (canonicalIp(b) ?? b);

/** Try every confirmed peer's calling AE title against `host:port`; never rejects. */
export async function checkPeersStillAccepted(input: PeerCheckInput): Promise<PeerAcceptance[]> {
  const out: PeerAcceptance[] = [];
  const limiter = input.hostLimiter ?? PROCESS_HOST_LIMITER;
  const base = input.connect ?? connectorFor(input.protocol === 'dicom-tls' ? 'dicom-tls' : 'dicom', input.options.tls ? { tls: input.options.tls } : {});
  const calledAe = input.options.calledAes.get(calledAeKey(input.host, input.port)) ?? input.calledAe;
  const tried: Array<{ at: number; peer: ConfirmedPeer; record: AssociationRecord; from: string | null }> = [];
  for (const [i, peer] of input.peers.entries()) {
    const common = { callingAe: peer.callingAe, address: peer.address, source: peer.source };
    const bound = input.addressBound === true;
    if (i >= MAX_PEERS_TRIED) {
      out.push({ ...common, verdict: 'inconclusive', reason: `not tried: at most ${MAX_PEERS_TRIED} peers per re-check`, outcome: 'not-tried', detail: '', addressBound: bound, from: null });
      continue;
    }
    if (!isAeTitle(peer.callingAe)) {
      out.push({ ...common, verdict: 'inconclusive', reason: `not tried: ${JSON.stringify(peer.callingAe.slice(0, 20))} is not a DICOM AE title`, outcome: 'not-tried', detail: '', addressBound: bound, from: null });
      continue;
    }
    if (calledAe === undefined) {
      out.push({ ...common, verdict: 'inconclusive', reason: "not tried: the server's own AE title is not known (add it to the inventory)", outcome: 'not-tried', detail: '', addressBound: bound, from: null });
      continue;
    }
    if (input.signal?.aborted) break;
    let from: string | null = null;
    const connect: ConnectFn = async (t, b) => {
      const sock = await base(t, b);
      from = (sock as Partial<Socket>).localAddress ?? null;
      return sock;
    };
    let release: (() => void) | undefined;
    try {
      release = await limiter.acquire(input.host, 1, input.signal);
    } catch {
      break; // cancelled while waiting
    }
    try {
      const signal = input.signal ?? new AbortController().signal;
      const deadline = Date.now() + input.options.connectTimeoutMs + 2 * input.options.ioTimeoutMs + 1000;
      const { record, link } = await associate(
        { host: input.host, port: input.port },
        { callingAe: peer.callingAe, calledAe, calledAeSource: 'inventory', contexts: [{ id: 1, abstractSyntax: VERIFICATION, transferSyntaxes: [IMPLICIT_VR_LE] }] },
        { connect, signal, deadline, connectTimeoutMs: input.options.connectTimeoutMs, ioTimeoutMs: input.options.ioTimeoutMs },
      );
      if (link) await releaseAssociation(link, input.options.ioTimeoutMs);
      tried.push({ at: out.length, peer, record, from });
      out.push({ ...common, verdict: 'inconclusive', reason: '', outcome: record.outcome, detail: record.detail, addressBound: bound, from });
    } finally {
      release();
    }
  }
  // A peer accepted under the server's AE title proves that title right: then a "called AE title
  // not recognized" for another peer (dcmqrscp's answer to a caller its AETable does not allow) is about the caller.
  const calledAeProven = tried.some((t) => t.record.outcome === 'success');
  for (const t of tried) {
    const j = judgePeer(t.peer, t.record, calledAe!, input.addressBound === true, input.addressBound === undefined, t.from, calledAeProven);
    out[t.at] = { ...out[t.at]!, ...j };
  }
  return out;
}

/** The verdict of one peer's association (pure; exported for tests). */
export function judgePeer(
  peer: Pick<ConfirmedPeer, 'callingAe' | 'address'>,
  record: { outcome: string; detail: string; reject?: { permanent: boolean; reason: string; text: string } },
  calledAe: string,
  addressBound: boolean,
  controlUnknown: boolean,
  from: string | null,
  calledAeProven = false,
): { verdict: PeerAcceptance['verdict']; reason: string } {
  const who = `${peer.callingAe}${peer.address ? ` (${peer.address})` : ''}`;
  if (record.outcome === 'success') return { verdict: 'still-accepted', reason: `an association calling as ${peer.callingAe} to ${calledAe} was accepted` };
  const elsewhere = addressBound && !sameAddress(peer.address, from);
  const boundWords = `the control also checks the peer's address${peer.address ? ` (${peer.address})` : ''} and this workbench calls from ${from ?? 'another address'}: only a test from the peer's own address can tell`;
  if (record.outcome === 'association-rejected' && record.reject) {
    if (record.reject.reason === 'called-ae-title-not-recognized' && !calledAeProven) return { verdict: 'inconclusive', reason: `the server refused its own AE title ${calledAe} (${record.reject.text}): correct it in the inventory and verify again` };
    if (!record.reject.permanent) return { verdict: 'inconclusive', reason: `the server said to try later: ${record.reject.text}` };
    if (elsewhere) return { verdict: 'inconclusive', reason: `refused from here (${record.reject.text}), but ${boundWords}` };
    if (controlUnknown) return { verdict: 'regressed', reason: `the server refused ${who}: ${record.reject.text} (no access step is ticked, so the control applied is not known)` };
    const calledWords = record.reject.reason === 'called-ae-title-not-recognized' ? ` (another peer was accepted under ${calledAe}: the server refuses this caller, as dcmqrscp does for one its AETable does not allow)` : '';
    return { verdict: 'regressed', reason: `the server refused ${who}: ${record.reject.text}${calledWords}; the fix cut this peer off` };
  }
  if (elsewhere) return { verdict: 'inconclusive', reason: `no DICOM answer from here (${record.detail}); ${boundWords}` };
  if (record.outcome === 'association-aborted') {
    return { verdict: 'regressed', reason: `the server aborted the association of ${who}: ${record.detail}; the fix cut this peer off` };
  }
  return { verdict: 'inconclusive', reason: `no DICOM answer from here: ${record.detail}` };
}

// ---- one verification's peers, from the store ------------------------------------------

/** What the peers check of one verification needs besides the verification itself. */
export interface PeersForVerification {
  /** The confirmed peers (electron/remediation/peers-fix.ts `confirmedPeersFor`). */
  peers: readonly ConfirmedPeer[];
  /** The checklist rendered from the same scan, and the steps ticked done (which control was applied). */
  checklist: RenderedChecklist | undefined;
  doneSteps: ReadonlySet<string>;
  options: PeerCheckInput['options'];
  signal?: AbortSignal;
  hostLimiter?: HostLimiter;
  connect?: ConnectFn;
}

/**
 * Whether the control applied checks the caller's address: a ticked allow-list step
 * whose binding includes the address says yes, ticked ones that bind the AE title only
 * say no; undefined when no allow-list step is ticked.
 */
export function appliedAddressBinding(checklist: RenderedChecklist | undefined, done: ReadonlySet<string>): boolean | undefined {
  // A tick stored under a finding's own id from before steps were grouped (issue 17) counts for its action.
  const ticks = new Set([...done].map((id) => canonicalStepId(id) ?? id));
  const ticked = (checklist?.playbooks ?? []).flatMap((p) => [...p.steps, ...p.variants.flatMap((v) => v.steps)]).filter((s) => s.peers !== undefined && ticks.has(s.id));
  if (ticked.length === 0) return undefined;
  return ticked.some((s) => s.peers!.binding !== 'ae');
}

/**
 * The verification with `peers` (each confirmed peer's association) added; `passed`
 * becomes false when a peer `regressed`. A service that is not DICOM, or has no
 * confirmed peers, is returned as it was.
 */
export async function withPeersStillAccepted(v: VerificationRecord, input: PeersForVerification): Promise<VerificationRecord> {
  const protocol = v.before.protocol;
  if ((protocol !== 'dicom' && protocol !== 'dicom-tls') || input.peers.length === 0) return v;
  const bound = appliedAddressBinding(input.checklist, input.doneSteps);
  let peers: PeerAcceptance[];
  if (v.after.state !== 'open') {
    peers = input.peers.map((p) => ({
      callingAe: p.callingAe, address: p.address, source: p.source, verdict: 'inconclusive', outcome: 'not-tried', detail: '', addressBound: bound === true, from: null,
      reason: `not tried: the port is ${v.after.state} from here${bound ? " (a firewall may let the peer's address through)" : ''}`,
    }));
  } else {
    peers = await checkPeersStillAccepted({
      host: v.service.host,
      port: v.service.port,
      protocol: v.after.protocol ?? protocol,
      calledAe: v.afterService.calledAe ?? v.beforeService.calledAe,
      peers: input.peers,
      addressBound: bound,
      options: input.options,
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.hostLimiter ? { hostLimiter: input.hostLimiter } : {}),
      ...(input.connect ? { connect: input.connect } : {}),
    });
  }
  return { ...v, peers, passed: v.passed && !peers.some((p) => p.verdict === 'regressed') };
}
