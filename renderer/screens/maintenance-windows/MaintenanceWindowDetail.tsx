/**
 * One maintenance window: the countdown, progress across its servers (steps,
 * attestations, re-checks inside the window) and what it achieved: fixed, still open,
 * regressed. Everything comes from the database, so it resumes after a restart.
 */
import { useEffect, useRef } from 'react';
import type { ServerRef, MaintenanceWindowPhase, MaintenanceWindowProgress, MaintenanceWindowSummary } from '../../../shared/remediation';
import { serverKey } from '../../../shared/remediation';
import { ProgressBar } from '../../components/ProgressBar';
import { useAppStore } from '../../store';
import { checkTitle } from '../../store/selectors/checks';
import { countdown, PHASE_LABEL, maintenanceWindowSpan, maintenanceWindowTotals } from '../../store/selectors/maintenance-windows';
import { VerdictChips } from '../remediation/VerdictBadge';
import { useNow } from './useNow';
import { LoadState } from '../../components/LoadState';
import { MaintenanceWindowChanges } from './MaintenanceWindowChanges';

export function PhaseBadge({ phase }: { phase: MaintenanceWindowPhase }) {
  return (
    <span className={`badge phase-${phase}`} data-phase={phase}>
      {PHASE_LABEL[phase]}
    </span>
  );
}

function Countdown({ progress }: { progress: MaintenanceWindowProgress }) {
  const now = useNow();
  const refreshMaintenanceWindow = useAppStore((s) => s.refreshMaintenanceWindow);
  // A window closed by hand is over, whatever its planned times say.
  const closed = progress.window.closedAt !== undefined;
  const c = closed ? { phase: 'ended' as const, remainingMs: 0, label: 'Closed' } : countdown(progress.window, now);
  // The window crossed an edge since main answered: ask again, once per edge.
  const asked = useRef<MaintenanceWindowPhase>(progress.phase);
  useEffect(() => {
    if (c.phase !== progress.phase && asked.current !== c.phase) {
      asked.current = c.phase;
      void refreshMaintenanceWindow();
    }
  }, [c.phase, progress.phase, refreshMaintenanceWindow]);
  return (
    <div className={`countdown countdown-${c.phase}`} data-testid="countdown" data-phase={c.phase}>
      <span className="countdown-label">{c.phase === 'upcoming' ? 'Starts in' : c.phase === 'open' ? 'Time left' : 'Window'}</span>
      <span className="countdown-value" role="timer" aria-live="off">
        {closed ? 'Closed' : c.phase === 'ended' ? 'Ended' : c.label.replace(/^Starts in /, '').replace(/ left$/, '')}
      </span>
    </div>
  );
}

function SummaryColumn({ title, tone, items, testId }: { title: string; tone: string; items: Array<ServerRef & { checks: string[] }>; testId: string }) {
  const total = items.reduce((n, i) => n + i.checks.length, 0);
  return (
    <section className={`wsum wsum-${tone}`} aria-label={title} data-testid={testId} data-count={total}>
      <div className="wsum-head">
        <span className="wsum-count">{total}</span>
        <span className="wsum-title">{title}</span>
      </div>
      {items.length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        <ul>
          {items.map((i) => (
            <li key={serverKey(i)}>
              <span className="mono">{serverKey(i)}</span>
              <ul className="wsum-checks">
                {i.checks.map((c) => (
                  <li key={c}>{checkTitle(c)}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Summary({ summary }: { summary: MaintenanceWindowSummary }) {
  const ended = summary.phase === 'ended';
  return (
    <section className="panel" aria-labelledby="wsum-title" data-testid="window-summary">
      <div className="panel-head">
        <h3 id="wsum-title">{ended ? 'What this window achieved' : 'So far in this window'}</h3>
        <span className="hint">From each server&rsquo;s latest re-check inside the window; never re-checked means still open.</span>
      </div>
      <div className="panel-body wsum-grid">
        <SummaryColumn title="Fixed" tone="fixed" items={summary.fixed} testId="summary-fixed" />
        <SummaryColumn title="Still open" tone="open" items={summary.stillOpen} testId="summary-open" />
        <SummaryColumn title="Regressed" tone="regressed" items={summary.regressed} testId="summary-regressed" />
      </div>
    </section>
  );
}

export function MaintenanceWindowDetail() {
  const maintenanceWindows = useAppStore((s) => s.maintenanceWindows);
  const refreshMaintenanceWindow = useAppStore((s) => s.refreshMaintenanceWindow);
  const openRemediation = useAppStore((s) => s.openRemediation);
  const progress = maintenanceWindows.progress.data;

  if (maintenanceWindows.progress.status === 'error' || !progress) {
    return (
      <LoadState state={maintenanceWindows.progress} hasData={false} loading="Loading the window…" failed="This window could not be loaded." onRetry={() => void refreshMaintenanceWindow()}>
        {() => null}
      </LoadState>
    );
  }

  const w = progress.window;
  const totals = maintenanceWindowTotals(progress.servers);
  return (
    <div className="wdetail" data-testid="window-detail" data-window={w.id}>
      <section className="panel" aria-labelledby="wdetail-title">
        <div className="wdetail-head">
          <div className="wdetail-name">
            <h2 id="wdetail-title">{w.name}</h2>
            <span className="hint">{maintenanceWindowSpan(w)}</span>
            <PhaseBadge phase={progress.phase} />
          </div>
          <Countdown progress={progress} />
        </div>
        <div className="wdetail-progress">
          <div className="progress">
            <div className="progress-head">
              <strong>Checklist steps done across {totals.servers === 1 ? 'its server' : `its ${totals.servers} servers`}</strong>
              <span className="progress-pct" data-testid="window-steps">
                {totals.stepsDone} of {totals.stepsTotal}
              </span>
            </div>
            <ProgressBar percent={totals.percent} label="Checklist steps done in this window" />
          </div>
          <dl className="wstats">
            <div>
              <dt>Re-checked in the window</dt>
              <dd data-testid="window-verified">
                {totals.verified} of {totals.servers}
              </dd>
            </div>
            <div>
              <dt>Re-checks all good</dt>
              <dd>{totals.passed}</dd>
            </div>
            <div>
              <dt>Controls attested</dt>
              <dd>
                {totals.attestationsDone} of {totals.attestationsTotal}
              </dd>
            </div>
          </dl>
        </div>
        <div className="table-wrap">
          <table className="wtable" aria-label="Servers in this window">
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col" className="num">
                  Findings
                </th>
                <th scope="col">Steps done</th>
                <th scope="col">Attested</th>
                <th scope="col">Latest re-check</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {progress.servers.map((s) => {
                const key = serverKey(s.server);
                return (
                  <tr key={key} data-testid="window-server" data-key={key}>
                    <td className="mono">{key}</td>
                    <td className="num">{s.scanned ? s.findings : <span className="hint">not scanned</span>}</td>
                    <td>
                      <span className="wsteps">
                        {s.stepsDone} of {s.stepsTotal}
                      </span>
                    </td>
                    <td>
                      {s.attestationsDone} of {s.attestationsTotal}
                    </td>
                    <td>{s.verification ? <VerdictChips counts={s.verification.counts} /> : <span className="hint">not yet</span>}</td>
                    <td className="cell-actions">
                      <button type="button" className="btn btn-small" onClick={() => openRemediation(s.server)} disabled={!s.scanned} aria-label={`Fix ${key}`}>
                        Fix
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <MaintenanceWindowChanges key={w.id} progress={progress} />
      {maintenanceWindows.summary.data ? <Summary summary={maintenanceWindows.summary.data} /> : null}
    </div>
  );
}
