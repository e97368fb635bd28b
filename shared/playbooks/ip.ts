/**
 * IP literals for playbook snippets, on the one strict parser in shared/ip.ts (pure:
 * shared/ may not use node:net). A value that parses here is digits, dots, hex and
 * colons only, so it can go into any firewall syntax without quoting; anything else
 * is refused.
 */
import { type Addr, type Family, familyMax, formatAddr, parseAddr } from '../ip';

export type IpFamily = Family;

/** A parsed address: its family and value as an unsigned integer. */
export type Ip = Addr;

/** Parse an IPv4 or IPv6 literal (IPv6 may be in brackets). Undefined when it is not one. */
export function parseIp(text: string): Ip | undefined {
  const s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return parseAddr(s);
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as `::`). */
export function formatIp(ip: Ip): string {
  return formatAddr(ip);
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
  if (next <= familyMax(family)) out.push({ family, start: next, end: familyMax(family) });
  return out;
}
