/**
 * The store (docs/architecture.md, "The store"): better-sqlite3, WAL, STRICT
 * tables, numbered append-only migrations. No Electron here, and no patient data ever.
 */
export { StoreError } from './errors';
export { openStore, type Store, type StoreOptions } from './store';
export { defaultDbPath, DB_FILE_NAME } from './paths';
export { BUSY_TIMEOUT_MS } from './db';
export type { BeginScanMeta, LatestService, ScanListItem, ScansRepo } from './scans-repo';
export { MIGRATIONS, type Migration } from './migrations';
export type { InventoryRepo, InventoryImportCounts } from './inventory-repo';
export type { ChecklistRepo, ChecklistChange } from './checklist-repo';
export type { VerificationsRepo } from './verifications-repo';
export type { MaintenanceWindowsRepo } from './maintenance-windows-repo';
export { createObservedPeersRepo, type ObservedPeersRepo, type ObservedPeerFormat } from './observed-peers-repo';
export type { InternetRepo, InternetStaging, InternetObservationInput, StoredInternetObservation, InternetImportRow, InsideService, AddressMapping } from './internet-repo';
