/**
 * A Shodan banner's few needed fields without parsing the whole line: most of a
 * banner's bytes are its free text (`data`, `http.html`, certificates), which this
 * scanner jumps over (indexOf to the closing quote) instead of building strings for.
 * Only the values of the keys the import reads are handed to JSON.parse. Anything it
 * does not understand returns undefined, and the caller parses the line whole (so a
 * broken line is still named the same way).
 */

const WANTED = new Set(['ip_str', 'ipv6', 'port', 'transport', 'product', 'version', 'timestamp', 'ssl', 'http', '_shodan']);

/** Index just past the string that starts at `i` (a quote), or -1. */
function skipString(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q === -1) return -1;
    let k = q - 1;
    while (s.charCodeAt(k) === 0x5c) k--;
    if ((q - k) % 2 === 1) return q + 1;
    j = q + 1;
  }
}

/** Index just past the value that starts at `i`, or -1. */
function skipValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22) return skipString(s, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    let j = i;
    while (j < s.length) {
      const d = s.charCodeAt(j);
      if (d === 0x22) {
        j = skipString(s, j);
        if (j === -1) return -1;
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  let j = i;
  while (j < s.length) {
    const d = s.charCodeAt(j);
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    j++;
  }
  return j > i ? j : -1;
}

function skipWs(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** The top-level members of the object at `start..end` whose keys `want` holds, as raw text. */
function members(s: string, start: number, want: (k: string) => boolean): Map<string, string> | undefined {
  const out = new Map<string, string>();
  let i = skipWs(s, start);
  if (s.charCodeAt(i) !== 0x7b) return undefined;
  i = skipWs(s, i + 1);
  if (s.charCodeAt(i) === 0x7d) return out;
  for (;;) {
    if (s.charCodeAt(i) !== 0x22) return undefined;
    const kEnd = skipString(s, i);
    if (kEnd === -1) return undefined;
    const key = s.slice(i + 1, kEnd - 1);
    i = skipWs(s, kEnd);
    if (s.charCodeAt(i) !== 0x3a) return undefined;
    i = skipWs(s, i + 1);
    const vEnd = skipValue(s, i);
    if (vEnd === -1) return undefined;
    if (want(key)) out.set(key, s.slice(i, vEnd));
    i = skipWs(s, vEnd);
    const c = s.charCodeAt(i);
    if (c === 0x7d) return skipWs(s, i + 1) === s.length ? out : undefined;
    if (c !== 0x2c) return undefined;
    i = skipWs(s, i + 1);
  }
}

/**
 * The banner with only the fields the import reads (`ssl` as `{}` when it is an object,
 * `http` as `{status}`), or undefined when the line is not a plain JSON object this
 * scanner follows.
 */
export function shodanFields(line: string): Record<string, unknown> | undefined {
  const m = members(line, 0, (k) => WANTED.has(k));
  if (!m) return undefined;
  const out: Record<string, unknown> = {};
  try {
    for (const [k, raw] of m) {
      if (k === 'ssl') out.ssl = raw.charCodeAt(0) === 0x7b ? {} : JSON.parse(raw);
      else if (k === 'http') {
        if (raw.charCodeAt(0) !== 0x7b) out.http = JSON.parse(raw);
        else {
          const h = members(raw, 0, (x) => x === 'status');
          if (!h) return undefined;
          const st = h.get('status');
          out.http = st === undefined ? {} : { status: JSON.parse(st) as unknown };
        }
      } else out[k] = JSON.parse(raw);
    }
  } catch {
    return undefined;
  }
  return out;
}
