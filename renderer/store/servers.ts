/** The open scan report, and how the Servers list is sorted and filtered. */
import type { StateCreator } from 'zustand';
import type { ScanReport } from '../../shared/types';
import { call } from '../bridge';
import type { AppState } from './index';
import { DEFAULT_FILTER, DEFAULT_SORT, nextSort, type ServerFilter, type ServerSort, type ServerSortKey } from './selectors/servers';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ServersSlice {
  report: {
    /** The scan being shown (or loading). */
    scanId: string | null;
    status: LoadStatus;
    data: ScanReport | null;
    error: string | null;
  };
  sort: ServerSort;
  filter: ServerFilter;
  /** `host:port` of the server open in the Server view. */
  selectedKey: string | null;
  /** Loads a scan's report; `show` also switches to the Servers screen. */
  openScan: (scanId: string, show?: boolean) => Promise<void>;
  sortBy: (key: ServerSortKey) => void;
  setFilter: (patch: Partial<ServerFilter>) => void;
  clearFilter: () => void;
  openServer: (key: string) => void;
}

export const createServersSlice: StateCreator<AppState, [], [], ServersSlice> = (set, get) => ({
  report: { scanId: null, status: 'idle', data: null, error: null },
  sort: DEFAULT_SORT,
  filter: DEFAULT_FILTER,
  selectedKey: null,

  openScan: async (scanId, show = false) => {
    const sameScan = get().report.scanId === scanId;
    set((s) => ({
      report: { scanId, status: 'loading', data: sameScan ? s.report.data : null, error: null },
      // A product filter from another scan could hide everything: start clean.
      filter: sameScan ? s.filter : DEFAULT_FILTER,
      selectedKey: sameScan ? s.selectedKey : null,
      ...(show ? { view: 'servers' as const } : {}),
    }));
    const r = await call((api) => api.scan.get({ scanId }));
    if (get().report.scanId !== scanId) return; // another scan was opened meanwhile
    if (r.ok) set({ report: { scanId, status: 'ready', data: r.value, error: null } });
    else set((s) => ({ report: { ...s.report, status: 'error', error: r.error.message } }));
  },

  sortBy: (key) => set((s) => ({ sort: nextSort(s.sort, key) })),
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  clearFilter: () => set({ filter: DEFAULT_FILTER }),
  openServer: (key) => set({ selectedKey: key, view: 'server' }),
});
