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
