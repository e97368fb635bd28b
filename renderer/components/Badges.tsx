/** Status, severity and risk badges: a glyph and words, colour only as a second cue. */
import type { CheckStatus, Severity } from '../../shared/catalog';
import type { ScanState } from '../../shared/contract';
import { SEVERITY_LABEL, shownStatus, STATUS_LABEL, type ShownStatus } from '../store/selectors/checks';
import type { RiskLevel } from '../store/selectors/risk';

const STATUS_GLYPH: Record<ShownStatus, string> = {
  noted: 'i',
  fail: '✕',
  pass: '✓',
  inconclusive: '?',
  'not-applicable': '–',
  skipped: '↷',
};

/** `severity`: an info check's "fail" shows as Noted (selectors/checks.ts, the glossary). */
export function StatusBadge({ status, severity }: { status: CheckStatus; severity?: Severity }) {
  const shown = shownStatus({ status, severity });
  return (
    <span className={`badge status-${shown}`} data-status={shown}>
      <span className="badge-glyph" aria-hidden="true">{STATUS_GLYPH[shown]}</span>
      {STATUS_LABEL[shown]}
    </span>
  );
}

/** `muted`: the severity a check would carry if it failed (it did not). */
export function SeverityBadge({ severity, muted = false }: { severity: Severity; muted?: boolean }) {
  return (
    <span className={`badge sev ${muted ? 'sev-muted' : `sev-${severity}`}`} data-severity={severity}>
      {SEVERITY_LABEL[severity]}
    </span>
  );
}

const RISK_LABEL: Record<RiskLevel, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info only',
  none: 'No findings',
};

export function RiskBadge({ level }: { level: RiskLevel }) {
  return (
    <span className={`badge sev sev-${level}`} data-risk={level}>
      {RISK_LABEL[level]}
    </span>
  );
}

const STATE_LABEL: Record<ScanState, string> = {
  running: 'Running',
  finished: 'Finished',
  cancelled: 'Cancelled',
  failed: 'Stopped by an error',
};

export function ScanStateBadge({ state }: { state: ScanState }) {
  return (
    <span className={`badge state-${state}`} data-state={state}>
      {STATE_LABEL[state]}
    </span>
  );
}

/** `2 critical · 1 high` as small severity chips; `none` when nothing above info failed. */
export function FailCountChips({ counts, includeInfo = false }: { counts: Record<Severity, number>; includeInfo?: boolean }) {
  const order: Severity[] = includeInfo ? ['critical', 'high', 'medium', 'low', 'info'] : ['critical', 'high', 'medium', 'low'];
  const shown = order.filter((s) => counts[s] > 0);
  if (shown.length === 0) return <span className="hint">none</span>;
  return (
    <span className="counts">
      {shown.map((s) => (
        <span key={s} className={`badge sev sev-${s}`}>
          {counts[s]} {SEVERITY_LABEL[s].toLowerCase()}
        </span>
      ))}
    </span>
  );
}
