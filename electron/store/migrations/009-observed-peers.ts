/**
 * Migration 9: peers learned from server logs and captures (issue 14). One row per
 * (source file, server, calling AE, address, outcome); a file learned again replaces its
 * rows, so counts are not doubled. Only association facts: AE titles, addresses, ports,
 * request kinds, times, counts. Unknown text values are '' and an unknown port 0 (so the
 * UNIQUE key works); the repository turns them back into null.
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
CREATE TABLE observed_peers (
  id          INTEGER PRIMARY KEY,
  -- Where it was learned: a file path (CLI) or a dropped file's name (app).
  source      TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 4096),
  format      TEXT NOT NULL CHECK (format IN ('orthanc', 'dcmtk', 'dcm4chee', 'pcap', 'mixed')),
  host        TEXT NOT NULL DEFAULT '' CHECK (length(host) <= 253),
  port        INTEGER NOT NULL DEFAULT 0 CHECK (port BETWEEN 0 AND 65535),
  called_ae   TEXT NOT NULL DEFAULT '' CHECK (length(called_ae) <= 16),
  calling_ae  TEXT NOT NULL DEFAULT '' CHECK (length(calling_ae) <= 16),
  address     TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 253),
  accepted    INTEGER NOT NULL CHECK (accepted IN (0, 1)),
  -- JSON array of echo, store, find, move, get.
  operations  TEXT NOT NULL CHECK (json_valid(operations) AND json_type(operations) = 'array'),
  first_seen  TEXT,
  last_seen   TEXT,
  count       INTEGER NOT NULL CHECK (count >= 0),
  learned_at  TEXT NOT NULL,
  UNIQUE (source, host, port, called_ae, calling_ae, address, accepted)
) STRICT;

CREATE INDEX observed_peers_by_server ON observed_peers (host, port, called_ae);
`;
