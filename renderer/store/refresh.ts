/**
 * One place for what depends on what in the renderer: when something changes in main,
 * every view built from it is read again, whichever screen is showing. The database is
 * the one source of truth; the slices only hold copies of it, so a change refreshes the
 * copies instead of patching them by hand.
 */
import type { AppState } from './index';

/** The inventory fills the Fix screen's allow-lists and snippets, and a window's checklists. */
export function afterInventoryChange(get: () => AppState): void {
  if (get().fix.server) void get().loadRemediation();
  void get().refreshMaintenanceWindow();
}

/** A ticked step or an attestation moves the followed maintenance window's progress. */
export function afterChecklistChange(get: () => AppState): void {
  void get().refreshMaintenanceWindow();
}
