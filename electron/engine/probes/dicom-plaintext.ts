/**
 * dicom.plaintext: DICOM over plain TCP exposes AE titles, queries and images to
 * anyone on the path. Judged from the identified protocol: `dicom` (plain) fails,
 * `dicom-tls` passes. No traffic.
 */
import type { CheckResult } from '../../../shared/types';
import { checkResult } from '../dicom/check-result';
import { isDicomService } from '../dicom/probe-support';
import type { Probe, ServiceInfo } from '../types';

export interface PlaintextObservation {
  protocol: ServiceInfo['protocol'];
}

/** Pure judgement of dicom.plaintext. */
export function judgePlaintext(o: PlaintextObservation): CheckResult[] {
  if (o.protocol === 'dicom-tls') {
    return [checkResult('dicom.plaintext', 'pass', 'DICOM is spoken only inside TLS on this port', { protocol: o.protocol })];
  }
  return [
    checkResult(
      'dicom.plaintext',
      'fail',
      'DICOM over plain TCP: AE titles, queries and images cross the network unencrypted',
      { protocol: o.protocol, transport: 'plain TCP' },
    ),
  ];
}

export const dicomPlaintextProbe: Probe<PlaintextObservation> = {
  meta: {
    associates: true,
    id: 'dicom-plaintext',
    checks: ['dicom.plaintext'],
    safety: 'safe',
    description: 'Whether the DICOM upper layer runs over plain TCP or inside TLS (from identification; no extra traffic).',
  },
  applies: (s) => isDicomService(s),
  run: (service) => Promise.resolve({ protocol: service.protocol }),
  judge: (o) => judgePlaintext(o),
};
