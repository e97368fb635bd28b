/** The running scan: progress, found so far, cancel; then how it ended and where to look next. */
import { FailCountChips } from '../../components/Badges';
import { DiscoveryNotice } from '../../components/FollowUpScan';
import { Notice } from '../../components/Notice';
import { ProgressBar } from '../../components/ProgressBar';
import { useAppStore } from '../../store';
import { serviceKey } from '../../store/selectors/hosts';
import { progressView } from '../../store/selectors/progress';

const fmt = new Intl.NumberFormat('en-US');

export function ScanStatusPanel() {
  const current = useAppStore((s) => s.scan.current);
  const starting = useAppStore((s) => s.scan.starting);
  const cancelError = useAppStore((s) => s.scan.cancelError);
  const cancelScan = useAppStore((s) => s.cancelScan);
  const openScan = useAppStore((s) => s.openScan);
  const report = useAppStore((s) => s.report.data);

  let body;
  if (starting) {
    body = (
      <div className="status-line" role="status">
        <span className="spinner" aria-hidden="true" /> Checking the scope and starting the scan…
      </div>
    );
  } else if (!current) {
    body = <p className="hint">No scan running. Fill in the scope and choose Start scan; progress appears here.</p>;
  } else {
    const view = progressView(current.progress, current.status === 'cancelled' || current.status === 'failed');
    const p = current.progress;
    const active = current.status === 'running' || current.status === 'cancelling';
    const percent = current.status === 'finished' ? 100 : view.percent;
    const fin = current.finished;
    const found = fin ? fin.summary.services : (p?.found ?? 0);
    body = (
      <div className="progress" data-testid="scan-progress" data-status={current.status}>
        <div className="progress-head">
          <strong>
            {current.status === 'running'
              ? 'Scanning…'
              : current.status === 'cancelling'
                ? 'Cancelling…'
                : current.status === 'finished'
                  ? 'Scan finished'
                  : current.status === 'cancelled'
                    ? 'Scan cancelled'
                    : 'Scan stopped'}
          </strong>
          <span className="hint">{active ? view.phaseLabel : null}</span>
          <span className="progress-pct">{percent}%</span>
        </div>
        <ProgressBar percent={percent} label="Scan progress" cancelled={current.status === 'cancelled'} />
        <dl className="stats">
          <div className="stat">
            <dt>Tried</dt>
            <dd data-testid="stat-done">
              {fmt.format(p?.done ?? 0)}
              <span className="stat-of"> / {fmt.format(p?.total ?? 0)}</span>
            </dd>
          </div>
          <div className="stat">
            <dt>Found</dt>
            <dd data-testid="stat-found">{fmt.format(found)}</dd>
          </div>
          <div className="stat">
            <dt>Checked</dt>
            <dd data-testid="stat-probed">{fmt.format(p?.probed ?? 0)}</dd>
          </div>
        </dl>
        <p className="hint">{view.sweepLabel}</p>

        {active && current.recent.length > 0 ? (
          <div>
            <div className="field-label">Just checked</div>
            <ul className="recent">
              {current.recent.map((svc) => (
                <li key={serviceKey(svc)}>
                  <span className="mono">{serviceKey(svc)}</span>
                  <span className="hint">{svc.protocol ?? svc.state}</span>
                  {svc.product?.name ? <span className="hint">{svc.product.name}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        {active ? (
          <div>
            <button type="button" className="btn btn-danger" onClick={() => void cancelScan()} disabled={current.status === 'cancelling'}>
              {current.status === 'cancelling' ? 'Cancelling…' : 'Cancel scan'}
            </button>
          </div>
        ) : null}
        {cancelError ? (
          <Notice tone="error" title="The scan could not be cancelled.">
            {cancelError}
          </Notice>
        ) : null}

        {fin && current.status === 'finished' ? (
          <Notice
            tone="success"
            title={`${fmt.format(fin.summary.services)} ${fin.summary.services === 1 ? 'service' : 'services'} found.`}
            testId="scan-done"
            actions={
              <button type="button" className="btn btn-primary" onClick={() => void openScan(current.scanId, true)}>
                Review servers
              </button>
            }
          >
            Failing checks: <FailCountChips counts={fin.summary.fail} />
          </Notice>
        ) : null}
        {fin && current.status === 'finished' && report?.scan.id === current.scanId ? <DiscoveryNotice report={report} /> : null}
        {fin && current.status === 'cancelled' ? (
          <Notice
            tone="warning"
            title="Scan cancelled."
            testId="scan-cancelled"
            actions={
              <button type="button" className="btn" onClick={() => void openScan(current.scanId, true)}>
                Review what was found
              </button>
            }
          >
            Services checked before you cancelled are kept; the rest of the scope was not scanned.
          </Notice>
        ) : null}
        {fin && current.status === 'failed' ? (
          <Notice tone="error" title="The scan stopped before the end." testId="scan-failed">
            {fin.error} What was found until then is kept; start the scan again to complete it.
          </Notice>
        ) : null}
      </div>
    );
  }

  return (
    <section className="panel" aria-labelledby="scan-status-title">
      <div className="panel-head">
        <h2 id="scan-status-title">Scan</h2>
      </div>
      <div className="panel-body">
        {body}
      </div>
    </section>
  );
}
