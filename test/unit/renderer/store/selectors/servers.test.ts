import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTER,
  DEFAULT_SORT,
  filterRows,
  isFiltered,
  nextSort,
  productOptions,
  sortRows,
  toRows,
  visibleRows,
} from '../../../../../renderer/store/selectors/servers';
import type { ServiceResult } from '../../../../../shared/types';
import { check, service } from './fixtures';

const openPacs = service('10.200.0.20', 4242, [
  check('dicom.detected', 'fail', 'info'),
  check('dicom.any-calling-ae', 'fail', 'high'),
  check('dicom.query-open', 'fail', 'critical'),
], { product: { name: 'Orthanc', version: '1.10.1' }, calledAe: 'ORTHANC' });
const lockedPacs = service('10.200.0.3', 104, [
  check('dicom.detected', 'fail', 'info'),
  check('dicom.any-calling-ae', 'pass', 'high'),
  check('dicom.plaintext', 'fail', 'high'),
], { product: { name: 'DCMTK', version: '3.6.7' } });
const storescp = service('10.200.0.10', 104, [
  check('dicom.detected', 'fail', 'info'),
  check('dicom.any-calling-ae', 'fail', 'high'),
  check('dicom.plaintext', 'fail', 'high'),
], { product: { name: 'DCMTK' } });
const web = service('10.200.0.20', 8042, [check('web.detected', 'fail', 'info'), check('web.no-hsts', 'not-applicable', 'low')], {
  protocol: 'http',
  product: { name: 'unknown' },
});
const closed: ServiceResult = { host: '10.200.0.2', port: 104, state: 'closed', checks: [] };
const all = [web, lockedPacs, openPacs, closed, storescp];

const keys = (rows: { key: string }[]): string[] => rows.map((r) => r.key);

describe('toRows', () => {
  it('labels products and protocols in words', () => {
    const [w, , o, c] = toRows(all);
    expect(o?.productLabel).toBe('Orthanc 1.10.1');
    expect(w?.productName).toBe('Unidentified');
    expect(c?.protocolLabel).toBe('closed');
  });
});

describe('sortRows', () => {
  it('puts the riskiest first by default: severity, then count, then host and port', () => {
    expect(keys(visibleRows(all, DEFAULT_FILTER, DEFAULT_SORT))).toEqual([
      '10.200.0.20:4242', // critical
      '10.200.0.10:104', // two high fails
      '10.200.0.3:104', // one high fail
      '10.200.0.20:8042', // info only
      '10.200.0.2:104', // nothing
    ]);
  });

  it('ascending risk reverses the order of the risk itself', () => {
    expect(keys(sortRows(toRows(all), { key: 'risk', direction: 'asc' }))[0]).toBe('10.200.0.2:104');
  });

  it('sorts hosts numerically, then ports', () => {
    expect(keys(sortRows(toRows(all), { key: 'host', direction: 'asc' }))).toEqual([
      '10.200.0.2:104', '10.200.0.3:104', '10.200.0.10:104', '10.200.0.20:4242', '10.200.0.20:8042',
    ]);
  });

  it('sorts by port, ties by risk then host', () => {
    expect(keys(sortRows(toRows(all), { key: 'port', direction: 'asc' }))).toEqual([
      '10.200.0.10:104', '10.200.0.3:104', '10.200.0.2:104', '10.200.0.20:4242', '10.200.0.20:8042',
    ]);
    expect(keys(sortRows(toRows(all), { key: 'port', direction: 'desc' }))[0]).toBe('10.200.0.20:8042');
  });

  it('sorts by product and protocol as text', () => {
    expect(sortRows(toRows(all), { key: 'product', direction: 'asc' }).map((r) => r.productLabel)).toEqual([
      'DCMTK', 'DCMTK 3.6.7', 'Orthanc 1.10.1', 'Unidentified', 'Unidentified',
    ]);
    expect(sortRows(toRows(all), { key: 'protocol', direction: 'asc' }).map((r) => r.protocolLabel)).toEqual([
      'closed', 'dicom', 'dicom', 'dicom', 'http',
    ]);
  });

  it('does not change its input', () => {
    const rows = toRows(all);
    const before = keys(rows);
    sortRows(rows, { key: 'host', direction: 'desc' });
    expect(keys(rows)).toEqual(before);
  });
});

describe('filterRows', () => {
  const rows = toRows(all);

  it('keeps everything with the default filter', () => {
    expect(filterRows(rows, DEFAULT_FILTER)).toHaveLength(all.length);
    expect(isFiltered(DEFAULT_FILTER)).toBe(false);
  });

  it('filters by risk', () => {
    expect(keys(filterRows(rows, { ...DEFAULT_FILTER, risk: 'at-risk' })).sort()).toEqual(['10.200.0.10:104', '10.200.0.20:4242', '10.200.0.3:104']);
    expect(keys(filterRows(rows, { ...DEFAULT_FILTER, risk: 'no-findings' })).sort()).toEqual(['10.200.0.20:8042', '10.200.0.2:104']);
  });

  it('filters by a failing severity', () => {
    expect(keys(filterRows(rows, { ...DEFAULT_FILTER, severity: 'critical' }))).toEqual(['10.200.0.20:4242']);
    expect(filterRows(rows, { ...DEFAULT_FILTER, severity: 'low' })).toHaveLength(0);
  });

  it('filters by product name, whatever the version', () => {
    expect(keys(filterRows(rows, { ...DEFAULT_FILTER, product: 'DCMTK' })).sort()).toEqual(['10.200.0.10:104', '10.200.0.3:104']);
    expect(keys(filterRows(rows, { ...DEFAULT_FILTER, product: 'Unidentified' })).sort()).toEqual(['10.200.0.20:8042', '10.200.0.2:104']);
  });

  it('matches text against address, product, version and AE title, ignoring case', () => {
    expect(keys(filterRows(rows, { ...DEFAULT_FILTER, text: 'orthanc' }))).toEqual(['10.200.0.20:4242']);
    expect(keys(filterRows(rows, { ...DEFAULT_FILTER, text: ' 10.200.0.20 ' })).sort()).toEqual(['10.200.0.20:4242', '10.200.0.20:8042']);
    expect(keys(filterRows(rows, { ...DEFAULT_FILTER, text: '3.6.7' }))).toEqual(['10.200.0.3:104']);
    expect(filterRows(rows, { ...DEFAULT_FILTER, text: 'nothing-like-this' })).toHaveLength(0);
  });

  it('combines filters', () => {
    const f = { ...DEFAULT_FILTER, product: 'DCMTK', text: '10.200.0.1' };
    expect(keys(filterRows(rows, f))).toEqual(['10.200.0.10:104']);
    expect(isFiltered(f)).toBe(true);
  });
});

describe('productOptions and nextSort', () => {
  it('lists products A to Z with Unidentified last', () => {
    expect(productOptions(toRows(all))).toEqual(['DCMTK', 'Orthanc', 'Unidentified']);
  });

  it('flips the same column and starts a new one in its natural direction', () => {
    expect(nextSort(DEFAULT_SORT, 'risk')).toEqual({ key: 'risk', direction: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'host')).toEqual({ key: 'host', direction: 'asc' });
    expect(nextSort({ key: 'host', direction: 'asc' }, 'risk')).toEqual({ key: 'risk', direction: 'desc' });
  });
});

describe('a large list', () => {
  it('sorts and filters 10,000 services consistently', () => {
    const many: ServiceResult[] = [];
    for (let i = 0; i < 10_000; i++) {
      const host = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const severity = (['info', 'low', 'medium', 'high', 'critical'] as const)[i % 5] ?? 'info';
      many.push(service(host, 104, [check('dicom.any-calling-ae', i % 3 === 0 ? 'pass' : 'fail', severity)]));
    }
    const rows = visibleRows(many, { ...DEFAULT_FILTER, risk: 'at-risk' }, DEFAULT_SORT);
    expect(rows.length).toBe(many.filter((_, i) => i % 3 !== 0 && i % 5 !== 0).length);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i - 1]!.risk.rank).toBeGreaterThanOrEqual(rows[i]!.risk.rank);
    }
  });
});
