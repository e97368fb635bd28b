/**
 * A store with a realistic history of five servers over three scans and a re-check
 * (no patient data; documentation addresses only as data, never dialled):
 *
 *   scan-1 2025-03-01 radiology VLAN (trusted): every server
 *     127.0.0.1:11112  Orthanc, any calling AE accepted (then fixed by a re-check at 12:00)
 *     127.0.0.1:8042   plain HTTP
 *     [::1]:2762       DICOM TLS: untrustworthy certificate, no client certificates
 *     198.51.100.7:104 open query, open retrieve, plaintext DICOM
 *     127.0.0.2:104    a DICOM service and nothing else (informational only)
 *   scan-2 2025-03-05 guest Wi-Fi (untrusted): HTTPS fixed on :8042; [::1]:2762 reachable
 *     from the guest network; the query on 198.51.100.7:104 now refused
 *   scan-3 2025-03-08 radiology VLAN: the query on 198.51.100.7:104 open again
 */
import { CATALOG, type CheckId, type CheckStatus } from '../../../shared/catalog';
import type { CheckResult, ServiceResult, Vantage } from '../../../shared/types';
import type { Store } from '../../../electron/store';
import { fixedService, verificationOf } from '../records/fixtures';
import { dicomService, webService } from '../store/helpers';

export const RADIOLOGY: Vantage = { label: 'radiology VLAN', untrusted: false };
export const GUEST: Vantage = { label: 'guest Wi-Fi', untrusted: true };

export const ORTHANC = { host: '127.0.0.1', port: 11112 };
export const WEB = { host: '127.0.0.1', port: 8042 };
export const TLS = { host: '::1', port: 2762 };
export const OPEN_PACS = { host: '198.51.100.7', port: 104 };
export const INFO_ONLY = { host: '127.0.0.2', port: 104 };

export function check(id: CheckId, status: CheckStatus, summary: string, evidence: Record<string, unknown> = {}): CheckResult {
  return { id, status, severity: CATALOG[id].severity, summary, evidence, attack: [...CATALOG[id].attack] };
}

export function tlsService(extra: CheckResult[] = []): ServiceResult {
  return {
    ...TLS,
    state: 'open',
    protocol: 'dicom-tls',
    protocolBasis: 'TLS (TLSv1.3), then an A-ASSOCIATE-AC inside it',
    product: { name: 'DCMTK', version: '3.6.8' },
    calledAe: 'SECUREPACS',
    calledAeSource: 'user',
    checks: [
      check('dicom.detected', 'fail', 'A DICOM service answers here (inside TLS)'),
      check('tls.legacy-protocol', 'pass', 'Only TLS 1.2 and 1.3 accepted', { offered: ['TLSv1.2', 'TLSv1.3'] }),
      check('tls.certificate', 'fail', 'The certificate is self-signed', { subject: 'CN=securepacs', selfSigned: true }),
      check('tls.client-auth-absent', 'fail', 'The server did not ask for a client certificate'),
      ...extra,
    ],
  };
}

export function openPacs(query: CheckStatus, more = true): ServiceResult {
  return {
    ...OPEN_PACS,
    state: 'open',
    protocol: 'dicom',
    protocolBasis: 'answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC',
    product: { name: 'dcm4che', version: '5.31.0' },
    checks: [
      check('dicom.detected', 'fail', 'A DICOM service answers here'),
      check('dicom.query-open', query, query === 'fail' ? 'An unknown caller ran a C-FIND and got matches' : 'The C-FIND was refused', { outcome: query === 'fail' ? 'matches' : 'refused' }),
      ...(more
        ? [
            check('dicom.retrieve-open', 'fail', 'An unknown caller could negotiate C-GET', { negotiated: ['C-GET'] }),
            check('dicom.plaintext', 'fail', 'DICOM without TLS on this port'),
          ]
        : []),
    ],
  };
}

function infoOnly(): ServiceResult {
  return { ...INFO_ONLY, state: 'open', protocol: 'dicom', checks: [check('dicom.detected', 'fail', 'A DICOM service answers here')] };
}

function scan(store: Store, id: string, at: string, vantage: Vantage, services: ServiceResult[]): void {
  store.beginScan({ id, startedAt: at, vantage, targets: [...new Set(services.map((s) => s.host))], ports: [...new Set(services.map((s) => s.port))], toolVersion: '0.1.0' });
  for (const s of services) store.saveService(id, s);
  store.finishScan(id, at.replace(/\.\d{3}Z$/, '.500Z'), false);
}

export function seedHistory(store: Store): void {
  scan(store, 'scan-1', '2025-03-01T10:00:00.000Z', RADIOLOGY, [dicomService(ORTHANC.host, ORTHANC.port), webService(WEB.host, WEB.port), tlsService(), openPacs('fail'), infoOnly()]);
  const before = store.latestService(ORTHANC.host, ORTHANC.port)!;
  store.verifications.save(verificationOf('ver-orthanc', before, fixedService(ORTHANC.host, ORTHANC.port), '2025-03-01T12:00:00.000Z'));
  const https: ServiceResult = { ...webService(WEB.host, WEB.port), checks: [check('web.plaintext', 'pass', 'Redirects to HTTPS', { redirect: 'https' })] };
  scan(store, 'scan-2', '2025-03-05T10:00:00.000Z', GUEST, [
    https,
    tlsService([check('exposure.untrusted-reach', 'fail', 'Reached from the guest network', { vantage: GUEST.label })]),
    openPacs('pass'),
  ]);
  scan(store, 'scan-3', '2025-03-08T10:00:00.000Z', RADIOLOGY, [openPacs('fail', false)]);
}
