/**
 * The second transport of the contract (docs/architecture.md): an HTTP server on
 * 127.0.0.1 that serves the built renderer to a browser and forwards its
 * `window.collimator` calls to the SAME dispatcher, validation and handlers as the
 * Electron main process. Only the sender check differs: here it is a random session
 * token (in a header; in the query for the event stream), plus Host/Origin checks
 * against DNS rebinding and cross-site requests. The token reaches the page only in
 * the launch address's fragment (`/#token=…`), which the person opens: a plain
 * `GET /` (any local process may send one) gets the app without it, and every call
 * without the token is refused.
 *
 * For the Playwright specs and `npm run dev:web`. Never listens on anything but 127.0.0.1.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Result } from '../../shared/contract';
import { RENDERER_CSP } from '../csp';
import { createDispatcher, fail, isInvokeChannel } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import { createAppServices, type AppDeps, type AppServices } from '../services/app-services';
import type { PublicScopeConfirmer } from '../services/public-scope';
import { realDeps } from '../services/real-deps';
import { packageVersion } from '../services/version';
import { API_PREFIX, BRIDGE_SCRIPT_PATH, EVENTS_PATH, TOKEN_FRAGMENT_KEY, TOKEN_HEADER } from './protocol';
import { createSseHub } from './sse';
import { staticFile } from './static';

export interface WebBridgeOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** The SQLite database the handlers use. */
  dbPath: string;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** The app version `app:info` reports [the package's]. */
  version?: string;
  /** The modules behind the services [the real engine, store and lab]. */
  deps?: AppDeps;
  /** Asks the person before public addresses are scanned (cli.ts: the terminal) [refused]. */
  confirmPublicScope?: PublicScopeConfirmer;
}

export interface WebBridge {
  /** `http://127.0.0.1:<port>/`: the origin; opened without the token, the page can call nothing. */
  url: string;
  /** `http://127.0.0.1:<port>/#token=…`: the address to open (printed once by dev:web). */
  launchUrl: string;
  /** The session token (tests use it to call the API directly). */
  token: string;
  /** The services behind the handlers (tests inspect the store through them). */
  services: AppServices;
  /** Cancels scans, stops the lab, closes the database and the server. */
  close(): Promise<void>;
}

/** Largest request body accepted, bytes (an inventory CSV is the biggest argument). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** A request body must arrive within this, ms: a stalled client cannot hold a socket open. */
const BODY_DEADLINE_MS = 10_000;

const SECURITY_HEADERS = {
  'content-security-policy': RENDERER_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
} as const;

let bridgeScript: Promise<string> | undefined;

/** The page script, bundled once per process from client.ts. */
function bundleClient(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [fileURLToPath(new URL('./client.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return bridgeScript;
}

export async function startWebBridge(opts: WebBridgeOptions): Promise<WebBridge> {
  const token = randomBytes(32).toString('base64url');
  const script = await bundleClient();
  const hub = createSseHub();
  const version = opts.version ?? packageVersion();
  const services = createAppServices(
    { dbPath: opts.dbPath, version, transport: 'web', emit: hub.emit, ...(opts.confirmPublicScope ? { confirmPublicScope: opts.confirmPublicScope } : {}) },
    opts.deps ?? realDeps(version),
  );
  const dispatcher = createDispatcher(createHandlers(services));

  let origin = '';
  let host = '';
  const tokenOk = (given: string | undefined | null): boolean => {
    if (typeof given !== 'string') return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error(`collimator web bridge: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, fail('internal', 'the web bridge failed on this request'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a page from another name resolving to 127.0.0.1 carries its own Host.
    if (req.headers.host !== host) return sendText(res, 421, 'wrong host');
    // Cross-site requests: a browser names the page's origin; only our own is welcome.
    const from = req.headers.origin;
    if (from !== undefined && from !== origin) return sendJson(res, 403, fail('forbidden-sender', 'requests from other sites are refused'));
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return sendJson(res, 403, fail('forbidden-sender', 'requests from other sites are refused'));

    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === EVENTS_PATH) {
      if (req.method !== 'GET') return sendText(res, 405, 'method not allowed');
      if (!tokenOk(url.searchParams.get('token'))) return sendJson(res, 403, fail('forbidden-sender', 'wrong or missing token'));
      hub.attach(res);
      return;
    }
    if (url.pathname.startsWith(API_PREFIX)) {
      if (req.method !== 'POST') return sendText(res, 405, 'method not allowed');
      if (!tokenOk(header(req, TOKEN_HEADER))) return sendJson(res, 403, fail('forbidden-sender', 'wrong or missing token'));
      const channel = url.pathname.slice(API_PREFIX.length);
      if (!isInvokeChannel(channel)) return sendJson(res, 404, fail('unknown-channel', `no such call: ${channel.slice(0, 60)}`));
      if (!/^application\/json\b/i.test(header(req, 'content-type') ?? '')) return sendJson(res, 415, fail('invalid-argument', 'send JSON'));
      const body = await readBody(req);
      if (!body.ok) return sendJson(res, body.status, fail('invalid-argument', body.message));
      const arg = envelopeArg(body.text);
      if (!arg.ok) return sendJson(res, 400, arg);
      return sendJson(res, 200, await dispatcher.dispatch(channel, arg.value));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
    if (url.pathname === BRIDGE_SCRIPT_PATH) return send(res, 200, 'text/javascript; charset=utf-8', script, req.method === 'HEAD');
    const file = await staticFile(opts.staticDir, url.pathname);
    if (!file) return sendText(res, 404, url.pathname === '/' ? `the renderer is not built in ${opts.staticDir} (npm run build)` : 'not found');
    return send(res, 200, file.type, file.body, req.method === 'HEAD');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/`,
    launchUrl: `${origin}/#${TOKEN_FRAGMENT_KEY}=${token}`,
    token,
    services,
    close() {
      closing ??= (async () => {
        await services.close();
        hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The request body `{ "arg": … }` (or `{}` for no argument). */
function envelopeArg(text: string): { ok: true; value: unknown } | Extract<Result<never>, { ok: false }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'invalid-argument', message: 'the request body is not JSON' } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).some((k) => k !== 'arg')) {
    return { ok: false, error: { code: 'invalid-argument', message: 'the request body must be {"arg": …} or {}' } };
  }
  return { ok: true, value: (parsed as { arg?: unknown }).arg };
}

type Body = { ok: true; text: string } | { ok: false; status: number; message: string };

function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (b: Body): void => {
      clearTimeout(timer);
      resolve(b);
    };
    const timer = setTimeout(() => {
      finish({ ok: false, status: 408, message: 'the request body did not arrive in time' });
      req.destroy();
    }, BODY_DEADLINE_MS);
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        finish({ ok: false, status: 413, message: `the request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB` });
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => finish({ ok: false, status: 400, message: 'the request was broken off' }));
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headOnly = false): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(headOnly ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, 'text/plain; charset=utf-8', text);
}
