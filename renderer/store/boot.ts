/**
 * What happens once when the window opens: subscribe to events, learn about the
 * app, load the history and reopen the latest scan so the Servers screen is not
 * empty after a restart; load the maintenance windows (one in progress resumes), the
 * inventory and the signed records; then come back to the screen a reload left.
 */
import type { CollimatorApi, Unsubscribe } from '../../shared/contract';
import { useAppStore } from './index';
import { keepRoute, readRoute, restoreRoute } from './route';
import { wireSubscriptions } from './subscriptions';

export function boot(api: CollimatorApi): Unsubscribe {
  const off = wireSubscriptions(api, useAppStore.getState);
  const state = useAppStore.getState;
  void (async () => {
    await state().loadAppInfo();
    // A practice lab left running (e.g. after a reload) is re-attached: practice-lab:start returns the running one.
    if (state().appInfo?.practiceLabRunning) await state().startPracticeLab();
  })();
  // A maintenance window in progress shows in the top bar and resumes where it was.
  void state().loadMaintenanceWindows();
  void state().loadInventory();
  void state().loadRecords();
  // A reload comes back to the screen it left (store/route.ts); the route is kept from then on.
  const route = readRoute();
  let stopKeeping = (): void => undefined;
  void (async () => {
    await state().loadHistory();
    const latest = state().history.scans.find((s) => s.state !== 'running');
    await restoreRoute(route, useAppStore, latest?.id);
    stopKeeping = keepRoute(useAppStore);
  })();
  return () => {
    off();
    stopKeeping();
  };
}
