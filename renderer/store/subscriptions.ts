/**
 * Wires the main process's events into the store, once, outside any component
 * (so a re-render can never drop or double a subscription).
 */
import type { CollimatorApi, Unsubscribe } from '../../shared/contract';
import type { AppState } from './index';

/** Subscribes the store to scan events; returns one function that stops them all. */
export function wireSubscriptions(api: CollimatorApi, getState: () => AppState): Unsubscribe {
  const offs = [
    api.scan.onProgress((p) => getState().receiveProgress(p)),
    api.scan.onService((e) => getState().receiveService(e)),
    api.scan.onFinished((e) => getState().receiveFinished(e)),
  ];
  return () => {
    for (const off of offs) off();
  };
}
