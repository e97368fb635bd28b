/**
 * What happens once when the window opens: subscribe to events, learn about the
 * app, load the history and reopen the latest scan so the Servers screen is not
 * empty after a restart; load the maintenance windows (one in progress resumes), the
 * inventory and the signed records.
 */
import type { CollimatorApi, Unsubscribe } from '../../shared/contract';
import { useAppStore } from './index';
import { wireSubscriptions } from './subscriptions';

export function boot(api: CollimatorApi): Unsubscribe {
  const off = wireSubscriptions(api, useAppStore.getState);
  const state = useAppStore.getState;
  void (async () => {
    await state().loadAppInfo();
    // A lab left running (e.g. after a reload) is re-attached: lab:start returns the running one.
    if (state().appInfo?.labRunning) await state().startLab();
  })();
  // A maintenance window in progress shows in the top bar and resumes where it was.
  void state().loadWindows();
  void state().loadInventory();
  void state().loadRecords();
  void (async () => {
    await state().loadHistory();
    const latest = state().history.scans.find((s) => s.state !== 'running');
    if (latest && state().report.status === 'idle') await state().openScan(latest.id);
  })();
  return off;
}
