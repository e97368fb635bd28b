/**
 * Migration 10 (issue 16, the store's speed): check_results as one B-tree.
 *
 * Before, every result was written twice over (the rowid table and the automatic
 * index of PRIMARY KEY (service_id, check_id)), every JSON column was parsed twice by
 * its CHECK (json_valid, then json_type), and reading a scan back sorted all its
 * results by rowid in a temporary B-tree. Now the table is WITHOUT ROWID, keyed by
 * (service_id, seq), seq being the result's place in its service's list (the order
 * saved): a scan's results are written and read in key order, with no sort and no
 * second index. The JSON columns are checked with one parse each (json_valid; the
 * repository writes JSON.stringify of an object / an array). One check id per
 * service is the repository's rule (electron/store/scans-repo.ts refuses a
 * duplicate before writing): a UNIQUE index would bring the second B-tree back.
 *
 * Existing rows are copied in their saved order. APPEND-ONLY: once shipped, this
 * text never changes.
 */
export const sql = `
CREATE TABLE check_results_v10 (
  service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  -- Place in the service's list, from 0, in the order saved.
  seq        INTEGER NOT NULL CHECK (seq >= 0),
  check_id   TEXT NOT NULL CHECK (length(check_id) > 0),
  status     TEXT NOT NULL CHECK (status IN ('fail', 'pass', 'inconclusive', 'not-applicable', 'skipped')),
  severity   TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  summary    TEXT NOT NULL,
  -- JSON object of protocol facts; never patient data.
  evidence   TEXT NOT NULL CHECK (json_valid(evidence)),
  -- JSON array of MITRE ATT&CK technique ids.
  attack     TEXT NOT NULL CHECK (json_valid(attack)),
  PRIMARY KEY (service_id, seq)
) STRICT, WITHOUT ROWID;

INSERT INTO check_results_v10 (service_id, seq, check_id, status, severity, summary, evidence, attack)
  SELECT service_id, row_number() OVER (PARTITION BY service_id ORDER BY rowid) - 1, check_id, status, severity, summary, evidence, attack
  FROM check_results;

DROP TABLE check_results;
ALTER TABLE check_results_v10 RENAME TO check_results;
`;
