/**
 * Migration 3: signed remediation records (issue 6): the operators who sign, the records
 * themselves as a hash chain, their signatures, and the audit log.
 *
 * APPEND-ONLY: once shipped, this text never changes; schema changes go in a new,
 * higher-numbered migration.
 *
 * Tamper evidence lives in two layers. Here, triggers refuse UPDATE and DELETE on
 * records, signatures and the audit log, and refuse a record that does not extend the
 * chain. Anyone who can write the file can drop a trigger, so the records also carry
 * their own proof (electron/records): each record's canonical bytes name the SHA-256 of
 * the previous record's bytes, and every signature is Ed25519 over those bytes.
 * No patient data: endpoints, operator names, notes and protocol evidence only.
 */
export const sql = `
-- People who sign. Key-file operators (CLI) are registered on first use with their
-- public key only; the app's own operators also keep their private key here, sealed
-- with the OS keychain (Electron safeStorage), never in clear.
CREATE TABLE operators (
  -- SHA-256 (lower-case hex) of the raw 32-byte Ed25519 public key.
  fingerprint        TEXT PRIMARY KEY NOT NULL CHECK (length(fingerprint) = 64 AND fingerprint NOT GLOB '*[^0-9a-f]*'),
  name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role               TEXT NOT NULL DEFAULT '' CHECK (length(role) <= 100),
  -- Base64 of the raw 32-byte public key.
  public_key         TEXT NOT NULL CHECK (length(public_key) = 44),
  created_at         TEXT NOT NULL,
  -- The PKCS#8 private key sealed by the OS keychain; NULL for operators who sign with a key file.
  sealed_private_key BLOB,
  sealed_with        TEXT CHECK (sealed_with IN ('safe-storage')),
  CHECK ((sealed_private_key IS NULL) = (sealed_with IS NULL))
) STRICT;

CREATE INDEX operators_by_name ON operators (name);

-- One signed record per row, in chain order. 'canonical' holds the exact bytes that
-- were signed (RFC 8785 JSON, UTF-8); the other columns are copies for queries.
CREATE TABLE records (
  -- Position in this database's chain: 1, 2, 3, ... (also inside the signed bytes).
  position   INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 64),
  host       TEXT NOT NULL CHECK (length(host) > 0),
  port       INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  created_at TEXT NOT NULL,
  -- The record this one corrects; the corrected record itself never changes.
  supersedes TEXT REFERENCES records (id),
  -- SHA-256 (hex) of the previous record's canonical bytes; NULL only for position 1.
  prev_hash  TEXT CHECK (prev_hash IS NULL OR length(prev_hash) = 64),
  -- SHA-256 (hex) of this record's canonical bytes.
  hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
  canonical  BLOB NOT NULL
) STRICT;

CREATE INDEX records_by_server ON records (host, port, position);

CREATE TRIGGER records_extend_chain BEFORE INSERT ON records
WHEN NEW.position IS NOT (SELECT coalesce(max(position), 0) + 1 FROM records)
  OR NEW.prev_hash IS NOT (SELECT hash FROM records ORDER BY position DESC LIMIT 1)
BEGIN
  SELECT RAISE(ABORT, 'a new record must extend the hash chain (next position, previous record''s hash)');
END;

CREATE TRIGGER records_no_update BEFORE UPDATE ON records
BEGIN
  SELECT RAISE(ABORT, 'signed records cannot be changed: write a correction that supersedes the record');
END;

CREATE TRIGGER records_no_delete BEFORE DELETE ON records
BEGIN
  SELECT RAISE(ABORT, 'signed records cannot be deleted: write a correction that supersedes the record');
END;

-- Signatures, append-only: the operator's first, reviewers' (co-signatures) after it.
-- Every signature is over the same bytes: the record's canonical column.
CREATE TABLE record_signatures (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id   TEXT NOT NULL REFERENCES records (id),
  kind        TEXT NOT NULL CHECK (kind IN ('operator', 'reviewer')),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role        TEXT NOT NULL DEFAULT '' CHECK (length(role) <= 100),
  -- Base64 of the raw 32-byte Ed25519 public key, and its SHA-256 (hex).
  public_key  TEXT NOT NULL CHECK (length(public_key) = 44),
  fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
  -- Base64 of the 64-byte Ed25519 signature.
  signature   TEXT NOT NULL CHECK (length(signature) = 88),
  signed_at   TEXT NOT NULL,
  UNIQUE (record_id, fingerprint)
) STRICT;

CREATE TRIGGER record_signatures_order BEFORE INSERT ON record_signatures
WHEN (NEW.kind = 'operator' AND EXISTS (SELECT 1 FROM record_signatures WHERE record_id = NEW.record_id))
  OR (NEW.kind = 'reviewer' AND NOT EXISTS (SELECT 1 FROM record_signatures WHERE record_id = NEW.record_id AND kind = 'operator'))
BEGIN
  SELECT RAISE(ABORT, 'a record has exactly one operator signature, first; co-signatures come after it');
END;

CREATE TRIGGER record_signatures_no_update BEFORE UPDATE ON record_signatures
BEGIN
  SELECT RAISE(ABORT, 'signatures cannot be changed');
END;

CREATE TRIGGER record_signatures_no_delete BEFORE DELETE ON record_signatures
BEGIN
  SELECT RAISE(ABORT, 'signatures cannot be deleted');
END;

-- Who did what to the records, append-only: sign-offs, co-signatures, exports, new operators.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  action    TEXT NOT NULL CHECK (action IN ('signoff', 'cosign', 'export', 'operator-added')),
  -- The operator's name, or the system user for exports.
  actor     TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
  record_id TEXT,
  -- Small JSON object: fingerprint, format, file name, ...
  detail    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail) AND json_type(detail) = 'object')
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log cannot be deleted from');
END;
`;
