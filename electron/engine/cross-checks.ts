/**
 * Checks that need more than one service of a host, decided after the scan (pure):
 * `dicom.tls-downgrade` fails when a host offers DICOM over TLS and also plaintext
 * DICOM on another port (a client, or an attacker in the middle, can simply use
 * the plaintext one). Judged among the ports this scan covered, and says so.
 */
import type { CheckResult, ServiceResult } from '../../shared/types';
import { checkResult } from './tls/check-result';

function isDicom(s: ServiceResult): boolean {
  return s.state === 'open' && (s.protocol === 'dicom' || s.protocol === 'dicom-tls');
}

/** The `dicom.tls-downgrade` result for one DICOM service, given its host's DICOM ports. */
export function judgeTlsDowngrade(tlsPorts: readonly number[], plaintextPorts: readonly number[]): CheckResult {
  const evidence = { tlsPorts: [...tlsPorts], plaintextPorts: [...plaintextPorts], basis: 'the ports covered by this scan' };
  if (tlsPorts.length > 0 && plaintextPorts.length > 0) {
    return checkResult(
      'dicom.tls-downgrade',
      'fail',
      `the host offers DICOM TLS on port ${tlsPorts.join(', ')} and plaintext DICOM on port ${plaintextPorts.join(', ')}`,
      evidence,
    );
  }
  if (tlsPorts.length > 0) return checkResult('dicom.tls-downgrade', 'pass', 'the host offers DICOM only over TLS on the ports scanned', evidence);
  return checkResult('dicom.tls-downgrade', 'not-applicable', 'the host offers no DICOM TLS on the ports scanned (see dicom.plaintext)', evidence);
}

/**
 * Post-pass over a scan's services: returns copies where every DICOM service carries
 * its host's `dicom.tls-downgrade` verdict. Other services are returned unchanged.
 */
export function judgeHostCrossChecks(services: ServiceResult[]): ServiceResult[] {
  const byHost = new Map<string, { tls: number[]; plain: number[] }>();
  for (const s of services) {
    if (!isDicom(s)) continue;
    const e = byHost.get(s.host) ?? { tls: [], plain: [] };
    (s.protocol === 'dicom-tls' ? e.tls : e.plain).push(s.port);
    byHost.set(s.host, e);
  }
  for (const e of byHost.values()) {
    e.tls.sort((a, b) => a - b);
    e.plain.sort((a, b) => a - b);
  }
  return services.map((s) => {
    const ports = isDicom(s) ? byHost.get(s.host) : undefined;
    if (!ports) return s;
    const verdict = judgeTlsDowngrade(ports.tls, ports.plain);
    const at = s.checks.findIndex((c) => c.id === 'dicom.tls-downgrade');
    const checks = [...s.checks];
    if (at >= 0) checks[at] = verdict;
    else checks.push(verdict);
    return { ...s, checks };
  });
}
