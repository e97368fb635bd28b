import { describe, expect, it } from 'vitest';
import { compareRiskDesc, riskOf } from '../../../../../renderer/store/selectors/risk';
import { check, service } from './fixtures';

describe('riskOf', () => {
  it('takes the highest failing severity and counts fails above info', () => {
    const r = riskOf(service('10.200.0.1', 104, [
      check('dicom.detected', 'fail', 'info'),
      check('dicom.any-calling-ae', 'fail', 'high'),
      check('dicom.query-open', 'pass', 'critical'),
      check('dicom.any-called-ae', 'fail', 'medium'),
    ]));
    expect(r.level).toBe('high');
    expect(r.failing).toBe(2);
    expect(r.counts).toEqual({ info: 1, low: 0, medium: 1, high: 1, critical: 0 });
  });

  it('ignores passing, inconclusive and skipped checks whatever their severity', () => {
    const r = riskOf(service('10.200.0.1', 104, [
      check('dicom.query-open', 'inconclusive', 'critical'),
      check('web.default-credentials', 'skipped', 'critical'),
      check('dicom.retrieve-open', 'pass', 'critical'),
    ]));
    expect(r.level).toBe('none');
    expect(r.rank).toBe(-1);
    expect(r.failing).toBe(0);
  });

  it('an info-only fail is level info with nothing failing', () => {
    const r = riskOf(service('10.200.0.1', 104, [check('dicom.detected', 'fail', 'info')]));
    expect(r.level).toBe('info');
    expect(r.failing).toBe(0);
  });
});

describe('compareRiskDesc', () => {
  const crit1 = riskOf(service('a', 1, [check('dicom.query-open', 'fail', 'critical')]));
  const high3 = riskOf(service('a', 1, [
    check('dicom.any-calling-ae', 'fail', 'high'),
    check('dicom.plaintext', 'fail', 'high'),
    check('dicom.store-open', 'fail', 'high'),
  ]));
  const high2med = riskOf(service('a', 1, [
    check('dicom.any-calling-ae', 'fail', 'high'),
    check('dicom.plaintext', 'fail', 'high'),
    check('dicom.any-called-ae', 'fail', 'medium'),
  ]));
  const high2 = riskOf(service('a', 1, [check('dicom.any-calling-ae', 'fail', 'high'), check('dicom.plaintext', 'fail', 'high')]));

  it('orders by severity before count', () => {
    expect(compareRiskDesc(crit1, high3)).toBeLessThan(0);
    expect(compareRiskDesc(high3, crit1)).toBeGreaterThan(0);
  });

  it('then by fails at that severity, then by fails overall', () => {
    expect(compareRiskDesc(high3, high2med)).toBeLessThan(0);
    expect(compareRiskDesc(high2med, high2)).toBeLessThan(0);
    expect(compareRiskDesc(high2, high2)).toBe(0);
  });
});
