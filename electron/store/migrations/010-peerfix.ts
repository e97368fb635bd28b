/**
 * Migration 9 (issue 14): acknowledgements that a checklist step cuts off peers seen
 * recently. Marking such a step done needs the admin to name each peer it cuts off;
 * the acknowledgement is one row per checklist change (`seq`), written in the same
 * transaction as the change, holding the peers as the main process computed them
 * then (AE title, address, last seen, why). Append-only like checklist_events.
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
CREATE TABLE cut_off_acknowledgements (
  seq INTEGER PRIMARY KEY REFERENCES checklist_events (seq),
  host TEXT NOT NULL,
  port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  step_id TEXT NOT NULL,
  -- JSON array of { callingAe, address, lastSeen, source, why } (shared/peers.ts CutOffAcknowledgement.peers)
  peers TEXT NOT NULL CHECK (json_valid(peers) AND json_type(peers) = 'array'),
  recent_days INTEGER NOT NULL CHECK (recent_days >= 1)
) STRICT;

CREATE INDEX cut_off_acknowledgements_by_server ON cut_off_acknowledgements (host, port);

CREATE TRIGGER cut_off_acknowledgements_no_replace BEFORE INSERT ON cut_off_acknowledgements
WHEN EXISTS (SELECT 1 FROM cut_off_acknowledgements WHERE seq = NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'an acknowledgement cannot be replaced');
END;

CREATE TRIGGER cut_off_acknowledgements_no_update BEFORE UPDATE ON cut_off_acknowledgements
BEGIN
  SELECT RAISE(ABORT, 'acknowledgements cannot be changed: record a new change instead');
END;

CREATE TRIGGER cut_off_acknowledgements_no_delete BEFORE DELETE ON cut_off_acknowledgements
BEGIN
  SELECT RAISE(ABORT, 'acknowledgements cannot be deleted');
END;
`;
