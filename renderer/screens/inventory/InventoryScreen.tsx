/**
 * Inventory: the DICOM nodes the admin knows (PACS, modalities, workstations, viewers).
 * Scans learn servers' AE titles from it; the playbooks let exactly these peers in.
 */
import { useEffect, useMemo, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { ScreenHead } from '../../components/ScreenHead';
import { SearchField } from '../../components/SearchField';
import { useAppStore } from '../../store';
import { nodeForm, sortNodes, type NodeForm } from '../../store/selectors/inventory';
import { ImportPanel } from './ImportPanel';
import { NodeFormPanel } from './NodeFormPanel';
import { NodesTable } from './NodesTable';
import { PeersPanel } from '../../components/PeersPanel';
import { nodeMatches } from './search';

export function InventoryScreen() {
  const inventory = useAppStore((s) => s.inventory);
  const loadInventory = useAppStore((s) => s.loadInventory);
  const nodes = useMemo(() => sortNodes(inventory.nodes), [inventory.nodes]);
  const [query, setQuery] = useState('');
  const found = useMemo(() => nodes.filter((n) => nodeMatches(n, query)), [nodes, query]);
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
          <>
            <div className="panel-body list-tools">
              <SearchField
                value={query}
                onChange={setQuery}
                label="Search nodes"
                placeholder="AE title, address, port, role…"
                shown={found.length}
                total={nodes.length}
                testId="inventory-search"
              />
            </div>
            {found.length === 0 ? (
              <EmptyState title="No node matches" action={<button type="button" className="btn" onClick={() => setQuery('')}>Clear the search</button>}>
                No node has all of the words &ldquo;{query.trim()}&rdquo;.
              </EmptyState>
            ) : (
              <NodesTable
                nodes={found}
                editingId={editing?.id}
                onEdit={(n) => {
                  setEditing(nodeForm(n));
                  setFormKey((k) => k + 1);
                }}
              />
            )}
          </>
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
