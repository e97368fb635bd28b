/** The known nodes on the shared DataTable, with Edit and a two-step Remove (nothing is removed by one stray click). */
import { useMemo, useState } from 'react';
import { serverKey } from '../../../shared/host';
import type { StoredInventoryNode } from '../../../shared/remediation';
import { DataTable, type Column } from '../../components/DataTable';
import { formatWhen } from '../../components/format';
import { useAppStore } from '../../store';

const text = (a: string, b: string): number => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });

function Actions({ n, onEdit }: { n: StoredInventoryNode; onEdit: (n: StoredInventoryNode) => void }) {
  const removeNode = useAppStore((s) => s.removeNode);
  const saving = useAppStore((s) => s.inventory.saving);
  const [confirming, setConfirming] = useState(false);
  return confirming ? (
    <span className="confirm" role="group" aria-label={`Remove ${n.aeTitle}?`}>
      <button type="button" className="btn btn-small btn-danger" disabled={saving} onClick={() => void removeNode(n.id).then(() => setConfirming(false))}>
        Remove {n.aeTitle}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  ) : (
    <>
      <button type="button" className="btn btn-small" onClick={() => onEdit(n)} aria-label={`Edit ${n.aeTitle} at ${serverKey(n)}`}>
        Edit
      </button>
      <button type="button" className="btn btn-small" onClick={() => setConfirming(true)} aria-label={`Remove ${n.aeTitle} at ${serverKey(n)}`}>
        Remove
      </button>
    </>
  );
}

export function NodesTable({ nodes, editingId, onEdit }: { nodes: StoredInventoryNode[]; editingId: number | undefined; onEdit: (n: StoredInventoryNode) => void }) {
  const columns = useMemo<Column<StoredInventoryNode>[]>(
    () => [
      { id: 'ae', header: 'AE title', compare: (a, b) => text(a.aeTitle, b.aeTitle), cellClassName: 'mono', cell: (n) => n.aeTitle },
      { id: 'host', header: 'Address', compare: (a, b) => text(a.host, b.host), cellClassName: 'mono cell-ellipsis', cell: (n) => <span title={n.host}>{n.host}</span> },
      { id: 'port', header: 'Port', compare: (a, b) => a.port - b.port, className: 'num', cellClassName: 'mono', cell: (n) => n.port },
      { id: 'role', header: 'Role', compare: (a, b) => text(a.role, b.role), cellClassName: 'cell-ellipsis', cell: (n) => n.role || <span className="hint">—</span> },
      {
        id: 'description',
        header: 'Description',
        compare: (a, b) => text(a.description, b.description),
        cellClassName: 'cell-ellipsis',
        cell: (n) => (n.description ? <span title={n.description}>{n.description}</span> : <span className="hint">—</span>),
      },
      { id: 'changed', header: 'Changed', compare: (a, b) => a.updatedAt.localeCompare(b.updatedAt), cellClassName: 'hint', cell: (n) => formatWhen(n.updatedAt) },
      { id: 'actions', header: 'Actions', hideHeader: true, cellClassName: 'cell-actions', cell: (n) => <Actions n={n} onEdit={onEdit} /> },
    ],
    [onEdit],
  );
  return (
    <DataTable
      rows={nodes}
      columns={columns}
      rowKey={(n) => String(n.id)}
      label="Known DICOM nodes"
      className="inv-table"
      isCurrent={(n) => n.id === editingId}
      rowAttrs={(n) => ({ 'data-testid': 'node-row', 'data-ae': n.aeTitle })}
      virtual={{ rowHeight: 44, headHeight: 40 }}
    />
  );
}
