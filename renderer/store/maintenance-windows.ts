/**
 * Maintenance windows: the list, the window being followed (its progress and summary)
 * and creating one. Windows live in the database, so a window in progress resumes
 * after a reload or a restart; the one last opened is remembered on this computer.
 */
import type { StateCreator } from 'zustand';
import type {
  MaintenanceWindowCloseRequest,
  MaintenanceWindowCreateRequest,
  MaintenanceWindowExtendRequest,
  MaintenanceWindowListItem,
  MaintenanceWindowProgress,
  MaintenanceWindowSummary,
  MaintenanceWindowUpdateRequest,
} from '../../shared/remediation';
import { call } from '../bridge';
import type { AppState } from './index';
import { idle, type Loadable } from './remediation';
import { readRemembered, remember } from './remembered';

export interface MaintenanceWindowsSlice {
  maintenanceWindows: {
    list: Loadable<MaintenanceWindowListItem[]>;
    /** The window shown in detail. */
    selectedId: string | null;
    progress: Loadable<MaintenanceWindowProgress>;
    /** `Date.now()` when `progress` arrived: the countdown runs from there. */
    progressAt: number | null;
    summary: Loadable<MaintenanceWindowSummary>;
    creating: boolean;
    /** Why the last create failed (main's words). */
    createError: string | null;
    /** An edit, extension or close of the open window is on its way (issue 17). */
    changing: boolean;
    /** Why the last change was refused (main's words). */
    changeError: string | null;
  };
  loadMaintenanceWindows: () => Promise<void>;
  /** Shows a window in detail (null: back to the list only). */
  openMaintenanceWindow: (id: string | null) => void;
  /** Asks main again for the open window's progress and summary. */
  refreshMaintenanceWindow: () => Promise<void>;
  /** Creates a window and opens it; false when main refused (see createError). */
  createMaintenanceWindow: (req: MaintenanceWindowCreateRequest) => Promise<boolean>;
  /**
   * Edits, extends or closes the open window as the person at the keyboard (`operatorName`);
   * each change lands in the window's history. False when refused (see changeError).
   */
  changeMaintenanceWindow: (change: MaintenanceWindowChangeRequest) => Promise<boolean>;
  clearMaintenanceWindowChangeError: () => void;
}

/** A change of the open window, without its id and author (the slice adds both). */
export type MaintenanceWindowChangeRequest =
  | ({ kind: 'update' } & Omit<MaintenanceWindowUpdateRequest, 'id' | 'by'>)
  | ({ kind: 'extend' } & Omit<MaintenanceWindowExtendRequest, 'id' | 'by'>)
  | ({ kind: 'close' } & Omit<MaintenanceWindowCloseRequest, 'id' | 'by'>);

export const createMaintenanceWindowsSlice: StateCreator<AppState, [], [], MaintenanceWindowsSlice> = (set, get) => {
  const patch = (p: Partial<AppState['maintenanceWindows']>): void => set((s) => ({ maintenanceWindows: { ...s.maintenanceWindows, ...p } }));

  return {
    maintenanceWindows: {
      list: idle(),
      selectedId: null,
      progress: idle(),
      progressAt: null,
      summary: idle(),
      creating: false,
      createError: null,
      changing: false,
      changeError: null,
    },

    loadMaintenanceWindows: async () => {
      set((s) => ({ maintenanceWindows: { ...s.maintenanceWindows, list: { ...s.maintenanceWindows.list, status: 'loading', error: null } } }));
      const r = await call((api) => api.maintenanceWindow.list());
      if (!r.ok) {
        set((s) => ({ maintenanceWindows: { ...s.maintenanceWindows, list: { ...s.maintenanceWindows.list, status: 'error', error: r.error.message } } }));
        return;
      }
      patch({ list: { status: 'ready', data: r.value, error: null } });
      // Resume: the window last opened here, else one that is in progress now.
      if (get().maintenanceWindows.selectedId === null) {
        const remembered = readRemembered('windowId');
        const resume = r.value.find((w) => w.id === remembered) ?? r.value.find((w) => w.phase === 'open');
        if (resume) get().openMaintenanceWindow(resume.id);
      }
    },

    openMaintenanceWindow: (id) => {
      remember('windowId', id);
      patch({ selectedId: id, progress: idle(), summary: idle(), progressAt: null });
      if (id) void get().refreshMaintenanceWindow();
    },

    refreshMaintenanceWindow: async () => {
      const id = get().maintenanceWindows.selectedId;
      if (!id) return;
      set((s) => ({
        maintenanceWindows: {
          ...s.maintenanceWindows,
          progress: { ...s.maintenanceWindows.progress, status: 'loading', error: null },
          summary: { ...s.maintenanceWindows.summary, status: 'loading', error: null },
        },
      }));
      const [p, sum] = await Promise.all([call((api) => api.maintenanceWindow.get({ id })), call((api) => api.maintenanceWindow.summary({ id }))]);
      if (get().maintenanceWindows.selectedId !== id) return;
      patch({
        progress: p.ok ? { status: 'ready', data: p.value, error: null } : { status: 'error', data: null, error: p.error.message },
        progressAt: p.ok ? Date.now() : null,
        summary: sum.ok ? { status: 'ready', data: sum.value, error: null } : { status: 'error', data: null, error: sum.error.message },
      });
      // The list shows each window's phase: keep it in step.
      if (p.ok) {
        const item: MaintenanceWindowListItem = { ...p.value.window, phase: p.value.phase, remainingMs: p.value.remainingMs };
        set((s) => ({
          maintenanceWindows: {
            ...s.maintenanceWindows,
            list: s.maintenanceWindows.list.data ? { ...s.maintenanceWindows.list, data: s.maintenanceWindows.list.data.map((w) => (w.id === id ? item : w)) } : s.maintenanceWindows.list,
          },
        }));
      }
    },

    createMaintenanceWindow: async (req) => {
      if (get().maintenanceWindows.creating) return false;
      patch({ creating: true, createError: null });
      const r = await call((api) => api.maintenanceWindow.create(req));
      if (!r.ok) {
        patch({ creating: false, createError: r.error.message });
        return false;
      }
      patch({ creating: false });
      await get().loadMaintenanceWindows();
      get().openMaintenanceWindow(r.value.id);
      return true;
    },

    changeMaintenanceWindow: async (change) => {
      const id = get().maintenanceWindows.selectedId;
      if (!id || get().maintenanceWindows.changing) return false;
      const by = get().operatorName.trim();
      if (by === '') {
        patch({ changeError: 'Say who you are first (your name): every change is written to the window\'s history.' });
        return false;
      }
      patch({ changing: true, changeError: null });
      const { kind, ...rest } = change;
      const r = await call((api) =>
        kind === 'update'
          ? api.maintenanceWindow.update({ id, by, ...rest })
          : kind === 'extend'
            ? api.maintenanceWindow.extend({ id, by, ...(rest as Omit<MaintenanceWindowExtendRequest, 'id' | 'by'>) })
            : api.maintenanceWindow.close({ id, by, ...rest }),
      );
      if (!r.ok) {
        patch({ changing: false, changeError: r.error.message });
        return false;
      }
      patch({ changing: false, progress: { status: 'ready', data: r.value, error: null }, progressAt: Date.now() });
      // The summary and the list follow the new times.
      await get().refreshMaintenanceWindow();
      return true;
    },

    clearMaintenanceWindowChangeError: () => patch({ changeError: null }),
  };
};
