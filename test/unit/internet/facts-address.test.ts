import { describe, expect, it } from 'vitest';
import { addressOf, ipv6Fast } from '../../../electron/internet/facts';
import { canonicalAddress } from '../../../shared/host';

let seed = 11;
const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;

/** Eight random groups, zeros likely (so runs of zeros, ties between runs, come up). */
function groups(): number[] {
  return Array.from({ length: 8 }, () => (rnd(3) === 0 ? 0 : rnd(4) === 0 ? rnd(16) : rnd(0x10000)));
}

/** The groups written some way, canonical or not. */
function spell(g: number[], how: number): string {
  const hex = g.map((x) => x.toString(16));
  switch (how) {
    case 0: // uncompressed
      return hex.join(':');
    case 1: // leading zeros
      return g.map((x) => x.toString(16).padStart(4, '0')).join(':');
    case 2: // uppercase
      return (canonicalAddress(hex.join(':')) ?? '').toUpperCase();
    case 3: {
      // some run of zeros (not necessarily the longest, maybe a single one) compressed
      const zeros = g.flatMap((x, i) => (x === 0 ? [i] : []));
      if (zeros.length === 0) return hex.join(':');
      const start = zeros[rnd(zeros.length)]!;
      let end = start;
      while (end + 1 < 8 && g[end + 1] === 0 && rnd(3) !== 0) end++;
      return `${hex.slice(0, start).join(':')}::${hex.slice(end + 1).join(':')}`;
    }
    case 4: // with a zone id
      return `${canonicalAddress(hex.join(':'))}%eth0`;
    case 5: // a character broken
    {
      const c = canonicalAddress(hex.join(':')) ?? '';
      const at = rnd(c.length + 1);
      return c.slice(0, at) + ['g', ':', '', '.', ' ', '0'][rnd(6)]! + c.slice(at + 1);
    }
    default: // canonical
      return canonicalAddress(hex.join(':')) ?? '';
  }
}

describe('addressOf: the IPv6 fast path', () => {
  const edge = [
    '::', '::1', '1::', '::0', '0::', '0::0', '::0:1', '1:0::', '0:0:0:0:0:0:0:0', '0:0:0:0:0:0:0:1', '::1:0:0:0:0:0:0', '1::1', '1:0:0:1::1', '1::1:0:0:1', '1:0:0:1:0:0:1:1',
    '2001:db8::1', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', '2001:db8:0:0:1::1', '2001:db8::0:1', '2001:0db8::1', '2001:DB8::1', '2001:db8::', '2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5::', '2001:db8:1:2:3:4::5',
    '2001:db8:1:2:3:4:5:6:7', '2001:db8:1:2:3:4:5', ':2001:db8::1', '2001:db8::1:', '2001:db8:::1', '2001::db8::1', ':::', ':', '', '1', '12345::1', 'fffff::', 'ffff::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    '::ffff:1.2.3.4', '::ffff:102:304', '::ffff:0:0', '::ffff:0:1', '::fffe:102:304', '0:0:0:0:1:ffff:102:304', '::1.2.3.4', '64:ff9b::1.2.3.4', '64:ff9b::102:304',
    'fe80::1%eth0', 'fe80::1%1', 'fe80::%', ' ::1', '::1 ', '[::1]', '::1/128', 'example.org', '192.0.2.1', '1.2.3.4', 'g::1', '::g', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1::3:4:5:6:7:8', '1:2:3:4:5:6::8',
    '0:1:0:0:0:1:0:0', '0:0:1:0:0:1:0:0', '::1:0:0:1:0:0', '0:0:1::1:0:0', '1:0:0:2:0:0:3:4', '1::2:0:0:3:4', '1:0:0:2::3:4',
  ];

  it('answers what the general path answers, on edge cases and random addresses', () => {
    const cases = [...edge];
    for (let k = 0; k < 20_000; k++) cases.push(spell(groups(), rnd(9)));
    let fast = 0;
    for (const c of cases) {
      const general = c.length > 64 ? undefined : canonicalAddress(c.trim());
      expect(addressOf(c), JSON.stringify(c)).toBe(general);
      const f = ipv6Fast(c);
      if (f !== null) {
        fast++;
        expect(f, JSON.stringify(c)).toBe(general);
      }
    }
    expect(fast).toBeGreaterThan(8000);
  });

  it('takes every canonical IPv6 address it can (the fast path is not just a refusal)', () => {
    for (let k = 0; k < 5000; k++) {
      const g = groups();
      if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) continue;
      const c = canonicalAddress(g.map((x) => x.toString(16)).join(':'))!;
      expect(ipv6Fast(c), c).toBe(c);
    }
    for (const c of ['::', '::1', '1::', '2001:db8::1', '2001:db8::1:0:0:1', '1::2:0:0:3:4', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']) expect(ipv6Fast(c), c).toBe(c);
    for (const c of ['2001:DB8::1', '2001:db8::0:1', '0::1', '1:0:0:2:0:0:3:4', '1:0:0:2::3:4', '2001:db8:0:0:1::1', '::ffff:102:304', '::1.2.3.4', 'fe80::1%eth0', '::1 ']) expect(ipv6Fast(c), c).toBeNull();
  });
});
