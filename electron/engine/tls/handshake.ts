/**
 * One bounded TLS handshake (node:tls) and what it showed: negotiated version and
 * cipher, the server's certificate chain (also when the handshake fails after the
 * server sent it, as it does when a client certificate is demanded under TLS 1.2),
 * trust against a given CA list, and the alert the server sent, if any.
 *
 * The client is deliberately permissive ('DEFAULT@SECLEVEL=0', no verification
 * abort): an auditor must see legacy versions, small keys and SHA-1 signatures in
 * order to judge them; OpenSSL 3 refuses them before asking otherwise.
 */
import { createHash } from 'node:crypto';
import type { PeerCertificate, SecureContext, TLSSocket } from 'node:tls';
import { nodeTls } from '../lazy-node';
import { isIP } from 'node:net';
import { abortKind } from '../deadline';
import type { Outcome } from '../types';

/** Protocol versions node:tls can offer (SSLv3 is compiled out of Node's OpenSSL). */
export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** Every version tried, oldest first. */
export const TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Versions `tls.legacy-protocol` fails on. */
export const LEGACY_TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1'];

/** Cipher string that lets OpenSSL 3 offer and accept everything it still has. */
export const PERMISSIVE_CIPHERS = 'DEFAULT@SECLEVEL=0';

/** Longest chain kept; a longer one is cut (a hostile peer could send hundreds). */
const MAX_CHAIN = 10;

export interface TlsDialOptions {
  host: string;
  port: number;
  /** SNI and name to present; only sent when it is a host name (never an IP literal). */
  servername?: string;
  minVersion: TlsVersion;
  maxVersion: TlsVersion;
  /** Trusted CAs (PEM) used to compute `authorized`; the handshake never aborts on trust. */
  ca?: string[];
  /** Client certificate and key (PEM), for servers that demand one. */
  cert?: string;
  key?: string;
  /** ALPN protocols to offer, e.g. ['http/1.1']. */
  alpn?: string[];
  /** Cancellation and the service deadline. */
  signal: AbortSignal;
  /** Bound on TCP connect plus handshake, ms; with connectTimeoutMs, on the handshake alone (from the connect). */
  timeoutMs: number;
  /**
   * Bound on the TCP connect alone, ms. When given, the handshake then gets `timeoutMs`
   * of its own (ProbeOptions' connect and reply timeouts, phased); else `timeoutMs`
   * bounds both together.
   */
  connectTimeoutMs?: number;
  /**
   * TLS 1.3 only: after the handshake, wait up to this many ms for the server's
   * verdict on the client (a session ticket means it accepted us; a
   * `certificate required` alert means it wanted a client certificate).
   */
  settleMs?: number;
  /** OpenSSL cipher string to offer instead of PERMISSIVE_CIPHERS (suite enumeration); may name TLS 1.3 suites. */
  ciphers?: string;
  /** Groups to offer, colon-separated (`X25519:prime256v1`); OpenSSL's default when absent. */
  ecdhCurve?: string;
}

/** What the server's reaction after a TLS 1.3 handshake was (see settleMs). */
export type AfterHandshake = 'ticket' | 'alert' | 'closed' | 'quiet';

/** Observation of one handshake. Buffers are DER; nothing here is patient data. */
export interface TlsDialResult {
  outcome: Outcome;
  /** Versions offered (minVersion..maxVersion). */
  offered: { min: TlsVersion; max: TlsVersion };
  /** Negotiated version, e.g. `TLSv1.2`, after a completed handshake. */
  protocol?: string;
  /** Negotiated cipher suite (OpenSSL name). */
  cipher?: string;
  /** The server sent a certificate: it took up the ClientHello within the offered versions. */
  serverCertificateSeen: boolean;
  /** Certificate chain as the server presented it (completed from the trust list), leaf first, DER. */
  chain: Buffer[];
  /** The chain verified against `ca`. */
  authorized: boolean;
  /** OpenSSL's verification error code, e.g. `CERT_HAS_EXPIRED`, `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  authorizationError?: string;
  /** ALPN protocol the server selected. */
  alpn?: string;
  /** Node error code of a failure, e.g. `ERR_SSL_WRONG_VERSION_NUMBER`, `ECONNRESET`. */
  errorCode?: string;
  /** First line of the error message. */
  error?: string;
  /** A TLS alert the server sent, in words: `handshake failure`, `certificate required`, `protocol version`. */
  alert?: string;
  /** With settleMs under TLS 1.3: what the server did after the handshake. */
  afterHandshake?: AfterHandshake;
  /** Wall time of the attempt, ms (evidence only; never judged). */
  elapsedMs: number;
  /** Ephemeral key of the key exchange (getEphemeralKeyInfo): `ECDH` + curve name + bits, or `DH` + prime bits. */
  ephemeral?: { type: string; name?: string; size?: number };
  /** Signature algorithms both sides share (getSharedSigalgs), after a completed handshake. */
  sharedSigalgs?: string[];
}

/** Secure contexts by their options: building one with ~300 CA certificates takes ~250 ms. */
const contexts = new Map<string, SecureContext>();
const MAX_CONTEXTS = 16;

/** A (cached) secure context for these versions, trust list and client certificate. */
function contextFor(opts: TlsDialOptions): SecureContext {
  const h = createHash('sha256');
  for (const part of [opts.minVersion, opts.maxVersion, opts.ciphers ?? '', opts.ecdhCurve ?? '', ...(opts.ca ?? []), '|', opts.cert ?? '', '|', opts.key ?? '']) h.update(part).update('\u0000');
  const key = h.digest('hex');
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = nodeTls().createSecureContext({
      minVersion: opts.minVersion,
      maxVersion: opts.maxVersion,
      ciphers: opts.ciphers ?? PERMISSIVE_CIPHERS,
      ...(opts.ecdhCurve ? { ecdhCurve: opts.ecdhCurve } : {}),
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.cert && opts.key ? { cert: opts.cert, key: opts.key } : {}),
    });
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(key, ctx);
  }
  return ctx;
}

/** The alert named in an OpenSSL error code, in words; undefined when the code is not an alert. */
export function alertFromCode(code: string | undefined): string | undefined {
  const m = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z0-9_]+)$/.exec(code ?? '');
  return m ? m[1]!.toLowerCase().replace(/_/g, ' ') : undefined;
}

/** Map a socket error to the engine's outcome words. */
export function outcomeOfError(err: NodeJS.ErrnoException, connected: boolean): Outcome {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code.startsWith('ERR_SSL_') || code === 'ERR_TLS_INVALID_PROTOCOL_VERSION') return 'tls-error';
  if (/disconnected before secure TLS connection/i.test(err.message)) return 'connection-closed';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection-reset';
  if (code === 'ETIMEDOUT') return connected ? 'io-timeout' : 'connection-timeout';
  return connected ? 'tls-error' : 'connection-refused';
}

/** DER chain from a detailed peer certificate, leaf first, without repeats. */
function chainOf(peer: PeerCertificate | undefined): Buffer[] {
  const out: Buffer[] = [];
  const seen = new Set<string>();
  // getPeerCertificate(true) links issuers; a root links to itself (stopped by `seen`).
  let cur: (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined = peer;
  while (cur && Buffer.isBuffer(cur.raw) && cur.raw.length > 0 && out.length < MAX_CHAIN) {
    const fp = cur.fingerprint256;
    if (seen.has(fp)) break;
    seen.add(fp);
    out.push(Buffer.from(cur.raw));
    cur = cur.issuerCertificate;
  }
  return out;
}

function peerChain(sock: TLSSocket): Buffer[] {
  try {
    return chainOf(sock.getPeerCertificate(true));
  } catch {
    return [];
  }
}

/**
 * Connect and handshake. With `keep`, a completed handshake hands the open socket to
 * the caller (who must destroy it); otherwise the socket is always destroyed.
 * Never rejects; every path ends by the timeout, the signal, or the peer.
 */
export function dialTls(opts: TlsDialOptions, keep = false): Promise<{ result: TlsDialResult; socket?: TLSSocket }> {
  const started = Date.now();
  const base = (): TlsDialResult => ({
    outcome: 'success',
    offered: { min: opts.minVersion, max: opts.maxVersion },
    serverCertificateSeen: false,
    chain: [],
    authorized: false,
    elapsedMs: 0,
  });
  return new Promise((resolve) => {
    const result = base();
    if (opts.signal.aborted) {
      result.outcome = abortKind(opts.signal) ?? 'cancelled';
      resolve({ result });
      return;
    }
    let secureContext: SecureContext;
    try {
      secureContext = contextFor(opts);
    } catch (e) {
      // Unusable client certificate/key or CA text: nothing was sent.
      result.outcome = 'tls-error';
      result.errorCode = 'ERR_TLS_CONTEXT';
      result.error = `could not set up TLS: ${(e as Error).message.split('\n')[0]!.slice(0, 160)}`;
      resolve({ result });
      return;
    }
    const servername = opts.servername && isIP(opts.servername) === 0 ? opts.servername : undefined;
    let connected = false;
    let secured = false;
    let done = false;
    const sock = nodeTls().connect({
      host: opts.host,
      port: opts.port,
      ...(servername ? { servername } : {}),
      secureContext,
      rejectUnauthorized: false,
      // Names are matched separately (trust.ts): `authorized` must judge the chain only,
      // not Node's own host check against the address.
      checkServerIdentity: () => undefined,
      ...(opts.alpn ? { ALPNProtocols: opts.alpn } : {}),
    });

    const finish = (handOver: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (settleTimer) clearTimeout(settleTimer);
      opts.signal.removeEventListener('abort', onAbort);
      result.elapsedMs = Date.now() - started;
      if (result.chain.length === 0) result.chain = peerChain(sock);
      result.serverCertificateSeen = result.chain.length > 0;
      if (handOver) {
        sock.removeListener('error', onError);
        sock.removeListener('close', onClose);
        sock.removeListener('session', onSession);
        // The caller owns errors from here on; keep one listener so none is unhandled.
        sock.on('error', () => undefined);
        resolve({ result, socket: sock });
      } else {
        sock.destroy();
        resolve({ result });
      }
    };
    const onAbort = (): void => {
      result.outcome = abortKind(opts.signal) ?? 'cancelled';
      finish(false);
    };
    const onError = (err: NodeJS.ErrnoException): void => {
      if (done) return;
      result.errorCode = err.code;
      result.error = err.message.split('\n')[0]!.slice(0, 200);
      result.alert = alertFromCode(err.code);
      if (secured) {
        // TLS 1.3: the handshake completed and the server's verdict came after it.
        result.afterHandshake = result.alert ? 'alert' : 'closed';
      } else {
        result.outcome = outcomeOfError(err, connected);
      }
      finish(false);
    };
    const onClose = (): void => {
      if (done) return;
      if (secured) {
        result.afterHandshake = 'closed';
      } else {
        result.outcome = 'connection-closed';
      }
      finish(false);
    };
    let ticketSeen = false;
    const onSession = (): void => {
      ticketSeen = true;
      if (!secured || done) return;
      result.afterHandshake = 'ticket';
      finish(false);
    };
    let settleTimer: NodeJS.Timeout | undefined;
    const onTimer = (): void => {
      if (secured) {
        result.afterHandshake = 'quiet';
      } else {
        result.outcome = connected ? 'io-timeout' : 'connection-timeout';
      }
      finish(false);
    };
    let timer = setTimeout(onTimer, Math.max(1, opts.connectTimeoutMs ?? opts.timeoutMs));

    opts.signal.addEventListener('abort', onAbort, { once: true });
    sock.once('connect', () => {
      connected = true;
      if (opts.connectTimeoutMs !== undefined && !done) {
        // Phased bounds: the handshake's own clock starts now.
        clearTimeout(timer);
        timer = setTimeout(onTimer, Math.max(1, opts.timeoutMs));
      }
    });
    sock.on('error', onError);
    sock.once('close', onClose);
    sock.on('session', onSession);
    sock.once('secureConnect', () => {
      if (done) return;
      secured = true;
      result.outcome = 'success';
      result.protocol = sock.getProtocol() ?? undefined;
      result.cipher = sock.getCipher()?.name;
      result.authorized = sock.authorized;
      // Typed as an Error, delivered as OpenSSL's code string (e.g. 'CERT_HAS_EXPIRED').
      const authErr = sock.authorizationError as unknown;
      if (typeof authErr === 'string') result.authorizationError = authErr;
      else if (authErr instanceof Error) result.authorizationError = (authErr as NodeJS.ErrnoException).code ?? authErr.message;
      try {
        const eph = sock.getEphemeralKeyInfo() as { type?: string; name?: string; size?: number } | null;
        if (eph && typeof eph.type === 'string') result.ephemeral = { type: eph.type, ...(eph.name ? { name: eph.name } : {}), ...(typeof eph.size === 'number' ? { size: eph.size } : {}) };
        const sig = sock.getSharedSigalgs();
        if (Array.isArray(sig)) result.sharedSigalgs = sig.slice(0, 32);
      } catch {
        // Not available on this socket: the facts stay absent.
      }
      const alpn = sock.alpnProtocol;
      if (typeof alpn === 'string') result.alpn = alpn;
      result.chain = peerChain(sock);
      if (keep) {
        finish(true);
        return;
      }
      if (opts.settleMs && opts.settleMs > 0 && result.protocol === 'TLSv1.3') {
        if (ticketSeen) {
          result.afterHandshake = 'ticket';
          finish(false);
          return;
        }
        clearTimeout(timer);
        settleTimer = setTimeout(() => {
          result.afterHandshake = 'quiet';
          finish(false);
        }, opts.settleMs);
        return;
      }
      finish(false);
    });
  });
}

/** dialTls without keeping the socket. */
export async function tlsHandshake(opts: TlsDialOptions): Promise<TlsDialResult> {
  return (await dialTls(opts, false)).result;
}
