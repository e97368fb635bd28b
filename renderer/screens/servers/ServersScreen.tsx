/** Servers: every service of the open scan, riskiest first, filterable. */
import { useMemo } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ScreenHead } from '../../components/ScreenHead';
import { ScanSummaryLine } from '../../components/ScanSummaryLine';
import { useAppStore } from '../../store';
import { filterRows, isFiltered, productOptions, sortRows, toRows } from '../../store/selectors/servers';
import { ServerFilters } from './ServerFilters';
import { ServersTable } from './ServersTable';
import { LoadState } from '../../components/LoadState';
import { ExportButtons, useExports } from './ExportButtons';
import { Notice } from '../../components/Notice';
import { formatWhen } from '../../components/format';
import { portsText } from '../../store/selectors/history';
import { DiscoveryNotice } from '../../components/FollowUpScan';

export function ServersScreen() {
  const report = useAppStore((s) => s.report);
  const filter = useAppStore((s) => s.filter);
  const sort = useAppStore((s) => s.sort);
  const go = useAppStore((s) => s.go);
  const openScan = useAppStore((s) => s.openScan);
  const clearFilter = useAppStore((s) => s.clearFilter);
  const exports = useExports();

  const services = report.data?.services;
  const allRows = useMemo(() => toRows(services ?? []), [services]);
  const products = useMemo(() => productOptions(allRows), [allRows]);
  const rows = useMemo(() => sortRows(filterRows(allRows, filter), sort), [allRows, filter, sort]);

  let content;
  if (report.status === 'idle') {
    content = (
      <div className="panel">
        <EmptyState
          title="No scan open yet"
          action={
            <div className="screen-actions">
              <button type="button" className="btn btn-primary" onClick={() => go('scope')}>
                Go to Scope & scan
              </button>
              <button type="button" className="btn" onClick={() => go('history')}>
                Open an earlier scan
              </button>
            </div>
          }
        >
          Run a scan (or start the practice lab and scan it) to see the services found here, riskiest first.
        </EmptyState>
      </div>
    );
  } else if (report.status === 'error' || !report.data) {
    const scanId = report.scanId;
    content = (
      <LoadState state={report} hasData={false} loading="Loading the scan…" failed="This scan could not be loaded." onRetry={scanId ? () => void openScan(scanId) : undefined}>
        {() => null}
      </LoadState>
    );
  } else if (allRows.length === 0) {
    content = (
      <div className="panel">
        <EmptyState
          title="No services found"
          action={
            <button type="button" className="btn" onClick={() => go('scope')}>
              Adjust the scope
            </button>
          }
        >
          Nothing answered on the ports tried. Check the targets and ports; if this computer sits on an untrusted
          network, an empty result is good news.
        </EmptyState>
      </div>
    );
  } else {
    content = (
      <div className="panel servers-panel">
        <ServerFilters products={products} shown={rows.length} total={allRows.length} />
        {rows.length === 0 && isFiltered(filter) ? (
          <EmptyState
            title="No server matches these filters"
            action={
              <button type="button" className="btn" onClick={clearFilter}>
                Clear filters
              </button>
            }
          >
            Loosen or clear the filters to see the other services of this scan.
          </EmptyState>
        ) : (
          <ServersTable rows={rows} />
        )}
      </div>
    );
  }

  return (
    <div className="screen screen-fill">
      <ScreenHead title="Servers" actions={<ExportButtons busy={exports.busy} onExport={exports.run} />}>
        {report.data ? <ScanSummaryLine meta={report.data.scan} /> : 'Every service a scan found, riskiest first.'}
      </ScreenHead>
      {report.emptyNewer && report.data ? (
        <Notice
          tone="info"
          title={`The newest scan ${report.emptyNewer.cancelled ? 'was cancelled before it found any service' : 'found no services'}; this worklist is still the scan of ${formatWhen(report.data.scan.startedAt)}.`}
          testId="empty-newer"
          actions={
            <button type="button" className="btn" onClick={() => void openScan(report.emptyNewer!.id, true, { exact: true })}>
              Show the empty scan
            </button>
          }
        >
          Nothing answered in the scan of {report.emptyNewer.targets.join(', ')} (ports {portsText(report.emptyNewer.ports)}) from{' '}
          {report.emptyNewer.vantage.label}, {formatWhen(report.emptyNewer.startedAt)}. If those servers should have answered, check the
          targets, the ports and the network you scanned from; both scans are in Scan history.
        </Notice>
      ) : null}
      {exports.notice}
      {report.data ? <DiscoveryNotice report={report.data} /> : null}
      {content}
    </div>
  );
}
