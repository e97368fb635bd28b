/** Names shared by the web bridge's server and its page script. */

/** <meta name=…> in the served index.html that carries the session token. */
export const TOKEN_META = 'collimator-bridge-token';
/** Request header carrying the token on every call. */
export const TOKEN_HEADER = 'x-collimator-token';
/** Path of the bundled page script (client.ts). */
export const BRIDGE_SCRIPT_PATH = '/__collimator/bridge.js';
/** Calls: `POST /api/<channel>`; events: `GET /api/events?token=…` (Server-Sent Events). */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
/** The SSE event sent first on each stream, once the server registered it. */
export const READY_EVENT = 'ready';
