/** The known nodes, with Edit and a two-step Remove (nothing is removed by one stray click). */
import { useState } from 'react';
import { serverKey } from '../../../shared/host';
import type { StoredInventoryNode } from '../../../shared/remediation';
import { formatWhen } from '../../components/format';
import { useAppStore } from '../../store';

export function NodesTable({ nodes, editingId, onEdit }: { nodes: StoredInventoryNode[]; editingId: number | undefined; onEdit: (n: StoredInventoryNode) => void }) {
  const removeNode = useAppStore((s) => s.removeNode);
  const saving = useAppStore((s) => s.inventory.saving);
  const [confirming, setConfirming] = useState<number | null>(null);

  return (
    <div className="table-wrap">
      <table className="inv-table" aria-label="Known DICOM nodes">
        <thead>
          <tr>
            <th scope="col">AE title</th>
            <th scope="col">Address</th>
            <th scope="col" className="num">
              Port
            </th>
            <th scope="col">Role</th>
            <th scope="col">Description</th>
            <th scope="col">Changed</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.id} data-testid="node-row" data-ae={n.aeTitle} aria-current={n.id === editingId ? 'true' : undefined}>
              <td className="mono">{n.aeTitle}</td>
              <td className="mono cell-ellipsis" title={n.host}>
                {n.host}
              </td>
              <td className="num mono">{n.port}</td>
              <td className="cell-ellipsis">{n.role || <span className="hint">—</span>}</td>
              <td className="cell-ellipsis" title={n.description}>
                {n.description || <span className="hint">—</span>}
              </td>
              <td className="hint">{formatWhen(n.updatedAt)}</td>
              <td className="cell-actions">
                {confirming === n.id ? (
                  <span className="confirm" role="group" aria-label={`Remove ${n.aeTitle}?`}>
                    <button
                      type="button"
                      className="btn btn-small btn-danger"
                      disabled={saving}
                      onClick={() => void removeNode(n.id).then(() => setConfirming(null))}
                    >
                      Remove {n.aeTitle}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => setConfirming(null)}>
                      Keep
                    </button>
                  </span>
                ) : (
                  <>
                    <button type="button" className="btn btn-small" onClick={() => onEdit(n)} aria-label={`Edit ${n.aeTitle} at ${serverKey(n)}`}>
                      Edit
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => setConfirming(n.id)} aria-label={`Remove ${n.aeTitle} at ${serverKey(n)}`}>
                      Remove
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
