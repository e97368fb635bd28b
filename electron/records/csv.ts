/**
 * The CSV summary of all records, one row each, for a spreadsheet (`records export
 * --format csv`, `records list --csv`). RFC 4180 quoting. Cells that a spreadsheet would
 * run as a formula (starting with = + - @ or a tab/CR: a product name from a scanned
 * peer, an operator's note) get a leading apostrophe (OWASP "CSV injection").
 */
import type { RecordListItem } from './repo';

export const CSV_COLUMNS = [
  'position', 'id', 'created_at', 'host', 'port', 'operator', 'operator_role', 'operator_fingerprint', 'reviewers',
  'findings_before', 'verification', 'fixed', 'still_failing', 'regressed', 'inconclusive', 'still_passing',
  'supersedes', 'superseded_by', 'hash', 'note',
] as const;

/** One cell, quoted when needed and defused when a spreadsheet would evaluate it. */
export function csvCell(value: string | number | boolean | null): string {
  let s = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function recordsCsv(items: readonly RecordListItem[]): string {
  const rows = items.map((r) => [
    r.position, r.id, r.createdAt, r.host, r.port, r.operator.name, r.operator.role, r.operator.fingerprint,
    r.reviewers.map((x) => (x.role ? `${x.name} (${x.role})` : x.name)).join('; '),
    r.findings,
    r.passed === null ? 'never verified' : r.passed ? 'passed' : 'not passed',
    r.counts?.fixed ?? null, r.counts?.['still-failing'] ?? null, r.counts?.regressed ?? null, r.counts?.inconclusive ?? null, r.counts?.['still-passing'] ?? null,
    r.supersedes, r.supersededBy.join('; '), r.hash, r.note,
  ]);
  return [CSV_COLUMNS.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n') + '\r\n';
}
