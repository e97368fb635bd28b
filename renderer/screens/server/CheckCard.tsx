/**
 * One check on one server: status and severity in words, the summary, why it matters
 * (the Fix screen's text), evidence (records as tables), and the ATT&CK techniques with
 * MITRE's description and the address of their page.
 */
import { useEffect, useState } from 'react';
import type { CheckResult } from '../../../shared/types';
import { SeverityBadge, StatusBadge } from '../../components/Badges';
import { EvidenceGroups } from '../../components/EvidenceGroups';
import { checkTitle, evidenceGroups, shownStatus, techniquesOf, type TechniqueLabel } from '../../store/selectors/checks';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The technique's page on attack.mitre.org as text to copy: the app opens no external
 * page (the window denies new windows and navigation; CSP allows no remote origin).
 */
function CopyableUrl({ url }: { url: string }) {
  const [copy, setCopy] = useState<CopyState>('idle');
  useEffect(() => {
    if (copy === 'idle') return;
    const t = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(t);
  }, [copy]);
  const onCopy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(url);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <span className="technique-url">
      <input className="mono technique-url-text" readOnly value={url} aria-label="Address of the technique's page at MITRE" onFocus={(e) => e.currentTarget.select()} />
      <button type="button" className="btn btn-small" onClick={() => void onCopy()}>
        {copy === 'copied' ? 'Copied' : copy === 'failed' ? 'Copy failed: select the text' : 'Copy address'}
      </button>
    </span>
  );
}

/** Folded to its id and name (the same technique recurs on many cards); a click shows MITRE's words and the address. */
function Technique({ t }: { t: TechniqueLabel }) {
  return (
    <li className="technique-item" data-testid="technique" data-technique={t.id}>
      <details>
        <summary>
          <span className="mono technique-id">{t.id}</span> {t.name}
        </summary>
        {t.description ? <p className="technique-desc">{t.description}</p> : null}
        {t.url ? <CopyableUrl url={t.url} /> : null}
      </details>
    </li>
  );
}

export function CheckCard({ check, why }: { check: CheckResult; why?: string }) {
  const evidence = evidenceGroups(check.evidence);
  const techniques = techniquesOf(check);
  const shown = shownStatus(check);
  const needsAction = check.status === 'fail' || check.status === 'inconclusive';
  const titleId = `check-${check.id.replace(/\W/g, '-')}`;
  return (
    <article className={`check-card check-${shown}`} aria-labelledby={titleId} data-testid="check" data-check={check.id} data-status={check.status}>
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
      {why && needsAction ? (
        <p className="check-why" data-testid="check-why">
          <span className="label-inline">Why it matters:</span> {why}
        </p>
      ) : null}
      {evidence.length > 0 ? (
        // What needs action shows its evidence; for the rest it is one click away.
        <details className="evidence-box" open={needsAction}>
          <summary>Evidence</summary>
          <EvidenceGroups groups={evidence} label={`Evidence for ${checkTitle(check.id)}`} />
        </details>
      ) : null}
      {techniques.length > 0 ? (
        <div className="techniques">
          <span className="techniques-label">MITRE ATT&amp;CK®</span>
          <ul className="technique-list">
            {techniques.map((t) => (
              <Technique key={t.id} t={t} />
            ))}
          </ul>
        </div>
      ) : null}
    </article>
  );
}
