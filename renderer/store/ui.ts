/** Which screen is showing, who is working, and what the app told us about itself. */
import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../shared/contract';
import { call } from '../bridge';
import type { AppState } from './index';
import { readRemembered, remember } from './remembered';
import { applyTheme, rememberedTheme, type ThemeChoice } from './theme';

/** The screens, in the order the admin walks through them, then the reference screens. */
export type View = 'scope' | 'servers' | 'server' | 'remediation' | 'signoff' | 'records' | 'record' | 'inventory' | 'maintenance-windows' | 'history' | 'internet';

export interface UiSlice {
  view: View;
  /** Version, database path and transport, once `app:info` answered. */
  appInfo: AppInfo | null;
  /**
   * The name of the person at the keyboard, as typed; every checklist step and
   * attestation records it. Remembered on this computer between sessions.
   */
  operatorName: string;
  /** The colour theme the admin chose ('system' follows the system's preference). */
  theme: ThemeChoice;
  go: (view: View) => void;
  loadAppInfo: () => Promise<void>;
  setOperatorName: (name: string) => void;
  setTheme: (theme: ThemeChoice) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  view: 'scope',
  appInfo: null,
  operatorName: readRemembered('operatorName') ?? '',
  theme: rememberedTheme(),
  go: (view) => set({ view }),
  loadAppInfo: async () => {
    const r = await call((api) => api.app.info());
    if (r.ok) set({ appInfo: r.value });
  },
  setOperatorName: (name) => {
    remember('operatorName', name);
    set({ operatorName: name });
  },
  setTheme: (theme) => {
    applyTheme(theme, true);
    set({ theme });
  },
});
