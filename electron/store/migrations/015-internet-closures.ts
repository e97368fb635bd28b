/**
 * Migration 15 (issue 13): "closed as seen from the internet" attached to a server as
 * evidence for its next signed record. One row per attachment: the inside server
 * (host, port), the public host:port the internet saw, when and how a later outside
 * view no longer showed it (absent, closed, filtered) and by which source, the import
 * that said so (its id, file name and SHA-256, copied so the evidence stands on its
 * own), the newest outside view before it that still showed the port open, and who
 * attached it when. Append-only like checklist_events: a closure attached once is
 * never changed or removed, and the same import's closure is attached once per server.
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
CREATE TABLE internet_closures (
  seq             INTEGER PRIMARY KEY,
  host            TEXT NOT NULL CHECK (length(host) > 0),
  port            INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  public_host     TEXT NOT NULL CHECK (length(public_host) > 0),
  public_port     INTEGER NOT NULL CHECK (public_port BETWEEN 1 AND 65535),
  closed_at       TEXT NOT NULL,
  how             TEXT NOT NULL CHECK (how IN ('absent', 'closed', 'filtered')),
  source          TEXT NOT NULL CHECK (source IN ('censys', 'shodan', 'nmap')),
  import_id       TEXT NOT NULL REFERENCES internet_imports (id),
  file_name       TEXT NOT NULL,
  file_sha256     TEXT NOT NULL CHECK (length(file_sha256) = 64),
  last_open_at    TEXT NOT NULL,
  last_open_source TEXT NOT NULL CHECK (last_open_source IN ('censys', 'shodan', 'nmap')),
  attached_at     TEXT NOT NULL,
  attached_by     TEXT NOT NULL CHECK (length(attached_by) > 0),
  UNIQUE (host, port, public_host, public_port, import_id)
) STRICT;

CREATE INDEX internet_closures_by_server ON internet_closures (host, port);

CREATE TRIGGER internet_closures_no_replace BEFORE INSERT ON internet_closures
WHEN EXISTS (SELECT 1 FROM internet_closures WHERE seq = NEW.seq
             OR (host = NEW.host AND port = NEW.port AND public_host = NEW.public_host AND public_port = NEW.public_port AND import_id = NEW.import_id))
BEGIN
  SELECT RAISE(ABORT, 'an attached closure cannot be replaced');
END;

CREATE TRIGGER internet_closures_no_update BEFORE UPDATE ON internet_closures
BEGIN
  SELECT RAISE(ABORT, 'attached closures cannot be changed');
END;

CREATE TRIGGER internet_closures_no_delete BEFORE DELETE ON internet_closures
BEGIN
  SELECT RAISE(ABORT, 'attached closures cannot be deleted');
END;

CREATE TRIGGER internet_imports_attached_no_delete BEFORE DELETE ON internet_imports
WHEN EXISTS (SELECT 1 FROM internet_closures WHERE import_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'this import is evidence attached to a server: it cannot be deleted');
END;
`;
