/** A hand-built ScanReport for formatting tests (the shape of ../shared/spec/cli.md). */
import type { CheckResult, ScanReport, ServiceResult } from '../../../shared/types';
import { CATALOG, checksFor, type CheckId, type CheckStatus } from '../../../shared/catalog';

export function check(id: CheckId, status: CheckStatus, summary: string, evidence: Record<string, unknown> = {}): CheckResult {
  const def = CATALOG[id];
  return { id, status, severity: def.severity, summary, evidence, attack: [...def.attack] };
}

/** Every check of the protocol, `pass` unless listed in `overrides`. */
export function service(base: Omit<ServiceResult, 'checks'>, overrides: Partial<Record<CheckId, CheckResult>> = {}): ServiceResult {
  const checks = checksFor(base.protocol ?? 'unknown').map((d) => overrides[d.id] ?? check(d.id, 'pass', `${d.title}: no`));
  return { ...base, checks };
}

export function fixtureReport(): ScanReport {
  const orthanc = service(
    { host: '127.0.0.1', port: 4242, state: 'open', protocol: 'dicom', product: { name: 'Orthanc', version: '1.10.1' }, calledAe: 'ORTHANC', calledAeSource: 'guess' },
    {
      'dicom.detected': check('dicom.detected', 'fail', 'DICOM service answers (Orthanc 1.10.1)'),
      'dicom.any-calling-ae': check('dicom.any-calling-ae', 'fail', 'an association from unknown caller CLMTEST was accepted'),
      'dicom.retrieve-open': check('dicom.retrieve-open', 'fail', 'a C-MOVE from an unknown caller was processed (Unable to Process)'),
      'dicom.query-open': check('dicom.query-open', 'inconclusive', 'the C-FIND was answered with an A-ABORT'),
      'dicom.plaintext': check('dicom.plaintext', 'fail', 'DICOM over plain TCP'),
      'tls.legacy-protocol': check('tls.legacy-protocol', 'not-applicable', 'plaintext port'),
      'tls.certificate': check('tls.certificate', 'not-applicable', 'plaintext port'),
      'tls.certificate-expiring': check('tls.certificate-expiring', 'not-applicable', 'plaintext port'),
      'tls.client-auth-absent': check('tls.client-auth-absent', 'not-applicable', 'plaintext port'),
    },
  );
  const restricted = service(
    { host: '127.0.0.1', port: 11112, state: 'open', protocol: 'dicom', product: { name: 'DCMTK', version: '3.6.7\x1b[2J' } },
    {
      'dicom.detected': check('dicom.detected', 'fail', 'DICOM service answers'),
      'dicom.any-calling-ae': check('dicom.any-calling-ae', 'pass', 'unknown callers are rejected', {
        rejection: { result: 1, source: 1, reason: 3, text: 'calling AE title not recognized' },
      }),
    },
  );
  const web = service(
    { host: '127.0.0.1', port: 8042, state: 'open', protocol: 'http', product: { name: 'Orthanc' } },
    {
      'web.unauthenticated': check('web.unauthenticated', 'fail', '/system answers without login'),
      'web.default-credentials': check('web.default-credentials', 'skipped', 'opt-in not given'),
    },
  );
  const closed: ServiceResult = { host: '127.0.0.1', port: 104, state: 'closed', checks: [] };
  const services = [web, orthanc, restricted, closed];
  const fail = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const s of services) for (const c of s.checks) if (c.status === 'fail') fail[c.severity]++;
  return {
    tool: { name: 'collimator', version: '0.1.0' },
    scan: {
      id: 'scan-1',
      startedAt: '2025-01-01T10:00:00.000Z',
      finishedAt: '2025-01-01T10:00:05.000Z',
      vantage: { label: 'lab', untrusted: false },
      targets: ['127.0.0.1'],
      ports: [104, 4242, 8042, 11112],
    },
    services,
    summary: { services: 3, fail },
  };
}
