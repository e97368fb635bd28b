/**
 * The findings an export describes, read from the store: for every server (host:port)
 * the scans that stored it and the re-checks of it, oldest first, and per check the
 * status the newest judging observation gave it. Read-only SQL on the store's
 * connection (as records/repo.ts does); nothing is written.
 *
 * Per check of a server, the observations (scans and re-checks) are walked in time order:
 *   fail                       the finding is open (a fail after a fix opens it again)
 *   pass                       an open finding is fixed, at that observation
 *   inconclusive, skipped,
 *   not-applicable, absent     change nothing: nothing is called fixed without a pass seen
 * A re-check contributes its per-check `after` status (so a port found closed from an
 * untrusted vantage fixes `exposure.untrusted-reach`, as shared/verdict.ts judges it).
 * Informational checks (`dicom.detected`, `web.detected`) record that a service exists;
 * they are never findings here.
 */
import { CATALOG, CHECK_IDS, isCheckId, severityRank, type CheckId, type CheckStatus, type Protocol, type Severity } from '../../shared/catalog';
import { compareHosts, serverKey } from '../../shared/host';
import type { Verification } from '../../shared/remediation';
import type { Evidence, InventoryNode, Product, Vantage } from '../../shared/types';
import type { Store } from '../store';
import { ExportError } from './errors';

/** One server as the export names it: what its newest scan saw. */
export interface ExportServer {
  host: string;
  port: number;
  protocol?: Protocol;
  product?: Product;
  calledAe?: string;
  /** The newest scan (within the export) that stored it. */
  scanId: string;
  /** When that scan started (ISO-8601 UTC). */
  scanAt: string;
  vantage: Vantage;
}

/** One check of one server that failed at some point, and what became of it. */
export interface ExportFinding {
  server: ExportServer;
  check: CheckId;
  severity: Severity;
  status: 'open' | 'fixed';
  /** When the current run of fails began (the first fail after the last fix, or ever). */
  since: string;
  /** The newest failing observation: its one-line summary, evidence and time. */
  summary: string;
  evidence: Evidence;
  lastFailAt: string;
  /** Set when fixed: the observation that saw it pass. */
  fixedAt?: string;
  /** The observation that decided the status was a re-check (collimator verify / the app's Verify). */
  byRecheck: boolean;
}

export interface ExportData {
  servers: ExportServer[];
  findings: ExportFinding[];
  /** The scans the export read (newest last). */
  scans: number;
  inventory: InventoryNode[];
  /** Set when the export is one scan's. */
  scanId?: string;
}

interface ServiceRow {
  service_id: number;
  scan_id: string;
  started_at: string;
  vantage_label: string;
  vantage_untrusted: number;
  host: string;
  port: number;
  protocol: string | null;
  product: string | null;
  called_ae: string | null;
}
interface CheckRow {
  service_id: number;
  check_id: string;
  status: string;
  summary: string;
  evidence: string;
}

const SQL = {
  scan: 'SELECT id, started_at, rowid AS seq FROM scans WHERE id = ?',
  scanCount: 'SELECT count(*) AS n FROM scans WHERE started_at < ? OR (started_at = ? AND rowid <= ?)',
  // Every stored service up to a point in time (the scan order of scans-repo: started_at, then rowid).
  services: `SELECT s.id AS service_id, s.scan_id, sc.started_at, sc.vantage_label, sc.vantage_untrusted, s.host, s.port, s.protocol, s.product, s.called_ae
    FROM services s JOIN scans sc ON sc.id = s.scan_id
    WHERE sc.started_at < ? OR (sc.started_at = ? AND sc.rowid <= ?)
    ORDER BY sc.started_at, sc.rowid, s.id`,
  checks: `SELECT cr.service_id, cr.check_id, cr.status, cr.summary, cr.evidence
    FROM check_results cr JOIN services s ON s.id = cr.service_id JOIN scans sc ON sc.id = s.scan_id
    WHERE sc.started_at < ? OR (sc.started_at = ? AND sc.rowid <= ?)`,
  verifications: 'SELECT result FROM verifications ORDER BY after_at, rowid',
} as const;

/** An observation of one check: from a scan or a re-check. */
interface Observation {
  at: string;
  status: CheckStatus;
  summary?: string;
  evidence?: Evidence;
  recheck: boolean;
}

/** What the export covers; `scanId` unknown is an ExportError (`not-found`). */
export function collectFindings(store: Store, req: { scanId?: string } = {}): ExportData {
  const db = store.db;
  // The cut-off: everything up to the named scan, or everything.
  let cut: { at: string; seq: number } = { at: '9999-12-31T23:59:59.999Z', seq: Number.MAX_SAFE_INTEGER };
  if (req.scanId !== undefined) {
    const row = db.prepare<[string], { id: string; started_at: string; seq: number }>(SQL.scan).get(req.scanId);
    if (row === undefined) throw new ExportError('not-found', `no scan ${req.scanId} in the database (collimator scan ... first; ids are in the app's Scan history)`);
    cut = { at: row.started_at, seq: row.seq };
  }
  const args = [cut.at, cut.at, cut.seq] as const;
  const scans = db.prepare<[string, string, number], { n: number }>(SQL.scanCount).get(...args)?.n ?? 0;
  if (scans === 0) throw new ExportError('not-found', 'the database holds no scans: nothing to export (scan first)');

  const rows = db.prepare<[string, string, number], ServiceRow>(SQL.services).all(...args);
  const checksOf = new Map<number, CheckRow[]>();
  for (const c of db.prepare<[string, string, number], CheckRow>(SQL.checks).all(...args)) {
    const list = checksOf.get(c.service_id) ?? [];
    list.push(c);
    checksOf.set(c.service_id, list);
  }

  // Per server: its newest stored service, and every check's observations in order.
  const servers = new Map<string, { server: ExportServer; obs: Map<CheckId, Observation[]> }>();
  for (const r of rows) {
    const key = serverKey(r);
    const server: ExportServer = {
      host: r.host,
      port: r.port,
      ...(r.protocol !== null ? { protocol: r.protocol as Protocol } : {}),
      ...(r.product !== null ? { product: JSON.parse(r.product) as Product } : {}),
      ...(r.called_ae !== null ? { calledAe: r.called_ae } : {}),
      scanId: r.scan_id,
      scanAt: r.started_at,
      vantage: { label: r.vantage_label, untrusted: r.vantage_untrusted === 1 },
    };
    const entry = servers.get(key) ?? { server, obs: new Map<CheckId, Observation[]>() };
    entry.server = server; // rows come oldest first: the last one is the newest scan
    for (const c of checksOf.get(r.service_id) ?? []) {
      if (!isCheckId(c.check_id)) continue; // a check id from a newer Collimator: not ours to judge
      const list = entry.obs.get(c.check_id) ?? [];
      list.push({ at: r.started_at, status: c.status as CheckStatus, summary: c.summary, evidence: JSON.parse(c.evidence) as Evidence, recheck: false });
      entry.obs.set(c.check_id, list);
    }
    servers.set(key, entry);
  }

  // One scan's export covers that scan's servers only, and its own re-checks.
  if (req.scanId !== undefined) {
    for (const [key, e] of servers) if (e.server.scanId !== req.scanId) servers.delete(key);
  }
  for (const v of db.prepare<[], { result: string }>(SQL.verifications).all().map((r) => JSON.parse(r.result) as Verification)) {
    const entry = servers.get(serverKey(v.service));
    if (!entry) continue;
    // Every re-check is an observation in time order (a newer scan overrides an older re-check). One scan's
    // export stops at that scan: re-checks before it, and its own re-checks.
    if (req.scanId !== undefined && v.before.scanId !== req.scanId && v.after.at >= cut.at) continue;
    for (const c of v.checks) {
      const list = entry.obs.get(c.id) ?? [];
      list.push({ at: v.after.at, status: c.after, ...(c.evidence.after ? { summary: c.evidence.after.summary, evidence: c.evidence.after.evidence } : {}), recheck: true });
      entry.obs.set(c.id, list);
    }
  }

  const findings: ExportFinding[] = [];
  for (const { server, obs } of servers.values()) {
    for (const [check, list] of obs) {
      const severity = CATALOG[check].severity;
      if (severity === 'info') continue;
      const f = judge(list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : Number(a.recheck) - Number(b.recheck))));
      if (f) findings.push({ server, check, severity, ...f });
    }
  }
  const list = [...servers.values()].map((e) => e.server).sort(byServer);
  findings.sort((a, b) => byServer(a.server, b.server) || severityRank(b.severity) - severityRank(a.severity) || CHECK_IDS.indexOf(a.check) - CHECK_IDS.indexOf(b.check));
  const inventory = store.inventory.list().map(({ aeTitle, host, port, role, description }) => ({ aeTitle, host, port, role, description }));
  return { servers: list, findings, scans, inventory, ...(req.scanId !== undefined ? { scanId: req.scanId } : {}) };
}

function byServer(a: { host: string; port: number }, b: { host: string; port: number }): number {
  return compareHosts(a.host, b.host) || a.port - b.port;
}

/** The status of one check from its observations (oldest first); undefined when it never failed. */
function judge(list: readonly Observation[]): Omit<ExportFinding, 'server' | 'check' | 'severity'> | undefined {
  let current: Omit<ExportFinding, 'server' | 'check' | 'severity'> | undefined;
  for (const o of list) {
    if (o.status === 'fail') {
      if (current === undefined || current.status === 'fixed') {
        current = { status: 'open', since: o.at, summary: o.summary ?? '', evidence: o.evidence ?? {}, lastFailAt: o.at, byRecheck: o.recheck };
      } else {
        current = { ...current, lastFailAt: o.at, byRecheck: o.recheck, ...(o.summary !== undefined ? { summary: o.summary } : {}), ...(o.evidence !== undefined ? { evidence: o.evidence } : {}) };
      }
    } else if (o.status === 'pass' && current?.status === 'open') {
      current = { ...current, status: 'fixed', fixedAt: o.at, byRecheck: o.recheck };
    }
  }
  return current;
}
