import { describe, expect, it } from 'vitest';
import { verifyJson, verifyTable } from '../../../../electron/cli/output/verify';
import type { VerificationRecord } from '../../../../shared/remediation';

const V: VerificationRecord = {
  id: 'v-1',
  service: { host: '10.200.0.2', port: 11112 },
  before: { scanId: 's-1', at: '2025-03-01T10:00:00.000Z', vantage: { label: 'guest', untrusted: true }, state: 'open', protocol: 'dicom' },
  after: { at: '2025-03-01T11:00:00.000Z', finishedAt: '2025-03-01T11:00:04.000Z', vantage: { label: 'guest\x1b[2J', untrusted: true }, state: 'open', protocol: 'dicom' },
  checks: [
    { id: 'dicom.any-calling-ae', severity: 'high', before: 'fail', after: 'pass', verdict: 'fixed', note: 'failed before, passes now', evidence: { before: { summary: 'accepted', evidence: {} }, after: { summary: 'rejected', evidence: { reason: 3 } } } },
    { id: 'dicom.plaintext', severity: 'high', before: 'fail', after: 'fail', verdict: 'still-failing', note: 'failed before and fails now', evidence: {} },
  ],
  unverified: [{ id: 'dicom.detected', before: 'fail', after: 'fail', why: 'informational' }],
  counts: { fixed: 1, 'still-failing': 1, regressed: 0, 'still-passing': 0, inconclusive: 0 },
  passed: false,
  beforeService: { host: '10.200.0.2', port: 11112, state: 'open', checks: [], product: { name: 'Orthanc', version: '1.10.1' } },
  afterService: { host: '10.200.0.2', port: 11112, state: 'open', checks: [] },
};

describe('verify output', () => {
  it('JSON: the fields of cli.md first (service, before, after, checks with before/after/verdict), then more', () => {
    const doc = JSON.parse(verifyJson(V)) as Record<string, unknown>;
    expect(Object.keys(doc).slice(0, 4)).toEqual(['service', 'before', 'after', 'checks']);
    expect(doc.service).toEqual({ host: '10.200.0.2', port: 11112 });
    expect(doc.before).toMatchObject({ scanId: 's-1', at: '2025-03-01T10:00:00.000Z' });
    expect(doc.after).toMatchObject({ at: '2025-03-01T11:00:00.000Z' });
    expect((doc.checks as Array<Record<string, unknown>>)[0]).toMatchObject({ id: 'dicom.any-calling-ae', before: 'fail', after: 'pass', verdict: 'fixed' });
    expect(doc).toMatchObject({ passed: false, id: 'v-1', counts: { fixed: 1 } });
    expect(doc).not.toHaveProperty('beforeService');
  });

  it('table: one line per check, the result in words, peer text made safe', () => {
    const t = verifyTable(V);
    expect(t).toContain('Verification of 10.200.0.2:11112 (Orthanc 1.10.1)');
    expect(t).toMatch(/^dicom\.any-calling-ae +high +fail +pass +fixed +failed before, passes now$/m);
    expect(t).toMatch(/^dicom\.plaintext +high +fail +fail +still-failing/m);
    expect(t).toContain('Not verified: dicom.detected (informational)');
    expect(t).toContain('Result: 1 fixed, 1 still-failing: NOT PASSED');
    expect(t).not.toContain('\x1b');
    expect(t).toContain('guest\\x1b[2J');
  });
});
