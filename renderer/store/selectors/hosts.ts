/**
 * Host ordering for people: 10.0.0.9 before 10.0.0.10, IPv4 before IPv6 before
 * names. Pure.
 */

/** The four octets as one number, or null when `host` is not a dotted IPv4 address. */
export function ipv4Number(host: string): number | null {
  const parts = host.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const octet = Number(p);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

/** Expands an IPv6 literal to 8 groups of 4 hex digits so they compare as strings; null if not IPv6. */
export function ipv6Key(host: string): string | null {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (!h.includes(':') || !/^[0-9a-f:.]+$/.test(h)) return null;
  const halves = h.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.padStart(4, '0')).join(':');
}

export function compareHosts(a: string, b: string): number {
  const a4 = ipv4Number(a);
  const b4 = ipv4Number(b);
  if (a4 !== null && b4 !== null) return a4 - b4;
  if (a4 !== null) return -1;
  if (b4 !== null) return 1;
  const a6 = ipv6Key(a);
  const b6 = ipv6Key(b);
  if (a6 !== null && b6 !== null) return a6 < b6 ? -1 : a6 > b6 ? 1 : 0;
  if (a6 !== null) return -1;
  if (b6 !== null) return 1;
  return a.localeCompare(b);
}

/** `host:port`, with brackets around IPv6 (`[::1]:104`): the key of a service in the UI (shared/host.ts). */
export { serverKey as serviceKey } from '../../../shared/host';
