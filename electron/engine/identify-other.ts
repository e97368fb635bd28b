/**
 * Identification of what is not plaintext DICOM: HTTP, HTTPS, DICOM over TLS, or "a
 * TLS service whose inner protocol cannot be told" (reported as such: protocol
 * `unknown` with identification `{ tls: true, inner: 'unknown' }`, never guessed).
 *
 * identify.ts calls identifyNonDicom() after its plaintext A-ASSOCIATE-RQ got no
 * DICOM answer, passing whatever bytes the peer sent back (`firstBytes`):
 * - `HTTP/1.x ...`: an HTTP server answered the DICOM request. It may still be an
 *   HTTPS port (nginx answers plaintext on its TLS port with `400 The plain HTTP
 *   request was sent to HTTPS port`), so TLS is tried first, then plain HTTP.
 * - a TLS record (0x15/0x16 0x03 ..): a TLS server: try TLS only.
 * - anything else non-empty: a banner or garbage; neither HTTP nor TLS servers speak
 *   like that: not identified (null), the caller reports `unknown`.
 * - nothing (closed, silent): try TLS and plain HTTP at once (TLS wins when both answer).
 * Inside TLS, DICOM is tried first (an A-ASSOCIATE-AC/RJ makes it `dicom-tls`), then
 * HTTP; on web ports, or when the server picked ALPN http/1.1 or h2, HTTP first.
 */
import type { ProbeContext, ProbeOptions, ServiceInfo, Target } from './types';
import { ConnectError, type ConnectFn } from './dicom/connect';
import { identifyDicom, type DicomIdentification } from './dicom/identification';
import { alertFromCode, dialTls, tlsHandshake, type TlsDialResult } from './tls/handshake';
import { collectWeb, phasedBounds, type WebObservation } from './web/collect';
import { safePeerText } from '../../shared/safe-text';

/** What identification learned of the TLS layer (identification.tlsHandshake). Plain JSON. */
export interface TlsIdentification {
  /** Negotiated version of the identifying handshake, e.g. `TLSv1.3`. */
  protocol?: string;
  cipher?: string;
  /** ALPN protocol the server selected. */
  alpn?: string;
  /** The server refused to go on without a client certificate. */
  clientCertificateDemanded: boolean;
  /** The configured client certificate (--tls-cert) was presented to get in. */
  clientCertificateUsed: boolean;
  /** DICOM answered inside TLS although no client certificate was presented. */
  answeredWithoutClientCertificate?: boolean;
  /** Alert the server sent, in words. */
  alert?: string;
}

/** Ports where web servers are the usual tenants: HTTP is tried first inside TLS there. */
export const WEB_PORTS: ReadonlySet<number> = new Set([80, 443, 3333, 8000, 8042, 8080, 8443, 8888, 9443]);

/** Alerts a server sends when a client certificate is missing. */
const CLIENT_CERT_ALERTS = new Set(['handshake failure', 'certificate required', 'bad certificate', 'access denied']);

/** What the first bytes a peer sent suggest. */
export type FirstBytesHint = 'none' | 'http' | 'tls' | 'other';

/** Pure: classify the bytes a peer sent in answer to (or before) a plaintext DICOM request. */
export function classifyFirstBytes(b: Buffer | undefined): FirstBytesHint {
  if (!b || b.length === 0) return 'none';
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === 'HTTP/') return 'http';
  if ((b[0] === 0x15 || b[0] === 0x16) && (b.length < 2 || b[1] === 0x03)) return 'tls';
  return 'other';
}

/** Facts a connector collects across the TLS connections it opens. */
interface ConnectorFacts {
  last?: TlsDialResult;
  /** An alert that arrived after the handshake (TLS 1.3 client-certificate refusal). */
  postAlert?: string;
}

/** True when the server refused for want of a client certificate. */
function demandedClientCert(f: ConnectorFacts): boolean {
  const r = f.last;
  if (f.postAlert && CLIENT_CERT_ALERTS.has(f.postAlert)) return true;
  return !!r && r.outcome === 'tls-error' && r.serverCertificateSeen && !!r.alert && CLIENT_CERT_ALERTS.has(r.alert);
}

/**
 * A ConnectFn for the DICOM association code that speaks TLS (any version the server
 * allows, permissive ciphers, no verification: the tls.* checks judge the certificate)
 * and records what the handshakes showed.
 */
export function recordingTlsConnector(material: ProbeOptions['tls'] | undefined, facts: ConnectorFacts): ConnectFn {
  return async (target, bounds) => {
    const { result, socket } = await dialTls(
      {
        host: target.host,
        port: target.port,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1.3',
        ...(material?.cert && material.key ? { cert: material.cert, key: material.key } : {}),
        signal: bounds.signal,
        timeoutMs: bounds.timeoutMs,
      },
      true,
    );
    facts.last = result;
    if (!socket) throw new ConnectError(result.outcome, `TLS handshake failed: ${result.alert ?? result.error ?? result.outcome}`);
    socket.setNoDelay(true);
    socket.on('error', (e: NodeJS.ErrnoException) => {
      facts.postAlert ??= alertFromCode(e.code);
    });
    return socket;
  };
}

function tlsFacts(r: TlsDialResult | undefined): Pick<TlsIdentification, 'protocol' | 'cipher' | 'alpn' | 'alert'> {
  return {
    // What the peer chose (ALPN, alert words) enters the results here: made safe once.
    ...(r?.protocol ? { protocol: safePeerText(r.protocol, 32) } : {}),
    ...(r?.cipher ? { cipher: safePeerText(r.cipher, 64) } : {}),
    ...(r?.alpn ? { alpn: safePeerText(r.alpn, 64) } : {}),
    ...(r?.alert ? { alert: safePeerText(r.alert, 64) } : {}),
  };
}

/** Result of trying DICOM inside TLS. */
export interface DicomTlsAttempt {
  /** The `dicom-tls` service, when an A-ASSOCIATE-AC/RJ came back inside TLS. */
  info: ServiceInfo | null;
  tls: TlsIdentification;
}

/**
 * DICOM inside TLS: the identification associations of the DICOM engine over a TLS
 * connector, first without a client certificate; when the server demands one and
 * the user gave one (--tls-cert/--tls-key), again with it.
 */
export async function identifyDicomTls(target: Target, ctx: ProbeContext): Promise<DicomTlsAttempt> {
  // These are association attempts: they run under the host's slot, like plaintext DICOM.
  try {
    await ctx.holdHost?.();
  } catch {
    return { info: null, tls: { clientCertificateDemanded: false, clientCertificateUsed: false } };
  }
  const bare: ConnectorFacts = {};
  let id: DicomIdentification = await identifyDicom(target, ctx, recordingTlsConnector(undefined, bare));
  const demanded = !id.isDicom && demandedClientCert(bare);
  let facts = bare;
  const material = ctx.options.tls;
  let used = false;
  if (demanded && material?.cert && material.key && !ctx.signal.aborted) {
    const withCert: ConnectorFacts = {};
    id = await identifyDicom(target, ctx, recordingTlsConnector({ cert: material.cert, key: material.key }, withCert));
    facts = withCert;
    used = true;
  }
  const tls: TlsIdentification = {
    ...tlsFacts(facts.last),
    clientCertificateDemanded: demanded,
    clientCertificateUsed: used,
    ...(facts.postAlert && !facts.last?.alert ? { alert: facts.postAlert } : {}),
  };
  if (!id.isDicom) return { info: null, tls };
  tls.answeredWithoutClientCertificate = !used;
  const info: ServiceInfo = {
    host: target.host,
    port: target.port,
    protocol: 'dicom-tls',
    // The DICOM engine's identification, as identify() stores it for plaintext DICOM, plus the TLS facts.
    identification: { ...id, tls: true, inner: 'dicom', tlsHandshake: tls },
  };
  if (id.product) info.product = id.product;
  if (id.calledAe !== undefined) info.calledAe = id.calledAe;
  if (id.calledAeSource !== undefined) info.calledAeSource = id.calledAeSource;
  return { info, tls };
}

/** A ServiceInfo for an HTTP(S) service from its web observation; null when GET / got no HTTP answer. */
function webInfo(target: Target, web: WebObservation, extra: Record<string, unknown>): ServiceInfo | null {
  const root = web.exchanges.find((e) => e.step === 'root');
  if (!root || root.outcome !== 'success' || root.status === undefined) return null;
  const info: ServiceInfo = {
    host: target.host,
    port: target.port,
    protocol: web.tls ? 'https' : 'http',
    identification: { ...extra, web },
  };
  if (web.recognition) {
    info.product = { name: web.recognition.product, ...(web.recognition.version ? { version: web.recognition.version } : {}) };
  }
  return info;
}

/**
 * Tell http / https / dicom-tls / "TLS, inner protocol unknown" apart on a port that
 * did not answer plaintext DICOM. null when it is none of them (the caller keeps
 * `unknown`). Never rejects; bounded by ctx.
 */
export async function identifyNonDicom(target: Target, ctx: ProbeContext, firstBytes?: Buffer): Promise<ServiceInfo | null> {
  const hint = classifyFirstBytes(firstBytes);
  if (hint === 'other') return null;
  // A port that said nothing to DICOM may be TLS or HTTP (waiting for a line end): ask
  // both at once, so a silent port costs one reply timeout here, not two in a row.
  const plainWeb = hint === 'none' ? collectWeb(target, false, ctx) : undefined;
  try {
    const viaTls = await identifyOverTls(target, ctx);
    if (viaTls !== 'not-tls') return viaTls;
    if (hint === 'tls' || ctx.signal.aborted) return null;
    return webInfo(target, await (plainWeb ?? collectWeb(target, false, ctx)), {});
  } finally {
    // Never left running past identification (it is bounded by ctx either way).
    await plainWeb;
  }
}

/** The TLS side of identifyNonDicom: 'not-tls' when no TLS server answered. */
async function identifyOverTls(target: Target, ctx: ProbeContext): Promise<ServiceInfo | 'not-tls'> {
  const hello = await tlsHandshake({
    host: target.host,
    port: target.port,
    minVersion: 'TLSv1',
    maxVersion: 'TLSv1.3',
    alpn: ['http/1.1'],
    signal: ctx.signal,
    ...phasedBounds(ctx),
  });
  const isTls = hello.outcome === 'success' || hello.serverCertificateSeen;
  if (!isTls) return 'not-tls';
  const httpFirst = WEB_PORTS.has(target.port) || hello.alpn === 'http/1.1' || hello.alpn === 'h2';
  let dicomTried: DicomTlsAttempt | undefined;
  const tryDicom = async (): Promise<ServiceInfo | null> => {
    dicomTried = await identifyDicomTls(target, ctx);
    return dicomTried.info;
  };
  const tryHttps = async (): Promise<ServiceInfo | null> =>
    webInfo(target, await collectWeb(target, true, ctx), { tls: true, inner: 'http', tlsHandshake: { ...tlsFacts(hello), clientCertificateDemanded: false, clientCertificateUsed: false } });
  for (const attempt of httpFirst ? [tryHttps, tryDicom] : [tryDicom, tryHttps]) {
    if (ctx.signal.aborted) break;
    const info = await attempt();
    if (info) return info;
  }
  const tls: TlsIdentification = dicomTried?.tls ?? { ...tlsFacts(hello), clientCertificateDemanded: false, clientCertificateUsed: false };
  return {
    host: target.host,
    port: target.port,
    protocol: 'unknown',
    identification: { tls: true, inner: 'unknown', tlsHandshake: tls },
  };
}
