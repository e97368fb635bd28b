/**
 * Hosts and host:port, one rule each, for every layer and both fronts: how a host is
 * written so two spellings of one server compare equal, how a service is named in
 * text, and the key ProbeOptions.calledAes uses. Pure.
 */
import { formatAddr, parseAddr, parseIPv6 } from './ip';

/**
 * The one spelling of a host, as scans store them: a literal address canonical (RFC
 * 5952 for IPv6, so `0::1` and `::1` are one server), a host name lower-cased (DNS
 * names are case-insensitive, so `PACS.local` and `pacs.local` are one server).
 */
export function canonicalHost(host: string): string {
  return canonicalAddress(host) ?? host.toLowerCase();
}

/** The canonical text of a literal address (RFC 5952 for IPv6), or undefined for a host name. */
export function canonicalAddress(host: string): string | undefined {
  const a = parseAddr(host);
  return a ? formatAddr(a) : undefined;
}

/** A host as it goes before `:port` or into a URL: an IPv6 literal in brackets. */
export function bracketHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** `host:port`, IPv6 in brackets: `[::1]:104`. How a service is named to people and in keys. */
export function serverKey(s: { host: string; port: number }): string {
  return `${bracketHost(s.host)}:${s.port}`;
}

/**
 * The key of ProbeOptions.calledAes for a service: the canonical host and the port,
 * without brackets (`::1:104`). Every front keys called AE titles through this, and the
 * engine looks them up through it, so a title given for `0::1` is used for `::1`.
 */
export function calledAeKey(host: string, port: number): string {
  return `${canonicalHost(host)}:${port}`;
}

/**
 * Sort key for host strings as the report and the app's lists order them: IPv4 before IPv6, then by
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

/** An IPv6 literal as Node's net.isIP takes one: a zone (`fe80::1%eth0`) is allowed. */
function isIPv6Text(host: string): boolean {
  const pct = host.indexOf('%');
  if (pct < 0) return parseIPv6(host) !== undefined;
  return /^[0-9A-Za-z.:-]+$/.test(host.slice(pct + 1)) && parseIPv6(host.slice(0, pct)) !== undefined;
}

/**
 * Why `host` (as written before `:PORT`, brackets removed) is not an IPv4 address, an
 * IPv6 address or a host name; undefined when it is one.
 */
export function hostProblem(host: string): string | undefined {
  if (host === '') return 'has no host';
  if (host.includes(':')) return isIPv6Text(host) ? undefined : `host ${JSON.stringify(host)} is not an IPv6 address`;
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host) || host.length > 253) return `host ${JSON.stringify(host)} is not an address or host name`;
  return undefined;
}
