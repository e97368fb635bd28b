/**
 * IP address arithmetic for scope parsing: CIDR blocks and the private-address table
 * that decides whether a target needs the "public addresses" authorization. The
 * literal parsers and formatters live in shared/ip.ts (the playbooks use them too)
 * and are re-exported here. Pure functions, no I/O.
 */

export {
  type Addr,
  type Family,
  type Interval,
  familyBits,
  familyMax,
  formatAddr,
  formatIPv4,
  formatIPv6,
  parseAddr,
  parseIPv4,
  parseIPv6,
  V4_MAX,
  V6_MAX,
} from '../../shared/ip';
import { type Addr, type Family, type Interval, familyBits, familyMax, MAPPED_PREFIX, parseIPv4, parseIPv6 } from '../../shared/ip';

/** The inclusive interval of a CIDR block; host bits of `base` are masked off (nmap does the same). */
export function cidrInterval(family: Family, base: bigint, prefix: number): Interval {
  const hostBits = BigInt(familyBits(family) - prefix);
  const mask = familyMax(family) ^ ((1n << hostBits) - 1n);
  const start = base & mask;
  return { family, start, end: start | ((1n << hostBits) - 1n) };
}

function v4Block(a: string, prefix: number): Interval {
  return cidrInterval(4, parseIPv4(a) ?? 0n, prefix);
}

/**
 * Addresses that count as private (reachable only inside an organisation), so a
 * scan of them needs no extra authorization:
 * RFC 1918 (10/8, 172.16/12, 192.168/16), loopback 127/8, link-local 169.254/16, and
 * 100.64/10. 100.64/10 is the RFC 6598 shared (CGNAT) space: it is not routed on the
 * internet and hospitals meet it inside carrier and SD-WAN links, so we count it as
 * private. IPv6: ::1, unique-local fc00::/7, link-local fe80::/10, and IPv4-mapped
 * forms (::ffff:0:0/96) of the IPv4 entries. Everything else is public, including
 * NAT64 and multicast space: the conservative side.
 */
const PRIVATE_V4: readonly Interval[] = [
  v4Block('10.0.0.0', 8),
  v4Block('100.64.0.0', 10),
  v4Block('127.0.0.0', 8),
  v4Block('169.254.0.0', 16),
  v4Block('172.16.0.0', 12),
  v4Block('192.168.0.0', 16),
];

const PRIVATE_V6: readonly Interval[] = [
  { family: 6, start: 1n, end: 1n },
  cidrInterval(6, parseIPv6('fc00::') ?? 0n, 7),
  cidrInterval(6, parseIPv6('fe80::') ?? 0n, 10),
  ...PRIVATE_V4.map((i): Interval => ({ family: 6, start: MAPPED_PREFIX | i.start, end: MAPPED_PREFIX | i.end })),
];

/**
 * True when the whole interval lies in private space. The private blocks of one
 * family neither overlap nor touch, so "inside the union" equals "inside one of them".
 */
export function isPrivateInterval(iv: Interval): boolean {
  const table = iv.family === 4 ? PRIVATE_V4 : PRIVATE_V6;
  return table.some((p) => iv.start >= p.start && iv.end <= p.end);
}

export function isPrivateAddr(a: Addr): boolean {
  return isPrivateInterval({ family: a.family, start: a.value, end: a.value });
}

/** True for fe80::/10, the only addresses that may carry a `%zone`. */
export function isLinkLocalV6(v: bigint): boolean {
  return v >> 118n === 0x3fan;
}

/** Host order of the report and the app's lists (shared/host.ts). */
export { compareHosts } from '../../shared/host';
