/**
 * Imported internet observations (issue 13, migration 9). An import is staged in a
 * TEMP table of this connection as the file is read (so memory stays bounded however
 * large the file), then moved into `internet_observations` together with its
 * `internet_imports` row in ONE transaction: a reader sees all of it or nothing, a
 * refused or cancelled import (or a crash, which drops the TEMP table) leaves nothing.
 */
import type Database from 'better-sqlite3';
import { StoreError } from './errors';
import { requireTimestamp, runSql, toJson } from './repo-util';

/** One observation as the store keeps it (electron/internet/types.ts Observation, structurally). */
export interface InternetObservationInput {
  host: string;
  port: number;
  transport: 'tcp' | 'udp';
  state: 'open' | 'closed' | 'filtered';
  kind: 'dicom' | 'dicom-tls' | 'web' | 'other';
  product: string | null;
  version: string | null;
  tls: boolean;
  said: object;
  observedAt: string;
  source: 'censys' | 'shodan' | 'nmap';
}

export interface StoredInternetObservation extends InternetObservationInput {
  importId: string;
  fileSha256: string;
}

export interface InternetImportRow {
  id: string;
  importedAt: string;
  fileName: string;
  fileSha256: string;
  format: 'censys' | 'shodan' | 'nmap';
  recordsRead: number;
  observations: number;
  skipped: number;
}

/** The latest scan's view of one host:port, from the inside. */
export interface InsideService {
  host: string;
  port: number;
  state: 'open' | 'closed' | 'filtered';
  protocol: string | null;
  scanId: string;
  scannedAt: string;
}

export interface AddressMapping {
  publicHost: string;
  insideHost: string;
  createdAt: string;
}

/** An import being staged: add batches, then commit (one transaction) or discard. */
export interface InternetStaging {
  add(rows: readonly InternetObservationInput[]): void;
  /** Rows staged so far. */
  readonly count: number;
  /** Moves the staged rows and the import row into the tables in one transaction. */
  commit(meta: Omit<InternetImportRow, 'observations'>): InternetImportRow;
  /** Drops what was staged and not committed (idempotent). */
  discard(): void;
}

export interface InternetRepo {
  stage(importId: string): InternetStaging;
  listImports(): InternetImportRow[];
  /** Every imported observation, oldest first. */
  listObservations(): StoredInternetObservation[];
  /** The observations of one host:port, newest first. */
  observationsOf(host: string, port: number): StoredInternetObservation[];
  /** Every observation of these hosts (any port), oldest first. */
  observationsOfHosts(hosts: readonly string[]): StoredInternetObservation[];
  /** The newest scan's row of every host:port any scan stored. */
  insideServices(): InsideService[];
  setMapping(publicHost: string, insideHost: string, at: string): void;
  removeMapping(publicHost: string): boolean;
  listMappings(): AddressMapping[];
}

/** One TEMP table per import being staged (dropped whole when it is done: no delete of every row). */
const stageTable = (n: number): string => `temp.internet_stage_${n}`;
/**
 * The staged row: the five small enumerations (transport, state, kind, tls, source) ride
 * in one integer, `code`, decoded by the final INSERT ... SELECT. Each bound string costs
 * a conversion to UTF-8 in the driver: 7 values a row instead of 11 took staging from
 * ~0.75 to ~0.45 s of CPU on 250,000 observations (bench/README.md "Import throughput").
 */
const STAGE_COLS = 'host TEXT NOT NULL, port INTEGER NOT NULL, code INTEGER NOT NULL, product TEXT, version TEXT, said TEXT NOT NULL, observed_at TEXT NOT NULL';
const STAGE_N = 7;
/** Rows per staging INSERT (7 values each: far under SQLite's 32,766 parameters). */
const ROWS_PER_INSERT = 100;
const TRANSPORT_CODE = new Map<string, number>([['tcp', 0], ['udp', 1]]);
const STATE_CODE = new Map<string, number>([['open', 0], ['closed', 2], ['filtered', 4]]);
const KIND_CODE = new Map<string, number>([['dicom', 0], ['dicom-tls', 8], ['web', 16], ['other', 24]]);
const SOURCE_CODE = new Map<string, number>([['censys', 0], ['shodan', 64], ['nmap', 128]]);
/** The columns `code` holds, decoded (the inverse of the maps above), in COLS order. */
const DECODED = `host, port,
  CASE code & 1 WHEN 0 THEN 'tcp' ELSE 'udp' END,
  CASE code & 6 WHEN 0 THEN 'open' WHEN 2 THEN 'closed' ELSE 'filtered' END,
  CASE code & 24 WHEN 0 THEN 'dicom' WHEN 8 THEN 'dicom-tls' WHEN 16 THEN 'web' ELSE 'other' END,
  product, version, (code >> 5) & 1, said, observed_at,
  CASE code & 192 WHEN 0 THEN 'censys' WHEN 64 THEN 'shodan' ELSE 'nmap' END`;

function codeOf(o: InternetObservationInput): number {
  const t = TRANSPORT_CODE.get(o.transport);
  const st = STATE_CODE.get(o.state);
  const k = KIND_CODE.get(o.kind);
  const src = SOURCE_CODE.get(o.source);
  if (t === undefined || st === undefined || k === undefined || src === undefined) {
    throw new StoreError(`an observation of ${String(o.host)}:${String(o.port)} has a transport, state, kind or source the store does not know`);
  }
  return t | st | k | (o.tls ? 32 : 0) | src;
}

const COLS = 'host, port, transport, state, kind, product, version, tls, said, observed_at, source';

interface ObsRow {
  import_id: string;
  host: string;
  port: number;
  transport: 'tcp' | 'udp';
  state: 'open' | 'closed' | 'filtered';
  kind: InternetObservationInput['kind'];
  product: string | null;
  version: string | null;
  tls: number;
  said: string;
  observed_at: string;
  source: InternetObservationInput['source'];
  file_sha256: string;
}

function fromRow(r: ObsRow): StoredInternetObservation {
  return {
    host: r.host,
    port: r.port,
    transport: r.transport,
    state: r.state,
    kind: r.kind,
    product: r.product,
    version: r.version,
    tls: r.tls === 1,
    said: JSON.parse(r.said) as object,
    observedAt: r.observed_at,
    source: r.source,
    importId: r.import_id,
    fileSha256: r.file_sha256,
  };
}

export function createInternetRepo(db: Database.Database): InternetRepo {
  let stages = 0;
  const obsSelect = `SELECT import_id, ${COLS}, file_sha256 FROM internet_observations`;

  return {
    stage(importId) {
      const table = stageTable(++stages);
      db.exec(`CREATE TEMP TABLE ${table} (${STAGE_COLS})`);
      const row = '(?, ?, ?, ?, ?, ?, ?)';
      const insertOne = db.prepare(`INSERT INTO ${table} VALUES ${row}`);
      const insertMany = db.prepare(`INSERT INTO ${table} VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => row).join(', ')}`);
      const values: unknown[] = new Array<unknown>(ROWS_PER_INSERT * STAGE_N);
      const put = (at: number, o: InternetObservationInput): void => {
        // What internet_observations' CHECKs enforce (migration 12), checked here: the final
        // INSERT ... SELECT runs with CHECK constraints off (see commit).
        if (typeof o.host !== 'string' || o.host.length === 0) throw new StoreError('an observation has no host');
        if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new StoreError(`an observation of ${o.host} has a port outside 1-65535`);
        const said = toJson(o.said, 'said');
        if (said.charCodeAt(0) !== 0x7b) throw new StoreError(`an observation of ${o.host}:${o.port}: said is not a JSON object`);
        values[at] = o.host;
        values[at + 1] = o.port;
        values[at + 2] = codeOf(o);
        values[at + 3] = o.product;
        values[at + 4] = o.version;
        values[at + 5] = said;
        values[at + 6] = o.observedAt;
      };
      const addMany = db.transaction((rows: readonly InternetObservationInput[]) => {
        let i = 0;
        for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
          for (let k = 0; k < ROWS_PER_INSERT; k++) put(k * STAGE_N, rows[i + k]!);
          insertMany.run(values);
        }
        for (; i < rows.length; i++) {
          put(0, rows[i]!);
          insertOne.run(values.slice(0, STAGE_N));
        }
      });
      let count = 0;
      let open = true;
      let dropped = false;
      const discard = (): void => {
        open = false;
        // Always: a commit rolled back by an enclosing transaction leaves its rows staged.
        if (dropped) return;
        dropped = true;
        db.exec(`DROP TABLE IF EXISTS ${table}`);
      };
      return {
        add(rows) {
          if (!open) throw new StoreError('this import was already committed or discarded');
          runSql('staging imported observations', {}, () => addMany(rows));
          count += rows.length;
        },
        get count() {
          return count;
        },
        commit(meta) {
          if (!open) throw new StoreError('this import was already committed or discarded');
          requireTimestamp(meta.importedAt, 'importedAt');
          if (!/^[0-9a-f]{64}$/.test(meta.fileSha256)) throw new StoreError('the file hash must be a hex SHA-256');
          const row: InternetImportRow = { ...meta, observations: count };
          runSql('storing the import', { SQLITE_CONSTRAINT_PRIMARYKEY: `import ${meta.id} exists already` }, () =>
            db.transaction(() => {
              db.prepare('INSERT INTO internet_imports (id, imported_at, file_name, file_sha256, format, records_read, observations, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
                row.id, row.importedAt, row.fileName, row.fileSha256, row.format, row.recordsRead, row.observations, row.skipped,
              );
              // In the index's order (host, port, observed_at): its B-tree inserts go in sequence
              // instead of to random pages (~30 % of this statement on a table that already holds
              // an import). Within one host:port the ids keep the file's order.
              // Every staged row was checked against the table's CHECKs at staging (put, codeOf) and
              // the hash above, so they are not evaluated again per row here (json_valid of every
              // `said` among them). Only for this statement: SQLite compiles the flag into the
              // statement, prepared after it is set; it is put back whatever happens.
              db.pragma('ignore_check_constraints = ON');
              try {
                db.prepare(`INSERT INTO internet_observations (import_id, ${COLS}, file_sha256) SELECT ?, ${DECODED}, ? FROM ${table} ORDER BY host, port, observed_at, rowid`).run(importId, meta.fileSha256);
              } finally {
                db.pragma('ignore_check_constraints = OFF');
              }
            })(),
          );
          open = false;
          return row;
        },
        discard,
      };
    },
    listImports() {
      return (db.prepare('SELECT id, imported_at, file_name, file_sha256, format, records_read, observations, skipped FROM internet_imports ORDER BY imported_at, rowid').all() as Array<Record<string, unknown>>).map((r) => ({
        id: r.id as string,
        importedAt: r.imported_at as string,
        fileName: r.file_name as string,
        fileSha256: r.file_sha256 as string,
        format: r.format as InternetImportRow['format'],
        recordsRead: r.records_read as number,
        observations: r.observations as number,
        skipped: r.skipped as number,
      }));
    },
    listObservations() {
      return (db.prepare(`${obsSelect} ORDER BY observed_at, id`).all() as ObsRow[]).map(fromRow);
    },
    observationsOf(host, port) {
      return (db.prepare(`${obsSelect} WHERE host = ? AND port = ? ORDER BY observed_at DESC, id DESC`).all(host, port) as ObsRow[]).map(fromRow);
    },
    observationsOfHosts(hosts) {
      const q = db.prepare(`${obsSelect} WHERE host = ? ORDER BY observed_at, id`);
      return hosts.flatMap((h) => (q.all(h) as ObsRow[]).map(fromRow));
    },
    insideServices() {
      return (
        db
          .prepare(
            `SELECT host, port, state, protocol, scan_id, started_at FROM (
               SELECT s.host, s.port, s.state, s.protocol, s.scan_id, sc.started_at,
                      ROW_NUMBER() OVER (PARTITION BY s.host, s.port ORDER BY sc.started_at DESC, s.id DESC) AS n
               FROM services s JOIN scans sc ON sc.id = s.scan_id)
             WHERE n = 1 ORDER BY host, port`,
          )
          .all() as Array<{ host: string; port: number; state: InsideService['state']; protocol: string | null; scan_id: string; started_at: string }>
      ).map((r) => ({ host: r.host, port: r.port, state: r.state, protocol: r.protocol, scanId: r.scan_id, scannedAt: r.started_at }));
    },
    setMapping(publicHost, insideHost, at) {
      requireTimestamp(at, 'at');
      db.prepare('INSERT INTO internet_address_map (public_host, inside_host, created_at) VALUES (?, ?, ?) ON CONFLICT (public_host) DO UPDATE SET inside_host = excluded.inside_host, created_at = excluded.created_at').run(publicHost, insideHost, at);
    },
    removeMapping(publicHost) {
      return db.prepare('DELETE FROM internet_address_map WHERE public_host = ?').run(publicHost).changes > 0;
    },
    listMappings() {
      return (db.prepare('SELECT public_host, inside_host, created_at FROM internet_address_map ORDER BY public_host').all() as Array<{ public_host: string; inside_host: string; created_at: string }>).map((r) => ({
        publicHost: r.public_host,
        insideHost: r.inside_host,
        createdAt: r.created_at,
      }));
    },
  };
}
