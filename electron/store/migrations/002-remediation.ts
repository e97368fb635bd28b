/**
 * Migration 2: remediation (issue 5): the inventory of known DICOM nodes, checklist
 * history per server, verifications with their before/after evidence, and maintenance
 * windows.
 *
 * APPEND-ONLY: once shipped, this text never changes; schema changes go in a new,
 * higher-numbered migration.
 *
 * Servers are named by endpoint (host, port) as the scans store them, not by a foreign
 * key: a checklist or a window may name a server before (or long after) any scan of it.
 * No patient data: node names, endpoints, operator names and notes, protocol evidence.
 */
export const sql = `
CREATE TABLE inventory_nodes (
  id          INTEGER PRIMARY KEY,
  ae_title    TEXT NOT NULL CHECK (length(ae_title) BETWEEN 1 AND 16),
  -- Literal addresses in canonical form (as scans store hosts), or a lower-case host name.
  host        TEXT NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
  port        INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  role        TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  -- ISO-8601 UTC of the last change.
  updated_at  TEXT NOT NULL,
  UNIQUE (ae_title, host, port)
) STRICT;

-- Append-only history of checklist changes (the repository only ever inserts); the
-- current state of an item is its last event.
CREATE TABLE checklist_events (
  -- AUTOINCREMENT: an event number is never reused, so history references stay unambiguous.
  seq    INTEGER PRIMARY KEY AUTOINCREMENT,
  host   TEXT NOT NULL CHECK (length(host) > 0),
  port   INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  kind   TEXT NOT NULL CHECK (kind IN ('step', 'attestation')),
  -- A step id of the rendered checklist, or a manual check id (manual.mfa, ...).
  item   TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
  done   INTEGER NOT NULL CHECK (done IN (0, 1)),
  actor  TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 100),
  at     TEXT NOT NULL,
  note   TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX checklist_events_by_server ON checklist_events (host, port, seq);

CREATE TABLE verifications (
  id                TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  host              TEXT NOT NULL CHECK (length(host) > 0),
  port              INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  -- The scan compared against (kept even if that scan is deleted later: the evidence is copied below).
  before_scan_id    TEXT NOT NULL,
  before_at         TEXT NOT NULL,
  -- When the re-probe started and ended.
  after_at          TEXT NOT NULL,
  after_finished_at TEXT NOT NULL,
  vantage_label     TEXT NOT NULL,
  vantage_untrusted INTEGER NOT NULL CHECK (vantage_untrusted IN (0, 1)),
  passed            INTEGER NOT NULL CHECK (passed IN (0, 1)),
  -- The Verification document (shared/remediation.ts): per-check verdicts and counts.
  result            TEXT NOT NULL CHECK (json_valid(result) AND json_type(result) = 'object'),
  -- The two observations compared, as ServiceResult JSON (evidence included).
  before_service    TEXT NOT NULL CHECK (json_valid(before_service) AND json_type(before_service) = 'object'),
  after_service     TEXT NOT NULL CHECK (json_valid(after_service) AND json_type(after_service) = 'object')
) STRICT;

CREATE INDEX verifications_by_server ON verifications (host, port, after_at);

CREATE TABLE maintenance_windows (
  id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  starts_at  TEXT NOT NULL,
  ends_at    TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK (ends_at > starts_at)
) STRICT;

CREATE TABLE window_servers (
  window_id TEXT NOT NULL REFERENCES maintenance_windows (id) ON DELETE CASCADE,
  -- Order in which the servers were given.
  position  INTEGER NOT NULL,
  host      TEXT NOT NULL CHECK (length(host) > 0),
  port      INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  PRIMARY KEY (window_id, host, port)
) STRICT;
`;
