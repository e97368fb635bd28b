/**
 * Remediation (issue 5): inventory import, checklists, verification runs and
 * maintenance windows over the store. Plain Node, no Electron: the CLI, the app's IPC
 * handlers and the tests use the same functions.
 */
export { RemediationError } from './errors';
export { parseInventoryRows, parseInventoryCsv, InventoryError, type ParsedInventory } from './inventory-csv';
export { verifyAndRecord, type VerifyRequest } from './verify-run';
export { maintenanceWindowPhase, maintenanceWindowProgress, maintenanceWindowSummary } from './maintenance-windows';
export { createRemediationService, type RemediationService, type RemediationDeps } from './service';
