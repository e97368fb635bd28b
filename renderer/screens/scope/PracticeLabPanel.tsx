/** The practice lab: one click starts real servers on this computer and fills in the form. */
import { useAppStore } from '../../store';
import { serverKey } from '../../../shared/host';
import { Notice } from '../../components/Notice';

export function PracticeLabPanel() {
  const lab = useAppStore((s) => s.practiceLab);
  const startPracticeLab = useAppStore((s) => s.startPracticeLab);
  const stopPracticeLab = useAppStore((s) => s.stopPracticeLab);
  const busy = lab.status === 'starting' || lab.status === 'stopping';
  const up = lab.status === 'running' || lab.status === 'stopping';

  return (
    <section className="panel lab-panel" aria-labelledby="lab-title" data-testid="lab-panel">
      <div className="panel-head">
        <h2 id="lab-title">Practice lab</h2>
        <span className="hint">{up ? `${lab.servers.length} servers running` : 'on this computer only'}</span>
      </div>
      <div className="panel-body lab-body">
        {!up ? (
          <>
            <p>
              New to Collimator? Start a few real DICOM servers on this computer, some deliberately left open,
              and scan them. Nothing leaves this machine. The form is filled in for you.
            </p>
            <div>
              <button type="button" className="btn btn-primary btn-large" onClick={() => void startPracticeLab()} disabled={busy}>
                {lab.status === 'starting' ? <span className="spinner" aria-hidden="true" /> : null}
                {lab.status === 'starting' ? 'Starting the lab servers…' : 'Start practice lab'}
              </button>
            </div>
          </>
        ) : (
          <>
            <ul className="lab-servers" aria-label="Practice lab servers">
              {lab.servers.map((srv) => (
                <li key={serverKey(srv)}>
                  <strong>{srv.name}</strong>
                  <span className="mono" data-testid="lab-address">
                    {srv.aet ? `${srv.aet}@` : ''}
                    {srv.host}:{srv.port}
                  </span>
                </li>
              ))}
            </ul>
            <details className="more">
              <summary>What each server should show</summary>
              <dl className="lab-expect">
                {lab.servers.map((srv) => (
                  <div key={serverKey(srv)}>
                    <dt>{srv.name}</dt>
                    <dd>{srv.description}</dd>
                    <dd className="hint">Expect: {srv.expected}</dd>
                  </div>
                ))}
              </dl>
            </details>
            <Notice tone="success" title="The form is filled in for the lab.">
              Choose Start scan to check these servers.
            </Notice>
            <div className="lab-actions">
              <button type="button" className="btn" onClick={() => void startPracticeLab()} disabled={busy}>
                Fill in the form again
              </button>
              <button type="button" className="btn btn-danger" onClick={() => void stopPracticeLab()} disabled={busy}>
                {lab.status === 'stopping' ? 'Stopping…' : 'Stop practice lab'}
              </button>
            </div>
          </>
        )}
        {lab.error ? (
          <Notice tone="error" title="The practice lab did not start." testId="lab-error">
            {lab.error}
          </Notice>
        ) : null}
      </div>
    </section>
  );
}
