/**
 * A bounded HTTP(S) client for the web checks: one request per connection, an
 * overall deadline that always fires, and a body cap (an endless body is cut, not
 * buffered). Certificates are not verified here: the tls.* checks judge them.
 */
import type { IncomingMessage } from 'node:http';
import { nodeHttp, nodeHttps } from '../lazy-node';
import { isIP } from 'node:net';
import { safePeerText } from '../../../shared/safe-text';
import { abortKind } from '../deadline';
import { serverKey } from '../../../shared/host';
import type { Outcome } from '../types';

/** Default body cap, bytes: enough for a landing page's <head> or a small JSON document. */
export const DEFAULT_BODY_CAP = 64 * 1024;

/** Longest header value kept, characters. */
const MAX_HEADER_VALUE = 512;

export interface HttpRequestSpec {
  host: string;
  port: number;
  /** HTTPS (true) or plain HTTP. */
  tls: boolean;
  /** Path and query, starting with `/`. */
  path: string;
  method?: 'GET' | 'HEAD';
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Basic credentials (the opt-in default-credentials check only). */
  basicAuth?: { username: string; password: string };
  /** SNI / Host name to use instead of the address. */
  servername?: string;
  signal: AbortSignal;
  /** Bound on the whole exchange (connect, headers, body), ms; with connectTimeoutMs, on what follows the connect. */
  timeoutMs: number;
  /** Bound on the TCP connect alone, ms; when given, `timeoutMs` starts once connected (phased). */
  connectTimeoutMs?: number;
  /** Body bytes kept; the rest is not read. Default 64 KiB. */
  maxBodyBytes?: number;
}

export interface HttpExchange {
  /** `success` once a response's headers arrived; `protocol-error` when the answer is not HTTP. */
  outcome: Outcome;
  status?: number;
  /** Response headers, lower-case names, repeated ones joined with `, `, values made safe (shared/safe-text.ts) and cut to 512 chars. */
  headers: Record<string, string>;
  /** Body, at most maxBodyBytes. Callers summarise it and drop it: it is never stored. */
  body: Buffer;
  /** The body was longer than the cap (or never ended before the deadline) and was cut. */
  truncated: boolean;
  /** Node error code / first line of the error. */
  errorCode?: string;
  error?: string;
}

function outcomeOf(err: NodeJS.ErrnoException): Outcome {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code.startsWith('HPE_')) return 'protocol-error';
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'tls-error';
  if (/disconnected before secure TLS connection/i.test(err.message)) return 'connection-closed';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection-reset';
  if (code === 'ETIMEDOUT') return 'connection-timeout';
  return 'connection-closed';
}

function flattenHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined || n >= 64) continue;
    n += 1;
    const text = Array.isArray(value) ? value.join(', ') : value;
    // The peer's words enter the results here, once: well-formed, controls shown, capped.
    out[name.toLowerCase()] = safePeerText(text, MAX_HEADER_VALUE);
  }
  return out;
}

/** One HTTP(S) request. Never rejects; always ends by the deadline, the signal or the peer. */
export function httpExchange(spec: HttpRequestSpec): Promise<HttpExchange> {
  const cap = spec.maxBodyBytes ?? DEFAULT_BODY_CAP;
  return new Promise((resolve) => {
    const result: HttpExchange = { outcome: 'success', headers: {}, body: Buffer.alloc(0), truncated: false };
    if (spec.signal.aborted) {
      result.outcome = abortKind(spec.signal) ?? 'cancelled';
      resolve(result);
      return;
    }
    const chunks: Buffer[] = [];
    let kept = 0;
    let gotResponse = false;
    let done = false;
    const headers: Record<string, string> = {
      host: serverKey({ host: spec.servername ?? spec.host, port: spec.port }),
      'user-agent': 'Collimator/0.1 (imaging exposure check)',
      accept: '*/*',
      connection: 'close',
      ...spec.headers,
    };
    if (spec.basicAuth) {
      headers.authorization = `Basic ${Buffer.from(`${spec.basicAuth.username}:${spec.basicAuth.password}`).toString('base64')}`;
    }
    const common = { host: spec.host, port: spec.port, path: spec.path, method: spec.method ?? 'GET', headers, agent: false as const };
    const sni = spec.servername && isIP(spec.servername) === 0 ? { servername: spec.servername } : {};
    const req = spec.tls
      ? nodeHttps().request({ ...common, ...sni, rejectUnauthorized: false, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' })
      : nodeHttp().request(common);

    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      spec.signal.removeEventListener('abort', onAbort);
      result.body = Buffer.concat(chunks, kept);
      req.destroy();
      resolve(result);
    };
    const onAbort = (): void => {
      if (!gotResponse) result.outcome = abortKind(spec.signal) ?? 'cancelled';
      else result.truncated = true;
      finish();
    };
    const onTimer = (): void => {
      // Headers in hand: keep them and what body came; the rest is cut.
      if (gotResponse) result.truncated = true;
      else result.outcome = req.socket?.readyState === 'open' ? 'io-timeout' : 'connection-timeout';
      finish();
    };
    let timer = setTimeout(onTimer, Math.max(1, spec.connectTimeoutMs ?? spec.timeoutMs));
    if (spec.connectTimeoutMs !== undefined) {
      req.once('socket', (sock) => {
        sock.once('connect', () => {
          if (done) return;
          // Phased bounds: the answer's own clock starts now.
          clearTimeout(timer);
          timer = setTimeout(onTimer, Math.max(1, spec.timeoutMs));
        });
      });
    }
    spec.signal.addEventListener('abort', onAbort, { once: true });

    req.on('response', (res) => {
      gotResponse = true;
      result.status = res.statusCode;
      result.headers = flattenHeaders(res);
      res.on('data', (chunk: Buffer) => {
        if (done) return;
        const room = cap - kept;
        if (chunk.length >= room) {
          if (room > 0) chunks.push(chunk.subarray(0, room));
          kept = cap;
          result.truncated = chunk.length > room || !res.complete;
          finish();
          return;
        }
        chunks.push(chunk);
        kept += chunk.length;
      });
      res.on('end', finish);
      res.on('error', () => {
        result.truncated = true;
        finish();
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (done) return;
      if (!gotResponse) {
        result.outcome = outcomeOf(err);
        result.errorCode = err.code;
        // Node's parser errors may quote the peer's bytes.
        result.error = safePeerText(err.message.split('\n')[0]!, 200);
      } else {
        result.truncated = true;
      }
      finish();
    });
    req.end();
  });
}
