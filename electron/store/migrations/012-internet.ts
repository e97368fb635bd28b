/**
 * Migration 9 (issue 13): what internet scanners' exports said, imported. One row per
 * import (the file's name and SHA-256, its format, its counts) and one per observation
 * of a service (address, port, transport, state, kind, product/version, TLS yes/no, a
 * small structured `said`, the time the source saw it, the source). A banner's free
 * text is never stored. `internet_address_map` maps a public address to the inside one
 * it is NATed to, for the reconcile table.
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
CREATE TABLE internet_imports (
  id            TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  imported_at   TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  file_sha256   TEXT NOT NULL CHECK (length(file_sha256) = 64),
  format        TEXT NOT NULL CHECK (format IN ('censys', 'shodan', 'nmap')),
  records_read  INTEGER NOT NULL CHECK (records_read >= 0),
  observations  INTEGER NOT NULL CHECK (observations >= 0),
  skipped       INTEGER NOT NULL CHECK (skipped >= 0)
) STRICT;

CREATE TABLE internet_observations (
  id           INTEGER PRIMARY KEY,
  import_id    TEXT NOT NULL REFERENCES internet_imports (id) ON DELETE CASCADE,
  host         TEXT NOT NULL CHECK (length(host) > 0),
  port         INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  transport    TEXT NOT NULL CHECK (transport IN ('tcp', 'udp')),
  -- Censys and Shodan list what answered (open); nmap also says closed or filtered.
  state        TEXT NOT NULL CHECK (state IN ('open', 'closed', 'filtered')),
  kind         TEXT NOT NULL CHECK (kind IN ('dicom', 'dicom-tls', 'web', 'other')),
  product      TEXT,
  version      TEXT,
  tls          INTEGER NOT NULL CHECK (tls IN (0, 1)),
  -- JSON object: what the source said about DICOM or the web (electron/internet/types.ts ObservationSaid).
  said         TEXT NOT NULL CHECK (json_valid(said) AND json_type(said) = 'object'),
  -- ISO-8601 UTC: when the source saw it (not when it was imported).
  observed_at  TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('censys', 'shodan', 'nmap')),
  file_sha256  TEXT NOT NULL CHECK (length(file_sha256) = 64)
) STRICT;

CREATE INDEX internet_observations_by_service ON internet_observations (host, port, observed_at);
CREATE INDEX internet_observations_by_import ON internet_observations (import_id);

CREATE TABLE internet_address_map (
  public_host  TEXT PRIMARY KEY NOT NULL CHECK (length(public_host) > 0),
  inside_host  TEXT NOT NULL CHECK (length(inside_host) > 0),
  created_at   TEXT NOT NULL
) STRICT;
`;
