/**
 * Migration 9 (issue 17): a maintenance window can be edited, extended and closed, and
 * each change is written to its history.
 *
 * - `maintenance_windows.closed_at`: when the window was closed by hand (NULL while it
 *   is not). A window closed while open also ends then (`ends_at` moves to that time);
 *   one closed before it started keeps its times and is simply over.
 * - `maintenance_window_events`: the window's history, append-only like the audit log
 *   and the checklist history (migration 6): who did what and when, with the values
 *   before and after as a small JSON object. Windows stored before this migration have
 *   no `created` event; their `created_at` says when they were made.
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
ALTER TABLE maintenance_windows ADD COLUMN closed_at TEXT;

CREATE TABLE maintenance_window_events (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  window_id  TEXT NOT NULL REFERENCES maintenance_windows (id),
  at         TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('created', 'edited', 'extended', 'closed')),
  -- Who did it, as they named themselves in the app.
  actor      TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
  -- Small JSON object: the values before and after, the minutes added, the reason given.
  detail     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail) AND json_type(detail) = 'object')
) STRICT;

CREATE INDEX maintenance_window_events_by_window ON maintenance_window_events (window_id, seq);

CREATE TRIGGER maintenance_window_events_no_update BEFORE UPDATE ON maintenance_window_events
BEGIN
  SELECT RAISE(ABORT, 'a maintenance window''s history cannot be rewritten: changes are only appended');
END;

CREATE TRIGGER maintenance_window_events_no_delete BEFORE DELETE ON maintenance_window_events
BEGIN
  SELECT RAISE(ABORT, 'a maintenance window''s history cannot be rewritten: changes are only appended');
END;

CREATE TRIGGER maintenance_window_events_no_replace BEFORE INSERT ON maintenance_window_events
WHEN EXISTS (SELECT 1 FROM maintenance_window_events WHERE seq = NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'a maintenance window''s history cannot be rewritten: changes are only appended');
END;

CREATE TRIGGER maintenance_window_events_extend AFTER INSERT ON maintenance_window_events
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM maintenance_window_events WHERE seq < NEW.seq)
  OR EXISTS (SELECT 1 FROM maintenance_window_events WHERE seq > NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'a new maintenance window change must take the next number');
END;
`;
