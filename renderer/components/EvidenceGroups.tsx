/** Evidence groups as labelled lines: one layout for the Server screen and the remediation views. */
import type { EvidenceGroup, EvidenceTable } from '../store/selectors/checks';

/** A list of records (each association attempt, ...) as a real table: a row per record. */
function RecordsTable({ table, label }: { table: EvidenceTable; label: string }) {
  return (
    <div className="evidence-table-wrap">
      <table className="evidence-table" aria-label={label} data-testid="evidence-table">
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EvidenceGroups({ groups, label, stacked = false }: { groups: readonly EvidenceGroup[]; label: string; stacked?: boolean }) {
  return (
    <div className={stacked ? 'evidence evidence-stacked' : 'evidence'} role="group" aria-label={label}>
      {groups.map((group) => (
        <div key={group.title ?? ''} className="evidence-group">
          {group.title ? <div className="evidence-caption">{group.title}</div> : null}
          <dl className="evidence-list">
            {group.entries.map((e) =>
              e.table ? (
                <div key={e.label} className="evidence-row evidence-row-table">
                  <dt>{e.label}</dt>
                  <dd>
                    <RecordsTable table={e.table} label={e.label} />
                  </dd>
                </div>
              ) : (
                <div key={e.label} className="evidence-row">
                  <dt>{e.label}</dt>
                  <dd>{e.value}</dd>
                </div>
              ),
            )}
          </dl>
        </div>
      ))}
    </div>
  );
}
