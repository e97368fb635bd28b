/**
 * Migration 17 (issue 16, the store's speed): the same check_results, with CHECKs
 * that cost a comparison instead of a temporary table.
 *
 * SQLite codes `x IN ('a', 'b', 'c', ...)` (more than two constants) as a lookup in
 * an ephemeral index that it fills with the constants. In an ordinary statement it
 * fills it once; in a CHECK constraint it cannot (sqlite3CodeRhsOfIN skips the OP_Once
 * when the expression is a table's own constraint), so every row written built two
 * such indexes, one for `status` (5 inserts) and one for `severity` (5 inserts):
 * EXPLAIN of the repository's INSERT shows OpenEphemeral + 10 IdxInsert per row, and
 * they were about a third of the instructions spent saving a scan. The same
 * vocabularies written as chains of `=` compare at most five times, with no table.
 *
 * Columns, key (service_id, seq), WITHOUT ROWID, STRICT, the foreign key and the
 * json_valid checks are exactly those of migration 14; rows are copied in key order.
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
CREATE TABLE check_results_v15 (
  service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  -- Place in the service's list, from 0, in the order saved.
  seq        INTEGER NOT NULL CHECK (seq >= 0),
  check_id   TEXT NOT NULL CHECK (length(check_id) > 0),
  -- The closed vocabularies, as = chains (an IN list of more than two builds a table per row).
  status     TEXT NOT NULL CHECK (status = 'fail' OR status = 'pass' OR status = 'inconclusive' OR status = 'not-applicable' OR status = 'skipped'),
  severity   TEXT NOT NULL CHECK (severity = 'info' OR severity = 'low' OR severity = 'medium' OR severity = 'high' OR severity = 'critical'),
  summary    TEXT NOT NULL,
  -- JSON object of protocol facts; never patient data.
  evidence   TEXT NOT NULL CHECK (json_valid(evidence)),
  -- JSON array of MITRE ATT&CK technique ids.
  attack     TEXT NOT NULL CHECK (json_valid(attack)),
  PRIMARY KEY (service_id, seq)
) STRICT, WITHOUT ROWID;

INSERT INTO check_results_v15 (service_id, seq, check_id, status, severity, summary, evidence, attack)
  SELECT service_id, seq, check_id, status, severity, summary, evidence, attack
  FROM check_results ORDER BY service_id, seq;

DROP TABLE check_results;
ALTER TABLE check_results_v15 RENAME TO check_results;
`;
