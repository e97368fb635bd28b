/**
 * `dicom.tls-downgrade` needs every service of the host (DICOM TLS here, plaintext
 * DICOM on another port), so it is decided after the scan by
 * cross-checks.ts:judgeHostCrossChecks(). Per service, this probe only says so,
 * so the check is never silently missing if the post-pass does not run.
 * (`dicom.plaintext` itself is judged by probes/dicom-plaintext.ts.)
 */
import type { CheckResult } from '../../../shared/types';
import { checkResult } from '../tls/check-result';
import type { Probe, ServiceInfo } from '../types';

/** Nothing is observed per service; the protocol is enough to say where the verdict comes from. */
export interface DowngradeObservation {
  protocol: ServiceInfo['protocol'];
}

/** Pure: the provisional verdict, replaced by the host-wide one after the scan. */
export function judgeDowngradeProvisional(obs: DowngradeObservation): CheckResult[] {
  if (obs.protocol !== 'dicom' && obs.protocol !== 'dicom-tls') {
    return [checkResult('dicom.tls-downgrade', 'not-applicable', 'not a DICOM service')];
  }
  return [checkResult('dicom.tls-downgrade', 'inconclusive', 'decided across all DICOM services of the host once the scan has seen them all')];
}

export const tlsDowngradeProbe: Probe<DowngradeObservation> = {
  meta: {
    id: 'tls-downgrade',
    checks: ['dicom.tls-downgrade'],
    safety: 'safe',
    // Sends nothing: its provisional verdict is given even after the service's deadline.
    offline: true,
    description: 'Marks DICOM services for the host-wide DICOM TLS / plaintext comparison made after the scan (sends nothing).',
  },
  applies: (service) => service.protocol === 'dicom' || service.protocol === 'dicom-tls',
  run: (service) => Promise.resolve({ protocol: service.protocol }),
  judge: (obs) => judgeDowngradeProvisional(obs),
};
