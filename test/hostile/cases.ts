/**
 * The hostile-peer cases and what a scan must say about each: shared by the
 * in-process scans (hostile.test.ts) and the CLI run over all of them (cli.test.ts).
 */
import { expect } from 'vitest';
import type { ServiceResult } from '../../shared/types';
import type { HostileKind } from './peers';
import { statusOf } from './scan-guard';

/** No DICOM check may appear on a service that is not DICOM. */
function expectNotDicom(s: ServiceResult): void {
  expect(s.protocol).not.toBe('dicom');
  expect(s.protocol).not.toBe('dicom-tls');
  expect(s.checks.filter((c) => c.id.startsWith('dicom.'))).toEqual([]);
}

function expectUnknown(s: ServiceResult): void {
  expect(s.protocol).toBe('unknown');
  expectNotDicom(s);
}

/** Accepts the association properly, then fails the DIMSE exchange: DICOM, but query/retrieve inconclusive with the reason. */
function expectDicomButInconclusive(reason: RegExp) {
  return (s: ServiceResult): void => {
    expect(s.protocol).toBe('dicom');
    expect(statusOf(s, 'dicom.detected')).toBe('fail');
    expect(statusOf(s, 'dicom.any-calling-ae')).toBe('fail');
    for (const id of ['dicom.query-open', 'dicom.retrieve-open'] as const) {
      const c = s.checks.find((x) => x.id === id);
      expect(c?.status, id).toBe('inconclusive');
      expect(c?.summary, id).toMatch(reason);
    }
  };
}

export interface HostileCase {
  kind: HostileKind;
  what: string;
  expectService(s: ServiceResult): void;
}

export const CASES: HostileCase[] = [
  { kind: 'silent', what: 'accepts TCP and never speaks', expectService: expectUnknown },
  { kind: 'trickle', what: 'sends one byte per second forever', expectService: expectUnknown },
  { kind: 'close-mid-pdu', what: 'closes in the middle of its A-ASSOCIATE-AC', expectService: expectUnknown },
  { kind: 'ac-4gib', what: 'answers with an A-ASSOCIATE-AC announcing 4 GiB and streams', expectService: expectUnknown },
  { kind: 'ac-truncated-items', what: 'answers with an A-ASSOCIATE-AC whose items are truncated', expectService: expectUnknown },
  { kind: 'ac-nonsense-items', what: 'answers with an A-ASSOCIATE-AC of nonsense items', expectService: expectUnknown },
  { kind: 'unknown-pdu', what: 'answers with an unknown PDU type', expectService: expectUnknown },
  {
    kind: 'http-page',
    what: 'answers with an HTTP page',
    expectService: (s) => {
      // It is an HTTP server: identified as one, never as DICOM.
      expect(s.protocol).toBe('http');
      expectNotDicom(s);
    },
  },
  { kind: 'ssh-banner', what: 'greets with an SSH banner', expectService: expectUnknown },
  { kind: 'random-bytes', what: 'answers with random bytes', expectService: expectUnknown },
  { kind: 'tls-garbage-after-hello', what: 'speaks TLS until its ServerHello, then garbage', expectService: expectUnknown },
  {
    kind: 'https-endless-body',
    what: 'is an HTTPS server whose bodies never end',
    expectService: (s) => {
      expect(s.protocol).toBe('https');
      expectNotDicom(s);
      expect(s.checks.map((c) => c.id)).toContain('web.detected');
    },
  },
  {
    kind: 'ac-then-silent',
    what: 'accepts the association, then never answers a request',
    // Whichever bound ends it first: the reply timeout or the service's deadline.
    expectService: expectDicomButInconclusive(/no answer within|time allowed for this service ran out|deadline/),
  },
  {
    kind: 'ac-then-4gib',
    what: 'accepts the association, then answers a request with a 4 GiB P-DATA-TF',
    expectService: expectDicomButInconclusive(/exceeds the \d+-byte limit/),
  },
];
