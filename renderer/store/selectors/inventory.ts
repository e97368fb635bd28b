/**
 * The inventory of known DICOM nodes as the screen shows it: rows in a readable
 * order, the edit form turned into a request, and what an import did, in words.
 * The file's rules are main's (one source of truth); the form checks only what it
 * can get wrong by itself. Pure.
 */
import type { InventoryImportResult, InventoryUpsertRequest, StoredInventoryNode } from '../../../shared/remediation';
import { compareHosts } from './hosts';
import { isAeTitle, type Parsed } from './scope';

/** Roles an imaging admin usually writes; the field accepts any text. */
export const ROLE_SUGGESTIONS = ['PACS', 'Modality', 'Workstation', 'Viewer', 'Router', 'RIS'] as const;

/** The add/edit form, as typed. */
export interface NodeForm {
  /** Set when editing an existing node. */
  id?: number;
  aeTitle: string;
  host: string;
  port: string;
  role: string;
  description: string;
}

export const EMPTY_NODE_FORM: NodeForm = { aeTitle: '', host: '', port: '104', role: '', description: '' };

export function nodeForm(node: StoredInventoryNode): NodeForm {
  return { id: node.id, aeTitle: node.aeTitle, host: node.host, port: String(node.port), role: node.role, description: node.description };
}

/** The form as an `inventory:upsert` request, or the first thing to correct. */
export function buildUpsert(form: NodeForm): Parsed<InventoryUpsertRequest> {
  const aeTitle = form.aeTitle.trim();
  if (!isAeTitle(aeTitle)) return { ok: false, message: 'The AE title is 1 to 16 characters, without backslash (e.g. CT_SCANNER1).' };
  const host = form.host.trim().replace(/^\[|\]$/g, '');
  if (!host || /\s/.test(host)) return { ok: false, message: 'Enter the node\'s address or host name, without spaces.' };
  const port = form.port.trim();
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return { ok: false, message: 'The port is a number from 1 to 65535 (104 or 11112 for most DICOM nodes).' };
  return {
    ok: true,
    value: { ...(form.id !== undefined ? { id: form.id } : {}), aeTitle, host, port: Number(port), role: form.role.trim(), description: form.description.trim() },
  };
}

/** Host, then port, then AE title: nodes of one machine stay together. */
export function sortNodes(nodes: readonly StoredInventoryNode[]): StoredInventoryNode[] {
  return [...nodes].sort((a, b) => compareHosts(a.host, b.host) || a.port - b.port || a.aeTitle.localeCompare(b.aeTitle));
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line on what an import did: `3 nodes added, 1 updated, 2 unchanged`. */
export function describeImport(r: InventoryImportResult): string {
  if (!r.imported) return `Nothing was imported: ${plural(r.problems.length, 'line needs', 'lines need')} correcting.`;
  const parts = [`${plural(r.added, 'node', 'nodes')} added`, `${r.updated} updated`, `${r.unchanged} unchanged`];
  if (r.removed > 0) parts.push(`${r.removed} removed`);
  return `${plural(r.rows, 'row', 'rows')} read: ${parts.join(', ')}.`;
}
