/**
 * The `--inventory FILE` CSV (../shared/spec/cli.md): known DICOM nodes, header
 * `ae_title,host,port,role,description`. A row whose host:port is a scanned service
 * names that server's AE title; the other rows are its legitimate peers.
 *
 * The rules are the app's import rules (electron/remediation/inventory-csv.ts): all or
 * nothing, every bad row named by its line number. Here only the file and the exit code.
 */
import { readFileSync } from 'node:fs';
import type { InventoryNode } from '../../shared/types';
import { InventoryError, parseInventoryCsv as parseInventory } from '../remediation/inventory-csv';
import { UsageError } from './errors';

export { INVENTORY_HEADER, splitCsvLine } from '../remediation/inventory-csv';

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

/** Parse inventory CSV text. `source` prefixes the one-line UsageError that names the bad lines. */
export function parseInventoryCsv(text: string, source: string): InventoryNode[] {
  try {
    return parseInventory(text, source);
  } catch (e) {
    if (e instanceof InventoryError) throw new UsageError(e.message);
    throw e;
  }
}
