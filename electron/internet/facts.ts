/**
 * Taking one fact out of a source's record: typed, bounded, never free text. Each
 * returns undefined for a value of the wrong type, so the caller can name the record.
 */
import { canonicalAddress } from '../../shared/host';

const seenAddresses = new Map<string, string | undefined>();

/** A literal IPv4/IPv6 address, canonical (RFC 5952); undefined for anything else (names included). */
/** `v` is a dotted-quad IPv4 address already in canonical form (no leading zeros, octets to 255). */
export function isCanonicalIPv4(v: string): boolean {
  const n = v.length;
  if (n < 7 || n > 15) return false;
  let dots = 0;
  let octet = 0;
  let len = 0;
  for (let i = 0; i <= n; i++) {
    const c = i === n ? 0x2e : v.charCodeAt(i);
    if (c === 0x2e) {
      if (len === 0 || octet > 255) return false;
      dots++;
      octet = 0;
      len = 0;
      continue;
    }
    const d = c - 0x30;
    if (d < 0 || d > 9 || (len === 1 && octet === 0)) return false;
    octet = octet * 10 + d;
    len++;
  }
  return dots === 4;
}

const v6Groups = new Int32Array(8);

/**
 * `v` when it is an IPv6 address already in RFC 5952 text (lowercase, no leading zeros,
 * the first longest run of two or more zero groups as `::`, nothing else compressed),
 * which is what canonicalAddress would answer; null for anything else (other spellings,
 * zone ids, dotted IPv4 tails, ::ffff:0:0/96, names, bad text), which the general path
 * reads. No BigInt, no array of groups, no string built.
 */
export function ipv6Fast(v: string): string | null {
  const n = v.length;
  if (n < 2 || n > 39) return null;
  const g = v6Groups;
  let groups = 0;
  /** Groups written before the `::` (-1: no `::`). */
  let head = -1;
  let i = 0;
  if (v.charCodeAt(0) === 0x3a) {
    if (v.charCodeAt(1) !== 0x3a) return null;
    head = 0;
    i = 2;
    if (n === 2) {
      g.fill(0);
      return v;
    }
  }
  for (;;) {
    // one group: 1-4 lowercase hex digits, no leading zero
    let x = 0;
    let len = 0;
    for (; i < n; i++) {
      const c = v.charCodeAt(i);
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
      else break;
      if (len === 1 && x === 0) return null;
      x = (x << 4) | d;
      if (++len > 4) return null;
    }
    if (len === 0 || groups === 8) return null;
    g[groups++] = x;
    if (i === n) break;
    if (v.charCodeAt(i) !== 0x3a) return null;
    i++;
    if (v.charCodeAt(i) === 0x3a) {
      if (head !== -1) return null;
      head = groups;
      i++;
      if (i === n) break;
    } else if (i === n) return null;
  }
  if (head === -1) {
    if (groups !== 8) return null;
  } else {
    // The `::` stands for 8 - groups zero groups (two or more: one alone is never compressed).
    const gap = 8 - groups;
    if (gap < 2) return null;
    for (let k = groups - 1; k >= head; k--) g[k + gap] = g[k]!;
    for (let k = head; k < head + gap; k++) g[k] = 0;
  }
  // ::ffff:0:0/96 is written with a dotted IPv4 tail.
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) return null;
  let bestStart = -1;
  let bestLen = 0;
  for (let k = 0; k < 8; ) {
    if (g[k] !== 0) {
      k++;
      continue;
    }
    let j = k;
    while (j < 8 && g[j] === 0) j++;
    if (j - k > bestLen) {
      bestStart = k;
      bestLen = j - k;
    }
    k = j;
  }
  if (head === -1) return bestLen < 2 ? v : null;
  return bestStart === head && bestLen === 8 - groups ? v : null;
}

export function addressOf(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 64) return undefined;
  // The common cases, by hand: an IPv4 or IPv6 address written canonically is its own answer.
  if (isCanonicalIPv4(v)) return v;
  if (ipv6Fast(v) !== null) return v;
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
  // The common case: printable ASCII already, no space at either end, short enough: itself.
  const n = v.length;
  if (n > 0 && n <= max && v.charCodeAt(0) !== 0x20 && v.charCodeAt(n - 1) !== 0x20) {
    let i = 0;
    for (; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) break;
    }
    if (i === n) return v;
  }
  return tokenOfGeneral(v, max);
}

/** tokenOf without the fast path (exported for the test that holds the two to the same answers). */
export function tokenOfGeneral(v: unknown, max = 96): string | null {
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

/** Two or four ASCII digits of `v` at `at` as a number, or -1. */
function digits(v: string, at: number, n: number): number {
  let x = 0;
  for (let k = 0; k < n; k++) {
    const d = v.charCodeAt(at + k) - 0x30;
    if (d < 0 || d > 9) return -1;
    x = x * 10 + d;
  }
  return x;
}

/** Days in month `mo` (1..12) of year `y`, proleptic Gregorian. */
function daysIn(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/**
 * The commonest shape (`2024-05-01T10:00:00.123456`, optionally `Z`) read by hand: the
 * same answer Date.parse gives, without a regular expression or a Date per banner.
 * Only for components that cannot overflow (a day that exists in its month, hour
 * 0..23: Date.parse rolls `02-30` over to March 1st) and years from 1990 (Date.UTC
 * reads years 0..99 as 1900..1999); null for the rest, which take the general path.
 */
function isoFast(v: string, now: number): string | undefined | null {
  const n = v.length;
  if (n < 19 || n > 30 || v.charCodeAt(4) !== 0x2d || v.charCodeAt(7) !== 0x2d || v.charCodeAt(10) !== 0x54 || v.charCodeAt(13) !== 0x3a || v.charCodeAt(16) !== 0x3a) return null;
  const y = digits(v, 0, 4);
  const mo = digits(v, 5, 2);
  const d = digits(v, 8, 2);
  const h = digits(v, 11, 2);
  const mi = digits(v, 14, 2);
  const sec = digits(v, 17, 2);
  if (y < 1990 || mo < 1 || mo > 12 || d < 1 || (d > 28 && d > daysIn(y, mo)) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
  let end = n;
  if (v.charCodeAt(end - 1) === 0x5a) end--;
  let ms: number;
  let out: string;
  if (end === 19) {
    ms = 0;
    out = `${v.slice(0, 19)}.000Z`;
  } else {
    const len = end - 20;
    if (v.charCodeAt(19) !== 0x2e || len < 1 || len > 9 || digits(v, 20, len) < 0) return null;
    if (len >= 3) {
      // milliseconds as written, the rest cut (not rounded), as the general path does
      ms = digits(v, 20, 3);
      out = `${v.slice(0, 23)}Z`;
    } else {
      ms = digits(v, 20, len) * (len === 1 ? 100 : 10);
      out = `${v.slice(0, 20 + len)}${len === 1 ? '00' : '0'}Z`;
    }
  }
  const t = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (t < MIN_TIME || t > now + 86_400_000) return undefined;
  return out;
}

const MIN_TIME = Date.UTC(1990, 0, 1);

export function timeOf(v: unknown, now = Date.now()): string | undefined {
  if (typeof v === 'string') {
    const fast = isoFast(v, now);
    if (fast !== null) return fast;
  }
  return timeOfGeneral(v, now);
}

/** timeOf without the fast path (exported for the test that holds the two to the same answers). */
export function timeOfGeneral(v: unknown, now = Date.now()): string | undefined {
  let ms: number;
  if (typeof v === 'string' && v.length <= 40 && ISO_FAST.test(v)) {
    // The common shapes (Censys `...Z`, Shodan without a zone): read as UTC, milliseconds kept.
    const dot = v.indexOf('.', 19);
    // (A fraction shorter than 3 digits before a `Z`, `...:59.9Z`, keeps its Z out of the slice.)
    const fracEnd = v.endsWith('Z') ? v.length - 1 : v.length;
    ms = Date.parse(`${v.slice(0, 19)}${dot === -1 ? '' : v.slice(dot, Math.min(dot + 4, fracEnd))}Z`);
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
