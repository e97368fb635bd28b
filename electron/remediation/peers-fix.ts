/**
 * The peers a fix must not cut off (issue 14, "Use it in the fix"), collected in ONE
 * place: `confirmedPeersFor`. The checklist's allow-lists are filled from this list,
 * each step's kept / cut-off peers are computed against it, verify tries an association
 * with each one's calling AE title, and a step that cuts off a peer seen in the last N
 * days needs an acknowledgement naming it (`cutOffToAcknowledge`).
 */
import { DEFAULT_RECENT_DAYS, confirmedPeersFromInventory, mergePeers, peerKey, peerLabel, type ConfirmedPeer, type CutOffAcknowledgement, type StepPeers } from '../../shared/peers';
import { PlaybookValueError, renderChecklist, type RenderedChecklist, type RenderedStep } from '../../shared/playbooks';
import type { ServerRef } from '../../shared/remediation';
import { createObservedPeersRepo, type Store } from '../store';
import { RemediationError } from './errors';

/** Where peers learned from logs and captures come from (tests and the app's wiring pass one in). */
export type LearnedPeersSource = (server: ServerRef) => readonly ConfirmedPeer[];

/**
 * Every confirmed peer of `server`: the inventory's nodes (its own row excepted) and
 * the peers learned from its logs and captures, one entry per AE title and address (a
 * learned sighting gives an inventory peer its `lastSeen`).
 */
export function confirmedPeersFor(store: Store, server: ServerRef, learnedSource?: LearnedPeersSource): ConfirmedPeer[] {
  const inventory = confirmedPeersFromInventory(store.inventory.list(), server);
  // ---- LEARNED PEERS (issue 14, "Learn") -----------------------------------------------
  // The peers observed in this server's logs and captures (`collimator peers`, the Peers
  // panel) are added HERE, as ConfirmedPeer with source 'learned' and their lastSeen.
  // A caller-given source (tests) replaces the store's table.
  const learned: readonly ConfirmedPeer[] = learnedSource ? learnedSource(server) : learnedPeersFromStore(store, server);
  // ---------------------------------------------------------------------------------------
  return mergePeers(inventory, learned);
}

/**
 * The peers the store learned for `server` (`collimator peers --db`, the Peers panel):
 * only peers the server ACCEPTED, with a calling AE title, on this server's port (or a
 * log that names no port, as DCMTK's do) and host (or a log that names none, as most do).
 */
export function learnedPeersFromStore(store: Store, server: ServerRef): ConfirmedPeer[] {
  return createObservedPeersRepo(store.db)
    .list({ host: server.host, port: server.port })
    .filter((p) => p.accepted && p.callingAe !== null && p.callingAe !== '')
    .map((p) => ({ callingAe: p.callingAe as string, address: p.address, lastSeen: p.lastSeen, source: 'learned' as const }));
}

/** The rendered step `stepId` of a checklist, if it has it. */
export function stepOf(checklist: RenderedChecklist, stepId: string): RenderedStep | undefined {
  return checklist.playbooks.flatMap((p) => [...p.steps, ...p.variants.flatMap((v) => v.steps)]).find((s) => s.id === stepId);
}

/** What an acknowledgement names: a peer's AE title and address. */
export type AcknowledgedPeer = Pick<ConfirmedPeer, 'callingAe' | 'address'>;

/**
 * The acknowledgement a step being marked done needs, or null when it needs none (it
 * cuts off no peer seen in the last N days, or it is being unticked). Throws
 * RemediationError `invalid-argument` naming each recently seen peer it cuts off that
 * `acknowledged` does not name.
 */
export function cutOffToAcknowledge(step: Pick<RenderedStep, 'id' | 'peers'> | undefined, done: boolean, acknowledged: readonly AcknowledgedPeer[] | undefined): Pick<CutOffAcknowledgement, 'peers' | 'recentDays'> | null {
  const peers: StepPeers | undefined = step?.peers;
  if (!done || peers === undefined || peers.recentCut.length === 0) return null;
  const named = new Set((acknowledged ?? []).map(peerKey));
  const missing = peers.recentCut.filter((p) => !named.has(peerKey(p)));
  if (missing.length > 0) {
    throw new RemediationError(
      'invalid-argument',
      `step ${step!.id} would cut off ${missing.map(peerLabel).join(', ')}, seen in the last ${peers.recentDays} days: acknowledge each peer by name to mark it done`,
    );
  }
  return {
    peers: peers.recentCut.map((p) => ({ callingAe: p.callingAe, address: p.address, lastSeen: p.lastSeen, source: p.source, why: p.why })),
    recentDays: peers.recentDays,
  };
}

export { DEFAULT_RECENT_DAYS };

/**
 * What verify's peers check needs from the store: the confirmed peers, the checklist
 * rendered from the server's latest scan with them, and the steps ticked done.
 */
export function peersCheckBasis(store: Store, server: ServerRef, learnedSource?: LearnedPeersSource): { peers: ConfirmedPeer[]; checklist: RenderedChecklist | undefined; doneSteps: Set<string> } {
  const peers = confirmedPeersFor(store, server, learnedSource);
  const latest = store.latestService(server.host, server.port);
  let checklist: RenderedChecklist | undefined;
  if (latest !== undefined) {
    try {
      checklist = renderChecklist({ service: latest.service, inventory: store.inventory.list(), vantage: latest.vantage, confirmedPeers: peers });
    } catch (e) {
      if (!(e instanceof PlaybookValueError)) throw e;
    }
  }
  return { peers, checklist, doneSteps: store.checklists.doneSteps(server) };
}
