/**
 * Taking one fact out of a source's record: typed, bounded, never free text. Each
 * returns undefined for a value of the wrong type, so the caller can name the record.
 */
import { canonicalAddress } from '../../shared/host';

const seenAddresses = new Map<string, string | undefined>();

/** A literal IPv4/IPv6 address, canonical (RFC 5952); undefined for anything else (names included). */
export function addressOf(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 64) return undefined;
  // Exports list a host once per service: remember the last few thousand answers (bounded).
  const known = seenAddresses.get(v);
  if (known !== undefined || seenAddresses.has(v)) return known;
  const a = canonicalAddress(v.trim());
  if (seenAddresses.size >= 4096) seenAddresses.clear();
  seenAddresses.set(v, a);
  return a;
}

/** A port number 1..65535 (a number, or a string of digits as some exports write it). */
export function portOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

/** A short printable token (product, version, a protocol name): ASCII 0x20..0x7e only, at most `max` characters; null when absent or not text. */
export function tokenOf(v: unknown, max = 96): string | null {
  if (typeof v !== 'string') return null;
  const t = v.replace(/[^\x20-\x7e]/g, '').trim().slice(0, max).trim();
  return t === '' ? null : t;
}

/** A DICOM UID (digits and dots, at most 64). */
export function uidOf(v: unknown): string | undefined {
  return typeof v === 'string' && /^[0-9.]{1,64}$/.test(v) ? v : undefined;
}

/**
 * A time as ISO-8601 UTC. Strings with a zone are taken as written; without one (Shodan's
 * `2024-05-01T10:00:00.123456`) as UTC; a number is seconds since 1970. Out of range
 * (before 1990 or more than a day ahead) is undefined.
 */
const ISO_FAST = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z?$/;

export function timeOf(v: unknown, now = Date.now()): string | undefined {
  let ms: number;
  if (typeof v === 'string' && v.length <= 40 && ISO_FAST.test(v)) {
    // The common shapes (Censys `...Z`, Shodan without a zone): read as UTC, milliseconds kept.
    const dot = v.indexOf('.', 19);
    ms = Date.parse(`${v.slice(0, 19)}${dot === -1 ? '' : v.slice(dot, dot + 4)}Z`);
  } else if (typeof v === 'number' && Number.isFinite(v)) ms = v * 1000;
  else if (typeof v === 'string' && v.length <= 40 && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v.trim())) {
    let s = v.trim().replace(' ', 'T');
    // JavaScript's Date reads at most milliseconds.
    s = s.replace(/(\.\d{3})\d+/, '$1');
    if (!/(Z|[+-]\d{2}:?\d{2})$/.test(s)) s += s.includes('T') ? 'Z' : 'T00:00:00Z';
    ms = Date.parse(s);
  } else return undefined;
  if (!Number.isFinite(ms) || ms < Date.UTC(1990, 0, 1) || ms > now + 86_400_000) return undefined;
  return new Date(ms).toISOString();
}

/** `tcp` or `udp` from `TCP`, `tcp`, `udp`, or absent (tcp); undefined for anything else. */
export function transportOf(v: unknown): 'tcp' | 'udp' | undefined {
  if (v === undefined || v === null) return 'tcp';
  if (typeof v !== 'string') return undefined;
  const t = v.toLowerCase();
  return t === 'tcp' || t === 'udp' ? t : undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Web protocol names sources use. */
export function isWebName(name: string | null): boolean {
  if (!name) return false;
  const n = name.toLowerCase();
  return n === 'http' || n === 'https' || n.startsWith('http-') || n === 'http_proxy' || n === 'https-alt' || n === 'dicomweb';
}

export function isDicomName(name: string | null): boolean {
  return !!name && /dicom/i.test(name) && !/^dicomweb$/i.test(name);
}
