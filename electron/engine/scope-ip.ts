/**
 * IP address arithmetic for scope parsing: strict literal parsers (IPv4 and IPv6 to
 * bigint), canonical formatting (RFC 5952 for IPv6), and the private-address table
 * that decides whether a target needs the "public addresses" authorization.
 * Pure functions, no I/O.
 */

export type Family = 4 | 6;

/** One parsed address: the family and its value as an unsigned integer. */
export interface Addr {
  family: Family;
  value: bigint;
}

/** An inclusive address interval of one family. */
export interface Interval {
  family: Family;
  start: bigint;
  end: bigint;
}

export const V4_MAX = (1n << 32n) - 1n;
export const V6_MAX = (1n << 128n) - 1n;

export function familyMax(family: Family): bigint {
  return family === 4 ? V4_MAX : V6_MAX;
}

export function familyBits(family: Family): number {
  return family === 4 ? 32 : 128;
}

/**
 * Strict dotted-quad IPv4: four decimal octets 0-255. Leading zeros are refused
 * because inet_aton reads `010` as octal 8: the user's `010.0.0.1` would silently
 * become another host. Returns undefined when `s` is not such a literal.
 */
export function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

/**
 * IPv6 literal in any RFC 4291 text form (compressed `::`, embedded dotted IPv4 tail),
 * without zone or brackets. Returns undefined when `s` is not such a literal.
 */
export function parseIPv6(s: string): bigint | undefined {
  if (s.length === 0 || s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return undefined;
  let head = s;
  let v4Tail: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    // A dotted IPv4 tail takes the last two groups.
    v4Tail = parseIPv4(s.slice(lastColon + 1));
    if (v4Tail === undefined) return undefined;
    head = s.slice(0, lastColon + 1);
    // `::1.2.3.4` leaves `::`, `a::1.2.3.4` leaves `a::`, `a:b:c:d:e:f:1.2.3.4` leaves `a:…:f:`
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const want = v4Tail === undefined ? 8 : 6;
  const dbl = head.indexOf('::');
  if (dbl !== -1 && head.indexOf('::', dbl + 1) !== -1) return undefined;
  const parseGroups = (part: string): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(`0x${g}`));
    }
    return out;
  };
  let groups: bigint[];
  if (dbl === -1) {
    const g = parseGroups(head);
    if (!g || g.length !== want) return undefined;
    groups = g;
  } else {
    const left = parseGroups(head.slice(0, dbl));
    const right = parseGroups(head.slice(dbl + 2));
    if (!left || !right) return undefined;
    const fill = want - left.length - right.length;
    // `::` stands for at least one group of zeros.
    if (fill < 1) return undefined;
    groups = [...left, ...Array<bigint>(fill).fill(0n), ...right];
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | g;
  if (v4Tail !== undefined) v = (v << 32n) | v4Tail;
  return v;
}

/** Parse a literal of either family (no zone, no brackets). */
export function parseAddr(s: string): Addr | undefined {
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (!s.includes(':')) return undefined;
  const v6 = parseIPv6(s);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function formatIPv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((sh) => String((v >> sh) & 0xffn)).join('.');
}

const MAPPED_PREFIX = 0xffffn << 32n;

/** RFC 5952 text: lowercase, no leading zeros, the longest run (>= 2) of zero groups as `::`. */
export function formatIPv6(v: bigint): string {
  if (v >> 32n === 0xffffn) return `::ffff:${formatIPv4(v & V4_MAX)}`;
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatAddr(a: Addr): string {
  return a.family === 4 ? formatIPv4(a.value) : formatIPv6(a.value);
}

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

/**
 * Sort key for host strings as the report orders them: IPv4 before IPv6, then by
 * numeric value, then the zone. Anything that is not a literal sorts last, by text.
 */
export function compareHosts(a: string, b: string): number {
  const ka = hostKey(a);
  const kb = hostKey(b);
  if (ka.rank !== kb.rank) return ka.rank - kb.rank;
  if (ka.value !== kb.value) return ka.value < kb.value ? -1 : 1;
  return ka.rest < kb.rest ? -1 : ka.rest > kb.rest ? 1 : 0;
}

function hostKey(h: string): { rank: number; value: bigint; rest: string } {
  const pct = h.indexOf('%');
  const bare = pct === -1 ? h : h.slice(0, pct);
  const a = parseAddr(bare);
  if (!a) return { rank: 2, value: 0n, rest: h };
  return { rank: a.family === 4 ? 0 : 1, value: a.value, rest: pct === -1 ? '' : h.slice(pct) };
}
