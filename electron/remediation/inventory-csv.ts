/**
 * The inventory CSV (`ae_title,host,port,role,description`) read for an import into the
 * store: every bad line is reported with its number, and the caller imports nothing when
 * there is any. Same rules as the CLI's `--inventory` reader (electron/cli/inventory-csv.ts,
 * whose CSV splitter and AE/host validators this reuses); this one returns the problems
 * as data instead of one error line, so a screen can list them all.
 */
import type { InventoryProblem } from '../../shared/remediation';
import type { InventoryNode } from '../../shared/types';
import { aeTitleProblem, hostProblem } from '../cli/args';
import { INVENTORY_HEADER, splitCsvLine } from '../cli/inventory-csv';
import { formatAddr, parseAddr } from '../engine/scope-ip';

/** Largest file read (characters): an inventory of thousands of nodes is far smaller. */
export const MAX_INVENTORY_CHARS = 2_000_000;

export interface ParsedInventory {
  nodes: InventoryNode[];
  /** Data lines seen (blank lines not counted). */
  rows: number;
  /** Bad lines; when any, `nodes` must not be used. */
  problems: InventoryProblem[];
}

/** Literal addresses canonical (as scans store hosts), names lower-case. */
export function canonicalHost(host: string): string {
  const a = parseAddr(host);
  return a ? formatAddr(a) : host.toLowerCase();
}

function parseRow(line: string): InventoryNode | string {
  const fields = splitCsvLine(line);
  if (typeof fields === 'string') return fields;
  if (fields.length !== INVENTORY_HEADER.length) return `has ${fields.length} fields, expected ${INVENTORY_HEADER.length} (${INVENTORY_HEADER.join(',')})`;
  const [aeRaw, hostRaw, portRaw, role, description] = fields.map((f) => f.trim()) as [string, string, string, string, string];
  const aeProblem = aeTitleProblem(fields[0]!);
  if (aeProblem) return `AE title ${JSON.stringify(aeRaw)} ${aeProblem}`;
  const host = hostRaw.startsWith('[') && hostRaw.endsWith(']') ? hostRaw.slice(1, -1) : hostRaw;
  const hostIssue = hostProblem(host);
  if (hostIssue) return hostIssue;
  if (!/^\d{1,5}$/.test(portRaw) || Number(portRaw) < 1 || Number(portRaw) > 65535) return `port ${JSON.stringify(portRaw)} is not a number from 1 to 65535`;
  for (const [name, value] of [['role', role], ['description', description]] as const) {
    if (/[\x00-\x08\x0b-\x1f\x7f]/.test(value)) return `${name} contains a control character`;
    if (value.length > 500) return `${name} is longer than 500 characters`;
  }
  return { aeTitle: aeRaw, host: canonicalHost(host), port: Number(portRaw), role, description };
}

/** Parse inventory CSV text; never throws. */
export function parseInventoryRows(text: string): ParsedInventory {
  if (text.length > MAX_INVENTORY_CHARS) return { nodes: [], rows: 0, problems: [{ line: 1, message: `the file is larger than ${MAX_INVENTORY_CHARS} characters` }] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) return { nodes: [], rows: 0, problems: [{ line: 1, message: `the file is empty (expected the header ${INVENTORY_HEADER.join(',')})` }] };
  const header = splitCsvLine(lines[headerIndex]!);
  const problems: InventoryProblem[] = [];
  if (typeof header === 'string' || header.map((h) => h.trim().toLowerCase()).join(',') !== INVENTORY_HEADER.join(',')) {
    problems.push({ line: headerIndex + 1, message: `the header must be exactly ${INVENTORY_HEADER.join(',')}` });
  }
  const nodes: InventoryNode[] = [];
  const firstLineOf = new Map<string, number>();
  let rows = 0;
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    rows++;
    const row = parseRow(line);
    if (typeof row === 'string') {
      problems.push({ line: i + 1, message: row });
      continue;
    }
    const key = `${row.aeTitle}@${row.host}:${row.port}`;
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      problems.push({ line: i + 1, message: `repeats line ${first} (${row.aeTitle} at ${row.host}:${row.port})` });
      continue;
    }
    firstLineOf.set(key, i + 1);
    nodes.push(row);
  }
  return { nodes, rows, problems };
}
