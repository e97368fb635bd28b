/**
 * Observed peers against the inventory (electron/peers/merge.ts): known and seen; seen
 * (accepted) but not listed, proposed for adding; listed but not seen in N days, proposed
 * for review. Nothing is removed. A node names its peer by AE title, and by address too
 * when its host is an IP address.
 */
import { describe, expect, it } from 'vitest';
import { mergeWithInventory } from '../../../electron/peers';
import type { StoredObservedPeer } from '../../../shared/observed-peers';

const NOW = Date.UTC(2026, 11, 2);
const day = 86_400_000;
const peer = (callingAe: string, address: string | null, lastSeen: number | null, accepted = true): StoredObservedPeer => ({
  host: null, port: 4242, calledAe: 'PACS', callingAe, address, operations: ['store'], count: 1, accepted,
  firstSeen: lastSeen === null ? null : new Date(lastSeen).toISOString(), lastSeen: lastSeen === null ? null : new Date(lastSeen).toISOString(),
});

describe('peers against the inventory', () => {
  it('matches by title and address, proposes the unknown accepted callers and the silent nodes', () => {
    const nodes = [
      { aeTitle: 'CT_ROOM3', host: '198.51.100.3', port: 104 },
      { aeTitle: 'MR_2', host: 'mr2.example.org', port: 104 },
      { aeTitle: 'OLD_CR', host: '198.51.100.44', port: 104 },
      { aeTitle: 'US_1', host: '198.51.100.50', port: 104 },
    ];
    const peers = [
      peer('CT_ROOM3', '198.51.100.3', NOW - day),
      peer('CT_ROOM3', '198.51.100.99', NOW - day), // same title, other address: not that node
      peer('MR_2', '198.51.100.7', null), // a host name matches by title; undated counts as seen
      peer('US_1', '198.51.100.50', NOW - 90 * day),
      peer('INTRUDER', '198.51.100.66', NOW, false),
    ];
    const m = mergeWithInventory(nodes, peers, 30, NOW);
    expect(m.knownSeen.map((k) => `${k.node.aeTitle}:${String(k.peer.address)}`)).toEqual(['CT_ROOM3:198.51.100.3', 'MR_2:198.51.100.7', 'US_1:198.51.100.50']);
    expect(m.seenNotInInventory.map((p) => `${String(p.callingAe)}@${String(p.address)}`)).toEqual(['CT_ROOM3@198.51.100.99']);
    expect(m.notSeenRecently).toEqual([
      { node: nodes[2], lastSeen: null },
      { node: nodes[3], lastSeen: new Date(NOW - 90 * day).toISOString() },
    ]);
    expect(mergeWithInventory(nodes, peers, 120, NOW).notSeenRecently.map((n) => n.node.aeTitle)).toEqual(['OLD_CR']);
  });
});
