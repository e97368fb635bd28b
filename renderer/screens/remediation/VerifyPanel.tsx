/**
 * Re-check this server: probes it again (seconds), from the same kind of network as its
 * scan, and shows the comparison; earlier re-checks stay listed to reopen. A running
 * re-check can be cancelled (a server that went down holds it until its deadline);
 * a cancelled one records nothing.
 */
import { useEffect, useRef, useState } from 'react';
import type { RenderedChecklist } from '../../../shared/playbooks/types';
import { formatWhen, sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { useAppStore } from '../../store';
import { formatDuration, isVerifying } from '../../store/selectors/remediation';
import { VerdictChips } from './VerdictBadge';
import { VerificationView } from './VerificationView';

/** Seconds since the re-check started, ticking while it runs. */
function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return <span className="mono">{formatDuration(now - since)}</span>;
}

export function VerifyPanel({ checklist }: { checklist: RenderedChecklist }) {
  const verify = useAppStore((s) => s.fix.verify);
  const shown = useAppStore((s) => s.fix.shown);
  const history = useAppStore((s) => s.fix.history);
  const verifyServer = useAppStore((s) => s.verifyServer);
  const cancelVerify = useAppStore((s) => s.cancelVerify);
  const showVerification = useAppStore((s) => s.showVerification);
  const running = isVerifying(verify);
  const cancelling = verify.status === 'cancelling';
  const startButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const wasRunning = useRef(running);

  // Keyboard focus follows the buttons: Re-check is disabled while it runs, so focus moves
  // on to Cancel; once it ends Cancel is gone, so focus comes back to Re-check.
  useEffect(() => {
    const lost = (): boolean => document.activeElement === null || document.activeElement === document.body;
    if (running && !wasRunning.current && (document.activeElement === startButton.current || lost())) cancelButton.current?.focus();
    if (!running && wasRunning.current && lost()) startButton.current?.focus();
    wasRunning.current = running;
  }, [running]);
  const vantage = `${checklist.vantage.label}${checklist.vantage.untrusted ? ' (untrusted network)' : ''}`;
  const earlier = history.data ?? [];

  return (
    <section className="panel verify-panel" aria-labelledby="verify-title" id="verify" data-testid="verify-panel">
      <div className="panel-head">
        <h2 id="verify-title">Verify the fix</h2>
        <span className="hint">from {vantage}</span>
      </div>
      <div className="panel-body verify-body">
        <div className="verify-action">
          <p>
            Collimator probes this server again with every check (it takes seconds), from the same kind of network as its scan, and
            compares each check with the scan. It changes nothing on the server.
          </p>
          <div className="verify-buttons">
            <button ref={startButton} type="button" className="btn btn-primary btn-large" onClick={() => void verifyServer()} disabled={running}>
              {running ? <span className="spinner" aria-hidden="true" /> : null}
              {running ? 'Re-checking…' : 'Re-check this server'}
            </button>
            {running ? (
              <button ref={cancelButton} type="button" className="btn btn-danger btn-large" onClick={() => void cancelVerify()} disabled={cancelling}>
                {cancelling ? 'Cancelling…' : 'Cancel re-check'}
              </button>
            ) : null}
          </div>
        </div>
        {running && verify.startedAt !== null ? (
          <div className="progress" role="status" data-testid="verify-running">
            <div className="progress-head">
              <strong>
                {cancelling ? 'Stopping the re-check of' : 'Re-checking'} {checklist.server.host}:{checklist.server.port}
              </strong>
              <span className="progress-pct">
                <Elapsed since={verify.startedAt} />
              </span>
            </div>
            <div className="progress-track progress-indeterminate" aria-hidden="true">
              <div className="progress-bar" />
            </div>
            <span className="hint">
              {cancelling
                ? 'Nothing is recorded for a cancelled re-check.'
                : 'Connecting, asking what a stranger would ask, and judging each answer. This cannot harm the server.'}
            </span>
          </div>
        ) : null}
        {running && verify.cancelError !== null ? (
          <Notice tone="error" title="The re-check could not be cancelled: it goes on.">
            {sentence(verify.cancelError)}
          </Notice>
        ) : null}
        {verify.status === 'cancelled' ? (
          <Notice tone="warning" title="Re-check cancelled." testId="verify-cancelled">
            Nothing was changed: no result was recorded, and this server’s findings and earlier re-checks are as they were. Re-check it
            when you are ready.
          </Notice>
        ) : null}
        {verify.status === 'error' ? (
          <Notice
            tone="error"
            title="The re-check did not run."
            actions={
              <button type="button" className="btn" onClick={() => void verifyServer()}>
                Try again
              </button>
            }
          >
            {sentence(verify.error ?? '')}
          </Notice>
        ) : null}
        {shown ? <VerificationView v={shown} /> : null}
        {earlier.length > 0 ? (
          <div className="verify-history">
            <h3 className="section-subtitle">All re-checks of this server</h3>
            <ol className="vhistory" aria-label="Re-checks of this server, newest first">
              {earlier.map((v) => (
                <li key={v.id} data-testid="verify-history-row" aria-current={shown?.id === v.id ? 'true' : undefined}>
                  <span className="vhistory-when">{formatWhen(v.after.at)}</span>
                  <span className="hint vhistory-from">
                    from {v.after.vantage.label}
                    {v.after.vantage.untrusted ? ' (untrusted)' : ''}
                  </span>
                  <VerdictChips counts={v.counts} />
                  {shown?.id === v.id ? (
                    <span className="hint vhistory-shown">Shown above</span>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => showVerification(v.id)} aria-label={`Show the re-check of ${formatWhen(v.after.at)}`}>
                      Show
                    </button>
                  )}
                </li>
              ))}
            </ol>
          </div>
        ) : history.status === 'ready' && !running ? (
          <p className="hint">Not re-checked yet. Apply the fixes above, then re-check.</p>
        ) : null}
      </div>
    </section>
  );
}
