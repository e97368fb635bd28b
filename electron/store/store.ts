/**
 * The Store: one open database plus its repositories. Engine, CLI, IPC handlers and
 * tests all go through openStore. The repositories of issue 5 (inventory, checklists,
 * verifications, maintenance windows) hang off it next to `scans`; the signed records'
 * repository (electron/records/repo.ts) works on its `db`.
 */
import type Database from 'better-sqlite3';
import { openDatabase } from './db';
import { createChecklistRepo, type ChecklistRepo } from './checklist-repo';
import { createInventoryRepo, type InventoryRepo } from './inventory-repo';
import { createScansRepo, type ScansRepo } from './scans-repo';
import { createVerificationsRepo, type VerificationsRepo } from './verifications-repo';
import { createMaintenanceWindowsRepo, type MaintenanceWindowsRepo } from './maintenance-windows-repo';
import { createCutOffAcksRepo, type CutOffAcksRepo } from './cut-off-acks-repo';
import { createInternetRepo, type InternetRepo } from './internet-repo';

export interface Store extends ScansRepo {
  /** The open connection, for later repositories. Do not close it directly: call `close()`. */
  readonly db: Database.Database;
  /** Known DICOM nodes (issue 5). */
  readonly inventory: InventoryRepo;
  /** Per-server checklist history (issue 5). */
  readonly checklists: ChecklistRepo;
  /** Re-probes compared with earlier scans (issue 5). */
  readonly verifications: VerificationsRepo;
  /** Maintenance windows (issue 5). */
  readonly maintenanceWindows: MaintenanceWindowsRepo;
  /** Issue 14: acknowledgements that a step cuts off recently seen peers (written with their checklist change). */
  readonly cutOffAcks: CutOffAcksRepo;
  /** Imported internet observations and the public-to-inside address map (issue 13). */
  readonly internet: InternetRepo;
  /** Closes the database (idempotent). Every method throws afterwards. */
  close(): void;
}

export interface StoreOptions {
  /** Open an existing, up-to-date database without writing anything. */
  readonly?: boolean;
}

/**
 * Opens the database at `file` (creating it and its parent directory; `:memory:`
 * allowed), migrated to the latest schema. Throws a one-line StoreError for a file
 * that is not an SQLite database, is another application's, is damaged, or was
 * written by a newer Collimator; such a file is left untouched.
 */
export function openStore(file: string, opts: StoreOptions = {}): Store {
  const db = openDatabase(file, { readonly: opts.readonly === true });
  const scans = createScansRepo(db);
  const checklists = createChecklistRepo(db);
  return {
    db,
    inventory: createInventoryRepo(db),
    checklists,
    cutOffAcks: createCutOffAcksRepo(db, checklists),
    verifications: createVerificationsRepo(db),
    maintenanceWindows: createMaintenanceWindowsRepo(db),
    internet: createInternetRepo(db),
    beginScan: scans.beginScan,
    saveService: scans.saveService,
    finishScan: scans.finishScan,
    getScan: scans.getScan,
    listScans: scans.listScans,
    latestService: scans.latestService,
    close() {
      if (!db.open) return;
      if (!db.readonly) {
        // SQLite's advice: let it refresh planner statistics it found wanting before a
        // long-lived connection closes. Purely an optimisation, so a failure is not fatal.
        try {
          db.pragma('optimize');
        } catch {
          /* the database is still consistent; nothing to report */
        }
      }
      db.close();
    },
  };
}
