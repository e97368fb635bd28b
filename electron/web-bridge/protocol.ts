/** Names shared by the web bridge's server and its page script. */

/**
 * The launch address carries the session token in its fragment, `/#token=…`: a browser
 * never sends a fragment to the server, nothing served over HTTP contains the token,
 * and the page script removes it from the address bar (history.replaceState).
 */
export const TOKEN_FRAGMENT_KEY = 'token';
/** sessionStorage key where the page keeps the token across reloads of the same tab. */
export const TOKEN_STORAGE_KEY = 'collimator-bridge-token';
/** Request header carrying the token on every call. */
export const TOKEN_HEADER = 'x-collimator-token';
/** Path of the bundled page script (client.ts). */
export const BRIDGE_SCRIPT_PATH = '/__collimator/bridge.js';
/** Calls: `POST /api/<channel>`; events: `GET /api/events?token=…` (Server-Sent Events). */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
/** The SSE event sent first on each stream, once the server registered it. */
export const READY_EVENT = 'ready';
