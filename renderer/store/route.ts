/**
 * Where the admin is (the screen and what it shows), kept in this tab's sessionStorage
 * so that a reload comes back to the same Server, Fix, Sign-off or Record screen. Only
 * references are kept (scan id, host:port, record id): the data itself is always read
 * again from main, never from storage.
 */
import type { ServerRef } from '../../shared/remediation';
import type { AppState } from './index';
import { serviceKey } from './selectors/hosts';
import type { View } from './ui';

export interface Route {
  view: View;
  scanId: string | null;
  /** host:port open on the Server screen. */
  server: string | null;
  /** The server on the Fix & verify screen. */
  fix: ServerRef | null;
  signoff: ServerRef | null;
  record: string | null;
}

/** The store, as zustand gives it (getState / setState / subscribe). */
export interface Store {
  getState: () => AppState;
  setState: (patch: Partial<AppState>) => void;
  subscribe: (listener: (s: AppState) => void) => () => void;
}

const KEY = 'collimator.route';
const VIEWS: readonly View[] = ['scope', 'servers', 'server', 'remediation', 'signoff', 'records', 'record', 'inventory', 'maintenance-windows', 'history', 'internet'];

function session(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

export function routeOf(s: AppState): Route {
  const ref = (r: ServerRef | null | undefined): ServerRef | null => (r ? { host: r.host, port: r.port } : null);
  return {
    view: s.view,
    scanId: s.report.scanId,
    server: s.selectedKey,
    fix: ref(s.fix.server),
    signoff: ref(s.records.signoff?.server),
    record: s.records.detailId,
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length < 300 ? v : null);
const server = (v: unknown): ServerRef | null => {
  if (typeof v !== 'object' || v === null) return null;
  const { host, port } = v as { host?: unknown; port?: unknown };
  return typeof host === 'string' && host.length < 300 && Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535 ? { host, port: port as number } : null;
};

/** The kept route, or null when there is none or it is not one (storage is outside our control). */
export function readRoute(): Route | null {
  let raw: unknown;
  try {
    raw = JSON.parse(session()?.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const view = VIEWS.find((v) => v === r.view);
  if (!view) return null;
  return { view, scanId: str(r.scanId), server: str(r.server), fix: server(r.fix), signoff: server(r.signoff), record: str(r.record) };
}

/** Keeps the route in sessionStorage from now on; returns the unsubscribe. */
export function keepRoute(store: Store): () => void {
  let last = '';
  return store.subscribe((s) => {
    const next = JSON.stringify(routeOf(s));
    if (next === last) return;
    last = next;
    try {
      session()?.setItem(KEY, next);
    } catch {
      // Storage full or refused: a reload starts on the first screen, nothing breaks.
    }
  });
}

/**
 * Back to where the reload left: the scan (kept, else the latest), the server, the Fix,
 * Sign-off or Record screen. A reference that no longer exists is dropped quietly.
 */
export async function restoreRoute(route: Route | null, store: Store, latestScanId: string | undefined): Promise<void> {
  const get = store.getState;
  const scanId = route?.scanId && get().history.scans.some((x) => x.id === route.scanId) ? route.scanId : latestScanId;
  // Only the first screen, untouched, gives way: an admin who already moved on stays where they are.
  const untouched = (): boolean => get().view === 'scope' && !get().scan.starting && get().scan.current === null;
  if (route && route.view !== 'scope' && route.view !== 'server' && untouched()) {
    if (route.fix) get().openRemediation(route.fix);
    if (route.view === 'record') {
      if (route.record) get().openRecord(route.record);
      else get().go('records');
    } else if (route.view === 'signoff') {
      if (route.signoff) get().openSignoff(route.signoff);
      else get().go(route.fix ? 'remediation' : 'scope');
    } else if (route.view !== 'remediation' || route.fix) get().go(route.view);
    else get().go('scope');
  }
  if (scanId && get().report.status === 'idle') await get().openScan(scanId);
  const key = route?.server;
  if (!key || get().report.scanId !== scanId || get().selectedKey !== null) return;
  if (!get().report.data?.services.some((x) => serviceKey(x) === key)) return;
  // The Server screen waits for its scan (it has nothing to show before).
  if (route.view === 'server' && untouched()) get().openServer(key);
  else store.setState({ selectedKey: key });
}
