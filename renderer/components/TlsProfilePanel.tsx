/**
 * Issue 15: a TLS service's PS3.15 profile verdict, shown first on the Server screen
 * ("meets B.12" / "meets only retired BCP 195: accepts TLS 1.0 ..."), the accepted
 * suites per version in a table, and each profile's first reason it is not met.
 */
import type { CheckResult } from '../../shared/types';
import { tlsProfileView, type SuiteRow } from '../screens/server/tls-profile';
import { StatusBadge } from './Badges';
import { DataTable, type Column } from './DataTable';

const COLUMNS: readonly Column<SuiteRow>[] = [
  { id: 'version', header: 'Version', cell: (r) => r.version, compare: (a, b) => a.version.localeCompare(b.version) },
  { id: 'suite', header: 'Cipher suite', cell: (r) => r.suite, className: 'mono', compare: (a, b) => a.suite.localeCompare(b.suite) },
  { id: 'kx', header: 'Key exchange', cell: (r) => r.keyExchange || '—' },
  { id: 'weak', header: 'Outside BCP 195', cell: (r) => r.weak ?? 'no', compare: (a, b) => (a.weak ?? '').localeCompare(b.weak ?? '') },
];

export function TlsProfilePanel({ checks }: { checks: readonly CheckResult[] }) {
  const view = tlsProfileView(checks);
  if (!view) return null;
  return (
    <section className="panel" aria-labelledby="tls-profile-title" data-testid="tls-profile">
      <h2 id="tls-profile-title" className="section-title">
        DICOM TLS profile (PS3.15 Annex B)
      </h2>
      <p className="check-summary" data-testid="tls-profile-verdict">
        <StatusBadge status={view.status} /> {view.verdict}
      </p>
      {view.incomplete ? <p className="hint">Incomplete: {view.incomplete}</p> : null}
      {view.suites.length > 0 ? (
        <DataTable rows={view.suites} columns={COLUMNS} rowKey={(r) => r.key} label="Accepted cipher suites" defaultSort={{ column: 'version', direction: 'desc' }} />
      ) : (
        <p className="hint">No cipher suite was accepted.</p>
      )}
      <p className="hint">
        {view.serverOrder === null ? 'Suite order: not determined.' : view.serverOrder ? 'The server enforces its own suite order.' : 'The server follows the client\u2019s suite order.'}
        {view.groups.length > 0 ? ` ECDHE groups: ${view.groups.join(', ')}.` : ''}
      </p>
      <details className="evidence-box">
        <summary>Every profile</summary>
        <ul data-testid="tls-profile-list">
          {view.profiles.map((p) => (
            <li key={p.id}>
              <strong>{p.title}</strong>
              {p.retired ? ' (retired)' : ''}: {p.met === true ? 'met' : p.met === null ? `not verified (${p.reason ?? 'not tested'})` : `not met: ${p.reason ?? ''}`}
            </li>
          ))}
        </ul>
        {view.notTested.length > 0 ? <p className="hint">Not tested: {view.notTested.join('; ')}.</p> : null}
      </details>
    </section>
  );
}
