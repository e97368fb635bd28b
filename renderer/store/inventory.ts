/**
 * The inventory of known DICOM nodes (PACS, modalities, workstations, viewers): it tells
 * the probes which AE titles are legitimate and fills the allow-lists in the playbooks.
 */
import type { StateCreator } from 'zustand';
import type { InventoryImportResult, InventoryUpsertRequest, StoredInventoryNode } from '../../shared/remediation';
import { call } from '../bridge';
import type { AppState } from './index';
import { afterInventoryChange } from './refresh';
import type { LoadStatus } from './servers';

export interface InventorySlice {
  inventory: {
    status: LoadStatus;
    nodes: StoredInventoryNode[];
    /** Why the list could not be loaded. */
    error: string | null;
    importing: boolean;
    /** The last import's outcome, with the file it came from. */
    lastImport: { fileName: string; result: InventoryImportResult } | null;
    /** Why the last import could not run at all (not a bad line: those are in lastImport). */
    importError: string | null;
    saving: boolean;
    /** Why the last add, edit or remove was refused. */
    saveError: string | null;
  };
  loadInventory: () => Promise<void>;
  importInventory: (csv: string, fileName: string, replace: boolean) => Promise<void>;
  /** Adds or edits a node; false when main refused (see saveError). */
  saveNode: (req: InventoryUpsertRequest) => Promise<boolean>;
  removeNode: (id: number) => Promise<boolean>;
  /** Shows a problem found before anything was sent (e.g. an unreadable file). */
  showImportError: (message: string | null) => void;
}

export const createInventorySlice: StateCreator<AppState, [], [], InventorySlice> = (set, get) => {
  const patch = (p: Partial<AppState['inventory']>): void => set((s) => ({ inventory: { ...s.inventory, ...p } }));
  return {
    inventory: { status: 'idle', nodes: [], error: null, importing: false, lastImport: null, importError: null, saving: false, saveError: null },

    loadInventory: async () => {
      patch({ status: 'loading', error: null });
      const r = await call((api) => api.inventory.list());
      if (r.ok) patch({ status: 'ready', nodes: r.value, error: null });
      else patch({ status: 'error', error: r.error.message });
    },

    importInventory: async (csv, fileName, replace) => {
      if (get().inventory.importing) return;
      patch({ importing: true, importError: null, lastImport: null });
      const r = await call((api) => api.inventory.import({ csv, ...(replace ? { replace: true } : {}) }));
      if (!r.ok) {
        patch({ importing: false, importError: r.error.message });
        return;
      }
      patch({ importing: false, lastImport: { fileName, result: r.value } });
      if (r.value.imported) {
        await get().loadInventory();
        afterInventoryChange(get);
      }
    },

    saveNode: async (req) => {
      patch({ saving: true, saveError: null });
      const r = await call((api) => api.inventory.upsert(req));
      if (!r.ok) {
        patch({ saving: false, saveError: r.error.message });
        return false;
      }
      patch({ saving: false });
      await get().loadInventory();
      afterInventoryChange(get);
      return true;
    },

    removeNode: async (id) => {
      patch({ saving: true, saveError: null });
      const r = await call((api) => api.inventory.remove({ id }));
      if (!r.ok) {
        patch({ saving: false, saveError: r.error.message });
        return false;
      }
      patch({ saving: false });
      await get().loadInventory();
      afterInventoryChange(get);
      return r.value.removed;
    },

    showImportError: (message) => patch({ importError: message, lastImport: null }),
  };
};
