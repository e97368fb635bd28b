/**
 * Peers learned from logs and captures (migration 9). `replaceSource` stores one learn
 * run's servers for each file in one transaction (a file learned again replaces its own
 * rows); `list` merges the sources per (server, calling AE, address, outcome): counts
 * added, first/last seen widened, operations united.
 */
import type Database from 'better-sqlite3';
import { sortOperations, PEER_OPERATIONS, type ObservedServer, type PeerOperation, type StoredObservedPeer } from '../../shared/observed-peers';
import { runSql } from './repo-util';

export type ObservedPeerFormat = 'orthanc' | 'dcmtk' | 'dcm4chee' | 'pcap' | 'mixed';

export interface ObservedPeersRepo {
  /** Replaces what `source` taught with `servers` (one transaction). Returns rows stored. */
  replaceSource: (source: string, format: ObservedPeerFormat, servers: readonly ObservedServer[], at: string) => number;
  /** Every learned peer, merged over sources; optionally only one server's (by port and/or called AE). */
  list: (filter?: { host?: string | null; port?: number | null; calledAe?: string | null }) => StoredObservedPeer[];
  /** The sources learned from, newest first. */
  sources: () => Array<{ source: string; format: string; learnedAt: string; peers: number }>;
}

interface Row {
  host: string;
  port: number;
  called_ae: string;
  calling_ae: string;
  address: string;
  accepted: number;
  operations: string;
  first_seen: string | null;
  last_seen: string | null;
  count: number;
}

const nul = (s: string): string | null => (s === '' ? null : s);

export function createObservedPeersRepo(db: Database.Database): ObservedPeersRepo {
  const q = {
    remove: db.prepare('DELETE FROM observed_peers WHERE source = ?'),
    insert: db.prepare(
      `INSERT INTO observed_peers (source, format, host, port, called_ae, calling_ae, address, accepted, operations, first_seen, last_seen, count, learned_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    all: db.prepare<[], Row>('SELECT host, port, called_ae, calling_ae, address, accepted, operations, first_seen, last_seen, count FROM observed_peers ORDER BY host, port, called_ae, calling_ae, address, accepted DESC'),
    sources: db.prepare<[], { source: string; format: string; learnedAt: string; peers: number }>(
      'SELECT source, format, max(learned_at) AS learnedAt, count(*) AS peers FROM observed_peers GROUP BY source, format ORDER BY learnedAt DESC, source',
    ),
  };
  const tx = db.transaction((source: string, format: ObservedPeerFormat, servers: readonly ObservedServer[], at: string): number => {
    q.remove.run(source);
    let n = 0;
    const merged = new Map<string, unknown[]>();
    for (const s of servers) {
      for (const p of s.peers) {
        const key = JSON.stringify([s.host ?? '', s.port ?? 0, s.calledAe ?? '', p.callingAe ?? '', p.address ?? '', p.accepted]);
        const prev = merged.get(key);
        if (prev) {
          prev[11] = (prev[11] as number) + p.count;
          continue;
        }
        merged.set(key, [source, format, s.host ?? '', s.port ?? 0, s.calledAe ?? '', p.callingAe ?? '', p.address ?? '', p.accepted ? 1 : 0, JSON.stringify(p.operations), p.firstSeen, p.lastSeen, p.count, at]);
      }
    }
    for (const row of merged.values()) {
      q.insert.run(...row);
      n++;
    }
    return n;
  });
  return {
    replaceSource: (source, format, servers, at) => runSql('cannot store the learned peers', {}, () => tx.immediate(source, format, servers, at)),
    list(filter) {
      const out = new Map<string, StoredObservedPeer>();
      for (const r of q.all.all()) {
        const peer: StoredObservedPeer = {
          host: nul(r.host),
          port: r.port === 0 ? null : r.port,
          calledAe: nul(r.called_ae),
          callingAe: nul(r.calling_ae),
          address: nul(r.address),
          accepted: r.accepted === 1,
          operations: sortOperations((JSON.parse(r.operations) as string[]).filter((o): o is PeerOperation => (PEER_OPERATIONS as readonly string[]).includes(o))),
          firstSeen: r.first_seen,
          lastSeen: r.last_seen,
          count: r.count,
        };
        if (filter) {
          if (filter.host !== undefined && filter.host !== null && peer.host !== null && peer.host !== filter.host) continue;
          if (filter.port !== undefined && filter.port !== null && peer.port !== null && peer.port !== filter.port) continue;
          if (filter.calledAe !== undefined && filter.calledAe !== null && peer.calledAe !== null && peer.calledAe !== filter.calledAe) continue;
        }
        const key = JSON.stringify([r.host, r.port, r.called_ae, r.calling_ae, r.address, r.accepted]);
        const prev = out.get(key);
        if (!prev) {
          out.set(key, peer);
          continue;
        }
        prev.count += peer.count;
        prev.operations = sortOperations([...prev.operations, ...peer.operations]);
        if (peer.firstSeen && (!prev.firstSeen || peer.firstSeen < prev.firstSeen)) prev.firstSeen = peer.firstSeen;
        if (peer.lastSeen && (!prev.lastSeen || peer.lastSeen > prev.lastSeen)) prev.lastSeen = peer.lastSeen;
      }
      return [...out.values()];
    },
    sources: () => q.sources.all(),
  };
}
