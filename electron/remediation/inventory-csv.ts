/**
 * The inventory CSV (`ae_title,host,port,role,description`) read for an import into the
 * store and for the CLI's `--inventory`: every bad line is reported with its number, and
 * the caller uses nothing when there is any (a half-read inventory would silently change
 * what the checks conclude). Problems come back as data, so a screen can list them all;
 * parseInventoryCsv turns them into one error line (the CLI's `--inventory`, a scan
 * request's inventory).
 * Fields may be double-quoted (`""` inside quotes is a quote) but may not span lines.
 */
import { aeTitleProblem } from '../../shared/ae-title';
import { canonicalHost, hostProblem, serverKey } from '../../shared/host';
import { INVENTORY_HEADER, MAX_INVENTORY_CHARS } from '../../shared/inventory';
import type { InventoryProblem } from '../../shared/remediation';
import type { InventoryNode } from '../../shared/types';

export { INVENTORY_HEADER };

/** How many bad lines one error message names before it says "and N more". */
const MAX_REPORTED = 4;

export interface ParsedInventory {
  nodes: InventoryNode[];
  /** Data lines seen (blank lines not counted). */
  rows: number;
  /** Bad lines; when any, `nodes` must not be used. */
  problems: InventoryProblem[];
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
      problems.push({ line: i + 1, message: `repeats line ${first} (${row.aeTitle} at ${serverKey(row)})` });
      continue;
    }
    firstLineOf.set(key, i + 1);
    nodes.push(row);
  }
  return { nodes, rows, problems };
}

/** An inventory with bad lines: the message names them (the first few) by number. */
export class InventoryError extends Error {
  override readonly name = 'InventoryError';
}

/**
 * Parse inventory CSV text, all or nothing: the nodes, or an InventoryError whose one
 * line starts with `source` and names the bad lines. The CLI and the app both read
 * an inventory through this.
 */
export function parseInventoryCsv(text: string, source: string): InventoryNode[] {
  const { nodes, problems } = parseInventoryRows(text);
  if (problems.length > 0) {
    const all = problems.map((p) => `line ${p.line}: ${p.message}`);
    const shown = all.slice(0, MAX_REPORTED).join('; ');
    const more = all.length > MAX_REPORTED ? `; and ${all.length - MAX_REPORTED} more bad lines` : '';
    throw new InventoryError(`${source}: ${shown}${more} (nothing was used)`);
  }
  return nodes;
}

/** Split one CSV line into fields (RFC 4180 quoting within the line), or say why it cannot be. */
export function splitCsvLine(line: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    // Spaces before an opening quote are tolerated (hand-edited files).
    let j = i;
    while (line[j] === ' ' || line[j] === '\t') j++;
    if (line[j] === '"') {
      j++;
      for (;;) {
        if (j >= line.length) return 'a quoted field is not closed (a field cannot span lines)';
        if (line[j] === '"') {
          if (line[j + 1] === '"') {
            field += '"';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        field += line[j++];
      }
      while (line[j] === ' ' || line[j] === '\t') j++;
      if (j < line.length && line[j] !== ',') return 'text after a closing quote (write "" for a quote inside a quoted field)';
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      field = line.slice(i, end);
      if (field.includes('"')) return 'a quote inside an unquoted field (quote the whole field and write "" for the quote)';
      j = end;
    }
    fields.push(field);
    if (j >= line.length) return fields;
    i = j + 1; // past the comma
  }
}
