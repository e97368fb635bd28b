/**
 * The reconcile table as CSV (RFC 4180, CRLF, a header row), for `export --format csv`
 * and the Internet view's download. A cell that a spreadsheet would run as a formula
 * (starting with = + - @ tab CR) is prefixed with an apostrophe.
 */
import type { ReconcileTable } from '../../shared/internet';

export const RECONCILE_CSV_HEADER = [
  'host', 'port', 'inside_host', 'status', 'kind', 'product', 'tls', 'last_seen_outside', 'source', 'age_days', 'stale',
  'closed_outside_at', 'closed_outside_source', 'closed_outside_how', 'inside_state', 'inside_scanned_at', 'observations',
] as const;

function cell(v: string | number | boolean | null): string {
  if (v === null) return '';
  let s = typeof v === 'string' ? v : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reconcileCsv(table: ReconcileTable): string {
  const lines = [RECONCILE_CSV_HEADER.join(',')];
  for (const r of table.rows) {
    lines.push(
      [
        r.host, r.port, r.insideHost, r.status, r.kind, r.product, r.tls === null ? null : r.tls ? 'yes' : 'no', r.lastSeenOutside, r.lastSeenSource, r.ageDays,
        r.stale ? 'yes' : 'no', r.closedOutside?.at ?? null, r.closedOutside?.source ?? null, r.closedOutside?.how ?? null, r.insideState, r.insideScannedAt, r.observations,
      ].map(cell).join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
