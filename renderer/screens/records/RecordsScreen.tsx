/** Records: every signed remediation record of this database, oldest first, with exports and a file check. */
import { useEffect } from 'react';
import { serverKey } from '../../../shared/host';
import { EmptyState } from '../../components/EmptyState';
import { formatWhen, sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { ScreenHead } from '../../components/ScreenHead';
import { useAppStore } from '../../store';
import { VerdictChips } from '../remediation/VerdictBadge';
import { saveExport } from './download';
import { FileCheckPanel } from './FileCheckPanel';
import { Fingerprint } from './Fingerprint';
import { OutcomeBadge } from './OutcomeBadge';
import { RecordSignersBadge } from './SignerTrustBadge';
import { TrustListPanel } from './TrustListPanel';

export function RecordsScreen() {
  const list = useAppStore((s) => s.records.list);
  const exporting = useAppStore((s) => s.records.exporting);
  const exportError = useAppStore((s) => s.records.exportError);
  const loadRecords = useAppStore((s) => s.loadRecords);
  const openRecord = useAppStore((s) => s.openRecord);
  const exportRecords = useAppStore((s) => s.exportRecords);
  const go = useAppStore((s) => s.go);
  const rows = list.data ?? [];

  useEffect(() => {
    void loadRecords();
  }, [loadRecords]);

  const exportAll = (format: 'json' | 'csv'): void => {
    void exportRecords(format === 'json' ? { format, all: true } : { format }).then((f) => f && saveExport(f));
  };

  let content;
  if (list.status === 'error') {
    content = (
      <Notice
        tone="error"
        title="The records could not be loaded."
        actions={
          <button type="button" className="btn" onClick={() => void loadRecords()}>
            Try again
          </button>
        }
      >
        {sentence(list.error ?? '')}
      </Notice>
    );
  } else if (rows.length === 0 && list.status !== 'ready') {
    content = (
      <div className="panel panel-body status-line" role="status">
        <span className="spinner" aria-hidden="true" /> Loading the records…
      </div>
    );
  } else if (rows.length === 0) {
    content = (
      <div className="panel">
        <EmptyState
          title="No signed records yet"
          action={
            <button type="button" className="btn btn-primary" onClick={() => go('servers')}>
              Go to Servers
            </button>
          }
        >
          Fix a server, re-check it, then sign it off: each record proves what was found, what was done by whom, and how it was checked
          afterwards.
        </EmptyState>
      </div>
    );
  } else {
    content = (
      <div className="panel table-wrap">
        <table className="records-table" aria-label="Signed records">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Server</th>
              <th scope="col">Signed</th>
              <th scope="col">By</th>
              <th scope="col">Outcome</th>
              <th scope="col">Re-check</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...rows].reverse().map((r) => (
              <tr key={r.id} data-testid="record-row" data-record={r.id}>
                <td className="num">{r.position}</td>
                <td className="mono">
                  {serverKey(r)}
                  {r.supersedes ? <span className="hint"> (correction)</span> : null}
                  {r.supersededBy.length > 0 ? <span className="hint"> (superseded)</span> : null}
                </td>
                <td>{formatWhen(r.createdAt)}</td>
                <td>
                  <span className="rec-by">
                    {r.operator.name} <Fingerprint value={r.operator.fingerprint} />
                  </span>
                  {r.reviewers.length > 0 ? (
                    <span className="hint">
                      co-signed by {r.reviewers.map((x) => x.name).join(', ')}
                    </span>
                  ) : null}
                  <RecordSignersBadge signers={r.signers} />
                </td>
                <td>
                  <OutcomeBadge passed={r.passed} />
                </td>
                <td>{r.counts ? <VerdictChips counts={r.counts} /> : <span className="hint">none</span>}</td>
                <td className="cell-actions">
                  <button type="button" className="btn btn-small" onClick={() => openRecord(r.id)} aria-label={`Open record ${r.position}`}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className="screen">
      <ScreenHead
        title="Records"
        actions={
          rows.length > 0 ? (
            <>
              <button type="button" className="btn" onClick={() => exportAll('json')} disabled={exporting !== null}>
                {exporting === 'json' ? 'Exporting…' : 'Export the chain (JSON)'}
              </button>
              <button type="button" className="btn" onClick={() => exportAll('csv')} disabled={exporting !== null}>
                {exporting === 'csv' ? 'Exporting…' : 'Summary for a spreadsheet (CSV)'}
              </button>
            </>
          ) : undefined
        }
      >
        Signed remediation records, newest first. Each is hash-chained to the one before and cannot be edited; a correction is a new
        record.
      </ScreenHead>
      {exportError ? (
        <Notice tone="error" title="Nothing was exported.">
          {sentence(exportError ?? '')}
        </Notice>
      ) : null}
      {content}
      <FileCheckPanel />
      <TrustListPanel />
    </div>
  );
}
