/**
 * The record types (shared/records.ts, also used by the IPC contract) and the one shape
 * only the main process sees: a record as the database holds it, with its bytes.
 */
export * from '../../shared/records';
import type { RecordBody, RecordSignature } from '../../shared/records';

/** A record as the database holds it. */
export interface StoredRecord {
  position: number;
  id: string;
  /** SHA-256 (hex) of `canonical`. */
  hash: string;
  prevHash: string | null;
  /** The signed bytes. */
  canonical: Buffer;
  body: RecordBody;
  signatures: RecordSignature[];
  /** Ids of later records that supersede this one. */
  supersededBy: string[];
}
