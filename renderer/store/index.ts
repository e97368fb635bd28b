/**
 * One zustand store made of slices per area (zustand's slices pattern). Each
 * slice file owns its state and actions; selectors/ holds the pure derivations.
 */
import { create } from 'zustand';
import { createHistorySlice, type HistorySlice } from './history';
import { createInventorySlice, type InventorySlice } from './inventory';
import { createPracticeLabSlice, type PracticeLabSlice } from './practice-lab';
import { createRecordsSlice, type RecordsSlice } from './records';
import { createRemediationSlice, type RemediationSlice } from './remediation';
import { createScanSlice, type ScanSlice } from './scan';
import { createServersSlice, type ServersSlice } from './servers';
import { createUiSlice, type UiSlice } from './ui';
import { createMaintenanceWindowsSlice, type MaintenanceWindowsSlice } from './maintenance-windows';

export type AppState = UiSlice & ScanSlice & PracticeLabSlice & ServersSlice & HistorySlice & RemediationSlice & InventorySlice & MaintenanceWindowsSlice & RecordsSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createUiSlice(...a),
  ...createScanSlice(...a),
  ...createPracticeLabSlice(...a),
  ...createServersSlice(...a),
  ...createHistorySlice(...a),
  ...createRemediationSlice(...a),
  ...createInventorySlice(...a),
  ...createMaintenanceWindowsSlice(...a),
  ...createRecordsSlice(...a),
}));
