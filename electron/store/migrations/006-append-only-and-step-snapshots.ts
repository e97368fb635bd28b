/**
 * Migration 6 (issue 11): append-only means append-only, and what was true at the time.
 *
 * 1. The UPDATE/DELETE triggers of 003 left a hole: `INSERT OR REPLACE`, `REPLACE INTO`
 *    and `INSERT ... ON CONFLICT` on an existing key delete the old row and insert a new
 *    one, and SQLite does not fire DELETE triggers for that delete (only with PRAGMA
 *    recursive_triggers, which nobody can be made to set). So every protected table also
 *    gets a BEFORE INSERT trigger that refuses a row whose key already exists (it fires
 *    before the conflict is resolved, so REPLACE never gets to delete anything), and the
 *    numbered logs an AFTER INSERT trigger that refuses a number that does not extend the
 *    sequence (seq must be the previous largest + 1, or 1 for the first row; AFTER,
 *    because in a BEFORE trigger an automatic seq still reads -1).
 *    Protected: records, record_signatures (claim signatures are a column of it),
 *    audit_log, and checklist_events, which 002 only promised to append to and which now
 *    holds the evidence of what the admin saw (below).
 *
 * 2. checklist_events.shown: the exact words and values the admin was shown for the item
 *    when making the change (step text with the peers filled in, the snippet with its
 *    rollback, the peers, the scan it was rendered from), rendered in the main process at
 *    that moment. Signed records are built from it, never re-rendered from today's
 *    inventory. NULL for events recorded before this migration: the record then says the
 *    text was not recorded at the time.
 *
 * Anyone who can write the file can still drop a trigger; the records' hash chain and
 * signatures show that (003). APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
-- JSON object (shared/remediation.ts ShownItem); NULL for events recorded before this column existed.
ALTER TABLE checklist_events ADD COLUMN shown TEXT CHECK (shown IS NULL OR (json_valid(shown) AND json_type(shown) = 'object'));

CREATE TRIGGER records_no_replace BEFORE INSERT ON records
WHEN EXISTS (SELECT 1 FROM records WHERE position = NEW.position OR id = NEW.id OR hash = NEW.hash)
BEGIN
  SELECT RAISE(ABORT, 'signed records cannot be replaced: write a correction that supersedes the record');
END;

CREATE TRIGGER record_signatures_no_replace BEFORE INSERT ON record_signatures
WHEN EXISTS (SELECT 1 FROM record_signatures WHERE seq = NEW.seq OR (record_id = NEW.record_id AND fingerprint = NEW.fingerprint))
BEGIN
  SELECT RAISE(ABORT, 'signatures cannot be replaced');
END;

CREATE TRIGGER record_signatures_extend AFTER INSERT ON record_signatures
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM record_signatures WHERE seq < NEW.seq)
  OR EXISTS (SELECT 1 FROM record_signatures WHERE seq > NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'a new signature must take the next number');
END;

CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'the audit log cannot be rewritten: entries are only appended');
END;

CREATE TRIGGER audit_log_extend AFTER INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log WHERE seq < NEW.seq)
  OR EXISTS (SELECT 1 FROM audit_log WHERE seq > NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'a new audit log entry must take the next number');
END;

CREATE TRIGGER checklist_events_no_replace BEFORE INSERT ON checklist_events
WHEN EXISTS (SELECT 1 FROM checklist_events WHERE seq = NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'checklist history cannot be rewritten: changes are only appended');
END;

CREATE TRIGGER checklist_events_extend AFTER INSERT ON checklist_events
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM checklist_events WHERE seq < NEW.seq)
  OR EXISTS (SELECT 1 FROM checklist_events WHERE seq > NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'a new checklist change must take the next number');
END;

CREATE TRIGGER checklist_events_no_update BEFORE UPDATE ON checklist_events
BEGIN
  SELECT RAISE(ABORT, 'checklist history cannot be changed: record a new change instead');
END;

CREATE TRIGGER checklist_events_no_delete BEFORE DELETE ON checklist_events
BEGIN
  SELECT RAISE(ABORT, 'checklist history cannot be deleted from');
END;
`;
