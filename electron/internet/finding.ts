/**
 * Imported observations as the catalog's `exposure.internet` check on a host:port
 * (T1190, T1133): `fail` while the newest outside view shows it, `pass` once a later
 * outside view no longer does ("closed as seen from the internet"). Shown beside the
 * inside scan's checks; the scan's own row of this check is left as it was (additive).
 */
import { CATALOG } from '../../shared/catalog';
import type { ReconcileRow } from '../../shared/internet';
import type { CheckResult } from '../../shared/types';
import type { Store, StoredInternetObservation } from '../store';
import { reconcile } from './reconcile';

const SOURCE_NAMES = { censys: 'Censys', shodan: 'Shodan', nmap: 'nmap' } as const;
const KIND_WORDS = { dicom: 'DICOM', 'dicom-tls': 'DICOM over TLS', web: 'a web server', other: 'a service' } as const;

export function internetCheck(row: ReconcileRow, newest: StoredInternetObservation | undefined): CheckResult {
  const def = CATALOG['exposure.internet'];
  const seen = `${SOURCE_NAMES[row.lastSeenSource!]} saw ${KIND_WORDS[row.kind!]}${row.product ? ` (${row.product})` : ''} on ${row.lastSeenOutside!.slice(0, 10)}`;
  const evidence = {
    source: row.lastSeenSource,
    observedAt: row.lastSeenOutside,
    publicHost: row.host,
    kind: row.kind,
    product: row.product,
    tls: row.tls,
    ageDays: row.ageDays,
    stale: row.stale,
    observations: row.observations,
    ...(newest ? { said: newest.said, fileSha256: newest.fileSha256 } : {}),
    ...(row.closedOutside ? { closedOutside: row.closedOutside } : {}),
  };
  if (row.closedOutside) {
    const c = row.closedOutside;
    const how = c.how === 'absent' ? 'no longer shows it' : `shows it ${c.how}`;
    return { id: def.id, status: 'pass', severity: def.severity, summary: `closed as seen from the internet: ${SOURCE_NAMES[c.source]} on ${c.at.slice(0, 10)} ${how} (earlier ${seen})`, evidence, attack: [...def.attack] };
  }
  const stale = row.stale ? `; ${row.ageDays} days ago, stale: import a newer export` : '';
  return { id: def.id, status: 'fail', severity: def.severity, summary: `reachable from the internet: ${seen}${row.host !== row.insideHost ? ` at ${row.host}` : ''}${stale}`, evidence, attack: [...def.attack] };
}

/** The `exposure.internet` finding of one inside host:port from what was imported, or null when nothing was. */
export function internetFindingFor(store: Store, host: string, port: number, now: Date, staleDays?: number): { check: CheckResult; row: ReconcileRow } | null {
  const mappings = store.internet.listMappings();
  const hosts = [host, ...mappings.filter((m) => m.insideHost === host).map((m) => m.publicHost)];
  const observations = store.internet.observationsOfHosts([...new Set(hosts)]);
  if (observations.length === 0) return null;
  const inside = store.internet.insideServices().filter((s) => s.host === host && s.port === port);
  const table = reconcile({ observations, inside, mappings, now, ...(staleDays !== undefined ? { staleDays } : {}) });
  const row = table.rows.find((r) => r.insideHost === host && r.port === port && r.status !== 'inside-only');
  if (!row) return null;
  const newest = observations.filter((o) => o.host === row.host && o.port === port && o.state === 'open').at(-1);
  return { check: internetCheck(row, newest), row };
}
