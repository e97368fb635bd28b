/**
 * Host ordering for people: 10.0.0.9 before 10.0.0.10, IPv4 before IPv6 before
 * names. Pure.
 */
import { compareHosts } from '../../../shared/host';
import { parseIPv4, parseIPv6 } from '../../../shared/ip';

/** The four octets as one number, or null when `host` is not a dotted IPv4 address. */
export function ipv4Number(host: string): number | null {
  const v = parseIPv4(host);
  return v === undefined ? null : Number(v);
}

/** An IPv6 literal (brackets allowed) as 8 groups of 4 hex digits; null if not IPv6. */
export function ipv6Key(host: string): string | null {
  const v = parseIPv6(host.replace(/^\[|\]$/g, ''));
  return v === undefined ? null : (v.toString(16).padStart(32, '0').match(/.{4}/g) ?? []).join(':');
}

/** The report's host order (shared/host.ts): IPv4 numerically, then IPv6, then names. */
export { compareHosts };

/** `host:port`, with brackets around IPv6 (`[::1]:104`): the key of a service in the UI (shared/host.ts). */
export { serverKey as serviceKey } from '../../../shared/host';
