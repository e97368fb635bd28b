/** Which screen is showing, and what the app told us about itself. */
import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../shared/contract';
import { call } from '../bridge';
import type { AppState } from './index';

/** The screens, in the order the admin walks through them. */
export type View = 'scope' | 'servers' | 'server' | 'history';

export interface UiSlice {
  view: View;
  /** Version, database path and transport, once `app:info` answered. */
  appInfo: AppInfo | null;
  go: (view: View) => void;
  loadAppInfo: () => Promise<void>;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  view: 'scope',
  appInfo: null,
  go: (view) => set({ view }),
  loadAppInfo: async () => {
    const r = await call((api) => api.app.info());
    if (r.ok) set({ appInfo: r.value });
  },
});
