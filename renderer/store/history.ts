/** Earlier scans (`scan:list`), to reopen one. */
import type { StateCreator } from 'zustand';
import type { ScanSummary } from '../../shared/contract';
import { call } from '../bridge';
import type { AppState } from './index';
import type { LoadStatus } from './servers';

export interface HistorySlice {
  history: {
    status: LoadStatus;
    /** Most recent first. */
    scans: ScanSummary[];
    error: string | null;
  };
  loadHistory: () => Promise<void>;
}

export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (set) => ({
  history: { status: 'idle', scans: [], error: null },
  loadHistory: async () => {
    set((s) => ({ history: { ...s.history, status: 'loading', error: null } }));
    const r = await call((api) => api.scan.list());
    if (r.ok) set({ history: { status: 'ready', scans: r.value, error: null } });
    else set((s) => ({ history: { ...s.history, status: 'error', error: r.error.message } }));
  },
});
