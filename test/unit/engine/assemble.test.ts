import { describe, expect, it } from 'vitest';
import { CATALOG, PROTOCOLS, checksFor, type CheckId, type CheckStatus } from '../../../shared/catalog';
import type { CheckResult, ScanMeta, ServiceResult } from '../../../shared/types';
import { assembleChecks, assembleReport, countFails, notApplicableReason } from '../../../electron/engine/assemble';

const judged = (id: CheckId, status: CheckStatus, extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  status,
  severity: 'info', // deliberately wrong: the catalog's must win
  summary: `${id} ${status}`,
  evidence: { seen: true },
  attack: [],
  ...extra,
});

describe('assembleChecks', () => {
  it.each(PROTOCOLS)('lists every check of %s exactly once, in catalog order', (protocol) => {
    const out = assembleChecks({ protocol, judged: [], optIn: new Set() });
    expect(out.map((c) => c.id)).toEqual(checksFor(protocol).map((c) => c.id));
    for (const c of out) {
      expect(c.severity).toBe(CATALOG[c.id].severity);
      expect(c.attack).toEqual([...CATALOG[c.id].attack]);
      expect(c.summary).not.toBe('');
      expect(c.summary).not.toContain('\n');
    }
  });

  it('unknown protocol gets only the exposure checks', () => {
    const out = assembleChecks({ protocol: 'unknown', judged: [judged('dicom.detected', 'fail')], optIn: new Set() });
    expect(out.map((c) => c.id)).toEqual(['exposure.untrusted-reach', 'exposure.internet']);
  });

  it('keeps judged results, with severity and ATT&CK from the catalog', () => {
    const out = assembleChecks({
      protocol: 'dicom',
      judged: [judged('dicom.any-calling-ae', 'fail'), judged('dicom.any-calling-ae', 'pass')],
      optIn: new Set(),
    });
    const c = out.find((x) => x.id === 'dicom.any-calling-ae')!;
    expect(c.status).toBe('fail');
    expect(c.severity).toBe('high');
    expect(c.attack).toEqual(['T1133', 'T1213']);
    expect(c.evidence).toEqual({ seen: true });
  });

  it('opt-in checks not asked for are skipped, naming the --opt-in', () => {
    const out = assembleChecks({ protocol: 'http', judged: [], optIn: new Set() });
    const c = out.find((x) => x.id === 'web.default-credentials')!;
    expect(c.status).toBe('skipped');
    expect(c.summary).toContain('--opt-in web.default-credentials');
    const asked = assembleChecks({ protocol: 'http', judged: [], optIn: new Set<CheckId>(['web.default-credentials']) });
    expect(asked.find((x) => x.id === 'web.default-credentials')!.status).toBe('inconclusive');
  });

  it('TLS checks on plaintext ports are not-applicable', () => {
    for (const protocol of ['dicom', 'http'] as const) {
      const out = assembleChecks({ protocol, judged: [], optIn: new Set() });
      for (const c of out.filter((x) => x.id.startsWith('tls.'))) expect(c.status).toBe('not-applicable');
    }
    const https = assembleChecks({ protocol: 'https', judged: [], optIn: new Set() });
    expect(https.find((x) => x.id === 'tls.legacy-protocol')!.status).toBe('inconclusive');
    expect(https.find((x) => x.id === 'web.no-hsts')!.status).toBe('inconclusive');
    const http = assembleChecks({ protocol: 'http', judged: [], optIn: new Set() });
    expect(http.find((x) => x.id === 'web.no-hsts')!.status).toBe('not-applicable');
  });

  it('client-auth applies to DICOM TLS only', () => {
    expect(notApplicableReason('tls.client-auth-absent', 'dicom-tls')).toBeUndefined();
    expect(notApplicableReason('tls.client-auth-absent', 'dicom')).toBeDefined();
    expect(notApplicableReason('tls.certificate', 'dicom-tls')).toBeUndefined();
  });

  it('a probe that did not finish leaves its checks inconclusive with the reason', () => {
    const out = assembleChecks({
      protocol: 'dicom',
      judged: [judged('dicom.detected', 'fail')],
      unfinished: new Map<CheckId, string>([['dicom.query-open', "the service's deadline (60000 ms) passed\nwhile probe ran"]]),
      optIn: new Set(),
    });
    const q = out.find((x) => x.id === 'dicom.query-open')!;
    expect(q.status).toBe('inconclusive');
    expect(q.summary).toBe("the service's deadline (60000 ms) passed while probe ran");
    expect(out.find((x) => x.id === 'dicom.store-open')!.summary).toMatch(/no probe/);
  });

  it('a judged result wins over not-applicable and unfinished', () => {
    const out = assembleChecks({
      protocol: 'dicom',
      judged: [judged('tls.legacy-protocol', 'pass')],
      unfinished: new Map<CheckId, string>([['tls.legacy-protocol', 'x']]),
      optIn: new Set(),
    });
    expect(out.find((x) => x.id === 'tls.legacy-protocol')!.status).toBe('pass');
  });

  it('sanitises a sloppy probe result', () => {
    const out = assembleChecks({
      protocol: 'unknown',
      judged: [
        { id: 'exposure.internet', status: 'weird' as CheckStatus, severity: 'low', summary: 's', evidence: {}, attack: [] },
        { id: 'exposure.untrusted-reach', status: 'fail', severity: 'low', summary: '', evidence: null as unknown as Record<string, unknown>, attack: [] },
      ],
      optIn: new Set(),
    });
    expect(out[0]!.status).toBe('fail');
    expect(out[0]!.summary).not.toBe('');
    expect(out[0]!.evidence).toEqual({});
    expect(out[1]!.status).toBe('inconclusive');
    expect(out[1]!.summary).toMatch(/unknown status/);
  });
});

const svc = (host: string, port: number, statuses: CheckStatus[] = [], state: ServiceResult['state'] = 'open'): ServiceResult => ({
  host,
  port,
  state,
  ...(state === 'open' ? { protocol: 'dicom' as const } : {}),
  checks: statuses.map((s, i) => {
    const id = checksFor('dicom')[i]!.id;
    return { id, status: s, severity: CATALOG[id].severity, summary: 'x', evidence: {}, attack: [] };
  }),
});

const meta: ScanMeta = { id: 'x', startedAt: 'a', finishedAt: 'b', vantage: { label: 'v', untrusted: false }, targets: ['t'], ports: [104] };

describe('assembleReport', () => {
  it('sorts by host numerically then port, counts fails per severity and open services', () => {
    const services = [
      svc('10.200.0.10', 104, ['fail', 'fail']),
      svc('::1', 11112),
      svc('10.200.0.9', 11112, ['fail', 'pass', 'fail']),
      svc('10.200.0.9', 104, [], 'closed'),
      svc('10.200.0.9', 4242),
    ];
    const r = assembleReport('0.1.0', meta, services);
    expect(r.tool).toEqual({ name: 'collimator', version: '0.1.0' });
    expect(r.services.map((s) => `${s.host}:${s.port}`)).toEqual(['10.200.0.9:104', '10.200.0.9:4242', '10.200.0.9:11112', '10.200.0.10:104', '::1:11112']);
    // dicom.detected is info, any-calling-ae high, any-called-ae medium
    expect(r.summary).toEqual({ services: 4, fail: { critical: 0, high: 1, medium: 1, low: 0, info: 2 } });
  });

  it('countFails of nothing is all zero', () => {
    expect(countFails([])).toEqual({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
  });
});
