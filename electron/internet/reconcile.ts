/**
 * The reconcile table (issue 13): every host:port seen from outside (imported
 * observations) and from inside (the newest scan of it): outside and inside, outside
 * only (not covered by an inside scan, or NATed: a public address mapped to the inside
 * one), inside only. Ages, stale, and "closed as seen from the internet": a later
 * outside view of the same host that no longer shows the port (or nmap from outside
 * saying closed/filtered). Pure: the rows in, the table out.
 */
import { compareHosts } from '../../shared/host';
import { DEFAULT_STALE_DAYS, type ReconcileRow, type ReconcileTable } from '../../shared/internet';
import type { AddressMapping, InsideService, StoredInternetObservation } from '../store';

export interface ReconcileInput {
  observations: readonly StoredInternetObservation[];
  inside: readonly InsideService[];
  mappings: readonly Pick<AddressMapping, 'publicHost' | 'insideHost'>[];
  now: Date;
  staleDays?: number;
}

const DAY = 86_400_000;

/** The import whose outside view no longer shows a row's port, per `host|port` of every closed row (issue 13's evidence). */
export type ClosingImports = ReadonlyMap<string, string>;

export function reconcile(input: ReconcileInput): ReconcileTable {
  return reconcileWithClosings(input).table;
}

/** The table and, for every row closed as seen from the internet, the id of the import that showed it so. */
export function reconcileWithClosings(input: ReconcileInput): { table: ReconcileTable; closingImports: ClosingImports } {
  const staleDays = input.staleDays ?? DEFAULT_STALE_DAYS;
  const nowMs = input.now.getTime();
  const map = new Map(input.mappings.map((m) => [m.publicHost, m.insideHost]));
  const insideOf = (host: string): string => map.get(host) ?? host;

  // Per host and import: when the source looked at the host, and which ports it saw open.
  type Look = { importId: string; at: string; source: StoredInternetObservation['source']; open: Set<number>; said: Map<number, 'closed' | 'filtered'> };
  const looks = new Map<string, Map<string, Look>>();
  const byKey = new Map<string, StoredInternetObservation[]>();
  for (const o of input.observations) {
    let perImport = looks.get(o.host);
    if (!perImport) looks.set(o.host, (perImport = new Map<string, Look>()));
    let look = perImport.get(o.importId);
    if (!look) perImport.set(o.importId, (look = { importId: o.importId, at: o.observedAt, source: o.source, open: new Set<number>(), said: new Map<number, 'closed' | 'filtered'>() }));
    if (o.observedAt > look.at) look.at = o.observedAt;
    if (o.state === 'open') look.open.add(o.port);
    else look.said.set(o.port, o.state);
    const key = `${o.host}|${o.port}`;
    const list = byKey.get(key);
    if (list) list.push(o);
    else byKey.set(key, [o]);
  }

  const insideByKey = new Map(input.inside.map((s) => [`${s.host}|${s.port}`, s]));
  const usedInside = new Set<string>();
  const rows: ReconcileRow[] = [];
  const closingImports = new Map<string, string>();

  for (const list of byKey.values()) {
    const { host, port } = list[0]!;
    const open = list.filter((o) => o.state === 'open');
    if (open.length === 0) continue;
    const newest = open.reduce((a, b) => (b.observedAt > a.observedAt ? b : a));
    const lastOpen = newest.observedAt;
    let closed: ReconcileRow['closedOutside'] = null;
    for (const look of looks.get(host)?.values() ?? []) {
      if (look.at <= lastOpen || look.open.has(port)) continue;
      if (!closed || look.at < closed.at) {
        closed = { at: look.at, source: look.source, how: look.said.get(port) ?? 'absent' };
        closingImports.set(`${host}|${port}`, look.importId);
      }
    }
    const insideHost = insideOf(host);
    const ikey = `${insideHost}|${port}`;
    const inside = insideByKey.get(ikey);
    if (inside) usedInside.add(ikey);
    const ageDays = Math.max(0, Math.floor((nowMs - Date.parse(lastOpen)) / DAY));
    rows.push({
      host,
      port,
      insideHost,
      status: inside?.state === 'open' ? 'outside-and-inside' : 'outside-only',
      kind: newest.kind,
      product: newest.product === null ? null : newest.version ? `${newest.product} ${newest.version}` : newest.product,
      tls: newest.tls,
      lastSeenOutside: lastOpen,
      lastSeenSource: newest.source,
      ageDays,
      stale: ageDays > staleDays,
      closedOutside: closed,
      insideState: inside?.state ?? null,
      insideScannedAt: inside?.scannedAt ?? null,
      observations: list.length,
    });
  }
  for (const s of input.inside) {
    const key = `${s.host}|${s.port}`;
    if (usedInside.has(key) || s.state !== 'open') continue;
    rows.push({
      host: s.host,
      port: s.port,
      insideHost: s.host,
      status: 'inside-only',
      kind: null,
      product: null,
      tls: null,
      lastSeenOutside: null,
      lastSeenSource: null,
      ageDays: null,
      stale: false,
      closedOutside: null,
      insideState: s.state,
      insideScannedAt: s.scannedAt,
      observations: 0,
    });
  }
  rows.sort((a, b) => compareHosts(a.host, b.host) || a.port - b.port);
  return { table: { at: input.now.toISOString(), staleDays, rows }, closingImports };
}
