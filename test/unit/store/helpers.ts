/** Shared fixtures of the store tests: temp directories that clean up, and realistic scan data (no patient data). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScanReport, ServiceResult } from '../../../shared/types';

/** Makes a fresh directory under os.tmpdir(); `cleanup()` removes every one made. */
export function tempDirs(): { make: () => string; cleanup: () => void } {
  const made: string[] = [];
  return {
    make() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-store-'));
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Bytes, mtime and sibling files of `file`: equal snapshots mean nothing was written. */
export function snapshot(file: string): { bytes: Buffer; mtimeMs: number; siblings: string[] } {
  return {
    bytes: fs.readFileSync(file),
    mtimeMs: fs.statSync(file).mtimeMs,
    siblings: fs.readdirSync(path.dirname(file)).sort(),
  };
}

/** A DICOM service the way the engine reports one, with three judged checks. */
export function dicomService(host: string, port: number, anyCaller: 'fail' | 'pass' = 'fail'): ServiceResult {
  return {
    host,
    port,
    state: 'open',
    protocol: 'dicom',
    protocolBasis: 'answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC',
    product: { name: 'Orthanc', version: '1.10.1', implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7', implementationVersionName: 'ORTHANC_1_10_1' },
    calledAe: 'ORTHANC',
    calledAeSource: 'guess',
    checks: [
      {
        id: 'dicom.detected', status: 'fail', severity: 'info', summary: 'A DICOM service answers here',
        evidence: { maxPduLength: 16384, implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7', nested: { list: [1, 'two', null, true] } },
        attack: [],
      },
      {
        id: 'dicom.any-calling-ae', status: anyCaller, severity: 'high',
        summary: anyCaller === 'fail' ? 'Accepts any calling AE title' : 'Rejects unknown calling AE titles',
        evidence: { callingAe: 'CLM5F3A9', calledAe: 'ORTHANC', accepted: anyCaller === 'fail' },
        attack: ['T1133', 'T1213'],
      },
      {
        id: 'dicom.query-open', status: 'inconclusive', severity: 'critical', summary: 'The C-FIND was answered with an A-ABORT',
        evidence: { outcome: 'association-aborted' }, attack: ['T1133', 'T1213'],
      },
    ],
  };
}

/** A web service with no product, no called AE and no protocol basis (exercises the NULL columns, as a scan stored before protocolBasis). */
export function webService(host: string, port: number): ServiceResult {
  return {
    host,
    port,
    state: 'open',
    protocol: 'http',
    checks: [
      { id: 'web.plaintext', status: 'fail', severity: 'high', summary: 'Served over plain HTTP', evidence: { redirect: null }, attack: ['T1040', 'T1557'] },
      { id: 'web.no-hsts', status: 'not-applicable', severity: 'low', summary: 'Not HTTPS', evidence: {}, attack: [] },
    ],
  };
}

/** A complete report as the engine would produce it, to round-trip through the store. */
export function sampleReport(id = 'scan-1', startedAt = '2025-03-01T10:00:00.000Z'): ScanReport {
  return {
    tool: { name: 'collimator', version: '0.1.0' },
    scan: {
      id,
      startedAt,
      finishedAt: '2025-03-01T10:00:42.125Z',
      vantage: { label: 'guest VLAN', untrusted: true },
      targets: ['127.0.0.1', '127.0.0.0/30', 'pacs.local'],
      ports: [104, 11112, 8042],
      cancelled: true,
    },
    services: [
      dicomService('127.0.0.1', 11112),
      webService('127.0.0.1', 8042),
      { host: '127.0.0.2', port: 104, state: 'closed', checks: [] },
      { host: '::1', port: 104, state: 'open', protocol: 'unknown', protocolBasis: 'sent bytes that are not DICOM, HTTP or TLS: "SSH-2.0-OpenSSH_9.2p1\\r\\n" é 😀', checks: [] },
    ],
    summary: { services: 4, fail: { critical: 0, high: 2, medium: 0, low: 0, info: 1 } },
  };
}
