/** The practice lab: one click starts real servers on this computer and fills the scan form. */
import type { StateCreator } from 'zustand';
import type { PracticeLabServer } from '../../shared/contract';
import { call } from '../bridge';
import type { AppState } from './index';
import { formFromRequest } from './selectors/scope';

export type PracticeLabStatus = 'stopped' | 'starting' | 'running' | 'stopping';

export interface PracticeLabSlice {
  practiceLab: {
    status: PracticeLabStatus;
    /** The lab's servers and what a scan of each should find. */
    servers: PracticeLabServer[];
    /** Why the last start or stop failed, in words. */
    error: string | null;
  };
  startPracticeLab: () => Promise<void>;
  stopPracticeLab: () => Promise<void>;
}

export const createPracticeLabSlice: StateCreator<AppState, [], [], PracticeLabSlice> = (set, get) => ({
  practiceLab: { status: 'stopped', servers: [], error: null },

  startPracticeLab: async () => {
    if (get().practiceLab.status === 'starting') return;
    set((s) => ({ practiceLab: { ...s.practiceLab, status: 'starting', error: null } }));
    const r = await call((api) => api.practiceLab.start());
    if (!r.ok) {
      set((s) => ({ practiceLab: { ...s.practiceLab, status: 'stopped', error: r.error.message } }));
      return;
    }
    set((s) => ({
      practiceLab: { status: 'running', servers: r.value.servers, error: null },
      form: formFromRequest(r.value.suggested, s.form),
      scan: { ...s.scan, formError: null, formHint: null },
    }));
  },

  stopPracticeLab: async () => {
    set((s) => ({ practiceLab: { ...s.practiceLab, status: 'stopping', error: null } }));
    const r = await call((api) => api.practiceLab.stop());
    if (!r.ok) set((s) => ({ practiceLab: { ...s.practiceLab, status: 'running', error: r.error.message } }));
    else set({ practiceLab: { status: 'stopped', servers: [], error: null } });
  },
});
