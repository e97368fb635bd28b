/**
 * IP literals, strictly: IPv4 and IPv6 text to bigint and back (RFC 5952 for IPv6).
 * Pure, no node:net, so both the engine (scope parsing) and the playbooks (firewall
 * snippets) share one parser: a value that parses here is digits, dots, hex and colons
 * only, so it can go into any firewall syntax without quoting.
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

/** ::ffff:0:0/96, the IPv4-mapped IPv6 prefix. */
export const MAPPED_PREFIX = 0xffffn << 32n;

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
