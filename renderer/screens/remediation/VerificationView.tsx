/**
 * One verification: the re-check compared with the earlier scan, check by check,
 * BEFORE and AFTER side by side with their evidence and the verdict.
 */
import type { Verification, VerificationCheck } from '../../../shared/remediation';
import { SeverityBadge, StatusBadge } from '../../components/Badges';
import { formatWhen, sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { checkTitle, STATUS_LABEL } from '../../store/selectors/checks';
import { orderVerified } from '../../store/selectors/remediation';
import { EvidenceList } from './EvidenceList';
import { VerdictBadge, VerdictChips } from './VerdictBadge';
import { PeersStillAccepted } from './CutOffWarning';

function Side({ label, when, check, side }: { label: string; when: string; check: VerificationCheck; side: 'before' | 'after' }) {
  const status = side === 'before' ? check.before : check.after;
  const obs = check.evidence[side];
  const title = checkTitle(check.id);
  return (
    <section className={`vside vside-${side}`} aria-label={`${label}: ${title}`} data-side={side}>
      <div className="vside-head">
        <span className="vside-label">{label}</span>
        <span className="hint">{when}</span>
        <StatusBadge status={status} />
      </div>
      <p className="vside-summary">{obs?.summary ?? (side === 'after' ? sentence(check.note) : `Not listed (${STATUS_LABEL[status].toLowerCase()}).`)}</p>
      {obs ? (
        // What changed is open; evidence that only repeats the scan is one click away.
        <details className="evidence-box" open={check.verdict === 'fixed' || check.verdict === 'regressed'}>
          <summary>Evidence</summary>
          <EvidenceList evidence={obs.evidence} label={`${label} evidence for ${title}`} />
        </details>
      ) : null}
    </section>
  );
}

function CheckCompare({ check, v }: { check: VerificationCheck; v: Verification }) {
  const titleId = `v-${v.id}-${check.id.replace(/\W/g, '-')}`;
  return (
    <article className={`vcheck vcheck-${check.verdict}`} aria-labelledby={titleId} data-testid="verify-check" data-check={check.id} data-verdict={check.verdict}>
      <header className="vcheck-head">
        <VerdictBadge verdict={check.verdict} />
        <div className="check-title">
          <h4 id={titleId}>{checkTitle(check.id)}</h4>
          <code className="check-id">{check.id}</code>
        </div>
        <SeverityBadge severity={check.severity} muted={check.after !== 'fail'} />
      </header>
      {check.evidence.after ? <p className="vcheck-note">{sentence(check.note)}</p> : null}
      <div className="vcompare">
        <Side label="Before" when={formatWhen(v.before.at)} check={check} side="before" />
        <Side label="After" when={formatWhen(v.after.at)} check={check} side="after" />
      </div>
    </article>
  );
}

/**
 * What the checks left out of the comparison are, in words: not applicable to this
 * service, or informational (they record that something exists; nothing to fix).
 * Never "not verified", which would read as "still open".
 */
function nothingToRecheck(list: Verification['unverified']): string {
  const info = list.filter((u) => u.why.startsWith('informational')).length;
  const na = list.length - info;
  const parts = [na > 0 ? `${na} not applicable to this service` : '', info > 0 ? `${info} informational` : ''].filter(Boolean);
  return `${list.length} ${list.length === 1 ? 'check' : 'checks'} with nothing to re-check (${parts.join(', ')})`;
}

export function VerificationView({ v }: { v: Verification }) {
  const checks = orderVerified(v.checks);
  const needWork = v.counts['still-failing'] + v.counts.regressed + v.counts.inconclusive;
  const vantage = `${v.after.vantage.label}${v.after.vantage.untrusted ? ' (untrusted network)' : ''}`;
  let tone: 'success' | 'warning' | 'error' = 'success';
  let title = 'Verified: every re-checked finding is fixed or still passing.';
  if (v.counts.regressed > 0) {
    tone = 'error';
    title = `${v.counts.regressed} ${v.counts.regressed === 1 ? 'control that passed before fails now' : 'controls that passed before fail now'}: a change broke ${v.counts.regressed === 1 ? 'it' : 'them'}.`;
  } else if (needWork > 0) {
    tone = 'warning';
    title = `${needWork} ${needWork === 1 ? 'finding is' : 'findings are'} not verified fixed yet.`;
  }
  return (
    <div className="verification" data-testid="verification" data-verification={v.id} data-passed={v.passed ? 'true' : 'false'}>
      <div className={`notice notice-${tone}`} role="status">
        <div className="notice-body">
          <div className="notice-title">{title}</div>
          <p>
            Re-checked {formatWhen(v.after.at)} from {vantage}; compared with the scan of {formatWhen(v.before.at)} from{' '}
            {v.before.vantage.label}.
          </p>
        </div>
        <VerdictChips counts={v.counts} />
      </div>
      {v.unreachable ? (
        <Notice tone="info" title="The server did not answer the re-check.">
          {sentence(v.unreachable)} Every other check is inconclusive, never counted as fixed.
        </Notice>
      ) : null}
      {checks.length === 0 ? <p className="hint">No check had anything to verify.</p> : checks.map((c) => <CheckCompare key={c.id} check={c} v={v} />)}
      {v.peers ? <PeersStillAccepted peers={v.peers} /> : null}
      {v.unverified.length > 0 ? (
        <details className="more unverified">
          <summary>{nothingToRecheck(v.unverified)}</summary>
          <ul>
            {v.unverified.map((u) => (
              <li key={u.id}>
                <strong>{checkTitle(u.id)}</strong> <code className="check-id">{u.id}</code>: {u.why}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
