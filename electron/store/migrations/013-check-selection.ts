/**
 * Migration 9 (issue 16): which checks a scan ran. `profile` is `full`, `discovery` or
 * `custom` (a `--checks` list); `checks` the JSON array of the check ids that ran (every
 * other check of the scan is stored `skipped`). NULL for every scan stored before this
 * migration (they ran the whole catalog of their version).
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
ALTER TABLE scans ADD COLUMN profile TEXT CHECK (profile IS NULL OR profile IN ('full', 'discovery', 'custom'));
ALTER TABLE scans ADD COLUMN checks TEXT CHECK (checks IS NULL OR (json_valid(checks) AND json_type(checks) = 'array'));
`;
