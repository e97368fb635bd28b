/**
 * Migration 9: why a scan failed. A scan the engine (or the database) stopped with an
 * error ends with `finished_at` set, `cancelled` 1 (its report is partial) and this
 * one line in words, so the history says "failed, because ..." instead of showing it
 * as finished or merely cancelled. NULL for a scan that finished or was cancelled by
 * the user, and for every scan stored before this migration.
 *
 * (The history's counts need no column: one aggregate over check_results per listed
 * scan, electron/store/scans-repo.ts `listScans`.)
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
-- One line, written by the scan runner (electron/scan-run.ts); NULL unless the scan failed.
ALTER TABLE scans ADD COLUMN error TEXT;
`;
