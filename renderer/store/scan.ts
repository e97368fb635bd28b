/**
 * Scope & scan: the form, starting a scan, its progress and how it ended.
 * Events from the main process arrive through subscriptions.ts, which calls the
 * `receive*` actions; components never subscribe themselves.
 */
import type { StateCreator } from 'zustand';
import type { ScanFinished } from '../../shared/contract';
import type { ScanProgress, ServiceResult } from '../../shared/types';
import { call } from '../bridge';
import type { AppState } from './index';
import { buildScanRequest, EMPTY_FORM, type ScopeForm } from './selectors/scope';

export type RunStatus = 'running' | 'cancelling' | 'finished' | 'cancelled' | 'failed';

/** The scan started from this window (the latest one). */
export interface CurrentScan {
  scanId: string;
  status: RunStatus;
  /** Last progress report; null until the first arrives. */
  progress: ScanProgress | null;
  /** The most recent services whose checks finished, newest first (at most `RECENT_FOUND`). */
  recent: ServiceResult[];
  /** How it ended, once it has. */
  finished: ScanFinished | null;
}

/** Shown under an engine refusal of the scope: the two refusals an admin can lift themselves. */
export const SCOPE_HINT = 'Correct the targets; to scan public addresses you are authorised to test, or more than a /16, confirm it under More options.';

/** How many just-found services the progress panel lists. */
export const RECENT_FOUND = 5;

/** Events that arrive before `scan:start` has answered with the scan's id. */
interface EarlyEvents {
  progress?: ScanProgress;
  finished?: ScanFinished;
}

export interface ScanSlice {
  form: ScopeForm;
  scan: {
    current: CurrentScan | null;
    /** `scan:start` was sent and has not answered yet. */
    starting: boolean;
    /** Why nothing was started (a form mistake or the engine refusing the scope), one line. */
    formError: string | null;
    /** What to do about `formError`, when the store knows more than the message says. */
    formHint: string | null;
    /** Why a cancel request failed. */
    cancelError: string | null;
    early: Record<string, EarlyEvents>;
  };
  setForm: (patch: Partial<ScopeForm>) => void;
  resetForm: () => void;
  /** Shows a form problem found outside the store (e.g. an unreadable inventory file). */
  showFormError: (message: string) => void;
  startScan: () => Promise<void>;
  cancelScan: () => Promise<void>;
  receiveProgress: (p: ScanProgress & { scanId: string }) => void;
  receiveService: (e: { scanId: string; service: ServiceResult }) => void;
  receiveFinished: (e: ScanFinished) => void;
}

function endStatus(e: ScanFinished): RunStatus {
  if (e.cancelled) return 'cancelled';
  return e.error ? 'failed' : 'finished';
}

export function isActive(status: RunStatus | undefined): boolean {
  return status === 'running' || status === 'cancelling';
}

export const createScanSlice: StateCreator<AppState, [], [], ScanSlice> = (set, get) => {
  /** Once a scan ended: load its report for the Servers screen and refresh the history. */
  const afterFinish = (scanId: string): void => {
    void get().openScan(scanId);
    void get().loadHistory();
  };

  return {
    form: EMPTY_FORM,
    scan: { current: null, starting: false, formError: null, formHint: null, cancelError: null, early: {} },

    setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch }, scan: { ...s.scan, formError: null, formHint: null } })),
    resetForm: () => set((s) => ({ form: EMPTY_FORM, scan: { ...s.scan, formError: null, formHint: null } })),
    showFormError: (message) => set((s) => ({ scan: { ...s.scan, formError: message, formHint: null } })),

    startScan: async () => {
      const { scan, form } = get();
      if (scan.starting || isActive(scan.current?.status)) return;
      const built = buildScanRequest(form);
      if (!built.ok) {
        set((s) => ({ scan: { ...s.scan, formError: built.message, formHint: null } }));
        return;
      }
      set((s) => ({ scan: { ...s.scan, starting: true, formError: null, cancelError: null, early: {} } }));
      const r = await call((api) => api.scan.start(built.value));
      if (!r.ok) {
        const hint = r.error.code === 'scope-refused' ? SCOPE_HINT : null;
        set((s) => ({ scan: { ...s.scan, starting: false, formError: r.error.message, formHint: hint } }));
        return;
      }
      const { scanId } = r.value;
      const early = get().scan.early[scanId] ?? {};
      const current: CurrentScan = {
        scanId,
        status: early.finished ? endStatus(early.finished) : 'running',
        progress: early.progress ?? null,
        recent: [],
        finished: early.finished ?? null,
      };
      set((s) => ({ scan: { ...s.scan, starting: false, current, early: {} } }));
      void get().loadHistory();
      if (early.finished) afterFinish(scanId);
    },

    cancelScan: async () => {
      const current = get().scan.current;
      if (!current || current.status !== 'running') return;
      set((s) => ({ scan: { ...s.scan, cancelError: null, current: s.scan.current && { ...s.scan.current, status: 'cancelling' } } }));
      const r = await call((api) => api.scan.cancel({ scanId: current.scanId }));
      if (!r.ok) {
        set((s) => ({
          scan: {
            ...s.scan,
            cancelError: r.error.message,
            current: s.scan.current?.status === 'cancelling' ? { ...s.scan.current, status: 'running' } : s.scan.current,
          },
        }));
      }
    },

    receiveProgress: ({ scanId, ...progress }) => {
      const { scan } = get();
      if (scan.current?.scanId === scanId && isActive(scan.current.status)) {
        set((s) => ({ scan: { ...s.scan, current: s.scan.current && { ...s.scan.current, progress } } }));
      } else if (scan.starting) {
        set((s) => ({ scan: { ...s.scan, early: { ...s.scan.early, [scanId]: { ...s.scan.early[scanId], progress } } } }));
      }
    },

    receiveService: ({ scanId, service }) => {
      const current = get().scan.current;
      if (current?.scanId !== scanId || !isActive(current.status)) return;
      set((s) => ({
        scan: { ...s.scan, current: s.scan.current && { ...s.scan.current, recent: [service, ...s.scan.current.recent].slice(0, RECENT_FOUND) } },
      }));
    },

    receiveFinished: (e) => {
      const { scan } = get();
      if (scan.current?.scanId === e.scanId) {
        set((s) => ({ scan: { ...s.scan, current: s.scan.current && { ...s.scan.current, status: endStatus(e), finished: e } } }));
        afterFinish(e.scanId);
      } else if (scan.starting) {
        set((s) => ({ scan: { ...s.scan, early: { ...s.scan.early, [e.scanId]: { ...s.scan.early[e.scanId], finished: e } } } }));
      } else {
        void get().loadHistory();
      }
    },
  };
};
