/**
 * Migration 16 (issue 13, import throughput): `internet_observations` loses its index
 * on `import_id`.
 *
 * Every imported observation was written three times over: the row, the
 * (host, port, observed_at) index the finding and the reconcile table read, and an
 * index on import_id whose every entry of one import carries the same 36-character
 * id. Nothing reads observations by import (the repository reads them by service, by
 * host, or all of them), and no import is ever deleted, so that index only cost time:
 * about a third of the final INSERT ... SELECT of a large import (measured in
 * bench/README.md "Import throughput"). The foreign key stays; deleting an import
 * row, should that ever be offered, would scan the table once to cascade.
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
DROP INDEX internet_observations_by_import;
`;
