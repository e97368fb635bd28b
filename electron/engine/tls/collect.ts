/**
 * Observation of a TLS service (HTTPS or DICOM TLS): each protocol version offered
 * on its own connection, the certificate chain from the best handshake, trust against
 * the system store plus `--trust`, and whether the certificate names the host the
 * user targeted. Judged by ./judge.ts; collected here, never judged here.
 */
import { sleep } from '../deadline';
import type { Outcome, ProbeContext, ServiceInfo } from '../types';
import { describeCertificate, type CertificateInfo } from './certificate';
import { TLS_VERSIONS, tlsHandshake, type TlsDialResult, type TlsVersion } from './handshake';
import { certificateMatchesName, extraTrust, trustSources } from './trust';

/**
 * Outcomes of a version attempt that may only mean the server would not take several
 * connections at once (it refused, reset or closed one): offered again, alone. A
 * silent attempt is not: a server serving one connection at a time answers the
 * queued ones in turn, and waiting out a second timeout would double the cost of a
 * server that ignores an old ClientHello.
 */
const RETRY_ALONE: ReadonlySet<Outcome> = new Set<Outcome>(['connection-closed', 'connection-reset', 'connection-refused']);
/** Pause before the last offer of a version refused twice, ms. */
const RETRY_PAUSE_MS = 100;

/** How one protocol version fared when offered alone (min = max = version). */
export interface VersionAttempt {
  version: TlsVersion;
  /**
   * The server took up a handshake at exactly this version: it completed, or the
   * server sent its certificate before failing (a demanded client certificate).
   */
  accepted: boolean;
  outcome: Outcome;
  /** Cipher suite negotiated at this version. */
  cipher?: string;
  /** Alert the server sent, in words. */
  alert?: string;
  errorCode?: string;
}

/** Trust verdict of the chain, from OpenSSL's verification against `sources`. */
export interface TrustObservation {
  /** True, false, or null when no handshake completed far enough to verify (verdict unknown). */
  authorized: boolean | null;
  /** OpenSSL verification error code, e.g. `CERT_HAS_EXPIRED`, `SELF_SIGNED_CERT_IN_CHAIN`. */
  error?: string;
  /** What the trust list was made of: `node-bundled-roots`, `system-ca-bundle`, `--trust`. */
  sources: string[];
}

/** Everything the TLS judges need. Plain JSON. */
export interface TlsObservation {
  kind: 'tls';
  /** Epoch ms when the certificate was seen: dates are judged against it, so judgement is repeatable. */
  observedAt: number;
  /** Every version tried, oldest first. */
  attempts: VersionAttempt[];
  /** Highest accepted version and its cipher. */
  best?: { version: TlsVersion; cipher?: string };
  /** The chain the server presented (leaf first), described; empty when no certificate was seen. */
  chain: CertificateInfo[];
  trust: TrustObservation;
  /** Each name the certificate was checked against (the user's host names, else the address). */
  names: { name: string; matches: boolean }[];
  /** The configured client certificate was presented (DICOM TLS with --tls-cert). */
  clientCertificateUsed: boolean;
  /** SSLv3 cannot be offered by this client (compiled out of OpenSSL 3); said so in evidence. */
  notTested: string[];
  /** Why nothing could be observed, when no version was accepted. */
  failure?: { outcome: Outcome; error?: string };
}

/** Bound on one handshake: connect timeout plus one reply, ms. */
export function handshakeTimeoutMs(ctx: ProbeContext): number {
  const left = ctx.deadline - Date.now();
  return Math.max(1, Math.min(ctx.options.connectTimeoutMs + ctx.options.ioTimeoutMs, left));
}

/** The names a certificate should carry for this service. */
export function expectedNames(service: ServiceInfo): string[] {
  return service.hostNames && service.hostNames.length > 0 ? [...service.hostNames] : [service.host];
}

function attemptOf(version: TlsVersion, r: TlsDialResult): VersionAttempt {
  const a: VersionAttempt = {
    version,
    accepted: r.outcome === 'success' ? r.protocol === version : r.serverCertificateSeen,
    outcome: r.outcome,
  };
  if (r.cipher) a.cipher = r.cipher;
  if (r.alert) a.alert = r.alert;
  if (r.errorCode) a.errorCode = r.errorCode;
  return a;
}

/**
 * Offer each version alone, then describe the best chain. The configured client
 * certificate is presented on DICOM TLS only (it is meant for those servers).
 * Stops early, with what it has, when the signal fires.
 */
export async function collectTls(service: ServiceInfo, ctx: ProbeContext): Promise<TlsObservation> {
  const tlsOpts = ctx.options.tls;
  const useClientCert = service.protocol === 'dicom-tls' && !!tlsOpts?.cert && !!tlsOpts.key;
  const names = expectedNames(service);
  const offer = (version: TlsVersion, ca?: string[]): Promise<TlsDialResult> =>
    tlsHandshake({
      host: service.host,
      port: service.port,
      servername: names[0],
      minVersion: version,
      maxVersion: version,
      ...(ca ? { ca } : {}),
      ...(useClientCert ? { cert: tlsOpts.cert, key: tlsOpts.key } : {}),
      signal: ctx.signal,
      timeoutMs: handshakeTimeoutMs(ctx),
    });
  // Every version at once (one round trip instead of four), checked against Node's
  // bundled roots (its default store: no context of ~300 CA certificates to build per
  // version). A server that serves one connection at a time may drop the extra ones:
  // a version whose connection failed without a TLS answer is offered again, alone.
  const results = new Map<TlsVersion, TlsDialResult>();
  const first = ctx.signal.aborted ? [] : await Promise.all(TLS_VERSIONS.map((v) => offer(v)));
  TLS_VERSIONS.forEach((v, i) => {
    const r = first[i];
    if (r) results.set(v, r);
  });
  // Alone, and once more after a pause: a server may still be closing the last connection.
  const offerAlone = async (version: TlsVersion, ca?: string[]): Promise<TlsDialResult> => {
    let r = await offer(version, ca);
    if (RETRY_ALONE.has(r.outcome) && !r.serverCertificateSeen && !ctx.signal.aborted) {
      await sleep(RETRY_PAUSE_MS, ctx.signal).catch(() => undefined); // cancelled: checked below
      if (!ctx.signal.aborted) r = await offer(version, ca);
    }
    return r;
  };
  for (const version of TLS_VERSIONS) {
    const r = results.get(version);
    if (r && RETRY_ALONE.has(r.outcome) && !r.serverCertificateSeen && !ctx.signal.aborted) results.set(version, await offerAlone(version));
  }
  const attempts: VersionAttempt[] = TLS_VERSIONS.filter((v) => results.has(v)).map((v) => attemptOf(v, results.get(v)!));

  const obs: TlsObservation = {
    kind: 'tls',
    observedAt: Date.now(),
    attempts,
    chain: [],
    trust: { authorized: null, sources: trustSources(tlsOpts?.ca) },
    names: [],
    clientCertificateUsed: useClientCert,
    notTested: ['SSLv3'],
  };
  const accepted = attempts.filter((a) => a.accepted);
  const top = accepted[accepted.length - 1];
  if (top) obs.best = { version: top.version, ...(top.cipher ? { cipher: top.cipher } : {}) };

  // The chain and trust verdict from the best completed handshake; else any that saw a certificate.
  const ordered = [...TLS_VERSIONS].reverse().map((v) => results.get(v)).filter((r): r is TlsDialResult => !!r);
  const source = ordered.find((r) => r.outcome === 'success' && r.chain.length > 0) ?? ordered.find((r) => r.chain.length > 0);
  if (source) {
    obs.chain = source.chain.map(describeCertificate).filter((c): c is CertificateInfo => !!c);
    if (source.outcome === 'success') {
      let verdict = source;
      // Not trusted by the bundled roots: ask again against the rest of the trust list
      // (the system bundle's own additions, where hospitals put their CA, and --trust).
      // Trusted by either is trusted; a context of these few certificates costs
      // milliseconds, one of all ~170 costs ~40 ms of the event loop.
      const extra = extraTrust(tlsOpts?.ca);
      if (!source.authorized && extra && source.protocol && !ctx.signal.aborted) {
        const again = await offerAlone(source.protocol as TlsVersion, extra);
        if (again.outcome === 'success') verdict = again;
      }
      obs.trust.authorized = verdict.authorized;
      if (verdict.authorizationError) obs.trust.error = verdict.authorizationError;
    }
    const leaf = source.chain[0];
    if (leaf) obs.names = names.map((name) => ({ name, matches: certificateMatchesName(leaf, name) }));
  }
  if (accepted.length === 0) {
    // Report the most telling failure: a TLS error beats a timeout beats a refusal.
    const rank: Partial<Record<Outcome, number>> = { 'tls-error': 3, 'connection-closed': 2, 'connection-reset': 2, 'io-timeout': 1 };
    const worst = [...results.values()].sort((a, b) => (rank[b.outcome] ?? 0) - (rank[a.outcome] ?? 0))[0];
    obs.failure = worst
      ? { outcome: worst.outcome, ...(worst.error ? { error: worst.error } : {}) }
      : { outcome: ctx.signal.aborted ? 'cancelled' : 'tls-error' };
  }
  return obs;
}
