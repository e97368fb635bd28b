/**
 * Attaching "closed as seen from the internet" to a server (issue 13): after a fix, a
 * newer export that no longer shows the service (or nmap from outside saying closed or
 * filtered) becomes evidence in the server's next signed record. Only what the reconcile
 * table shows right now can be attached: the public host:port must be closed as seen
 * from the internet and map to the server; otherwise a one-line refusal and nothing is
 * written. The check and the write are one transaction.
 */
import { serverKey } from '../../shared/host';
import type { AttachedInternetClosure } from '../../shared/internet';
import type { ServerRef } from '../../shared/remediation';
import type { Store } from '../store';
import { createInternetClosuresRepo } from '../store/internet-closures-repo';
import { reconcileWithClosings } from './reconcile';

/** Why a closure cannot be attached; one line. Nothing was written. */
export class ClosureRefusedError extends Error {
  override readonly name = 'ClosureRefusedError';
}

export interface AttachClosureRequest {
  publicHost: string;
  port: number;
  /** Who attaches it. */
  by: string;
  /** The server it must map to, when the caller names one. */
  server?: ServerRef;
}

const SOURCE_NAMES = { censys: 'Censys', shodan: 'Shodan', nmap: 'nmap' } as const;

export function attachClosure(store: Store, req: AttachClosureRequest, now: Date = new Date()): AttachedInternetClosure {
  const key = serverKey({ host: req.publicHost, port: req.port });
  return createInternetClosuresRepo(store.db).attach(() => {
    const observations = store.internet.observationsOfHosts([req.publicHost]);
    const mappings = store.internet.listMappings();
    const { table, closingImports } = reconcileWithClosings({ observations, inside: [], mappings, now });
    const row = table.rows.find((r) => r.host === req.publicHost && r.port === req.port);
    if (!row) throw new ClosureRefusedError(`${key}: no imported export shows it open from the internet, so there is no closure to attach`);
    const c = row.closedOutside;
    if (!c) {
      throw new ClosureRefusedError(`${key}: the reconcile table does not show it closed as seen from the internet (last seen open ${row.lastSeenOutside?.slice(0, 10)} by ${SOURCE_NAMES[row.lastSeenSource!]}): import a newer export first`);
    }
    if (req.server && (req.server.host !== row.insideHost || req.server.port !== row.port)) {
      throw new ClosureRefusedError(`${key} maps to ${serverKey({ host: row.insideHost, port: row.port })}, not ${serverKey(req.server)}`);
    }
    const importId = closingImports.get(`${row.host}|${row.port}`);
    const imp = store.internet.listImports().find((i) => i.id === importId);
    if (!imp) throw new ClosureRefusedError(`${key}: the import that shows it closed is not in this database`);
    return {
      host: row.insideHost,
      port: row.port,
      publicHost: row.host,
      publicPort: row.port,
      closedAt: c.at,
      how: c.how,
      source: c.source,
      importId: imp.id,
      fileName: imp.fileName,
      fileSha256: imp.fileSha256,
      lastOpenAt: row.lastSeenOutside!,
      lastOpenSource: row.lastSeenSource!,
      attachedAt: now.toISOString(),
      attachedBy: req.by,
    };
  });
}

/** The closures attached to a server (oldest first), or to every server. */
export function attachedClosures(store: Store, server?: ServerRef): AttachedInternetClosure[] {
  return createInternetClosuresRepo(store.db).list(server);
}
