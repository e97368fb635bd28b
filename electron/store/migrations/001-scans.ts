/**
 * Migration 1: scans, the services each scan found, and the judged check results.
 *
 * APPEND-ONLY: once shipped, this text never changes (its SHA-256 is recorded in
 * every database it was applied to, and openStore refuses a database whose history
 * no longer matches). Schema changes go in a new, higher-numbered migration.
 *
 * No patient data, ever: these tables hold scan metadata, network endpoints, product
 * fingerprints and check evidence (protocol facts), nothing read from an image archive.
 *
 * Closed vocabularies that the spec fixes (service state, check status, severity,
 * called-AE source) are CHECKed here. Protocols and check ids are left open on
 * purpose: the catalog may grow, and widening a CHECK in SQLite means rebuilding the
 * table; the application's types guard them instead.
 */
export const sql = `
CREATE TABLE scans (
  id                TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  -- ISO-8601 UTC as Date#toISOString() writes it, so text order is time order.
  started_at        TEXT NOT NULL,
  -- NULL while the scan runs (or if its process died before it finished).
  finished_at       TEXT,
  vantage_label     TEXT NOT NULL,
  vantage_untrusted INTEGER NOT NULL CHECK (vantage_untrusted IN (0, 1)),
  -- JSON array of the targets as the user gave them.
  targets           TEXT NOT NULL CHECK (json_valid(targets) AND json_type(targets) = 'array'),
  -- JSON array of TCP port numbers.
  ports             TEXT NOT NULL CHECK (json_valid(ports) AND json_type(ports) = 'array'),
  cancelled         INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
  -- Version of the collimator that ran the scan (the report's tool.version).
  tool_version      TEXT NOT NULL
) STRICT;

-- Listing scans newest first.
CREATE INDEX scans_by_started_at ON scans (started_at);

CREATE TABLE services (
  id               INTEGER PRIMARY KEY,
  scan_id          TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
  host             TEXT NOT NULL CHECK (length(host) > 0),
  port             INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  state            TEXT NOT NULL CHECK (state IN ('open', 'closed', 'filtered')),
  protocol         TEXT,
  -- JSON object (shared/types Product) or NULL.
  product          TEXT CHECK (product IS NULL OR (json_valid(product) AND json_type(product) = 'object')),
  called_ae        TEXT,
  called_ae_source TEXT CHECK (called_ae_source IS NULL OR called_ae_source IN ('user', 'inventory', 'guess')),
  UNIQUE (scan_id, host, port)
) STRICT;

-- The latest scan of one host:port (verify, sign-off).
CREATE INDEX services_by_endpoint ON services (host, port);

CREATE TABLE check_results (
  service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  check_id   TEXT NOT NULL CHECK (length(check_id) > 0),
  status     TEXT NOT NULL CHECK (status IN ('fail', 'pass', 'inconclusive', 'not-applicable', 'skipped')),
  severity   TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  summary    TEXT NOT NULL,
  -- JSON object of protocol facts; never patient data.
  evidence   TEXT NOT NULL CHECK (json_valid(evidence) AND json_type(evidence) = 'object'),
  -- JSON array of MITRE ATT&CK technique ids.
  attack     TEXT NOT NULL CHECK (json_valid(attack) AND json_type(attack) = 'array'),
  PRIMARY KEY (service_id, check_id)
) STRICT;
`;
