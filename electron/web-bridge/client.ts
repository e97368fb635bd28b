/**
 * The web bridge's page script: defines `window.collimator` in a plain browser page,
 * with the same named functions the Electron preload exposes (both come from
 * buildApi over the contract's channel lists). Calls go to `POST /api/<channel>` with
 * the session token in a header; events arrive over Server-Sent Events.
 *
 * Bundled by the bridge server (esbuild, IIFE) and loaded by a classic <script>
 * placed before the renderer's module script, so `window.collimator` exists before
 * the app runs. The token comes from the launch address's fragment (`/#token=…`),
 * which no HTTP request carries: the script keeps it in sessionStorage (so a reload of
 * the tab still works) and removes it from the address bar at once. Nothing the server
 * sends holds the token, so a local process that fetches `/` learns nothing.
 *
 * Typed without the DOM lib (it is type-checked with the Node files): the few
 * browser globals it uses are declared below.
 */
import { EVENT_CHANNELS, buildApi, type EventChannel, type InvokeChannel, type Result } from '../../shared/contract';
import { API_PREFIX, EVENTS_PATH, READY_EVENT, TOKEN_FRAGMENT_KEY, TOKEN_HEADER, TOKEN_STORAGE_KEY } from './protocol';

interface BridgeEventSource {
  addEventListener(type: string, listener: (e: { data?: unknown }) => void): void;
}
interface BrowserGlobals {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  EventSource: new (url: string) => BridgeEventSource;
  console: { error(...args: unknown[]): void };
  setTimeout(fn: () => void, ms: number): unknown;
}

/** How long a call waits for the event stream to connect before going ahead without it, ms. */
const READY_WAIT_MS = 5000;

const g = globalThis as unknown as BrowserGlobals;

/** The token from `#token=…` (then taken out of the address), or the one this tab kept. */
function takeToken(): string {
  const given = new URLSearchParams(g.location.hash.replace(/^#/, '')).get(TOKEN_FRAGMENT_KEY);
  if (given !== null) {
    // Out of the address bar, history and anything copied from it; the app uses no fragment.
    g.history.replaceState(null, '', `${g.location.pathname}${g.location.search}`);
    try {
      g.sessionStorage.setItem(TOKEN_STORAGE_KEY, given);
    } catch {
      // Storage refused (a locked-down profile): this load works, a reload needs the launch address.
    }
    return given;
  }
  try {
    return g.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

const token = takeToken();
if (token === '') g.console.error('collimator bridge: no token (open the address dev:web printed, with its #token=…); every call will be refused');

const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

// One stream for all events. Calls wait until it is connected, so the events of a
// scan started right after page load are not missed.
let markReady!: () => void;
const ready = new Promise<void>((resolve) => {
  markReady = resolve;
  g.setTimeout(resolve, READY_WAIT_MS);
});
const stream = new g.EventSource(`${EVENTS_PATH}?token=${encodeURIComponent(token)}`);
stream.addEventListener(READY_EVENT, () => markReady());
for (const channel of EVENT_CHANNELS) {
  stream.addEventListener(channel, (e) => {
    let payload: unknown;
    try {
      payload = JSON.parse(String(e.data));
    } catch {
      return;
    }
    for (const l of listeners.get(channel) ?? []) {
      try {
        l(payload);
      } catch (err) {
        g.console.error(`collimator bridge: a ${channel} listener threw`, err);
      }
    }
  });
}

async function invoke(channel: InvokeChannel, arg: unknown): Promise<Result<unknown>> {
  await ready;
  try {
    const res = await fetch(`${API_PREFIX}${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(arg === undefined ? {} : { arg }),
      credentials: 'omit',
    });
    return (await res.json()) as Result<unknown>;
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: `the Collimator web bridge did not answer (${err instanceof Error ? err.message : String(err)})` } };
  }
}

function subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void {
  const set = listeners.get(channel) ?? new Set();
  listeners.set(channel, set);
  // A wrapper per subscription: subscribing the same function twice gives two independent subscriptions.
  const own = (p: unknown): void => listener(p);
  set.add(own);
  return () => void set.delete(own);
}

// Like contextBridge.exposeInMainWorld: a frozen, non-writable property.
Object.defineProperty(globalThis, 'collimator', { value: buildApi({ invoke, subscribe }), enumerable: true, writable: false, configurable: false });
