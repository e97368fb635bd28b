/**
 * Migration 4: each record signature also signs its own claim (issue 6).
 *
 * A signature in record_signatures is Ed25519 over the record's canonical bytes, the
 * same bytes for the operator and every reviewer. Who signed (name, role), as what
 * (operator or reviewer) and when are not in those bytes, so on their own they could be
 * edited in an export without breaking anything. The claim signature covers them: the
 * signer's key signs the canonical JSON of {format, record hash, kind, name, role,
 * signedAt} (electron/records/claims.ts).
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
-- Base64 of the 64-byte Ed25519 signature over the signer's claim; NULL is never written.
ALTER TABLE record_signatures ADD COLUMN claim_signature TEXT CHECK (claim_signature IS NULL OR length(claim_signature) = 88);
`;
