/**
 * The verdict function, exhaustively: every pair of before/after statuses (and a check
 * missing on either side) against an open port, then the unreachable-port rules from
 * trusted and untrusted vantages, then whole-service comparisons.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG, CHECK_STATUSES, type CheckId, type CheckStatus } from '../../../shared/catalog';
import type { CheckResult, ServiceResult } from '../../../shared/types';
import { compareServices, countVerdicts, judgeCheck, verificationPassed } from '../../../shared/verdict';

type S = CheckStatus | undefined;
const ALL: S[] = [...CHECK_STATUSES, undefined];
const name = (s: S): string => s ?? 'absent';

/**
 * The expected verdict for an open port, written out as a table (rows: before,
 * columns: after). `-` = not verified.
 */
const TABLE: Record<string, Record<string, string>> = {
  //                  after:  fail             pass             inconclusive    not-applicable  skipped         absent
  fail:             { fail: 'still-failing', pass: 'fixed', inconclusive: 'inconclusive', 'not-applicable': 'inconclusive', skipped: 'inconclusive', absent: 'inconclusive' },
  pass:             { fail: 'regressed', pass: 'still-passing', inconclusive: 'inconclusive', 'not-applicable': 'still-passing', skipped: 'inconclusive', absent: 'still-passing' },
  inconclusive:     { fail: 'still-failing', pass: 'still-passing', inconclusive: 'inconclusive', 'not-applicable': '-', skipped: '-', absent: '-' },
  'not-applicable': { fail: 'regressed', pass: 'still-passing', inconclusive: 'inconclusive', 'not-applicable': '-', skipped: '-', absent: '-' },
  skipped:          { fail: 'still-failing', pass: 'still-passing', inconclusive: 'inconclusive', 'not-applicable': '-', skipped: '-', absent: '-' },
  absent:           { fail: 'regressed', pass: 'still-passing', inconclusive: 'inconclusive', 'not-applicable': '-', skipped: '-', absent: '-' },
};

describe('judgeCheck, port open now', () => {
  for (const b of ALL) {
    for (const a of ALL) {
      const expected = TABLE[name(b)]![name(a)]!;
      for (const untrusted of [false, true]) {
        it(`${name(b)} -> ${name(a)} (${untrusted ? 'untrusted' : 'trusted'}): ${expected}`, () => {
          for (const id of ['dicom.any-calling-ae', 'exposure.untrusted-reach', 'tls.certificate'] as CheckId[]) {
            const j = judgeCheck(id, b, a, { afterState: 'open', untrusted });
            expect(j.verdict ?? '-').toBe(expected);
            // The status reported now is the observed one (absent reads not-applicable).
            expect(j.after).toBe(a ?? 'not-applicable');
            expect(j.note).toMatch(/\S/);
            expect(j.note).not.toMatch(/\n/);
          }
        });
      }
    }
  }

  it('never says fixed unless the check passes now', () => {
    for (const b of ALL) for (const a of ALL) {
      const j = judgeCheck('dicom.query-open', b, a, { afterState: 'open', untrusted: true });
      if (j.verdict === 'fixed') expect([b, a]).toEqual(['fail', 'pass']);
    }
  });

  it('does not verify informational checks, whatever their statuses', () => {
    for (const id of ['dicom.detected', 'web.detected'] as CheckId[]) {
      expect(CATALOG[id].severity).toBe('info');
      for (const b of ALL) for (const a of ALL) for (const afterState of ['open', 'closed', 'filtered'] as const) {
        expect(judgeCheck(id, b, a, { afterState, untrusted: true }).verdict).toBeUndefined();
      }
    }
  });
});

describe('judgeCheck, port unreachable now', () => {
  for (const afterState of ['closed', 'filtered'] as const) {
    it(`${afterState}, untrusted vantage: exposure.untrusted-reach fail -> fixed, pass -> still-passing`, () => {
      const fixed = judgeCheck('exposure.untrusted-reach', 'fail', undefined, { afterState, untrusted: true });
      expect(fixed).toMatchObject({ verdict: 'fixed', after: 'pass' });
      expect(fixed.note).toContain(afterState === 'filtered' ? 'did not answer' : 'refused');
      expect(judgeCheck('exposure.untrusted-reach', 'pass', undefined, { afterState, untrusted: true })).toMatchObject({ verdict: 'still-passing', after: 'pass' });
      expect(judgeCheck('exposure.untrusted-reach', 'inconclusive', undefined, { afterState, untrusted: true })).toMatchObject({ verdict: 'still-passing', after: 'pass' });
    });

    it(`${afterState}, trusted vantage: even the reachability check is only inconclusive`, () => {
      expect(judgeCheck('exposure.untrusted-reach', 'fail', undefined, { afterState, untrusted: false })).toMatchObject({ verdict: 'inconclusive', after: 'inconclusive' });
    });

    it(`${afterState}: every other judged check is inconclusive ("host down"), never fixed`, () => {
      const others: CheckId[] = ['dicom.any-calling-ae', 'dicom.any-called-ae', 'dicom.query-open', 'dicom.retrieve-open', 'dicom.store-open', 'dicom.plaintext', 'tls.legacy-protocol', 'web.unauthenticated', 'exposure.internet'];
      for (const id of others) for (const untrusted of [false, true]) {
        for (const b of ['fail', 'pass', 'inconclusive'] as const) {
          const j = judgeCheck(id, b, 'pass', { afterState, untrusted });
          expect(j.verdict, `${id} ${b}`).toBe('inconclusive');
          expect(j.after).toBe('inconclusive');
          expect(j.note).toMatch(/cannot be re-checked/);
        }
        for (const b of ['not-applicable', 'skipped', undefined] as const) {
          expect(judgeCheck(id, b, undefined, { afterState, untrusted }).verdict).toBeUndefined();
        }
      }
    });
  }
});

// ---- whole services ----

function check(id: CheckId, status: CheckStatus, summary = `${id} ${status}`): CheckResult {
  const def = CATALOG[id];
  return { id, status, severity: def.severity, summary, evidence: { seen: status }, attack: [...def.attack] };
}

function dicom(statuses: Partial<Record<CheckId, CheckStatus>>): ServiceResult {
  return { host: '10.200.1.2', port: 11112, state: 'open', protocol: 'dicom', checks: Object.entries(statuses).map(([id, s]) => check(id as CheckId, s)) };
}

describe('compareServices', () => {
  const untrusted = { label: 'guest wifi', untrusted: true };

  it('an AE-title fix: fixed where fixed, still-failing where untouched, catalog order, evidence side by side', () => {
    const before = dicom({ 'dicom.detected': 'fail', 'dicom.plaintext': 'fail', 'dicom.any-calling-ae': 'fail', 'dicom.query-open': 'fail', 'dicom.store-open': 'pass', 'tls.certificate': 'not-applicable' });
    const after = dicom({ 'dicom.store-open': 'pass', 'dicom.query-open': 'pass', 'dicom.any-calling-ae': 'pass', 'dicom.plaintext': 'fail', 'dicom.detected': 'fail', 'tls.certificate': 'not-applicable' });
    const c = compareServices(before, after, untrusted);
    expect(c.checks.map((x) => [x.id, x.before, x.after, x.verdict])).toEqual([
      ['dicom.any-calling-ae', 'fail', 'pass', 'fixed'],
      ['dicom.query-open', 'fail', 'pass', 'fixed'],
      ['dicom.store-open', 'pass', 'pass', 'still-passing'],
      ['dicom.plaintext', 'fail', 'fail', 'still-failing'],
    ]);
    expect(c.unverified.map((u) => u.id)).toEqual(['dicom.detected', 'tls.certificate']);
    expect(c.counts).toEqual({ fixed: 2, 'still-failing': 1, regressed: 0, 'still-passing': 1, inconclusive: 0 });
    expect(c.passed).toBe(false);
    expect(c.unreachable).toBeUndefined();
    const q = c.checks.find((x) => x.id === 'dicom.query-open')!;
    expect(q.evidence.before).toEqual({ summary: 'dicom.query-open fail', evidence: { seen: 'fail' } });
    expect(q.evidence.after).toEqual({ summary: 'dicom.query-open pass', evidence: { seen: 'pass' } });
    expect(q.severity).toBe('critical');
  });

  it('passes only when every verified check is fixed or still-passing', () => {
    const before = dicom({ 'dicom.any-calling-ae': 'fail', 'dicom.query-open': 'pass', 'dicom.detected': 'fail' });
    const ok = compareServices(before, dicom({ 'dicom.any-calling-ae': 'pass', 'dicom.query-open': 'pass', 'dicom.detected': 'fail' }), untrusted);
    expect(ok.passed).toBe(true);
    const reg = compareServices(before, dicom({ 'dicom.any-calling-ae': 'pass', 'dicom.query-open': 'fail' }), untrusted);
    expect(reg.checks.map((x) => x.verdict)).toEqual(['fixed', 'regressed']);
    expect(reg.passed).toBe(false);
  });

  it('a firewalled port from an untrusted vantage: reachability fixed, the rest inconclusive, and says the host did not answer', () => {
    const before = dicom({ 'dicom.detected': 'fail', 'dicom.any-calling-ae': 'fail', 'dicom.plaintext': 'fail', 'exposure.untrusted-reach': 'fail', 'exposure.internet': 'not-applicable' });
    const after: ServiceResult = { host: before.host, port: before.port, state: 'filtered', checks: [] };
    const c = compareServices(before, after, untrusted);
    expect(c.checks.map((x) => [x.id, x.after, x.verdict])).toEqual([
      ['dicom.any-calling-ae', 'inconclusive', 'inconclusive'],
      ['dicom.plaintext', 'inconclusive', 'inconclusive'],
      ['exposure.untrusted-reach', 'pass', 'fixed'],
    ]);
    expect(c.unverified.map((u) => u.id)).toEqual(['dicom.detected', 'exposure.internet']);
    expect(c.unreachable).toMatch(/did not answer/);
    expect(c.passed).toBe(false);
  });

  it('the same port closed, from a trusted vantage: nothing fixed', () => {
    const before = dicom({ 'dicom.any-calling-ae': 'fail', 'exposure.untrusted-reach': 'not-applicable' });
    const c = compareServices(before, { host: before.host, port: before.port, state: 'closed', checks: [] }, { label: 'lan', untrusted: false });
    expect(c.counts.fixed).toBe(0);
    expect(c.checks.map((x) => x.verdict)).toEqual(['inconclusive']);
    expect(c.unreachable).toMatch(/refused/);
  });

  it('a protocol change: checks listed only now are judged too (a new TLS weakness is a regression), checks gone are inconclusive', () => {
    const before: ServiceResult = { ...dicom({ 'dicom.plaintext': 'fail', 'web.plaintext': 'fail' }) };
    const after: ServiceResult = { ...dicom({ 'dicom.plaintext': 'pass', 'tls.legacy-protocol': 'fail', 'tls.certificate': 'pass' }), protocol: 'dicom-tls' };
    const c = compareServices(before, after, untrusted);
    expect(c.checks.map((x) => [x.id, x.before, x.after, x.verdict])).toEqual([
      ['dicom.plaintext', 'fail', 'pass', 'fixed'],
      ['tls.legacy-protocol', 'not-applicable', 'fail', 'regressed'],
      ['tls.certificate', 'not-applicable', 'pass', 'still-passing'],
      ['web.plaintext', 'fail', 'not-applicable', 'inconclusive'],
    ]);
  });

  it('counts every verdict, zero included', () => {
    expect(countVerdicts([])).toEqual({ fixed: 0, 'still-failing': 0, regressed: 0, 'still-passing': 0, inconclusive: 0 });
    expect(verificationPassed([])).toBe(true);
    expect(verificationPassed([{ verdict: 'inconclusive' }])).toBe(false);
  });
});
