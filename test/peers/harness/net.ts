/**
 * Small network helpers for the real-peer harness: free ports, waiting for a listener, and a
 * bounded HTTP GET. Loopback only.
 */
import { request } from 'node:http';
import { createServer, connect } from 'node:net';

/** Loopback address every peer server is reached at. */
export const LAB_HOST = '127.0.0.1';

/**
 * Ports the harness hands out come from below the kernel's ephemeral range
 * (32768-60999 on Linux), so a port the kernel gives some other socket (an
 * outgoing connection, a `listen(0)`) can never be one we just handed out, and
 * from a block of its own per vitest worker, so two test files running at once
 * never get the same port. Within one process a port is not handed out again
 * until the block wraps around, and each is checked by binding it first.
 * (Before this, two calls could get the same kernel-picked port: nginx then saw
 * a redirect listener on the port of another site's `listen ... ssl`.)
 */
const PORT_BASE = 20_000;
const BLOCK = 1_500;
const BLOCKS = 8;
const poolId = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? 0);
const blockStart = PORT_BASE + ((Number.isFinite(poolId) ? poolId : 0) % BLOCKS) * BLOCK;
let nextOffset = Math.floor(Math.random() * BLOCK);

function bindable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * A TCP port that was free on `host` a moment ago, from this worker's block
 * (see above). Another process may still take it before the caller binds it:
 * the start functions retry with a new port when a server fails to start.
 */
export async function freePort(host: string = LAB_HOST): Promise<number> {
  for (let tries = 0; tries < BLOCK; tries++) {
    const port = blockStart + (nextOffset++ % BLOCK);
    if (await bindable(host, port)) return port;
  }
  throw new Error(`peers: no free port in ${blockStart}-${blockStart + BLOCK - 1} on ${host}`);
}

/** Several distinct free ports at once. */
export async function freePorts(count: number, host: string = LAB_HOST): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort(host));
  return [...ports];
}

/** One TCP connect attempt with its own deadline; true if it was accepted. */
export function tcpAccepts(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.once('connect', () => finish(true));
    sock.once('error', () => finish(false));
  });
}

/** Result of a bounded HTTP GET. */
export interface HttpAnswer {
  /** HTTP status code. */
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** Body as UTF-8 text. */
  body: string;
}

/** HTTP GET on loopback with an overall deadline; rejects on error or timeout. */
export function httpGet(
  port: number,
  path: string,
  opts: { host?: string; auth?: { username: string; password: string }; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (opts.auth) {
    headers.authorization = `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}`;
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: opts.host ?? LAB_HOST, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    const timer = setTimeout(() => req.destroy(new Error(`peers: GET ${path} timed out`)), opts.timeoutMs ?? 2_000);
    req.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end();
  });
}

/**
 * Poll `check` until it returns true or `timeoutMs` passes. Returns false on
 * timeout, or as soon as `abort()` says there is no point waiting (the process died).
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; intervalMs?: number; abort?: () => boolean },
): Promise<boolean> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (opts.abort?.()) return false;
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
  return false;
}
