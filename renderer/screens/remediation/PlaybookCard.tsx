/**
 * One failing check: what the scan found, why it matters (with the ATT&CK techniques),
 * how many of the checklist's steps address it, and how to confirm before re-checking.
 * The steps themselves are listed once, grouped by action, in the checklist below
 * (ChecklistSection): one change often closes several findings.
 */
import type { RenderedPlaybook } from '../../../shared/playbooks/types';
import { SeverityBadge, StatusBadge } from '../../components/Badges';

export function PlaybookCard({ playbook, progress }: {
  playbook: RenderedPlaybook;
  /** Steps done of the checklist's counted steps that address this finding. */
  progress: { done: number; total: number } | undefined;
}) {
  const titleId = `pb-${playbook.checkId.replace(/\W/g, '-')}`;
  const complete = progress !== undefined && progress.total > 0 && progress.done >= progress.total;
  return (
    <article className={`playbook${complete ? ' playbook-complete' : ''}`} aria-labelledby={titleId} data-testid="playbook" data-check={playbook.checkId}>
      <header className="playbook-head">
        <StatusBadge status={playbook.status} />
        <div className="check-title">
          <h3 id={titleId}>{playbook.title}</h3>
          <code className="check-id">{playbook.checkId}</code>
        </div>
        <SeverityBadge severity={playbook.severity} />
        {progress ? (
          <span className={`step-count${complete ? ' step-count-done' : ''}`} data-testid="playbook-progress">
            {progress.done} of {progress.total} steps done
          </span>
        ) : null}
      </header>
      <p className="playbook-finding">
        <span className="label-inline">The scan found:</span> {playbook.finding}
      </p>
      <div className="playbook-why">
        <p>
          <span className="label-inline">Why it matters:</span> {playbook.why}
        </p>
        {playbook.attack.length > 0 ? (
          <div className="techniques">
            <span className="techniques-label">MITRE ATT&amp;CK®</span>
            <ul>
              {playbook.attack.map((t) => (
                <li key={t.id} className="technique">
                  <span className="mono">{t.id}</span> {t.name}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <p className="playbook-confirm">
        <span className="label-inline">Before you re-check:</span> {playbook.confirm}
      </p>
    </article>
  );
}
