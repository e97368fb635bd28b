/**
 * The internet's view (issue 13): what the reconcile table and the app's Internet view
 * show. Pure types, shared by the main process and the renderer.
 */
import { serverKey } from './host';

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

// ---- issue 13: "closed as seen from the internet" attached to a server's record ----

/**
 * An outside view that no longer shows a service, as attached to the server (inside
 * host:port) for its next signed record: where the internet saw it, when and how a
 * later view no longer did and by which source, the import that said so (its file name
 * and SHA-256), the newest outside view before it that still showed it open, and who
 * attached it when. The same fields go into a `collimator.record/4` body.
 */
export interface InternetClosure {
  /** Its number in the database (append-only, increasing). */
  seq: number;
  publicHost: string;
  publicPort: number;
  /** When the later outside view was taken (ISO-8601 UTC). */
  closedAt: string;
  how: 'absent' | 'closed' | 'filtered';
  source: InternetSource;
  importId: string;
  fileName: string;
  fileSha256: string;
  /** The newest outside observation before it that showed the port open. */
  lastOpenAt: string;
  lastOpenSource: InternetSource;
  attachedAt: string;
  attachedBy: string;
}

/** An attached closure with the server it is evidence for. */
export interface AttachedInternetClosure extends InternetClosure {
  host: string;
  port: number;
}

/** `internet:attach-closure`: attach the closure the reconcile table shows for a public host:port. */
export interface InternetAttachClosureRequest {
  publicHost: string;
  port: number;
  /** Who attaches it (the person at the keyboard). */
  by: string;
  /** The server it must map to (the Server screen says which); refused when the table maps it elsewhere. */
  server?: { host: string; port: number };
}

export const INTERNET_SOURCE_NAMES: Record<InternetSource, string> = { censys: 'Censys', shodan: 'Shodan', nmap: 'nmap' };

/** How the later view showed it, in words. */
export const CLOSURE_HOW_WORDS: Record<InternetClosure['how'], string> = { absent: 'no longer listed', closed: 'closed', filtered: 'filtered' };

/**
 * The one sentence of an attached closure, in the app, the CLI and the report:
 * "Closed as seen from the internet: 203.0.113.9:104 by Shodan on 2026-06-01 (no longer
 * listed; file x.json.gz, sha256 …); last seen open 2026-03-01 by Shodan".
 */
export function closureLine(c: Pick<InternetClosure, 'publicHost' | 'publicPort' | 'source' | 'closedAt' | 'how' | 'fileName' | 'fileSha256' | 'lastOpenAt' | 'lastOpenSource'>): string {
  // Read from a record anyone may have edited: every field is taken as text, whatever it is.
  const name = (s: unknown): string => (Object.hasOwn(INTERNET_SOURCE_NAMES, String(s)) ? INTERNET_SOURCE_NAMES[String(s) as InternetSource] : String(s));
  const day = (t: unknown): string => String(t).slice(0, 10);
  const how = Object.hasOwn(CLOSURE_HOW_WORDS, String(c.how)) ? CLOSURE_HOW_WORDS[c.how] : String(c.how);
  const where = typeof c.publicHost === 'string' && typeof c.publicPort === 'number' ? serverKey({ host: c.publicHost, port: c.publicPort }) : `${String(c.publicHost)}:${String(c.publicPort)}`;
  return `Closed as seen from the internet: ${where} by ${name(c.source)} on ${day(c.closedAt)} (${how}; file ${String(c.fileName)}, sha256 ${String(c.fileSha256)}); last seen open ${day(c.lastOpenAt)} by ${name(c.lastOpenSource)}`;
}
