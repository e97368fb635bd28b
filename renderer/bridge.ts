/**
 * The one door to the main process: `window.collimator`, typed from the contract.
 * The preload (Electron) or the web bridge (tests, `npm run dev:web`) defines it;
 * the renderer never imports Electron or Node.
 */
import type { CollimatorApi, Result } from '../shared/contract';

declare global {
  interface Window {
    /** Absent when the page was opened outside the app (e.g. dist/renderer/index.html in a plain browser). */
    readonly collimator?: CollimatorApi;
  }
}

export function bridge(): CollimatorApi | null {
  return window.collimator ?? null;
}

/** The API, or an error Result the store can show like any other. */
export function requireBridge(): { ok: true; api: CollimatorApi } | { ok: false; message: string } {
  const api = bridge();
  return api ? { ok: true, api } : { ok: false, message: BRIDGE_MISSING };
}

export const BRIDGE_MISSING = 'Collimator cannot reach its scanner: open this window from the Collimator app (or `npm run dev:web`), not as a plain web page.';

/**
 * A call that never rejects: a transport failure (the web bridge went away)
 * becomes an error Result with a message the admin can act on.
 */
export async function call<T>(run: (api: CollimatorApi) => Promise<Result<T>>): Promise<Result<T>> {
  const api = bridge();
  if (!api) return { ok: false, error: { code: 'internal', message: BRIDGE_MISSING } };
  try {
    return await run(api);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'internal', message: `The connection to the scanner failed (${message}). Restart Collimator and try again.` } };
  }
}
