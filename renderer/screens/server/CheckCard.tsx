/** One check on one server: status and severity in words, the summary, evidence, ATT&CK techniques. */
import type { CheckResult } from '../../../shared/types';
import { SeverityBadge, StatusBadge } from '../../components/Badges';
import { EvidenceGroups } from '../../components/EvidenceGroups';
import { checkTitle, evidenceGroups, shownStatus, techniquesOf } from '../../store/selectors/checks';

export function CheckCard({ check }: { check: CheckResult }) {
  const evidence = evidenceGroups(check.evidence);
  const techniques = techniquesOf(check);
  const titleId = `check-${check.id.replace(/\W/g, '-')}`;
  return (
    <article className={`check-card check-${shownStatus(check)}`} aria-labelledby={titleId} data-testid="check" data-check={check.id} data-status={check.status}>
      <header className="check-head">
        <StatusBadge status={check.status} severity={check.severity} />
        <div className="check-title">
          <h3 id={titleId}>{checkTitle(check.id)}</h3>
          <code className="check-id">{check.id}</code>
        </div>
        <div className="check-sev">
          <span className="hint">{check.status === 'fail' ? 'Severity' : 'Severity if failing'}</span>
          <SeverityBadge severity={check.severity} muted={check.status !== 'fail'} />
        </div>
      </header>
      <p className="check-summary">{check.summary}</p>
      {evidence.length > 0 ? (
        // What needs action shows its evidence; for the rest it is one click away.
        <details className="evidence-box" open={check.status === 'fail' || check.status === 'inconclusive'}>
          <summary>Evidence</summary>
          <EvidenceGroups groups={evidence} label={`Evidence for ${checkTitle(check.id)}`} />
        </details>
      ) : null}
      {techniques.length > 0 ? (
        <div className="techniques">
          <span className="techniques-label">MITRE ATT&amp;CK®</span>
          <ul>
            {techniques.map((t) => (
              <li key={t.id} className="technique">
                <span className="mono">{t.id}</span> {t.name}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </article>
  );
}
