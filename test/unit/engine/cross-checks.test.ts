import { describe, expect, it } from 'vitest';
import type { CheckResult, ServiceResult } from '../../../shared/types';
import { judgeHostCrossChecks, judgeTlsDowngrade } from '../../../electron/engine/cross-checks';

const provisional: CheckResult = { id: 'dicom.tls-downgrade', status: 'inconclusive', severity: 'medium', summary: 'later', evidence: {}, attack: ['T1040'] };
const other: CheckResult = { id: 'dicom.plaintext', status: 'fail', severity: 'high', summary: 'x', evidence: {}, attack: [] };

function svc(host: string, port: number, protocol: ServiceResult['protocol'], checks: CheckResult[] = [other, provisional]): ServiceResult {
  return { host, port, state: 'open', ...(protocol ? { protocol } : {}), checks };
}

describe('judgeTlsDowngrade', () => {
  it('fails with TLS and plaintext DICOM on the same host, naming both ports', () => {
    const r = judgeTlsDowngrade([2762], [104, 11112]);
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('medium');
    expect(r.summary).toContain('2762');
    expect(r.summary).toContain('104, 11112');
    expect(r.evidence).toMatchObject({ tlsPorts: [2762], plaintextPorts: [104, 11112] });
  });
  it('passes with TLS only, not-applicable with plaintext only', () => {
    expect(judgeTlsDowngrade([2762], []).status).toBe('pass');
    expect(judgeTlsDowngrade([], [104]).status).toBe('not-applicable');
  });
});

describe('judgeHostCrossChecks', () => {
  it('decides per host, replaces the provisional verdict in place, leaves other services alone', () => {
    const web = svc('10.200.0.2', 443, 'https', []);
    const input = [
      svc('10.200.0.2', 2762, 'dicom-tls'),
      svc('10.200.0.2', 104, 'dicom'),
      svc('10.200.0.3', 2762, 'dicom-tls'),
      svc('10.200.0.4', 104, 'dicom'),
      web,
    ];
    const out = judgeHostCrossChecks(input);
    const verdict = (i: number): string | undefined => out[i]!.checks.find((c) => c.id === 'dicom.tls-downgrade')?.status;
    expect([verdict(0), verdict(1), verdict(2), verdict(3)]).toEqual(['fail', 'fail', 'pass', 'not-applicable']);
    expect(out[0]!.checks.map((c) => c.id)).toEqual(['dicom.plaintext', 'dicom.tls-downgrade']);
    expect(out[4]).toBe(web);
    // The input is not modified.
    expect(input[0]!.checks[1]).toBe(provisional);
  });

  it('ignores closed ports and non-DICOM TLS (an unknown TLS service is not DICOM TLS)', () => {
    const closed: ServiceResult = { host: 'h', port: 2762, state: 'closed', checks: [] };
    const unknownTls = svc('h', 2762, 'unknown', []);
    const out = judgeHostCrossChecks([closed, unknownTls, svc('h', 104, 'dicom')]);
    expect(out[2]!.checks.find((c) => c.id === 'dicom.tls-downgrade')?.status).toBe('not-applicable');
  });

  it('adds the check when a DICOM service lacks it', () => {
    const out = judgeHostCrossChecks([svc('h', 2762, 'dicom-tls', [])]);
    expect(out[0]!.checks).toHaveLength(1);
    expect(out[0]!.checks[0]?.status).toBe('pass');
  });
});
