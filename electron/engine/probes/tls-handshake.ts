/**
 * TLS versions and certificate of an HTTPS or DICOM TLS service: `tls.legacy-protocol`,
 * `tls.certificate`, `tls.certificate-expiring`. Each version is offered alone; the
 * certificate is judged against the moment it was seen.
 */
import type { CheckResult } from '../../../shared/types';
import { collectTls, type TlsObservation } from '../tls/collect';
import { judgeCertificate, judgeCertificateExpiring, judgeLegacyProtocol } from '../tls/judge';
import type { Probe, ServiceInfo } from '../types';

/** Pure: the three checks from one observation. */
export function judgeTlsHandshake(obs: TlsObservation, service: ServiceInfo): CheckResult[] {
  return [
    judgeLegacyProtocol(obs, service),
    judgeCertificate(obs, service, obs.observedAt),
    judgeCertificateExpiring(obs, service, obs.observedAt),
  ];
}

export const tlsHandshakeProbe: Probe<TlsObservation> = {
  meta: {
    id: 'tls-handshake',
    checks: ['tls.legacy-protocol', 'tls.certificate', 'tls.certificate-expiring'],
    safety: 'safe',
    description: 'Offers TLS 1.0, 1.1, 1.2 and 1.3 one at a time and reads the certificate chain (trust, name, dates, key, signature).',
  },
  applies: (service) => service.protocol === 'https' || service.protocol === 'dicom-tls',
  run: (service, ctx) => collectTls(service, ctx),
  judge: (obs, service) => judgeTlsHandshake(obs, service),
};
