/**
 * The internet's view (issue 13): what the reconcile table and the app's Internet view
 * show. Pure types, shared by the main process and the renderer.
 */
export type InternetSource = 'censys' | 'shodan' | 'nmap';
export type InternetKind = 'dicom' | 'dicom-tls' | 'web' | 'other';

/** Days after which the newest outside observation is stale, unless told otherwise. */
export const DEFAULT_STALE_DAYS = 30;

export type ReconcileStatus = 'outside-and-inside' | 'outside-only' | 'inside-only';

/** One host:port in the reconcile table. */
export interface ReconcileRow {
  /** The address the internet saw (the inside address for an inside-only row). */
  host: string;
  port: number;
  /** Where it is inside: the mapped address (`--map PUBLIC=INSIDE`), or `host` itself. */
  insideHost: string;
  status: ReconcileStatus;
  /** Newest outside view of it: kind, product, TLS. Null for inside-only. */
  kind: InternetKind | null;
  product: string | null;
  tls: boolean | null;
  /** Newest outside observation that showed it open, its source, its age in whole days. */
  lastSeenOutside: string | null;
  lastSeenSource: InternetSource | null;
  ageDays: number | null;
  /** The newest outside observation is older than the stale limit. */
  stale: boolean;
  /** A later outside view no longer shows it (or nmap from outside said closed/filtered). */
  closedOutside: { at: string; source: InternetSource; how: 'absent' | 'closed' | 'filtered' } | null;
  /** The newest inside scan of it. */
  insideState: 'open' | 'closed' | 'filtered' | null;
  insideScannedAt: string | null;
  /** How many outside observations of it were imported. */
  observations: number;
}

export interface ReconcileTable {
  /** When it was computed (ages are counted to this time). */
  at: string;
  staleDays: number;
  rows: ReconcileRow[];
}

// ---- the app's `internet:*` channels ----

/** Largest file the app takes, bytes (the CLI has no such limit). */
export const MAX_APP_IMPORT_BYTES = 1024 * 1024 * 1024;
/** Largest piece of a file in one `internet:import-chunk`, bytes (before base64). */
export const IMPORT_CHUNK_BYTES = 2 * 1024 * 1024;

export interface InternetImportBeginRequest {
  /** A UUID the caller chose: its progress events and chunks name it. */
  importId: string;
  files: Array<{ name: string; size: number }>;
  format: 'auto' | InternetSource;
  strict: boolean;
  /** Public addresses NATed to inside ones, stored once the import succeeds. */
  maps?: Array<{ publicHost: string; insideHost: string }>;
}

export interface InternetImportChunkRequest {
  importId: string;
  fileIndex: number;
  /** Where this piece starts in the file (pieces come in order). */
  offset: number;
  /** The piece, base64. */
  data: string;
}

/** What `collimator import --json` prints, and the import's id. */
export interface InternetImportResult {
  importId: string;
  format: InternetSource | null;
  read: number;
  imported: number;
  skipped: number;
  problems: Array<{ at: string; reason: string }>;
}

/** `internet:progress`: the import reading its files. */
export interface InternetImportProgress {
  importId: string;
  file: string;
  fileIndex: number;
  files: number;
  bytesRead: number;
  size: number | null;
  observations: number;
}

export interface InternetAddressMapping {
  publicHost: string;
  insideHost: string;
}

export interface InternetView extends ReconcileTable {
  mappings: InternetAddressMapping[];
  imports: Array<{ id: string; importedAt: string; fileName: string; fileSha256: string; format: InternetSource; observations: number; skipped: number }>;
}
