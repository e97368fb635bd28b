/** The practice lab: one click starts real servers on this computer and fills the scan form. */
import type { StateCreator } from 'zustand';
import type { PracticeLabApplyResult, PracticeLabServer } from '../../shared/contract';
import { serverKey } from '../../shared/host';
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
    /** Issue 17: what "Apply this to the practice server" changed, by `host:port`, while this lab runs. */
    applied: Record<string, PracticeLabApplyResult>;
    /** The server being changed now (`host:port`), if any. */
    applying: string | null;
    /** Why the last apply was refused, in words, with the server it was for. */
    applyError: { server: string; message: string } | null;
  };
  startPracticeLab: () => Promise<void>;
  stopPracticeLab: () => Promise<void>;
  /** Reconfigures a practice server as its snippets would; main decides whether it is one. True when applied. */
  applyToPracticeServer: (server: { host: string; port: number }) => Promise<boolean>;
}

const NO_APPLY = { applied: {}, applying: null, applyError: null };

export const createPracticeLabSlice: StateCreator<AppState, [], [], PracticeLabSlice> = (set, get) => ({
  practiceLab: { status: 'stopped', servers: [], error: null, ...NO_APPLY },

  startPracticeLab: async () => {
    if (get().practiceLab.status === 'starting') return;
    set((s) => ({ practiceLab: { ...s.practiceLab, status: 'starting', error: null } }));
    const r = await call((api) => api.practiceLab.start());
    if (!r.ok) {
      set((s) => ({ practiceLab: { ...s.practiceLab, status: 'stopped', error: r.error.message } }));
      return;
    }
    set((s) => ({
      practiceLab: { status: 'running', servers: r.value.servers, error: null, ...NO_APPLY },
      form: formFromRequest(r.value.suggested, s.form),
      scan: { ...s.scan, formError: null, formHint: null },
    }));
  },

  applyToPracticeServer: async (server) => {
    const key = serverKey(server);
    if (get().practiceLab.applying !== null) return false;
    set((s) => ({ practiceLab: { ...s.practiceLab, applying: key, applyError: null } }));
    const r = await call((api) => api.practiceLab.apply({ host: server.host, port: server.port }));
    set((s) => ({
      practiceLab: {
        ...s.practiceLab,
        applying: null,
        ...(r.ok ? { applied: { ...s.practiceLab.applied, [key]: r.value } } : { applyError: { server: key, message: r.error.message } }),
      },
    }));
    return r.ok;
  },

  stopPracticeLab: async () => {
    set((s) => ({ practiceLab: { ...s.practiceLab, status: 'stopping', error: null } }));
    const r = await call((api) => api.practiceLab.stop());
    if (!r.ok) set((s) => ({ practiceLab: { ...s.practiceLab, status: 'running', error: r.error.message } }));
    else set({ practiceLab: { status: 'stopped', servers: [], error: null, ...NO_APPLY } });
  },
});
