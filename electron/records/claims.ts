/**
 * The claim each signer signs next to the record: who they say they are (name, role),
 * as what (operator or reviewer), when, and over which record (its hash). Every
 * signature's main part is over the record's bytes, the same bytes for all signers; the
 * claim signature makes the words around it (a reviewer's name, the time) tamper-evident
 * too. Canonical JSON, so any verifier rebuilds the same bytes.
 */
import { canonicalBytes } from './jcs';
import type { RecordSignature } from './types';

export const CLAIM_FORMAT = 'collimator.signature-claim/1';

/** The bytes a signer's claim signature covers. */
export function claimBytes(recordHash: string, s: Pick<RecordSignature, 'kind' | 'name' | 'role' | 'signedAt'>): Buffer {
  return canonicalBytes({ format: CLAIM_FORMAT, record: recordHash, kind: s.kind, name: s.name, role: s.role, signedAt: s.signedAt });
}

/**
 * The claim's bytes, or undefined when they cannot be made: a file may carry a claim
 * canonical JSON refuses (a lone surrogate in a name), and such a claim never held, as
 * nothing Collimator signs can contain one. For verifying, which reports and never throws.
 */
export function claimBytesIfValid(recordHash: string, s: Pick<RecordSignature, 'kind' | 'name' | 'role' | 'signedAt'>): Buffer | undefined {
  try {
    return claimBytes(recordHash, s);
  } catch {
    return undefined;
  }
}
