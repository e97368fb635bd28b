/** The Records list's columns for the shared DataTable (cells as they were in RecordsScreen). */
import { serverKey } from '../../../shared/host';
import type { Column } from '../../components/DataTable';
import { formatWhen } from '../../components/format';
import type { AppState } from '../../store';
import { VerdictChips } from '../remediation/VerdictBadge';
import { Fingerprint } from './Fingerprint';
import { OutcomeBadge } from './OutcomeBadge';
import { RecordSignersBadge } from './SignerTrustBadge';

type Row = NonNullable<AppState['records']['list']['data']>[number];

const serverOf = (r: Row): string => serverKey(r);

export function recordColumns(openRecord: (id: string) => void): Column<Row>[] {
  return [
    { id: 'position', header: '#', className: 'num', compare: (a, b) => a.position - b.position, cell: (r) => r.position },
    {
      id: 'server',
      header: 'Server',
      cellClassName: 'mono',
      compare: (a, b) => serverOf(a).localeCompare(serverOf(b), undefined, { numeric: true }),
      cell: (r) => (
        <>
          {serverOf(r)}
          {r.supersedes ? <span className="hint"> (correction)</span> : null}
          {r.supersededBy.length > 0 ? <span className="hint"> (superseded)</span> : null}
        </>
      ),
    },
    { id: 'signed', header: 'Signed', compare: (a, b) => a.createdAt.localeCompare(b.createdAt), cell: (r) => formatWhen(r.createdAt) },
    {
      id: 'by',
      header: 'By',
      compare: (a, b) => a.operator.name.localeCompare(b.operator.name),
      cell: (r) => (
        <>
          <span className="rec-by">
            {r.operator.name} <Fingerprint value={r.operator.fingerprint} />
          </span>
          {r.reviewers.length > 0 ? <span className="hint">co-signed by {r.reviewers.map((x) => x.name).join(', ')}</span> : null}
          <RecordSignersBadge signers={r.signers} />
        </>
      ),
    },
    { id: 'outcome', header: 'Outcome', compare: (a, b) => Number(a.passed) - Number(b.passed), cell: (r) => <OutcomeBadge passed={r.passed} /> },
    { id: 'recheck', header: 'Re-check', cell: (r) => (r.counts ? <VerdictChips counts={r.counts} /> : <span className="hint">none</span>) },
    {
      id: 'actions',
      header: 'Actions',
      hideHeader: true,
      cellClassName: 'cell-actions',
      cell: (r) => (
        <button
          type="button"
          className="btn btn-small"
          onClick={(e) => {
            e.stopPropagation();
            openRecord(r.id);
          }}
          aria-label={`Open record ${r.position}`}
        >
          Open
        </button>
      ),
    },
  ];
}
