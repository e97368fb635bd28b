/**
 * Folds association facts into per-server peer lists, with bounded memory: at most
 * MAX_PEERS distinct (server, calling AE, address, accepted) entries; beyond that new
 * peers are counted as dropped (and named once as a problem) instead of growing.
 */
import { isAeTitle } from '../../shared/ae-title';
import { sortOperations, type ObservedServer, type PeerOperation } from '../../shared/observed-peers';

/** One observed fact: an association (count 1) or a request on one (count 0). */
export interface PeerEvent {
  host: string | null;
  port: number | null;
  calledAe: string | null;
  callingAe: string | null;
  address: string | null;
  accepted: boolean;
  /** Epoch ms, or null when the line had no time. */
  at: number | null;
  operations?: readonly PeerOperation[];
  count: number;
}

export const MAX_PEERS = 20_000;

interface Entry {
  server: { host: string | null; port: number | null; calledAe: string | null };
  callingAe: string | null;
  address: string | null;
  accepted: boolean;
  ops: Set<PeerOperation>;
  first: number | null;
  last: number | null;
  count: number;
}

/** Keep an AE title only when it is one (trimmed); anything else is not kept. */
// Small caches: a log names the same few peers millions of times.
const aeCache = new Map<string, string | null>();
const addressCache = new Map<string, string | null>();
function cached(cache: Map<string, string | null>, key: string, make: (k: string) => string | null): string | null {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const v = make(key);
  if (cache.size >= 4096) cache.clear();
  cache.set(key, v);
  return v;
}

export function cleanAe(ae: string | null | undefined): string | null {
  if (ae === null || ae === undefined) return null;
  return cached(aeCache, ae, (a) => {
    const t = a.trim();
    return t !== '' && isAeTitle(t) ? t : null;
  });
}

const ADDRESS = /^[0-9A-Za-z.:%_-]{1,253}$/;
/** Keep an address only when it looks like one (an IP literal or a host name). */
export function cleanAddress(a: string | null | undefined): string | null {
  if (a === null || a === undefined) return null;
  return cached(addressCache, a, (x) => {
    const t = x.trim().replace(/^\[(.*)\]$/, '$1').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
    return ADDRESS.test(t) ? t.toLowerCase() : null;
  });
}

export class PeerCollector {
  private readonly entries = new Map<string, Entry>();
  dropped = 0;
  /** Events before this time (epoch ms) are left out; events without a time are kept. */
  constructor(private readonly since: number | null = null) {}

  add(e: PeerEvent): void {
    if (this.since !== null && e.at !== null && e.at < this.since) return;
    const key = `${e.host ?? '\u0001'}\u0000${e.port ?? ''}\u0000${e.calledAe ?? '\u0001'}\u0000${e.callingAe ?? '\u0001'}\u0000${e.address ?? '\u0001'}\u0000${e.accepted ? 1 : 0}`;
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= MAX_PEERS) {
        this.dropped++;
        return;
      }
      entry = { server: { host: e.host, port: e.port, calledAe: e.calledAe }, callingAe: e.callingAe, address: e.address, accepted: e.accepted, ops: new Set(), first: null, last: null, count: 0 };
      this.entries.set(key, entry);
    }
    entry.count += e.count;
    for (const o of e.operations ?? []) entry.ops.add(o);
    if (e.at !== null) {
      if (entry.first === null || e.at < entry.first) entry.first = e.at;
      if (entry.last === null || e.at > entry.last) entry.last = e.at;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Servers sorted by host, port, called AE; peers by calling AE, address, accepted first. */
  result(): ObservedServer[] {
    const servers = new Map<string, ObservedServer>();
    for (const e of this.entries.values()) {
      const k = JSON.stringify([e.server.host, e.server.port, e.server.calledAe]);
      let s = servers.get(k);
      if (!s) servers.set(k, (s = { ...e.server, peers: [] }));
      s.peers.push({
        callingAe: e.callingAe,
        address: e.address,
        operations: sortOperations(e.ops),
        firstSeen: e.first === null ? null : new Date(e.first).toISOString(),
        lastSeen: e.last === null ? null : new Date(e.last).toISOString(),
        count: e.count,
        accepted: e.accepted,
      });
    }
    const str = (v: string | null): string => v ?? '';
    const list = [...servers.values()].sort((a, b) => str(a.host).localeCompare(str(b.host)) || (a.port ?? 0) - (b.port ?? 0) || str(a.calledAe).localeCompare(str(b.calledAe)));
    for (const s of list) {
      s.peers.sort((a, b) => str(a.callingAe).localeCompare(str(b.callingAe)) || str(a.address).localeCompare(str(b.address)) || Number(b.accepted) - Number(a.accepted));
    }
    return list;
  }
}
