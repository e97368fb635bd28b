/**
 * Observed peers against the inventory: known and seen; seen (accepted) but not listed
 * (propose adding); listed but not seen in the last N days (propose review). Nothing is
 * ever removed from the inventory here. A node matches a peer by AE title, and by address
 * too when the node's host is an IP literal.
 */
import type { InventoryNodeRef, PeersVsInventory, StoredObservedPeer } from '../../shared/observed-peers';

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;

function matches(node: InventoryNodeRef, peer: StoredObservedPeer): boolean {
  if (peer.callingAe === null || peer.callingAe !== node.aeTitle.trim()) return false;
  if (IP.test(node.host)) return peer.address !== null && peer.address === node.host.toLowerCase();
  return true;
}

export function mergeWithInventory(nodes: readonly InventoryNodeRef[], peers: readonly StoredObservedPeer[], days: number, now: number = Date.now()): PeersVsInventory {
  const since = now - days * 86_400_000;
  const knownSeen: PeersVsInventory['knownSeen'] = [];
  const notSeenRecently: PeersVsInventory['notSeenRecently'] = [];
  const matched = new Set<StoredObservedPeer>();
  for (const node of nodes) {
    const mine = peers.filter((p) => matches(node, p));
    for (const p of mine) {
      knownSeen.push({ node, peer: p });
      matched.add(p);
    }
    const last = mine.map((p) => p.lastSeen).filter((t): t is string => t !== null).sort().at(-1) ?? null;
    // A peer seen only in logs without time stamps counts as seen (no date to judge by).
    const undated = mine.some((p) => p.lastSeen === null);
    if (!undated && (last === null || Date.parse(last) < since)) notSeenRecently.push({ node, lastSeen: last });
  }
  const seenNotInInventory = peers.filter((p) => p.accepted && !matched.has(p) && p.callingAe !== null);
  return { knownSeen, seenNotInInventory, notSeenRecently, days };
}
