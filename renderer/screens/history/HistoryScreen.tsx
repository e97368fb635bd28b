/** Scan history: earlier scans, most recent first, each one reopenable. */
import { useEffect, useMemo } from 'react';
import type { ScanSummary } from '../../../shared/contract';
import { FailCountChips, ScanStateBadge } from '../../components/Badges';
import { DataTable, type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { formatWhen } from '../../components/format';
import { LoadState } from '../../components/LoadState';
import { ScreenHead } from '../../components/ScreenHead';
import { useAppStore } from '../../store';
import { findingsToFix, portsText } from '../../store/selectors/history';

const fmt = new Intl.NumberFormat('en-US');

export function HistoryScreen() {
  const history = useAppStore((s) => s.history);
  const loadHistory = useAppStore((s) => s.loadHistory);
  const openScan = useAppStore((s) => s.openScan);
  const openScanId = useAppStore((s) => s.report.scanId);
  const go = useAppStore((s) => s.go);

  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  const columns = useMemo<Column<ScanSummary>[]>(
    () => [
      { id: 'started', header: 'Started', compare: (a, b) => a.startedAt.localeCompare(b.startedAt), cell: (scan) => formatWhen(scan.startedAt) },
      {
        id: 'targets',
        header: 'Targets',
        compare: (a, b) => a.targets.join(',').localeCompare(b.targets.join(',')),
        cellClassName: 'mono cell-ellipsis',
        cell: (scan) => <span title={scan.targets.join(', ')}>{scan.targets.join(', ')}</span>,
      },
      {
        id: 'ports',
        header: 'Ports',
        compare: (a, b) => portsText(a.ports).localeCompare(portsText(b.ports)),
        cellClassName: 'mono cell-ellipsis',
        cell: (scan) => {
          const text = portsText(scan.ports);
          return (
            <span title={`${scan.ports.length} port${scan.ports.length === 1 ? '' : 's'}: ${text}`} data-testid="history-ports">
              {text}
            </span>
          );
        },
      },
      {
        id: 'from',
        header: 'From',
        compare: (a, b) => a.vantage.label.localeCompare(b.vantage.label),
        cell: (scan) => (
          <span title={scan.vantage.label}>
            {scan.vantage.label}
            {scan.vantage.untrusted ? <span className="hint"> (untrusted)</span> : null}
          </span>
        ),
      },
      { id: 'state', header: 'State', compare: (a, b) => a.state.localeCompare(b.state), cell: (scan) => <span title={scan.error}><ScanStateBadge state={scan.state} /></span> },
      { id: 'services', header: 'Services', compare: (a, b) => a.services - b.services, className: 'num', cell: (scan) => <span data-testid="history-services">{fmt.format(scan.services)}</span> },
      {
        id: 'fails',
        header: 'Failing checks',
        compare: (a, b) => findingsToFix(a) - findingsToFix(b),
        cellClassName: 'cell-fails',
        cell: (scan) => (
          <span data-testid="history-fails" data-count={findingsToFix(scan)}>
            <FailCountChips counts={scan.fail} />
          </span>
        ),
      },
      {
        id: 'actions',
        header: 'Actions',
        hideHeader: true,
        className: 'num',
        cellClassName: 'cell-action',
        cell: (scan) => (
          <button
            type="button"
            className="btn"
            onClick={(e) => {
              e.stopPropagation();
              void openScan(scan.id, true, { exact: true });
            }}
            aria-label={`Open the scan started ${formatWhen(scan.startedAt)}`}
          >
            Open
          </button>
        ),
      },
    ],
    [openScan],
  );

  const content = (
    <LoadState state={history} hasData={history.scans.length > 0} loading="Loading earlier scans…" failed="The scan history could not be loaded." onRetry={() => void loadHistory()}>
      {() =>
        history.scans.length === 0 ? (
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
        ) : (
          <div className="panel">
            <DataTable
              rows={history.scans}
              columns={columns}
              rowKey={(s) => s.id}
              label="Earlier scans"
              className="history-table"
              defaultSort={{ column: 'started', direction: 'desc' }}
              onOpen={(s) => void openScan(s.id, true, { exact: true })}
              isCurrent={(s) => s.id === openScanId}
              rowAttrs={(s) => ({ 'data-testid': 'history-row', 'data-scan': s.id })}
              virtual={{ rowHeight: 46, headHeight: 40 }}
            />
          </div>
        )
      }
    </LoadState>
  );

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
        Earlier scans from this computer, most recent first, with the ports each tried and what it found. Open one to review its servers again.
      </ScreenHead>
      {content}
    </div>
  );
}
