import { isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  cidrInterval,
  compareHosts,
  formatIPv6,
  isLinkLocalV6,
  isPrivateAddr,
  isPrivateInterval,
  parseAddr,
  parseIPv4,
  parseIPv6,
} from '../../../electron/engine/scope-ip';

const v6 = (s: string): bigint => {
  const v = parseIPv6(s);
  if (v === undefined) throw new Error(`test input ${s} did not parse`);
  return v;
};

describe('parseIPv4', () => {
  it.each([
    ['0.0.0.0', 0n],
    ['127.0.0.1', 0x7f000001n],
    ['255.255.255.255', 0xffffffffn],
    ['10.0.0.40', 0x0a000028n],
  ])('%s', (s, v) => expect(parseIPv4(s)).toBe(v));

  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-1', '1..3.4', '', 'a.b.c.d', '1.2.3.4 ', '0x7f.0.0.1'])(
    'refuses %j',
    (s) => expect(parseIPv4(s)).toBeUndefined(),
  );
});

describe('parseIPv6 / formatIPv6', () => {
  it.each([
    ['::1', '::1'],
    ['::', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
    ['fe80::1', 'fe80::1'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['::ffff:10.1.2.3', '::ffff:10.1.2.3'],
    ['::ffff:a01:203', '::ffff:10.1.2.3'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ])('%s -> %s', (input, out) => {
    expect(formatIPv6(v6(input))).toBe(out);
    // Node agrees these are IPv6 literals; our canonical form parses back to the same value.
    expect(isIPv6(out)).toBe(true);
    expect(parseIPv6(out)).toBe(v6(input));
  });

  it.each([':::', '1:::2', '1::2::3', ':1::2', '1::2:', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::1', 'g::1', '1:2:3:4:5:6:7:8::', '::1.2.3', '::1.2.3.256', '1.2.3.4::', '', '::ffff:1.2.3.4:5'])(
    'refuses %j',
    (s) => {
      expect(parseIPv6(s)).toBeUndefined();
      // cross-check with Node's own validator
      expect(isIPv6(s)).toBe(false);
    },
  );
});

describe('privacy classification', () => {
  it.each(['10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', '127.9.9.9', '169.254.1.1', '100.64.0.1', '100.127.255.255', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'febf::1', '::ffff:192.168.1.1'])(
    '%s is private',
    (s) => expect(isPrivateAddr(parseAddr(s)!)).toBe(true),
  );
  it.each(['8.8.8.8', '172.32.0.1', '172.15.255.255', '192.169.0.1', '100.128.0.1', '100.63.255.255', '11.0.0.1', '::', '::2', '2001:db8::1', 'fec0::1', '::ffff:8.8.8.8', '64:ff9b::a00:1', '224.0.0.1', '0.0.0.0'])(
    '%s is public',
    (s) => expect(isPrivateAddr(parseAddr(s)!)).toBe(false),
  );
  it('a block is private only when wholly inside one private block', () => {
    expect(isPrivateInterval(cidrInterval(4, parseIPv4('10.0.0.0')!, 8))).toBe(true);
    expect(isPrivateInterval(cidrInterval(4, parseIPv4('10.0.0.0')!, 7))).toBe(false);
    expect(isPrivateInterval(cidrInterval(4, parseIPv4('172.16.0.0')!, 11))).toBe(false);
    expect(isPrivateInterval({ family: 4, start: parseIPv4('192.168.255.250')!, end: parseIPv4('192.169.0.3')! })).toBe(false);
    expect(isPrivateInterval(cidrInterval(6, v6('fd00::'), 8))).toBe(true);
    expect(isPrivateInterval(cidrInterval(6, v6('fc00::'), 6))).toBe(false);
  });
});

describe('cidrInterval', () => {
  it('masks host bits', () => {
    const iv = cidrInterval(4, parseIPv4('10.1.2.3')!, 24);
    expect(iv.start).toBe(parseIPv4('10.1.2.0'));
    expect(iv.end).toBe(parseIPv4('10.1.2.255'));
  });
  it('handles /0 and full-length prefixes', () => {
    expect(cidrInterval(4, 5n, 32)).toEqual({ family: 4, start: 5n, end: 5n });
    expect(cidrInterval(4, 5n, 0)).toEqual({ family: 4, start: 0n, end: 0xffffffffn });
    const six = cidrInterval(6, v6('2001:db8::1'), 126);
    expect(six.end - six.start).toBe(3n);
  });
});

describe('isLinkLocalV6', () => {
  it('is true exactly for fe80::/10', () => {
    expect(isLinkLocalV6(v6('fe80::1'))).toBe(true);
    expect(isLinkLocalV6(v6('febf:ffff::1'))).toBe(true);
    expect(isLinkLocalV6(v6('fec0::1'))).toBe(false);
    expect(isLinkLocalV6(v6('fe7f::1'))).toBe(false);
  });
});

describe('compareHosts', () => {
  it('orders IPv4 numerically, then IPv6, then anything else', () => {
    const hosts = ['::1', '10.0.0.10', 'zzz', '10.0.0.9', '2001:db8::1', '9.255.255.255', 'fe80::1%eth1', 'fe80::1%eth0'];
    expect([...hosts].sort(compareHosts)).toEqual(['9.255.255.255', '10.0.0.9', '10.0.0.10', '::1', '2001:db8::1', 'fe80::1%eth0', 'fe80::1%eth1', 'zzz']);
  });
});
