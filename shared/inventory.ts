/**
 * The inventory file's format, for every place that reads one: the CSV parser
 * (electron/remediation/inventory-csv.ts), the IPC schemas and the renderer's file
 * pickers. Pure constants.
 */

/** The header an inventory CSV starts with, column by column. */
export const INVENTORY_HEADER = ['ae_title', 'host', 'port', 'role', 'description'] as const;

/**
 * Largest inventory read (characters; the pickers compare a file's bytes, which are at
 * least as many): an inventory of thousands of nodes is far smaller, and a bound keeps
 * a wrong file or a hostile page from making main parse megabytes.
 */
export const MAX_INVENTORY_CHARS = 2_000_000;

/** The limit in words, for messages. */
export const MAX_INVENTORY_TEXT = '2 MB';
