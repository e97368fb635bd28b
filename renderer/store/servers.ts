/** The open scan report, and how the Servers list is sorted and filtered. */
import type { StateCreator } from 'zustand';
import type { ScanMeta, ScanReport } from '../../shared/types';
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
    /**
     * A newer scan that found no open service while this worklist was shown: the
     * worklist stays (a scan of a wrong subnet or a closed firewall must not wipe it),
     * and the Servers screen says so, with a way to open the empty scan itself.
     */
    emptyNewer?: ScanMeta | null;
  };
  sort: ServerSort;
  filter: ServerFilter;
  /** `host:port` of the server open in the Server view. */
  selectedKey: string | null;
  /**
   * Loads a scan's report; `show` also switches to the Servers screen. A scan that found
   * no open service does not replace a worklist that has some (it is noted in
   * `report.emptyNewer`) unless `exact`: the person chose that very scan (History).
   */
  openScan: (scanId: string, show?: boolean, opts?: { exact?: boolean }) => Promise<void>;
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

  openScan: async (scanId, show = false, opts = {}) => {
    const sameScan = get().report.scanId === scanId;
    // What was shown before: kept if the new scan turns out empty.
    const before = { report: get().report, filter: get().filter, selectedKey: get().selectedKey };
    set((s) => ({
      report: { scanId, status: 'loading', data: sameScan ? s.report.data : null, error: null, emptyNewer: null },
      // A product filter from another scan could hide everything: start clean.
      filter: sameScan ? s.filter : DEFAULT_FILTER,
      selectedKey: sameScan ? s.selectedKey : null,
      ...(show ? { view: 'servers' as const } : {}),
    }));
    const r = await call((api) => api.scan.get({ scanId }));
    if (get().report.scanId !== scanId) return; // another scan was opened meanwhile
    if (r.ok && !opts.exact && !sameScan && openServices(r.value) === 0 && before.report.data && openServices(before.report.data) > 0 && before.report.data.scan.id !== scanId) {
      set({
        report: { scanId: before.report.data.scan.id, status: 'ready', data: before.report.data, error: null, emptyNewer: r.value.scan },
        filter: before.filter,
        selectedKey: before.selectedKey,
      });
    } else if (r.ok) set({ report: { scanId, status: 'ready', data: r.value, error: null, emptyNewer: null } });
    else set((s) => ({ report: { ...s.report, status: 'error', error: r.error.message } }));
  },

  sortBy: (key) => set((s) => ({ sort: nextSort(s.sort, key) })),
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  clearFilter: () => set({ filter: DEFAULT_FILTER }),
  openServer: (key) => set({ selectedKey: key, view: 'server' }),
});

/** Services that answered (a scan listing closed or filtered ports with `--all` still found nothing). */
function openServices(report: ScanReport): number {
  return report.services.filter((x) => x.state === 'open').length;
}
