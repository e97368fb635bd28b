/**
 * Scope & scan: the form, starting a scan, its progress and how it ended.
 * Events from the main process arrive through subscriptions.ts, which calls the
 * `receive*` actions; components never subscribe themselves.
 *
 * The store chooses each scan's id (a UUID) before it asks `scan:start`, so an event
 * that arrives before the answer already names the current scan: nothing is buffered.
 */
import type { StateCreator } from 'zustand';
import type { ScanFinished } from '../../shared/contract';
import type { ScanProgress, ServiceResult } from '../../shared/types';
import { call } from '../bridge';
import type { AppState } from './index';
import { buildScanRequest, EMPTY_FORM, type ScopeForm } from './selectors/scope';

/** `starting`: `scan:start` was sent under this id and has not answered yet. */
export type RunStatus = 'starting' | 'running' | 'cancelling' | 'finished' | 'cancelled' | 'failed';

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
  if (e.error) return 'failed';
  return e.cancelled ? 'cancelled' : 'finished';
}

export function isActive(status: RunStatus | undefined): boolean {
  return status === 'running' || status === 'cancelling';
}

/** Events are taken while the scan may still send them: from the moment its id was chosen. */
function takesEvents(status: RunStatus | undefined): boolean {
  return status === 'starting' || isActive(status);
}

export const createScanSlice: StateCreator<AppState, [], [], ScanSlice> = (set, get) => {
  /** Once a scan ended: load its report for the Servers screen and refresh the history. */
  const afterFinish = (scanId: string): void => {
    void get().openScan(scanId);
    void get().loadHistory();
  };

  return {
    form: EMPTY_FORM,
    scan: { current: null, starting: false, formError: null, formHint: null, cancelError: null },

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
      // Our id: the scan's events carry it, so any that come before the answer find their scan.
      const scanId = crypto.randomUUID();
      const previous = scan.current;
      const current: CurrentScan = { scanId, status: 'starting', progress: null, recent: [], finished: null };
      set((s) => ({ scan: { ...s.scan, starting: true, formError: null, cancelError: null, current } }));
      const r = await call((api) => api.scan.start({ ...built.value, scanId }));
      if (!r.ok) {
        const hint = r.error.code === 'scope-refused' ? SCOPE_HINT : null;
        set((s) => ({
          scan: { ...s.scan, starting: false, formError: r.error.message, formHint: hint, current: s.scan.current?.scanId === scanId ? previous : s.scan.current },
        }));
        return;
      }
      // Running now, unless its end already arrived (a tiny scan can finish before the answer).
      set((s) => ({
        scan: {
          ...s.scan,
          starting: false,
          current: s.scan.current?.scanId === scanId && s.scan.current.status === 'starting' ? { ...s.scan.current, status: 'running' } : s.scan.current,
        },
      }));
      void get().loadHistory();
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
      if (scan.current?.scanId === scanId && takesEvents(scan.current.status)) {
        set((s) => ({ scan: { ...s.scan, current: s.scan.current && { ...s.scan.current, progress } } }));
      }
    },

    receiveService: ({ scanId, service }) => {
      const current = get().scan.current;
      if (current?.scanId !== scanId || !takesEvents(current.status)) return;
      set((s) => ({
        scan: { ...s.scan, current: s.scan.current && { ...s.scan.current, recent: [service, ...s.scan.current.recent].slice(0, RECENT_FOUND) } },
      }));
    },

    receiveFinished: (e) => {
      const { scan } = get();
      if (scan.current?.scanId === e.scanId) {
        set((s) => ({ scan: { ...s.scan, current: s.scan.current && { ...s.scan.current, status: endStatus(e), finished: e } } }));
        afterFinish(e.scanId);
      } else {
        void get().loadHistory();
      }
    },
  };
};
