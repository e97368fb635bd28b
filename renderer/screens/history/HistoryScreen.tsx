/** Scan history: earlier scans, most recent first, each one reopenable. */
import { useEffect } from 'react';
import { FailCountChips, ScanStateBadge } from '../../components/Badges';
import { EmptyState } from '../../components/EmptyState';
import { formatWhen } from '../../components/format';
import { Notice } from '../../components/Notice';
import { ScreenHead } from '../../components/ScreenHead';
import { useAppStore } from '../../store';

export function HistoryScreen() {
  const history = useAppStore((s) => s.history);
  const loadHistory = useAppStore((s) => s.loadHistory);
  const openScan = useAppStore((s) => s.openScan);
  const openScanId = useAppStore((s) => s.report.scanId);
  const go = useAppStore((s) => s.go);

  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  let content;
  if (history.status === 'error') {
    content = (
      <Notice
        tone="error"
        title="The scan history could not be loaded."
        actions={
          <button type="button" className="btn" onClick={() => void loadHistory()}>
            Try again
          </button>
        }
      >
        {history.error}
      </Notice>
    );
  } else if (history.scans.length === 0 && history.status !== 'ready') {
    content = (
      <div className="panel panel-body status-line" role="status">
        <span className="spinner" aria-hidden="true" /> Loading earlier scans…
      </div>
    );
  } else if (history.scans.length === 0) {
    content = (
      <div className="panel">
        <EmptyState
          title="No scans yet"
          action={
            <button type="button" className="btn btn-primary" onClick={() => go('scope')}>
              Go to Scope & scan
            </button>
          }
        >
          Every scan you run is kept here with its findings, so you can compare and reopen it later.
        </EmptyState>
      </div>
    );
  } else {
    content = (
      <div className="panel table-wrap">
        <table className="history-table" aria-label="Earlier scans">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Targets</th>
              <th scope="col">From</th>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Services
              </th>
              <th scope="col">Failing checks</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {history.scans.map((scan) => (
              <tr key={scan.id} data-testid="history-row" data-scan={scan.id} aria-current={scan.id === openScanId ? 'true' : undefined}>
                <td>{formatWhen(scan.startedAt)}</td>
                <td className="mono cell-ellipsis" title={scan.targets.join(', ')}>
                  {scan.targets.join(', ')}
                </td>
                <td title={scan.vantage.label}>
                  {scan.vantage.label}
                  {scan.vantage.untrusted ? <span className="hint"> (untrusted)</span> : null}
                </td>
                <td title={scan.error}>
                  <ScanStateBadge state={scan.state} />
                </td>
                <td className="num">{scan.services}</td>
                <td className="cell-fails">
                  <FailCountChips counts={scan.fail} />
                </td>
                <td className="num cell-action">
                  <button type="button" className="btn" onClick={() => void openScan(scan.id, true)} aria-label={`Open the scan started ${formatWhen(scan.startedAt)}`}>
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
        title="Scan history"
        actions={
          <button type="button" className="btn" onClick={() => void loadHistory()} disabled={history.status === 'loading'}>
            Refresh
          </button>
        }
      >
        Earlier scans from this computer, most recent first. Open one to review its servers again.
      </ScreenHead>
      {content}
    </div>
  );
}
