/** Evidence groups as labelled lines: one layout for the Server screen and the remediation views. */
import type { EvidenceGroup } from '../store/selectors/checks';

export function EvidenceGroups({ groups, label, stacked = false }: { groups: readonly EvidenceGroup[]; label: string; stacked?: boolean }) {
  return (
    <div className={stacked ? 'evidence evidence-stacked' : 'evidence'} role="group" aria-label={label}>
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
