/**
 * Migration 7: trust lists imported into the app (issue 11, known signers).
 *
 * Each imported list is kept as the exact text imported (a signed `collimator.trust/1`
 * document or a plain fingerprint list), never as parsed rows: the organisation's
 * signature is checked again every time the list is read (electron/records/trust-list*.ts),
 * so an edit of this table shows as a list that no longer verifies rather than as a
 * quietly changed operator. The app's own operators are the `operators` table.
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
CREATE TABLE trust_imports (
  id                       INTEGER PRIMARY KEY AUTOINCREMENT,
  -- Where it came from, as the user named it (usually the file name).
  name                     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind                     TEXT NOT NULL CHECK (kind IN ('signed', 'fingerprints')),
  -- The organisation key that signed it (signed lists only), SHA-256 hex.
  organisation_fingerprint TEXT CHECK (organisation_fingerprint IS NULL OR (length(organisation_fingerprint) = 64 AND organisation_fingerprint NOT GLOB '*[^0-9a-f]*')),
  imported_at              TEXT NOT NULL,
  text                     TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 8388608),
  CHECK ((kind = 'signed') = (organisation_fingerprint IS NOT NULL))
) STRICT;
`;
