/**
 * The inventory of known DICOM nodes: imported from CSV in one transaction (all rows
 * or none), then edited node by node. A node is identified by (AE title, host, port);
 * its role and description are what an import may update.
 */
import type Database from 'better-sqlite3';
import { aeTitleProblem } from '../../shared/ae-title';
import { serverKey } from '../../shared/host';
import type { StoredInventoryNode } from '../../shared/remediation';
import type { InventoryNode } from '../../shared/types';
import { StoreError } from './errors';
import { requirePort, runSql } from './repo-util';

/** What an import changed. */
export interface InventoryImportCounts {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export interface InventoryRepo {
  /** Every node, ordered by AE title, host, port. */
  list: () => StoredInventoryNode[];
  /**
   * Merges `nodes` in one transaction: new nodes are added, known ones get the file's
   * role and description; with `replace`, nodes the file does not list are removed.
   * Either every change is made or none (a failure rolls all back).
   */
  importNodes: (nodes: readonly InventoryNode[], opts: { replace: boolean; at: string }) => InventoryImportCounts;
  /**
   * Without `id`: adds the node, or updates role and description of the node with the same
   * AE title, host and port. With `id`: updates that node (AE title, host and port may
   * change; StoreError when that would duplicate another node, or there is no such id).
   */
  upsert: (node: InventoryNode & { id?: number }, at: string) => StoredInventoryNode;
  /** Removes node `id`; false when there was none. */
  remove: (id: number) => boolean;
}

interface Row {
  id: number;
  ae_title: string;
  host: string;
  port: number;
  role: string;
  description: string;
  updated_at: string;
}

const toNode = (r: Row): StoredInventoryNode => ({ id: r.id, aeTitle: r.ae_title, host: r.host, port: r.port, role: r.role, description: r.description, updatedAt: r.updated_at });

function check(n: InventoryNode): void {
  const aeProblem = typeof n.aeTitle === 'string' ? aeTitleProblem(n.aeTitle) : 'is not text';
  if (aeProblem) throw new StoreError(`AE title ${JSON.stringify(n.aeTitle)} ${aeProblem}`);
  if (typeof n.host !== 'string' || n.host.length < 1 || n.host.length > 253) throw new StoreError('a node needs a host');
  requirePort(n.port);
}

export function createInventoryRepo(db: Database.Database): InventoryRepo {
  const q = {
    list: db.prepare<[], Row>('SELECT * FROM inventory_nodes ORDER BY ae_title, host, port'),
    byKey: db.prepare<[string, string, number], Row>('SELECT * FROM inventory_nodes WHERE ae_title = ? AND host = ? AND port = ?'),
    byId: db.prepare<[number], Row>('SELECT * FROM inventory_nodes WHERE id = ?'),
    insert: db.prepare('INSERT INTO inventory_nodes (ae_title, host, port, role, description, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
    updateText: db.prepare('UPDATE inventory_nodes SET role = ?, description = ?, updated_at = ? WHERE id = ?'),
    updateAll: db.prepare('UPDATE inventory_nodes SET ae_title = ?, host = ?, port = ?, role = ?, description = ?, updated_at = ? WHERE id = ?'),
    remove: db.prepare('DELETE FROM inventory_nodes WHERE id = ?'),
  };

  const importTx = db.transaction((nodes: readonly InventoryNode[], replace: boolean, at: string): InventoryImportCounts => {
    const counts: InventoryImportCounts = { added: 0, updated: 0, unchanged: 0, removed: 0 };
    const keep = new Set<number>();
    for (const n of nodes) {
      check(n);
      const row = q.byKey.get(n.aeTitle, n.host, n.port);
      if (row === undefined) {
        const { lastInsertRowid } = q.insert.run(n.aeTitle, n.host, n.port, n.role, n.description, at);
        keep.add(Number(lastInsertRowid));
        counts.added++;
      } else {
        keep.add(row.id);
        if (row.role === n.role && row.description === n.description) counts.unchanged++;
        else {
          q.updateText.run(n.role, n.description, at, row.id);
          counts.updated++;
        }
      }
    }
    if (replace) {
      for (const row of q.list.all()) {
        if (!keep.has(row.id)) {
          q.remove.run(row.id);
          counts.removed++;
        }
      }
    }
    return counts;
  });

  const duplicate = (n: InventoryNode): Record<string, string> => ({ SQLITE_CONSTRAINT_UNIQUE: `the inventory already has ${n.aeTitle} at ${serverKey(n)}` });

  return {
    list: () => q.list.all().map(toNode),
    importNodes: (nodes, opts) => runSql('cannot import the inventory', {}, () => importTx.immediate(nodes, opts.replace, opts.at)),
    upsert(node, at) {
      check(node);
      return runSql('cannot save the node', duplicate(node), () => {
        let id: number;
        if (node.id !== undefined) {
          const { changes } = q.updateAll.run(node.aeTitle, node.host, node.port, node.role, node.description, at, node.id);
          if (changes === 0) throw new StoreError(`no inventory node ${node.id}`);
          id = node.id;
        } else {
          const row = q.byKey.get(node.aeTitle, node.host, node.port);
          if (row !== undefined) {
            q.updateText.run(node.role, node.description, at, row.id);
            id = row.id;
          } else {
            id = Number(q.insert.run(node.aeTitle, node.host, node.port, node.role, node.description, at).lastInsertRowid);
          }
        }
        return toNode(q.byId.get(id)!);
      });
    },
    remove: (id) => q.remove.run(id).changes > 0,
  };
}
