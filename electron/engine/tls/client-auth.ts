/**
 * Does a DICOM TLS server demand a client certificate? (`tls.client-auth-absent`.)
 * A handshake without one shows it (lab-notes, "TLS from Node"):
 * - TLS 1.2: a server that demands one aborts the handshake with an alert AFTER it
 *   sent its own certificate; a server that does not completes the handshake.
 * - TLS 1.3: the client's side of the handshake completes either way; the server's
 *   verdict follows: a `certificate required` alert, or session tickets (accepted).
 */
import type { ProbeContext, ServiceInfo } from '../types';
import { tlsHandshake, type TlsDialResult } from './handshake';
import { expectedNames, handshakeTimeoutMs } from './collect';

/** What the server did when offered no client certificate. */
export type ClientAuthVerdict = 'demanded' | 'not-demanded' | 'unknown';

/** Observation for `tls.client-auth-absent`. Plain JSON. */
export interface ClientAuthObservation {
  kind: 'client-auth';
  verdict: ClientAuthVerdict;
  /** How the verdict was reached, in words (evidence). */
  basis: string;
  /** Each handshake tried without a client certificate. */
  tries: { maxVersion: string; outcome: string; protocol?: string; alert?: string; afterHandshake?: string; serverCertificateSeen: boolean }[];
}

/** Alerts an OpenSSL-based server sends when the client certificate is missing or refused. */
const CLIENT_CERT_ALERTS = new Set(['handshake failure', 'certificate required', 'bad certificate', 'access denied', 'unknown ca']);

function tryOf(maxVersion: string, r: TlsDialResult): ClientAuthObservation['tries'][number] {
  return {
    maxVersion,
    outcome: r.outcome,
    ...(r.protocol ? { protocol: r.protocol } : {}),
    ...(r.alert ? { alert: r.alert } : {}),
    ...(r.afterHandshake ? { afterHandshake: r.afterHandshake } : {}),
    serverCertificateSeen: r.serverCertificateSeen,
  };
}

/** Pure: the verdict of one handshake without a client certificate. */
export function clientAuthFrom(r: TlsDialResult): { verdict: ClientAuthVerdict; basis: string } {
  if (r.outcome === 'success') {
    if (r.protocol !== 'TLSv1.3') return { verdict: 'not-demanded', basis: `${r.protocol ?? 'TLS'} handshake completed without a client certificate` };
    if (r.afterHandshake === 'ticket') return { verdict: 'not-demanded', basis: 'TLS 1.3 handshake completed without a client certificate and the server issued a session ticket' };
    if (r.afterHandshake === 'alert' && r.alert && CLIENT_CERT_ALERTS.has(r.alert)) {
      return { verdict: 'demanded', basis: `TLS 1.3: the server sent "${r.alert}" after the handshake without a client certificate` };
    }
    return { verdict: 'unknown', basis: `TLS 1.3: no verdict from the server after the handshake (${r.afterHandshake ?? 'nothing'})` };
  }
  if (r.outcome === 'tls-error' && r.serverCertificateSeen && r.alert && CLIENT_CERT_ALERTS.has(r.alert)) {
    return { verdict: 'demanded', basis: `the server sent its certificate, then "${r.alert}" when no client certificate came` };
  }
  return { verdict: 'unknown', basis: `handshake ended with ${r.outcome}${r.alert ? ` (${r.alert})` : ''}` };
}

/**
 * Try up to TLS 1.2 first (its verdict is part of the handshake), then TLS 1.3 alone
 * when the server would not do 1.2, waiting for its post-handshake verdict.
 */
export async function detectClientAuth(service: ServiceInfo, ctx: ProbeContext): Promise<ClientAuthObservation> {
  const names = expectedNames(service);
  const base = { host: service.host, port: service.port, servername: names[0], signal: ctx.signal } as const;
  const tries: ClientAuthObservation['tries'] = [];
  const r12 = await tlsHandshake({ ...base, minVersion: 'TLSv1', maxVersion: 'TLSv1.2', timeoutMs: handshakeTimeoutMs(ctx) });
  tries.push(tryOf('TLSv1.2', r12));
  let v = clientAuthFrom(r12);
  // No certificate seen at <= 1.2: the server may speak 1.3 only.
  if (v.verdict === 'unknown' && !r12.serverCertificateSeen && !ctx.signal.aborted) {
    const r13 = await tlsHandshake({
      ...base,
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
      timeoutMs: handshakeTimeoutMs(ctx),
      settleMs: Math.min(ctx.options.ioTimeoutMs, Math.max(1, ctx.deadline - Date.now())),
    });
    tries.push(tryOf('TLSv1.3', r13));
    v = clientAuthFrom(r13);
  }
  return { kind: 'client-auth', verdict: v.verdict, basis: v.basis, tries };
}
