/**
 * The `--inventory FILE` CSV (../shared/spec/cli.md): known DICOM nodes, header
 * `ae_title,host,port,role,description`. A row whose host:port is a scanned service
 * names that server's AE title; the other rows are its legitimate peers.
 *
 * All or nothing: one bad row rejects the whole file, with every bad row named by
 * its line number, because a half-read inventory would silently change what the
 * checks conclude.
 */
import { readFileSync } from 'node:fs';
import type { InventoryNode } from '../../shared/types';
import { aeTitleProblem, hostProblem } from './args';
import { UsageError } from './errors';

export const INVENTORY_HEADER = ['ae_title', 'host', 'port', 'role', 'description'] as const;

/** How many bad lines one error message names before it says "and N more". */
const MAX_REPORTED = 4;

/** Read and parse an inventory file; any problem is a UsageError naming the file. */
export function readInventory(file: string): InventoryNode[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--inventory ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseInventoryCsv(text, `--inventory ${file}`);
}

/**
 * Parse inventory CSV text. `source` prefixes error messages. Empty lines are ignored;
 * fields may be double-quoted (`""` inside quotes is a quote) but may not span lines.
 */
export function parseInventoryCsv(text: string, source: string): InventoryNode[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw new UsageError(`${source}: the file is empty (expected the header ${INVENTORY_HEADER.join(',')})`);
  const header = splitCsvLine(lines[headerIndex]!);
  if (typeof header === 'string' || header.map((h) => h.trim().toLowerCase()).join(',') !== INVENTORY_HEADER.join(',')) {
    throw new UsageError(`${source}: line ${headerIndex + 1}: the header must be exactly ${INVENTORY_HEADER.join(',')}`);
  }

  const nodes: InventoryNode[] = [];
  const problems: string[] = [];
  const firstLineOf = new Map<string, number>();
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const lineNo = i + 1;
    const row = parseRow(line);
    if (typeof row === 'string') {
      problems.push(`line ${lineNo}: ${row}`);
      continue;
    }
    const key = `${row.aeTitle}@${row.host}:${row.port}`;
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      problems.push(`line ${lineNo}: repeats line ${first}`);
      continue;
    }
    firstLineOf.set(key, lineNo);
    nodes.push(row);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_REPORTED).join('; ');
    const more = problems.length > MAX_REPORTED ? `; and ${problems.length - MAX_REPORTED} more bad lines` : '';
    throw new UsageError(`${source}: ${shown}${more} (nothing was used)`);
  }
  return nodes;
}

/** One data row, or why it is bad. */
function parseRow(line: string): InventoryNode | string {
  const fields = splitCsvLine(line);
  if (typeof fields === 'string') return fields;
  if (fields.length !== INVENTORY_HEADER.length) return `has ${fields.length} fields, expected ${INVENTORY_HEADER.length} (${INVENTORY_HEADER.join(',')})`;
  const [aeRaw, hostRaw, portRaw, role, description] = fields.map((f) => f.trim()) as [string, string, string, string, string];
  const aeProblem = aeTitleProblem(fields[0]!);
  if (aeProblem) return `AE title ${JSON.stringify(aeRaw)} ${aeProblem}`;
  // IPv6 may be written with or without brackets; host names compare case-insensitively.
  const host = (hostRaw.startsWith('[') && hostRaw.endsWith(']') ? hostRaw.slice(1, -1) : hostRaw).toLowerCase();
  const hostIssue = hostProblem(host);
  if (hostIssue) return hostIssue;
  const port = Number(portRaw);
  if (!/^\d{1,5}$/.test(portRaw) || port < 1 || port > 65535) return `port ${JSON.stringify(portRaw)} is not a number from 1 to 65535`;
  for (const [name, value] of [['role', role], ['description', description]] as const) {
    if (/[\x00-\x08\x0b-\x1f\x7f]/.test(value)) return `${name} contains a control character`;
  }
  return { aeTitle: aeRaw, host, port, role, description };
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
