/**
 * Maintenance windows: the list, the window being followed (its progress and summary)
 * and creating one. Windows live in the database, so a window in progress resumes
 * after a reload or a restart; the one last opened is remembered on this computer.
 */
import type { StateCreator } from 'zustand';
import type { WindowCreateRequest, WindowListItem, WindowProgress, WindowSummary } from '../../shared/remediation';
import { call } from '../bridge';
import type { AppState } from './index';
import { idle, type Loadable } from './remediation';
import { readRemembered, remember } from './remembered';

export interface WindowsSlice {
  windows: {
    list: Loadable<WindowListItem[]>;
    /** The window shown in detail. */
    selectedId: string | null;
    progress: Loadable<WindowProgress>;
    /** `Date.now()` when `progress` arrived: the countdown runs from there. */
    progressAt: number | null;
    summary: Loadable<WindowSummary>;
    creating: boolean;
    /** Why the last create failed (main's words). */
    createError: string | null;
  };
  loadWindows: () => Promise<void>;
  /** Shows a window in detail (null: back to the list only). */
  openWindow: (id: string | null) => void;
  /** Asks main again for the open window's progress and summary. */
  refreshWindow: () => Promise<void>;
  /** Creates a window and opens it; false when main refused (see createError). */
  createWindow: (req: WindowCreateRequest) => Promise<boolean>;
}

export const createWindowsSlice: StateCreator<AppState, [], [], WindowsSlice> = (set, get) => {
  const patch = (p: Partial<AppState['windows']>): void => set((s) => ({ windows: { ...s.windows, ...p } }));

  return {
    windows: {
      list: idle(),
      selectedId: null,
      progress: idle(),
      progressAt: null,
      summary: idle(),
      creating: false,
      createError: null,
    },

    loadWindows: async () => {
      set((s) => ({ windows: { ...s.windows, list: { ...s.windows.list, status: 'loading', error: null } } }));
      const r = await call((api) => api.window.list());
      if (!r.ok) {
        set((s) => ({ windows: { ...s.windows, list: { ...s.windows.list, status: 'error', error: r.error.message } } }));
        return;
      }
      patch({ list: { status: 'ready', data: r.value, error: null } });
      // Resume: the window last opened here, else one that is in progress now.
      if (get().windows.selectedId === null) {
        const remembered = readRemembered('windowId');
        const resume = r.value.find((w) => w.id === remembered) ?? r.value.find((w) => w.phase === 'open');
        if (resume) get().openWindow(resume.id);
      }
    },

    openWindow: (id) => {
      remember('windowId', id);
      patch({ selectedId: id, progress: idle(), summary: idle(), progressAt: null });
      if (id) void get().refreshWindow();
    },

    refreshWindow: async () => {
      const id = get().windows.selectedId;
      if (!id) return;
      set((s) => ({
        windows: {
          ...s.windows,
          progress: { ...s.windows.progress, status: 'loading', error: null },
          summary: { ...s.windows.summary, status: 'loading', error: null },
        },
      }));
      const [p, sum] = await Promise.all([call((api) => api.window.get({ id })), call((api) => api.window.summary({ id }))]);
      if (get().windows.selectedId !== id) return;
      patch({
        progress: p.ok ? { status: 'ready', data: p.value, error: null } : { status: 'error', data: null, error: p.error.message },
        progressAt: p.ok ? Date.now() : null,
        summary: sum.ok ? { status: 'ready', data: sum.value, error: null } : { status: 'error', data: null, error: sum.error.message },
      });
      // The list shows each window's phase: keep it in step.
      if (p.ok) {
        const item: WindowListItem = { ...p.value.window, phase: p.value.phase, remainingMs: p.value.remainingMs };
        set((s) => ({
          windows: {
            ...s.windows,
            list: s.windows.list.data ? { ...s.windows.list, data: s.windows.list.data.map((w) => (w.id === id ? item : w)) } : s.windows.list,
          },
        }));
      }
    },

    createWindow: async (req) => {
      if (get().windows.creating) return false;
      patch({ creating: true, createError: null });
      const r = await call((api) => api.window.create(req));
      if (!r.ok) {
        patch({ creating: false, createError: r.error.message });
        return false;
      }
      patch({ creating: false });
      await get().loadWindows();
      get().openWindow(r.value.id);
      return true;
    },
  };
};
