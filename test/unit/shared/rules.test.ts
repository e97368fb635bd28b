// The cross-cutting rules under shared/: each is the one every layer calls, so the cases
// the copies used to disagree on are pinned here.
import { describe, expect, it } from 'vitest';
import { aeTitleProblem, isAeTitle } from '../../../shared/ae-title';
import { aeTitle as aeTitleSchema } from '../../../shared/contract-schemas';
import { addFails, countFails, isFindingToFix, noFails } from '../../../shared/fails';
import { calledAeKey, canonicalHost, compareHosts, hostProblem, serverKey } from '../../../shared/host';
import type { CheckResult } from '../../../shared/types';

describe('shared/host', () => {
  it('writes one spelling of a host: addresses RFC 5952, names lower-case (DNS is case-insensitive)', () => {
    expect(canonicalHost('0:0::1')).toBe('::1');
    expect(canonicalHost('FE80::0001')).toBe('fe80::1');
    expect(canonicalHost('10.200.0.5')).toBe('10.200.0.5');
    expect(canonicalHost('PACS.Hospital.LAN')).toBe('pacs.hospital.lan');
  });

  it('names a service with IPv6 in brackets', () => {
    expect(serverKey({ host: '::1', port: 104 })).toBe('[::1]:104');
    expect(serverKey({ host: '10.200.0.5', port: 11112 })).toBe('10.200.0.5:11112');
  });

  it('keys a called AE title by the canonical host, so two spellings of one server meet', () => {
    expect(calledAeKey('0::1', 104)).toBe(calledAeKey('::1', 104));
    expect(calledAeKey('::1', 104)).toBe('::1:104');
    expect(calledAeKey('PACS.local', 104)).toBe('pacs.local:104');
  });

  it('takes a host as written before :PORT, as net.isIP does (a zone included)', () => {
    expect(hostProblem('fe80::1%eth0')).toBeUndefined();
    expect(hostProblem('::ffff:10.200.0.1')).toBeUndefined();
    expect(hostProblem('pacs-1.local')).toBeUndefined();
    expect(hostProblem('1::2::3')).toBe('host "1::2::3" is not an IPv6 address');
    expect(hostProblem('fe80::1%')).toBe('host "fe80::1%" is not an IPv6 address');
    expect(hostProblem('not a host')).toBe('host "not a host" is not an address or host name');
    expect(hostProblem('')).toBe('has no host');
  });

  it('orders IPv4 numerically, then IPv6, then names', () => {
    expect(['b.local', '::1', '10.200.0.10', '10.200.0.9'].sort(compareHosts)).toEqual(['10.200.0.9', '10.200.0.10', '::1', 'b.local']);
  });
});

describe('shared/ae-title', () => {
  it('is one rule for the CLI, the IPC schema and the forms', () => {
    for (const [ae, ok] of [['ORTHANC', true], ['A'.repeat(16), true], [' PACS ', true], ['A'.repeat(17), false], ['', false], ['   ', false], ['A\\B', false], ['A\tB', false], ['ÄE', false]] as const) {
      expect(isAeTitle(ae)).toBe(ok);
      expect(aeTitleSchema.safeParse(ae).success).toBe(ok);
    }
    expect(aeTitleProblem('A\\B')).toBe('contains a backslash');
  });
});

describe('shared/fails', () => {
  const check = (status: CheckResult['status'], severity: CheckResult['severity']): CheckResult =>
    ({ id: 'dicom.detected', status, severity, summary: '', evidence: {}, attack: [] });

  it('counts fail checks per severity, in catalog order', () => {
    const services = [{ checks: [check('fail', 'high'), check('pass', 'high'), check('fail', 'info')] }, { checks: [check('fail', 'high')] }];
    const counts = countFails(services);
    expect(counts).toEqual({ info: 1, low: 0, medium: 0, high: 2, critical: 0 });
    expect(Object.keys(counts)).toEqual(['info', 'low', 'medium', 'high', 'critical']);
    expect(addFails(noFails(), services[1]!)).toEqual({ info: 0, low: 0, medium: 0, high: 1, critical: 0 });
  });

  it('asks a fix only for a fail above info', () => {
    expect(isFindingToFix(check('fail', 'low'))).toBe(true);
    expect(isFindingToFix(check('fail', 'info'))).toBe(false);
    expect(isFindingToFix(check('inconclusive', 'critical'))).toBe(false);
  });
});
