/**
 * Peers learned passively (issue 14, "Learn"): who called which DICOM server, read from
 * the logs the servers already write (Orthanc, DCMTK, dcm4chee-arc) or from a capture
 * (pcap/pcapng). Only association facts are ever kept: AE titles, addresses, ports,
 * the kind of request (echo, store, find, move, get), times, counts, accepted or not.
 * Never any other text of a log line (logs hold patient data). Pure types and helpers.
 *
 * The JSON of `collimator peers --json` is LearnResult, exactly (docs/cli.md).
 */

/** The DIMSE requests a peer was seen making. */
export const PEER_OPERATIONS = ['echo', 'store', 'find', 'move', 'get'] as const;
export type PeerOperation = (typeof PEER_OPERATIONS)[number];

/** What a file is read as. `auto` looks at its first bytes and lines. */
export const PEER_LOG_FORMATS = ['orthanc', 'dcmtk', 'dcm4chee', 'pcap'] as const;
export type PeerLogFormat = (typeof PEER_LOG_FORMATS)[number];
export type PeerFormatChoice = PeerLogFormat | 'auto';

/** One calling peer of one server, as observed. Unknown facts are null. */
export interface ObservedPeer {
  callingAe: string | null;
  /** The peer's source address (IPv4/IPv6 literal, or a host name when the log only has that). */
  address: string | null;
  /** Sorted in PEER_OPERATIONS order. */
  operations: PeerOperation[];
  /** ISO-8601 UTC; null when the log has no time stamps (DCMTK's default). */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Associations seen (requests, when only requests are logged). */
  count: number;
  /** The server accepted (true) or refused (false) this peer's associations or requests. */
  accepted: boolean;
}

/** One server (host:port/called AE) and who called it. */
export interface ObservedServer {
  host: string | null;
  port: number | null;
  calledAe: string | null;
  peers: ObservedPeer[];
}

/** A line (or file) that could not be used, named: `FILE:LINE` or `FILE`. */
export interface LearnProblem {
  at: string;
  reason: string;
}

/** The result of learning from files: the `--json` shape of `collimator peers`. */
export interface LearnResult {
  lines: { read: number; understood: number; malformed: number };
  problems: LearnProblem[];
  servers: ObservedServer[];
}

/** Progress of a learn run, by bytes of the files as stored (compressed bytes for .gz). */
export interface LearnProgress {
  file: string;
  bytesDone: number;
  bytesTotal: number;
}

/** An observed peer as stored, with its server. */
export interface StoredObservedPeer extends ObservedPeer {
  host: string | null;
  port: number | null;
  calledAe: string | null;
}

/** The inventory side of the merge: a node as the inventory lists it. */
export interface InventoryNodeRef {
  aeTitle: string;
  host: string;
  port: number;
}

/** Observed peers merged with the inventory (never removes anything: it proposes). */
export interface PeersVsInventory {
  /** In the inventory and seen. */
  knownSeen: Array<{ node: InventoryNodeRef; peer: StoredObservedPeer }>;
  /** Seen (and accepted) but not in the inventory: propose adding. */
  seenNotInInventory: StoredObservedPeer[];
  /** In the inventory but not seen in the last `days` days: propose review (never removed automatically). */
  notSeenRecently: Array<{ node: InventoryNodeRef; lastSeen: string | null }>;
  /** The window used for notSeenRecently. */
  days: number;
}

/** Sort operations in PEER_OPERATIONS order, without duplicates. */
export function sortOperations(ops: Iterable<PeerOperation>): PeerOperation[] {
  const set = new Set(ops);
  return PEER_OPERATIONS.filter((o) => set.has(o));
}

/**
 * Most bytes the files of one app request may have together (they travel whole, base64,
 * within the web bridge's request limit). Larger logs: `collimator peers FILE --db`,
 * whose stored peers the app then shows.
 */
export const MAX_PEER_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_PEER_FILE_TEXT = '2 MB';
/** Most files one app request may carry. */
export const MAX_PEER_FILES = 20;

/** `peers:learn`: files picked or dropped in the app, read there and sent whole. */
export interface PeersLearnRequest {
  files: Array<{
    /** The file's name (no path): problems name it. */
    name: string;
    /** Its bytes, base64. */
    base64: string;
    /** Epoch ms it was last written (File.lastModified), for time stamps without a year. */
    lastModified?: number;
  }>;
  format?: PeerFormatChoice;
  /** ISO-8601 date or time: leave out associations before it. */
  since?: string;
}

/** `peers:list`: the stored peers, optionally of one server, and the inventory comparison. */
export interface PeersListRequest {
  host?: string;
  port?: number;
  calledAe?: string;
  /** Window of "not seen recently" [DEFAULT_NOT_SEEN_DAYS]. */
  days?: number;
}

export interface PeersListView {
  peers: StoredObservedPeer[];
  vsInventory: PeersVsInventory;
  /** The files learned from, newest first. */
  sources: Array<{ source: string; format: string; learnedAt: string; peers: number }>;
}
/** Default window for "in the inventory, not seen recently". */
export const DEFAULT_NOT_SEEN_DAYS = 30;
