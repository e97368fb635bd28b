/**
 * The legitimate peers of a server, as the fix uses them (issue 14, "Use it in the
 * fix"): the inventory's nodes and the peers learned from the server's logs and
 * captures, in one plain list. The playbooks fill their allow-lists from it, each step
 * says which peers its allow-list keeps and which it would cut off, and verify tries an
 * association with each one's calling AE title. Pure functions, no Node imports.
 *
 * The seam: electron/remediation/peers-fix.ts `confirmedPeersFor` is the ONE place the
 * list is collected (the inventory today; the learned peers are added there).
 */
import { canonicalIp } from './playbooks/ip';
import type { InventoryNode } from './types';

/** One legitimate peer of a server. */
export interface ConfirmedPeer {
  /** The peer's own AE title: the calling AE title it uses when it associates. */
  callingAe: string;
  /** The address it calls from (IP literal), or a host name from the inventory; null when not known. */
  address: string | null;
  /** When it was last seen talking to the server (ISO-8601 UTC); null when never observed (an inventory row). */
  lastSeen: string | null;
  source: 'inventory' | 'learned';
}

/** How long ago a peer must have been seen for cutting it off to need an acknowledgement, by default. */
export const DEFAULT_RECENT_DAYS = 30;

/** `CT_ROOM1@10.0.0.5`: one peer's key (AE title and address), for lists and acknowledgements. */
export function peerKey(p: Pick<ConfirmedPeer, 'callingAe' | 'address'>): string {
  return `${p.callingAe}@${p.address === null ? '?' : (canonicalIp(p.address) ?? p.address.toLowerCase())}`;
}

/** The address as compared: canonical IP text, or a lower-case host name; null stays null. */
function addrKey(a: string | null): string | null {
  if (a === null) return null;
  return canonicalIp(a) ?? a.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * The inventory's nodes as confirmed peers of `server`: every node but the server's own
 * row (same host and port), once per AE title and address.
 */
export function confirmedPeersFromInventory(nodes: readonly InventoryNode[], server: { host: string; port: number }): ConfirmedPeer[] {
  const own = addrKey(server.host);
  const out: ConfirmedPeer[] = [];
  const seen = new Set<string>();
  for (const n of nodes) {
    if (n.port === server.port && addrKey(n.host) === own) continue;
    const p: ConfirmedPeer = { callingAe: n.aeTitle.trim(), address: n.host.trim() === '' ? null : n.host.trim(), lastSeen: null, source: 'inventory' };
    const k = peerKey(p);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
  }
  return out;
}

/**
 * Merge peer lists (inventory first, then learned): one entry per AE title and address;
 * a learned sighting gives an inventory peer its `lastSeen` (the latest one wins).
 */
export function mergePeers(...lists: ReadonlyArray<readonly ConfirmedPeer[]>): ConfirmedPeer[] {
  const byKey = new Map<string, ConfirmedPeer>();
  for (const list of lists) {
    for (const p of list) {
      const k = peerKey(p);
      const had = byKey.get(k);
      if (had === undefined) {
        byKey.set(k, { ...p });
        continue;
      }
      if (p.lastSeen !== null && (had.lastSeen === null || p.lastSeen > had.lastSeen)) had.lastSeen = p.lastSeen;
    }
  }
  return [...byKey.values()];
}

/**
 * What a step's allow-list lets in. `ae`: the calling AE title is the control;
 * `address`: the source address is (a firewall); `ae+address`: both must match one
 * entry (Orthanc with DicomCheckModalityHost, dcmqrscp's HostTable). `emptyMeansAny`:
 * an empty list admits everyone (dcm4chee-arc's accepted calling AE titles).
 */
export interface AllowList {
  binding: 'ae' | 'address' | 'ae+address';
  entries: Array<{ aeTitle?: string; address?: string }>;
  emptyMeansAny?: boolean;
}

/** A peer a step would cut off, and why in words. */
export interface CutPeer extends ConfirmedPeer {
  why: string;
}

/** Which peers a step keeps and which it would cut off. */
export interface StepPeers {
  binding: AllowList['binding'];
  kept: ConfirmedPeer[];
  cut: CutPeer[];
  /** Peers the step cannot judge (address-bound, address not known). */
  unknown: ConfirmedPeer[];
  /** Of `cut`, those seen in the last `recentDays` days: applying the step needs an acknowledgement naming them. */
  recentCut: CutPeer[];
  recentDays: number;
}

/** True when `p` was seen within `days` days before `now`. */
export function seenWithin(p: Pick<ConfirmedPeer, 'lastSeen'>, now: Date, days: number): boolean {
  if (p.lastSeen === null) return false;
  const t = Date.parse(p.lastSeen);
  return Number.isFinite(t) && t <= now.getTime() + 60_000 && now.getTime() - t <= days * 86_400_000;
}

/**
 * Which `peers` the allow-list keeps and which it would cut off, and which of those were
 * seen in the last `recentDays` days before `now`.
 */
export function peersKeptAndCut(allow: AllowList, peers: readonly ConfirmedPeer[], now: Date, recentDays: number = DEFAULT_RECENT_DAYS): StepPeers {
  const kept: ConfirmedPeer[] = [];
  const cut: CutPeer[] = [];
  const unknown: ConfirmedPeer[] = [];
  const aes = new Set(allow.entries.map((e) => e.aeTitle).filter((x): x is string => x !== undefined));
  const addrs = new Set(allow.entries.map((e) => addrKey(e.address ?? null)).filter((x): x is string => x !== null));
  const pairs = new Set(allow.entries.map((e) => `${e.aeTitle ?? ''}@${addrKey(e.address ?? null) ?? ''}`));
  const anyone = allow.emptyMeansAny === true && allow.entries.length === 0;
  for (const p of peers) {
    const a = addrKey(p.address);
    if (anyone) {
      kept.push(p);
      continue;
    }
    if (allow.binding === 'ae') {
      if (aes.has(p.callingAe)) kept.push(p);
      else cut.push({ ...p, why: `its AE title ${p.callingAe} is not in this allow-list` });
      continue;
    }
    if (a === null) {
      unknown.push(p);
      continue;
    }
    if (allow.binding === 'address') {
      if (addrs.has(a)) kept.push(p);
      else cut.push({ ...p, why: canonicalIp(a) === undefined ? `it is listed by host name (${a}); these rules take addresses only` : `its address ${a} is not in these rules` });
      continue;
    }
    if (pairs.has(`${p.callingAe}@${a}`)) kept.push(p);
    else if (aes.has(p.callingAe)) cut.push({ ...p, why: `its AE title ${p.callingAe} is listed, but not with the address ${a} it calls from` });
    else cut.push({ ...p, why: `its AE title ${p.callingAe} is not in this allow-list` });
  }
  return { binding: allow.binding, kept, cut, unknown, recentCut: cut.filter((p) => seenWithin(p, now, recentDays)), recentDays };
}

/** "CT_ROOM1 (10.0.0.5)". */
export function peerLabel(p: Pick<ConfirmedPeer, 'callingAe' | 'address'>): string {
  return p.address === null ? p.callingAe : `${p.callingAe} (${p.address})`;
}

// ---- what the fix records about peers ------------------------------------------------

/** The admin's acknowledgement that a step cuts off peers seen recently (stored with the checklist change). */
export interface CutOffAcknowledgement {
  /** The checklist event it belongs to. */
  seq: number;
  stepId: string;
  /** The peers acknowledged as cut off, as the main process computed them at that moment. */
  peers: Array<{ callingAe: string; address: string | null; lastSeen: string | null; source: ConfirmedPeer['source']; why: string }>;
  recentDays: number;
  by: string;
  at: string;
}

/** How one confirmed peer fared in the re-check after the fix. */
export type PeerVerdict = 'still-accepted' | 'regressed' | 'inconclusive';

/** Verify's "legitimate peers still accepted": one association per confirmed peer's calling AE title. */
export interface PeerAcceptance {
  callingAe: string;
  address: string | null;
  source: ConfirmedPeer['source'];
  verdict: PeerVerdict;
  /** One line: why this verdict. */
  reason: string;
  /** The association's outcome word (engine Outcome) and its one-line detail. */
  outcome: string;
  detail: string;
  /** The control is also bound to the peer's address (so a refusal from here proves nothing). */
  addressBound: boolean;
  /** The address the association came from (this workbench). */
  from: string | null;
}
