/** Evidence of one observation as labelled lines (the Server screen's layout, stacked for narrow columns). */
import type { Evidence } from '../../../shared/types';
import { evidenceGroups } from '../../store/selectors/checks';

export function EvidenceList({ evidence, label }: { evidence: Evidence | undefined; label: string }) {
  const groups = evidenceGroups(evidence);
  if (groups.length === 0) return <p className="hint">No evidence recorded.</p>;
  return (
    <div className="evidence evidence-stacked" role="group" aria-label={label}>
      {groups.map((group) => (
        <div key={group.title ?? ''} className="evidence-group">
          {group.title ? <div className="evidence-caption">{group.title}</div> : null}
          <dl className="evidence-list">
            {group.entries.map((e) => (
              <div key={e.label} className="evidence-row">
                <dt>{e.label}</dt>
                <dd>
                  {e.items ? (
                    <ol className="evidence-items">
                      {e.items.map((item, i) => (
                        <li key={i}>{item}</li>
                      ))}
                    </ol>
                  ) : (
                    e.value
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </div>
  );
}
