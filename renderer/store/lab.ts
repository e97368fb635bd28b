/** The practice lab: one click starts real servers on this computer and fills the scan form. */
import type { StateCreator } from 'zustand';
import type { PracticeLabServer } from '../../shared/contract';
import { call } from '../bridge';
import type { AppState } from './index';
import { formFromRequest } from './selectors/scope';

export type LabStatus = 'stopped' | 'starting' | 'running' | 'stopping';

export interface LabSlice {
  lab: {
    status: LabStatus;
    /** The lab's servers and what a scan of each should find. */
    servers: PracticeLabServer[];
    /** Why the last start or stop failed, in words. */
    error: string | null;
  };
  startLab: () => Promise<void>;
  stopLab: () => Promise<void>;
}

export const createLabSlice: StateCreator<AppState, [], [], LabSlice> = (set, get) => ({
  lab: { status: 'stopped', servers: [], error: null },

  startLab: async () => {
    if (get().lab.status === 'starting') return;
    set((s) => ({ lab: { ...s.lab, status: 'starting', error: null } }));
    const r = await call((api) => api.lab.start());
    if (!r.ok) {
      set((s) => ({ lab: { ...s.lab, status: 'stopped', error: r.error.message } }));
      return;
    }
    set((s) => ({
      lab: { status: 'running', servers: r.value.servers, error: null },
      form: formFromRequest(r.value.suggested, s.form),
      scan: { ...s.scan, formError: null, formHint: null },
    }));
  },

  stopLab: async () => {
    set((s) => ({ lab: { ...s.lab, status: 'stopping', error: null } }));
    const r = await call((api) => api.lab.stop());
    if (!r.ok) set((s) => ({ lab: { ...s.lab, status: 'running', error: r.error.message } }));
    else set({ lab: { status: 'stopped', servers: [], error: null } });
  },
});
