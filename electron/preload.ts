/**
 * The preload: exposes `window.collimator`, the contract's named functions and
 * subscriptions, and nothing else (no ipcRenderer, no generic invoke, no Electron
 * event objects). Runs sandboxed with context isolation, bundled to a single CommonJS
 * file by scripts/build.mjs: the only module it may require is `electron`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi, type Result } from '../shared/contract';

const api = buildApi({
  async invoke(channel, arg) {
    try {
      return (await ipcRenderer.invoke(channel, arg)) as Result<unknown>;
    } catch (err) {
      // Main answers Results and never throws; this is a dead main process or a bug.
      return { ok: false, error: { code: 'internal', message: `the app did not answer ${channel}: ${err instanceof Error ? err.message : String(err)}` } };
    }
  },
  subscribe(channel, listener) {
    // The page gets the payload only: the IpcRendererEvent (with its `sender`) stays here.
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  },
});

contextBridge.exposeInMainWorld('collimator', api);
