/**
 * Strict IP literal parsing and formatting for playbook snippets (pure: shared/ may not
 * use node:net). A value that parses here is digits, dots, hex and colons only, so it
 * can go into any firewall syntax without quoting; anything else is refused.
 */

export type IpFamily = 4 | 6;

/** A parsed address: its family and value as an unsigned integer. */
export interface Ip {
  family: IpFamily;
  value: bigint;
}

const V4_MAX = (1n << 32n) - 1n;
const V6_MAX = (1n << 128n) - 1n;

function maxOf(family: IpFamily): bigint {
  return family === 4 ? V4_MAX : V6_MAX;
}

/** Dotted quad, no leading zeros (they mean octal to some tools), each part 0-255. */
function parseV4(s: string): bigint | undefined {
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

/** RFC 4291 text form, with `::` and an optional embedded IPv4 tail; no zone id. */
function parseV6(s: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i]!;
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const total = head.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return undefined;
  const all = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parse an IPv4 or IPv6 literal (IPv6 may be in brackets). Undefined when it is not one. */
export function parseIp(text: string): Ip | undefined {
  const s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (s.includes(':')) {
    const v = parseV6(s);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseV4(s);
  return v === undefined ? undefined : { family: 4, value: v };
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as `::`). */
export function formatIp(ip: Ip): string {
  if (ip.family === 4) {
    return [24n, 16n, 8n, 0n].map((sh) => String((ip.value >> sh) & 0xffn)).join('.');
  }
  const g: number[] = [];
  for (let i = 7; i >= 0; i--) g.push(Number((ip.value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** The canonical form of an IP literal, or undefined when `text` is not one. */
export function canonicalIp(text: string): string | undefined {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : undefined;
}

/** An inclusive address range of one family, as text `a-b` (or a single address). */
export interface IpRange {
  family: IpFamily;
  start: bigint;
  end: bigint;
}

export function formatRange(r: IpRange): string {
  const a = formatIp({ family: r.family, value: r.start });
  return r.start === r.end ? a : `${a}-${formatIp({ family: r.family, value: r.end })}`;
}

/**
 * Every address of `family` except `excluded`, as sorted inclusive ranges: what a
 * "block everyone but these" rule needs where block rules win over allow rules
 * (Windows Defender Firewall).
 */
export function complementRanges(family: IpFamily, excluded: readonly bigint[]): IpRange[] {
  const sorted = [...new Set(excluded)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: IpRange[] = [];
  let next = 0n;
  for (const v of sorted) {
    if (v > next) out.push({ family, start: next, end: v - 1n });
    next = v + 1n;
  }
  if (next <= maxOf(family)) out.push({ family, start: next, end: maxOf(family) });
  return out;
}
