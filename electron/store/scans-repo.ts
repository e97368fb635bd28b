/**
 * Scans, their services and check results: the repository behind `scan`, `verify`
 * and the Servers view. Statements are prepared once per Store. Each saved service
 * is its own transaction, so a scan killed half-way keeps every finished service.
 */
import type Database from 'better-sqlite3';
import { SEVERITIES, type CheckId, type Protocol, type ServiceState, type Severity } from '../../shared/catalog';
import type { CheckResult, FailCounts, Product, ScanReport, ServiceResult, Vantage } from '../../shared/types';
import type { SelectionData, SelectionKind } from '../../shared/check-selection';
import { countFails } from '../../shared/fails';
import { serverKey } from '../../shared/host';
import { StoreError, oneLine, sqliteCode } from './errors';

/** What is known when a scan starts. */
export interface BeginScanMeta {
  /** Unique scan id (the engine makes it, e.g. a UUID). */
  id: string;
  /** ISO-8601 UTC exactly as `Date#toISOString()` writes it (text order is time order). */
  startedAt: string;
  vantage: Vantage;
  /** Targets as the user gave them. */
  targets: string[];
  /** TCP ports tried. */
  ports: number[];
  /** Version of the collimator running the scan; becomes the report's `tool.version`. */
  toolVersion: string;
  /** Which checks the scan runs (issue 16); absent: not recorded (read back without `profile`/`checks`). */
  selection?: SelectionData;
}

/** One row of the scan list, newest first: what the history shows, read in one query (no report loaded). */
export interface ScanListItem {
  id: string;
  startedAt: string;
  /** null while the scan runs, or when its process died before finishing it. */
  finishedAt: string | null;
  vantage: Vantage;
  /** Targets as the user gave them. */
  targets: string[];
  /** TCP ports tried. */
  ports: number[];
  /** The scan was stopped before it was done (by the user, or by the error below): its report is partial. */
  cancelled: boolean;
  /** Why the scan failed, one line; absent unless it did. */
  error?: string;
  /** Services stored for the scan (as `summary.services` of its report). */
  services: number;
  /** `fail` results per severity (as `summary.fail` of its report). */
  fail: FailCounts;
  /** `fail` results of severity low or above: the findings to fix (the always-`fail` `info` "detected" records are not counted). */
  fails: number;
}

/** The most recent observation of one host:port. */
export interface LatestService {
  scanId: string;
  /** When that scan started (ISO-8601 UTC). */
  at: string;
  vantage: Vantage;
  service: ServiceResult;
}

/** Function-valued fields (no `this`): safe to pass around detached, e.g. as a callback. */
export interface ScansRepo {
  /** Records a scan as running (finishedAt NULL). Throws StoreError on a duplicate id or a non-canonical time. */
  beginScan: (meta: BeginScanMeta) => void;
  /** Stores one service and all its checks in one transaction; the scan must exist and still be running. */
  saveService: (scanId: string, s: ServiceResult) => void;
  /**
   * Marks a running scan finished (or cancelled); `finishedAt` in toISOString() form.
   * `error`: why it failed, one line (a failed scan is also `cancelled`: its report is partial).
   */
  finishScan: (scanId: string, finishedAt: string, cancelled: boolean, error?: string) => void;
  /** The `scan --json` document of a stored scan, services and checks in the order saved; undefined if unknown. */
  getScan: (id: string) => ScanReport | undefined;
  /** Scans newest first (by startedAt), at most `limit` (default DEFAULT_LIST_LIMIT). */
  listScans: (limit?: number) => ScanListItem[];
  /** The host:port as seen by the most recently started scan that stored it, finished or not. `host` is compared as stored. */
  latestService: (host: string, port: number) => LatestService | undefined;
}

/** Check results written by one INSERT statement at most (8 values each: well under SQLite's 32,766 variables). */
export const CHECK_ROWS_PER_INSERT = 32;

/** Default number of rows `listScans` returns. */
export const DEFAULT_LIST_LIMIT = 100;

/**
 * One service's check_results rows as the JSON text of its CheckResult[] (keys in the
 * spec's order), in seq order. Every piece is JSON by construction: ids and summaries
 * go through json_quote, status and severity are CHECKed words (no quote or backslash),
 * evidence and attack are CHECKed json_valid (RFC 8259 text, which JSON.parse reads).
 */
const CHECKS_JSON = `'[' || group_concat('{"id":' || json_quote(check_id) || ',"status":"' || status || '","severity":"' || severity
    || '","summary":' || json_quote(summary) || ',"evidence":' || evidence || ',"attack":' || attack || '}', ',' ORDER BY seq) || ']'`;

/** The repository's SQL, exported so tests can EXPLAIN the very text that runs. */
export const SCANS_SQL = {
  insertScan:
    'INSERT INTO scans (id, started_at, vantage_label, vantage_untrusted, targets, ports, tool_version) VALUES (?, ?, ?, ?, ?, ?, ?)',
  // Migration 9: which checks the scan runs, written with the scan's row (beginScan's transaction).
  scanSelection: 'UPDATE scans SET profile = ?, checks = ? WHERE id = ?',
  scanFinishedAt: 'SELECT finished_at FROM scans WHERE id = ?',
  insertService:
    'INSERT INTO services (scan_id, host, port, state, protocol, protocol_basis, product, called_ae, called_ae_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  // Migration 10: results keyed (service_id, seq); a service's results go in with one
  // multi-row INSERT per chunk of up to CHECK_ROWS_PER_INSERT rows (insertChecks(n) below).
  insertCheck:
    'INSERT INTO check_results (service_id, seq, check_id, status, severity, summary, evidence, attack) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  finishScan: 'UPDATE scans SET finished_at = ?, cancelled = ?, error = ? WHERE id = ? AND finished_at IS NULL',
  getScan: 'SELECT * FROM scans WHERE id = ?',
  servicesOfScan: 'SELECT * FROM services WHERE scan_id = ? ORDER BY id',
  // A scan's results, one row per service: its checks as one JSON array text, in the
  // order saved, assembled by SQLite (one string and one JSON.parse per service instead
  // of seven values and a JSON.parse per result). The range of the scan's service ids,
  // filtered to its own services by the caller (scans running at once interleave ids).
  checksOfScan: `SELECT service_id, ${CHECKS_JSON} FROM check_results WHERE service_id BETWEEN ? AND ? GROUP BY service_id`,
  checksOfService: `SELECT ${CHECKS_JSON} FROM check_results WHERE service_id = ?`,
  // One statement for the whole history page: the counts are aggregates per listed scan,
  // through the scan_id prefix of services' UNIQUE index and check_results' primary key.
  listScans: `SELECT sc.id, sc.started_at, sc.finished_at, sc.vantage_label, sc.vantage_untrusted, sc.targets, sc.ports, sc.cancelled, sc.error,
      (SELECT count(*) FROM services s WHERE s.scan_id = sc.id) AS services,
      (SELECT json_object(
          'critical', count(*) FILTER (WHERE cr.severity = 'critical'), 'high', count(*) FILTER (WHERE cr.severity = 'high'),
          'medium', count(*) FILTER (WHERE cr.severity = 'medium'), 'low', count(*) FILTER (WHERE cr.severity = 'low'),
          'info', count(*) FILTER (WHERE cr.severity = 'info'))
        FROM check_results cr JOIN services s ON s.id = cr.service_id
        WHERE s.scan_id = sc.id AND cr.status = 'fail') AS fail
    FROM scans sc ORDER BY sc.started_at DESC, sc.rowid DESC LIMIT ?`,
  latestService: `SELECT s.id, s.scan_id, s.host, s.port, s.state, s.protocol, s.protocol_basis, s.product, s.called_ae, s.called_ae_source,
      sc.started_at, sc.vantage_label, sc.vantage_untrusted
    FROM services s JOIN scans sc ON sc.id = s.scan_id
    WHERE s.host = ? AND s.port = ?
    ORDER BY sc.started_at DESC, sc.rowid DESC LIMIT 1`,
} as const;

interface ScanRow {
  id: string;
  started_at: string;
  finished_at: string | null;
  vantage_label: string;
  vantage_untrusted: number;
  targets: string;
  ports: string;
  cancelled: number;
  tool_version: string;
  error: string | null;
  profile: string | null;
  checks: string | null;
}
interface ServiceRow {
  id: number;
  scan_id: string;
  host: string;
  port: number;
  state: string;
  protocol: string | null;
  protocol_basis: string | null;
  product: string | null;
  called_ae: string | null;
  called_ae_source: string | null;
}
/** A row of checksOfScan, raw: service_id and the JSON text of its CheckResult[]. */
type ChecksTuple = [number, string];
interface ListRow {
  id: string;
  started_at: string;
  finished_at: string | null;
  vantage_label: string;
  vantage_untrusted: number;
  targets: string;
  ports: string;
  cancelled: number;
  error: string | null;
  services: number;
  /** JSON object: fail count per severity. */
  fail: string;
}
type LatestRow = ServiceRow & { started_at: string; vantage_label: string; vantage_untrusted: number };

export function createScansRepo(db: Database.Database): ScansRepo {
  const q = {
    insertScan: db.prepare(SCANS_SQL.insertScan),
    scanSelection: db.prepare(SCANS_SQL.scanSelection),
    scanFinishedAt: db.prepare<[string], { finished_at: string | null }>(SCANS_SQL.scanFinishedAt),
    insertService: db.prepare(SCANS_SQL.insertService),
    insertCheck: db.prepare(SCANS_SQL.insertCheck),
    finishScan: db.prepare(SCANS_SQL.finishScan),
    getScan: db.prepare<[string], ScanRow>(SCANS_SQL.getScan),
    servicesOfScan: db.prepare<[string], ServiceRow>(SCANS_SQL.servicesOfScan),
    checksOfScan: db.prepare<[number, number], ChecksTuple>(SCANS_SQL.checksOfScan).raw(true),
    checksOfService: db.prepare<[number], string | null>(SCANS_SQL.checksOfService).pluck(true),
    listScans: db.prepare<[number], ListRow>(SCANS_SQL.listScans),
    latestService: db.prepare<[string, number], LatestRow>(SCANS_SQL.latestService),
  };

  // One prepared multi-row INSERT per row count, made on first use (a service lists up to ~20 checks).
  const insertMany = new Map<number, Database.Statement>();
  const insertChecks = (rows: number): Database.Statement => {
    if (rows === 1) return q.insertCheck;
    let st = insertMany.get(rows);
    if (!st) {
      st = db.prepare(`${SCANS_SQL.insertCheck}${', (?, ?, ?, ?, ?, ?, ?, ?)'.repeat(rows - 1)}`);
      insertMany.set(rows, st);
    }
    return st;
  };

  // One service's results, as SQLite assembles them (CHECKS_JSON); none: no row, NULL.
  const checksOf = (serviceId: number): CheckResult[] => {
    const json = q.checksOfService.get(serviceId);
    return json == null ? [] : (JSON.parse(json) as CheckResult[]);
  };

  const saveTx = db.transaction((scanId: string, s: ServiceResult, where: string) => {
    const scan = q.scanFinishedAt.get(scanId);
    if (scan === undefined) throw new StoreError(`no scan ${scanId} in the database`);
    if (scan.finished_at !== null) throw new StoreError(`scan ${scanId} is finished; its services can no longer change`);
    const { lastInsertRowid } = sql(`cannot save ${where}`, { SQLITE_CONSTRAINT_UNIQUE: `${where} is already saved in scan ${scanId}` }, () =>
      q.insertService.run(
        scanId, s.host, s.port, s.state, s.protocol ?? null, s.protocolBasis ?? null,
        s.product === undefined ? null : toJson(s.product, `product of ${where}`),
        s.calledAe ?? null, s.calledAeSource ?? null,
      ),
    );
    const checks = s.checks;
    // One check id per service (the table keys results by their place, migration 10).
    const seen = new Set<string>();
    for (const c of checks) {
      if (seen.has(c.id)) throw new StoreError(`check ${c.id} is listed twice for ${where}`);
      seen.add(c.id);
    }
    for (let from = 0; from < checks.length; from += CHECK_ROWS_PER_INSERT) {
      const rows = Math.min(CHECK_ROWS_PER_INSERT, checks.length - from);
      const args = new Array<unknown>(rows * 8);
      for (let k = 0, o = 0; k < rows; k++, o += 8) {
        const c = checks[from + k]!;
        args[o] = lastInsertRowid;
        args[o + 1] = from + k;
        args[o + 2] = c.id;
        args[o + 3] = c.status;
        args[o + 4] = c.severity;
        args[o + 5] = c.summary;
        args[o + 6] = checkJson(c.evidence, 'evidence', c.id, where);
        args[o + 7] = checkJson(c.attack, 'attack', c.id, where);
      }
      const first = checks[from]!.id;
      sql(rows === 1 ? `cannot save check ${first} of ${where}` : `cannot save checks ${first}.. of ${where}`, {}, () => insertChecks(rows).run(args));
    }
  });

  const beginTx = db.transaction((meta: BeginScanMeta) => {
    q.insertScan.run(
      meta.id, meta.startedAt, meta.vantage.label, meta.vantage.untrusted ? 1 : 0,
      toJson(meta.targets, 'targets'), toJson(meta.ports, 'ports'), meta.toolVersion,
    );
    if (meta.selection !== undefined) q.scanSelection.run(meta.selection.profile, toJson(meta.selection.checks, 'checks'), meta.id);
  });

  return {
    beginScan(meta) {
      requireTimestamp(meta.startedAt, 'startedAt');
      sql(`cannot start scan ${meta.id}`, { SQLITE_CONSTRAINT_PRIMARYKEY: `a scan with id ${meta.id} already exists` }, () =>
        beginTx(meta),
      );
    },

    saveService(scanId, s) {
      const where = serverKey(s);
      sql(`cannot save ${where} in scan ${scanId}`, {}, () => saveTx.immediate(scanId, s, where));
    },

    finishScan(scanId, finishedAt, cancelled, error) {
      requireTimestamp(finishedAt, 'finishedAt');
      const { changes } = sql(`cannot finish scan ${scanId}`, {}, () => q.finishScan.run(finishedAt, cancelled ? 1 : 0, error === undefined ? null : oneLine(error).slice(0, 1000), scanId));
      if (changes === 0) {
        const row = q.scanFinishedAt.get(scanId);
        throw new StoreError(row === undefined ? `no scan ${scanId} in the database` : `scan ${scanId} was already finished at ${row.finished_at}`);
      }
    },

    getScan(id) {
      const row = q.getScan.get(id);
      if (row === undefined) return undefined;
      const rows = q.servicesOfScan.all(id);
      const checks = new Map<number, CheckResult[]>(rows.map((r) => [r.id, []]));
      if (rows.length > 0) {
        // Ordered by id: the first and last are the range's ends; ids in the range that
        // belong to another scan are not in the map and are skipped.
        for (const [serviceId, json] of q.checksOfScan.iterate(rows[0]!.id, rows[rows.length - 1]!.id)) {
          if (checks.has(serviceId)) checks.set(serviceId, JSON.parse(json) as CheckResult[]);
        }
      }
      const services = rows.map((s) => toService(s, checks.get(s.id) ?? []));
      // Highest severity first, as in the spec's example document.
      const counted = countFails(services);
      const fail = Object.fromEntries([...SEVERITIES].reverse().map((sev) => [sev, counted[sev]])) as FailCounts;
      return {
        tool: { name: 'collimator', version: row.tool_version },
        scan: {
          id: row.id,
          startedAt: row.started_at,
          // ScanMeta.finishedAt is a string: a scan that never finished reports ''.
          finishedAt: row.finished_at ?? '',
          vantage: toVantage(row),
          targets: JSON.parse(row.targets) as string[],
          ports: JSON.parse(row.ports) as number[],
          // Present only when true, as in the spec's example document.
          ...(row.cancelled === 1 ? { cancelled: true } : {}),
          // Which checks ran: recorded since migration 9.
          ...(row.profile !== null ? { profile: row.profile as SelectionKind } : {}),
          ...(row.checks !== null ? { checks: JSON.parse(row.checks) as CheckId[] } : {}),
        },
        services,
        summary: { services: services.length, fail },
      };
    },

    listScans(limit = DEFAULT_LIST_LIMIT) {
      if (!Number.isSafeInteger(limit) || limit < 1) throw new StoreError(`listScans: limit must be a positive integer, got ${limit}`);
      return q.listScans.all(limit).map((r) => {
        const counts = JSON.parse(r.fail) as Record<Severity, number>;
        // Highest severity first, as getScan writes summary.fail.
        const fail = Object.fromEntries([...SEVERITIES].reverse().map((sev) => [sev, counts[sev] ?? 0])) as FailCounts;
        return {
          id: r.id,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          vantage: toVantage(r),
          targets: JSON.parse(r.targets) as string[],
          ports: JSON.parse(r.ports) as number[],
          cancelled: r.cancelled === 1,
          ...(r.error !== null ? { error: r.error } : {}),
          services: r.services,
          fail,
          fails: SEVERITIES.reduce((n, sev) => (sev === 'info' ? n : n + fail[sev]), 0),
        };
      });
    },

    latestService(host, port) {
      const row = q.latestService.get(host, port);
      if (row === undefined) return undefined;
      return {
        scanId: row.scan_id,
        at: row.started_at,
        vantage: toVantage(row),
        service: toService(row, checksOf(row.id)),
      };
    },
  };
}

/** ISO-8601 UTC in `toISOString()` form only: anything else would sort wrongly as text. */
function requireTimestamp(value: string, field: string): void {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== value) {
    throw new StoreError(`${field} must be an ISO-8601 UTC time like 2025-01-31T09:30:00.000Z, got ${JSON.stringify(value)}`);
  }
}

function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new StoreError(`${what} is not plain JSON: ${oneLine(err)}`, { cause: err });
  }
  if (text === undefined) throw new StoreError(`${what} is missing`);
  return text;
}

/**
 * A check's evidence or attack as JSON text. The words of a refusal are only put
 * together when there is one (this runs twice per result, 200,000 times for a large
 * scan); an empty list, the common attack, needs no stringify.
 */
function checkJson(value: unknown, field: 'evidence' | 'attack', id: string, where: string): string {
  if (Array.isArray(value) && value.length === 0) return '[]';
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new StoreError(`${field} of ${id} on ${where} is not plain JSON: ${oneLine(err)}`, { cause: err });
  }
  if (text === undefined) throw new StoreError(`${field} of ${id} on ${where} is missing`);
  return text;
}

/** Runs a statement; SQLite errors become one-line StoreErrors, with friendlier words for the codes in `known`. */
function sql<T>(what: string, known: Readonly<Record<string, string>>, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const code = sqliteCode(err);
    const words = code === undefined ? undefined : known[code];
    throw new StoreError(words ?? `${what}: ${oneLine(err)}`, { cause: err });
  }
}

function toVantage(r: { vantage_label: string; vantage_untrusted: number }): Vantage {
  return { label: r.vantage_label, untrusted: r.vantage_untrusted === 1 };
}

/** Rebuilds a ServiceResult; NULL columns become absent fields (never `undefined` values), keys in the spec's order. */
function toService(r: ServiceRow, checks: CheckResult[]): ServiceResult {
  return {
    host: r.host,
    port: r.port,
    state: r.state as ServiceState,
    ...(r.protocol !== null ? { protocol: r.protocol as Protocol } : {}),
    ...(r.protocol_basis !== null ? { protocolBasis: r.protocol_basis } : {}),
    ...(r.product !== null ? { product: JSON.parse(r.product) as Product } : {}),
    ...(r.called_ae !== null ? { calledAe: r.called_ae } : {}),
    ...(r.called_ae_source !== null ? { calledAeSource: r.called_ae_source as NonNullable<ServiceResult['calledAeSource']> } : {}),
    checks,
  };
}
