/**
 * The JSON export: one or more records, each as its exact signed bytes (base64) with the
 * signatures and public keys needed to check them, a readable parsed copy, and its chain
 * link. Anyone can verify the file offline with only `collimator records verify FILE`:
 * nothing in it refers back to the database.
 *
 * Only the `signed` bytes are covered by the signatures. Everything else (the readable
 * copy, the stated hashes, the manifest) is checked against them on verify.
 */
import type { RecordBody, RecordSignature, StoredRecord } from './types';

export const EXPORT_FORMAT = 'collimator.records-export/1';

/**
 * What the file claims to hold: one record, a selection (records in chain order, gaps
 * allowed), or the whole chain from its first record (nothing may be missing).
 */
export type ExportScope = 'record' | 'selection' | 'chain';

export interface ExportedRecord {
  id: string;
  /** Position in the database's chain (also inside the signed bytes). */
  position: number;
  /** SHA-256 (hex) of the signed bytes. */
  hash: string;
  /** SHA-256 (hex) of the previous record's signed bytes; null at position 1 (also inside the signed bytes). */
  prevHash: string | null;
  /** Base64 of the exact bytes signed: the record's RFC 8785 canonical JSON in UTF-8. */
  signed: string;
  /** A readable copy of the same record (must equal the signed bytes' content). */
  record: RecordBody;
  signatures: RecordSignature[];
  /** Later records that correct this one, when exported (informational, not signed). */
  supersededBy: string[];
}

export interface RecordsExport {
  format: typeof EXPORT_FORMAT;
  /** ISO-8601 UTC. */
  exportedAt: string;
  tool: { name: 'collimator'; version: string };
  scope: ExportScope;
  /** How to check this file. */
  verify: string;
  /** The chain positions held and the hash of the last one (compare with `records list` to detect a cut-off tail). */
  chain: { count: number; positions: number[]; lastHash: string };
  records: ExportedRecord[];
}

/** The export document of `records`, in chain order. */
export function buildExport(records: readonly StoredRecord[], scope: ExportScope, opts: { toolVersion: string; exportedAt: string }): RecordsExport {
  const sorted = [...records].sort((a, b) => a.position - b.position);
  if (sorted.length === 0) throw new Error('nothing to export');
  return {
    format: EXPORT_FORMAT,
    exportedAt: opts.exportedAt,
    tool: { name: 'collimator', version: opts.toolVersion },
    scope,
    verify: 'collimator records verify THIS-FILE (offline; needs nothing else)',
    chain: { count: sorted.length, positions: sorted.map((r) => r.position), lastHash: sorted[sorted.length - 1]!.hash },
    records: sorted.map((r) => ({
      id: r.id,
      position: r.position,
      hash: r.hash,
      prevHash: r.prevHash,
      signed: r.canonical.toString('base64'),
      record: r.body,
      signatures: r.signatures.map((s) => ({ ...s })),
      supersededBy: [...r.supersededBy],
    })),
  };
}

/** The file's text: pretty-printed for people (the signed bytes are inside, untouched). */
export function exportText(doc: RecordsExport): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
