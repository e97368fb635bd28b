/**
 * Inventory: the DICOM nodes the admin knows (PACS, modalities, workstations, viewers).
 * Scans learn servers' AE titles from it; the playbooks let exactly these peers in.
 */
import { useEffect, useMemo, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { ScreenHead } from '../../components/ScreenHead';
import { useAppStore } from '../../store';
import { nodeForm, sortNodes, type NodeForm } from '../../store/selectors/inventory';
import { ImportPanel } from './ImportPanel';
import { NodeFormPanel } from './NodeFormPanel';
import { NodesTable } from './NodesTable';
import { PeersPanel } from '../../components/PeersPanel';

export function InventoryScreen() {
  const inventory = useAppStore((s) => s.inventory);
  const loadInventory = useAppStore((s) => s.loadInventory);
  const nodes = useMemo(() => sortNodes(inventory.nodes), [inventory.nodes]);
  const [editing, setEditing] = useState<NodeForm | null>(null);
  // Each edit starts a fresh form.
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    void loadInventory();
  }, [loadInventory]);

  const list = (
    <LoadState state={inventory} hasData={nodes.length > 0} panel={false} loading="Loading the inventory…" failed="The inventory could not be loaded." onRetry={() => void loadInventory()}>
      {() =>
        nodes.length === 0 ? (
          <EmptyState title="No nodes yet">
            Import your list of DICOM nodes as a CSV file, or add the PACS, modalities and workstations one by one. Until then, firewall
            and access snippets cannot name the systems that must keep working.
          </EmptyState>
        ) : (
          <NodesTable
            nodes={nodes}
            editingId={editing?.id}
            onEdit={(n) => {
              setEditing(nodeForm(n));
              setFormKey((k) => k + 1);
            }}
          />
        )
      }
    </LoadState>
  );

  return (
    <div className="screen">
      <ScreenHead title="Inventory">
        The DICOM nodes you know: PACS, modalities, workstations and viewers. Scans learn each server&rsquo;s AE title from it, and the
        fixes let exactly these peers in.
      </ScreenHead>
      <div className="inv-layout">
        <ImportPanel />
        <NodeFormPanel
          key={formKey}
          editing={editing}
          onDone={() => {
            setEditing(null);
            setFormKey((k) => k + 1);
          }}
        />
      </div>
      <section className="panel" aria-labelledby="inv-list-title">
        <div className="panel-head">
          <h2 id="inv-list-title">Known nodes</h2>
          <span className="hint" data-testid="node-count">
            {nodes.length} {nodes.length === 1 ? 'node' : 'nodes'}
          </span>
        </div>
        {list}
      </section>
      <PeersPanel />
    </div>
  );
}
