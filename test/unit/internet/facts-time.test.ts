import { describe, expect, it } from 'vitest';
import { timeOf, timeOfGeneral } from '../../../electron/internet/facts';

let seed = 5;
const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
const pad = (x: number, w: number): string => String(x).padStart(w, '0');

describe('timeOf: the fast path for Shodan\'s time shape', () => {
  const now = Date.parse('2026-12-03T00:00:00Z');
  const edge: unknown[] = [
    '2024-05-01T10:00:00.123456', '2024-05-01T10:00:00.123456Z', '2024-05-01T10:00:00', '2024-05-01T10:00:00Z', '2024-05-01T10:00:00.1', '2024-05-01T10:00:00.12', '2024-05-01T10:00:00.123',
    '2024-05-01T10:00:00.9Z', '2024-05-01T10:00:00.99Z', '2024-05-01T10:00:59.9Z', '2024-05-01T10:00:00.123456789', '2024-05-01T10:00:00.1234567890', '2024-05-01T10:00:00.', '2024-05-01T10:00:00.Z', '2024-05-01T10:00:00ZZ',
    // days that do not exist (Date.parse rolls them over), leap years, the last day of each month
    '2024-02-29T00:00:00.000000', '2023-02-29T00:00:00.000000', '2024-02-30T00:00:00', '2024-02-31T12:00:00Z', '2100-02-29T00:00:00', '2000-02-29T00:00:00', '2024-04-31T00:00:00', '2024-04-30T23:59:59.999999',
    '2024-01-31T00:00:00', '2024-03-31T00:00:00', '2024-06-31T00:00:00', '2024-09-31T00:00:00', '2024-11-31T00:00:00', '2024-12-31T23:59:59', '2024-01-32T00:00:00', '2024-00-10T00:00:00', '2024-13-10T00:00:00', '2024-05-00T00:00:00',
    '2024-05-01T24:00:00', '2024-05-01T23:60:00', '2024-05-01T23:59:60', '2024-05-01 10:00:00', '2024-05-01T10:00', '2024-05-01', '2024-05-01T10:00:00+02:00', '2024-05-01T10:00:00-0130',
    // range: before 1990, years 0..99 (which Date.UTC would read as 19xx), the future
    '1989-12-31T23:59:59.999', '1990-01-01T00:00:00', '0095-05-01T10:00:00', '0099-12-31T23:59:59.999999', '0000-01-01T00:00:00', '9999-12-31T23:59:59', '2026-12-03T23:59:59.999', '2026-12-04T00:00:00.000', '2026-12-04T00:00:00.001',
    ' 2024-05-01T10:00:00', '2024-05-01T10:00:00 ', '2024-5-01T10:00:00', '2024-05-01t10:00:00', '2024-05-01T10:00:00z', '２024-05-01T10:00:00', '2024-05-01T1a:00:00', '2024-05-01T10:00:00.12a4', '-024-05-01T10:00:00', '2024/05/01T10:00:00',
    1714557600, 1714557600.5, 0, NaN, null, undefined, '', '2024',
  ];

  it('answers what the general path answers, on edge cases and random timestamps', () => {
    const cases = [...edge];
    for (let k = 0; k < 30_000; k++) {
      // mostly valid Shodan-shaped times, sometimes with impossible fields or odd fractions
      const y = rnd(10) === 0 ? rnd(10000) : 1985 + rnd(45);
      const mo = rnd(15);
      const d = rnd(33);
      const h = rnd(26);
      const mi = rnd(62);
      const s = rnd(62);
      const frac = rnd(4) === 0 ? '' : `.${Array.from({ length: rnd(11) }, () => rnd(10)).join('')}`;
      const z = rnd(3) === 0 ? 'Z' : '';
      cases.push(`${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac}${z}`);
    }
    // times as Shodan writes them, every millisecond of the range likely
    for (let k = 0; k < 20_000; k++) cases.push(new Date(Date.UTC(1989, 11, 1) + rnd(2 ** 24) * 60_000 + rnd(60_000)).toISOString().replace('Z', pad(rnd(1000), 3)));
    for (const c of cases) expect(timeOf(c, now), JSON.stringify(c)).toBe(timeOfGeneral(c, now));
  });

  it('reads the common shapes to the millisecond', () => {
    expect(timeOf('2024-05-01T10:00:00.123456', now)).toBe('2024-05-01T10:00:00.123Z');
    expect(timeOf('2024-05-01T10:00:00.1', now)).toBe('2024-05-01T10:00:00.100Z');
    expect(timeOf('2024-02-30T00:00:00', now)).toBe('2024-03-01T00:00:00.000Z');
    expect(timeOf('0095-05-01T10:00:00', now)).toBeUndefined();
  });
});
