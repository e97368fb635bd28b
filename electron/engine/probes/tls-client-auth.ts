/**
 * `tls.client-auth-absent`: does a DICOM TLS server let anyone complete the handshake
 * without a client certificate? One or two handshakes that present none.
 */
import { detectClientAuth, type ClientAuthObservation } from '../tls/client-auth';
import { judgeClientAuth } from '../tls/judge';
import type { Probe } from '../types';

export const tlsClientAuthProbe: Probe<ClientAuthObservation> = {
  meta: {
    id: 'tls-client-auth',
    checks: ['tls.client-auth-absent'],
    safety: 'safe',
    description: 'Handshakes without a client certificate and reads whether the DICOM TLS server refuses it.',
  },
  applies: (service) => service.protocol === 'dicom-tls',
  run: (service, ctx) => detectClientAuth(service, ctx),
  judge: (obs, service) => [judgeClientAuth(obs, service)],
};
