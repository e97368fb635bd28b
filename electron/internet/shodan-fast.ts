/**
 * A Shodan banner's few needed fields straight from the line's bytes: most of a
 * banner is free text (`data`, `http.html`, certificates), which this scanner walks
 * over byte by byte without building a string for it or for the line. It checks the
 * whole line against the JSON grammar as it goes (strings and their escapes, control
 * characters, numbers, literals, nesting), so it accepts exactly the lines JSON.parse
 * accepts; only the values of the keys the import reads are decoded. Anything it does
 * not follow (nesting deeper than 256, a line that is not one JSON object, bad JSON)
 * returns undefined, and the caller parses the line whole (so a broken line is still
 * named the same way).
 */

/** The top-level keys the import reads. */
const WANTED = ['ip_str', 'ipv6', 'port', 'transport', 'product', 'version', 'timestamp', 'ssl', 'http', '_shodan'] as const;
const WANTED_BYTES = WANTED.map((k) => Buffer.from(k, 'latin1'));
const HTTP = WANTED.indexOf('http');
const SSL = WANTED.indexOf('ssl');
const SHODAN = WANTED.indexOf('_shodan');
const STATUS = Buffer.from('status', 'latin1');
const MODULE = Buffer.from('module', 'latin1');

const MAX_DEPTH = 256;
const OBJ = 1;
const ARR = 2;
const stack = new Uint8Array(MAX_DEPTH);

// The scanner's state: one line at a time, synchronously: the line is buf[start, lim),
// in place in a larger buffer (the decoded chunk), which is never read past `lim`.
let buf: Buffer = Buffer.alloc(0);
let pos = 0;
let lim = 0;
/** The last string scanned held a backslash escape. */
let escaped = false;

/** The byte at `i`, undefined past the line's end. */
const at = (i: number): number | undefined => (i < lim ? buf[i] : undefined);
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number | undefined): boolean => c !== undefined && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));

function ws(): void {
  for (;;) {
    const c = at(pos);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) pos++;
    else return;
  }
}

/** A JSON string at `pos` (its opening quote); pos just past it. False if it is not valid JSON. */
function str(): boolean {
  const b = buf;
  const end = lim;
  let i = pos + 1;
  let esc = false;
  for (;;) {
    // The plain run: printable bytes that are neither a quote nor a backslash.
    let c = 0;
    while (i < end && (c = b[i]!) >= 0x20 && c !== 0x22 && c !== 0x5c) i++;
    if (i >= end) return false;
    if (c === 0x22) {
      pos = i + 1;
      escaped = esc;
      return true;
    }
    if (c < 0x20) return false;
    // a backslash
    esc = true;
    const d = at(i + 1);
    if (d === 0x75) {
      if (!(isHex(at(i + 2)) && isHex(at(i + 3)) && isHex(at(i + 4)) && isHex(at(i + 5)))) return false;
      i += 6;
    } else if (d === 0x22 || d === 0x5c || d === 0x2f || d === 0x62 || d === 0x66 || d === 0x6e || d === 0x72 || d === 0x74) i += 2;
    else return false;
  }
}

/** A JSON number at `pos` (RFC 8259 grammar). */
function num(): boolean {
  let i = pos;
  if (at(i) === 0x2d) i++;
  if (at(i) === 0x30) i++;
  else if (isDigit(at(i))) while (isDigit(at(i))) i++;
  else return false;
  if (at(i) === 0x2e) {
    i++;
    if (!isDigit(at(i))) return false;
    while (isDigit(at(i))) i++;
  }
  if (at(i) === 0x65 || at(i) === 0x45) {
    i++;
    if (at(i) === 0x2b || at(i) === 0x2d) i++;
    if (!isDigit(at(i))) return false;
    while (isDigit(at(i))) i++;
  }
  pos = i;
  return true;
}

function literal(word: string): boolean {
  for (let k = 0; k < word.length; k++) if (at(pos + k) !== word.charCodeAt(k)) return false;
  pos += word.length;
  return true;
}

/** An object's key and its colon at `pos`; pos at the value (white space skipped). */
function key(): boolean {
  if (at(pos) !== 0x22 || !str()) return false;
  ws();
  if (at(pos) !== 0x3a) return false;
  pos++;
  ws();
  return true;
}

/** One JSON value at `pos`, checked and passed over (nested containers without recursion). */
function skipValue(): boolean {
  let depth = 0;
  for (;;) {
    ws();
    const c = at(pos);
    if (c === 0x22) {
      if (!str()) return false;
    } else if (c === 0x7b || c === 0x5b) {
      pos++;
      ws();
      if (at(pos) === (c === 0x7b ? 0x7d : 0x5d)) pos++;
      else {
        if (depth >= MAX_DEPTH) return false;
        stack[depth++] = c === 0x7b ? OBJ : ARR;
        if (c === 0x7b && !key()) return false;
        continue;
      }
    } else if (c === 0x74) {
      if (!literal('true')) return false;
    } else if (c === 0x66) {
      if (!literal('false')) return false;
    } else if (c === 0x6e) {
      if (!literal('null')) return false;
    } else if (c === 0x2d || isDigit(c)) {
      if (!num()) return false;
    } else return false;
    // After a value: close what ends here, or go on to the next member or element.
    for (;;) {
      if (depth === 0) return true;
      ws();
      const d = at(pos);
      const inObject = stack[depth - 1] === OBJ;
      if (d === 0x2c) {
        pos++;
        ws();
        if (inObject && !key()) return false;
        break;
      }
      if (d === (inObject ? 0x7d : 0x5d)) {
        pos++;
        depth--;
        continue;
      }
      return false;
    }
  }
}

/** The key just scanned (between `start` and `end`, quotes included) equals `name`. */
function keyIs(start: number, end: number, name: Buffer): boolean {
  if (escaped) return JSON.parse(buf.toString('utf8', start, end)) === name.toString('latin1');
  if (end - start - 2 !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (buf[start + 1 + k] !== name[k]) return false;
  return true;
}

function wantedKey(start: number, end: number): number {
  if (escaped) return (WANTED as readonly string[]).indexOf(JSON.parse(buf.toString('utf8', start, end)) as string);
  const len = end - start - 2;
  for (let w = 0; w < WANTED_BYTES.length; w++) {
    const name = WANTED_BYTES[w]!;
    if (name.length !== len) continue;
    let k = 0;
    while (k < len && buf[start + 1 + k] === name[k]) k++;
    if (k === len) return w;
  }
  return -1;
}

/** The value scanned between `start` and `end` (already checked), as JSON.parse gives it. */
function decode(start: number, end: number, wasEscaped: boolean): unknown {
  const c = buf[start];
  if (c === 0x22 && !wasEscaped) return buf.toString('utf8', start + 1, end - 1);
  if (c !== undefined && c >= 0x30 && c <= 0x39 && end - start <= 9) {
    let n = 0;
    let k = start;
    for (; k < end; k++) {
      const d = buf[k]!;
      if (d < 0x30 || d > 0x39) break;
      n = n * 10 + (d - 0x30);
    }
    if (k === end) return n;
  }
  return JSON.parse(buf.toString('utf8', start, end)) as unknown;
}

/** One member of an object (`name` only) read out of the object at `pos`; pos past the object. */
function member(name: Buffer): { found: boolean; value?: unknown } | undefined {
  // pos is at '{'
  pos++;
  ws();
  const out: { found: boolean; value?: unknown } = { found: false };
  if (at(pos) === 0x7d) {
    pos++;
    return out;
  }
  for (;;) {
    if (at(pos) !== 0x22) return undefined;
    const ks = pos;
    if (!str()) return undefined;
    const match = keyIs(ks, pos, name);
    ws();
    if (at(pos) !== 0x3a) return undefined;
    pos++;
    ws();
    const vs = pos;
    if (!skipValue()) return undefined;
    if (match) {
      out.found = true;
      out.value = decode(vs, pos, escaped);
    }
    ws();
    const c = at(pos);
    if (c === 0x2c) {
      pos++;
      ws();
      continue;
    }
    if (c === 0x7d) {
      pos++;
      return out;
    }
    return undefined;
  }
}

/**
 * The banner in `line` between `start` and `end` (one line's bytes, no newline, read
 * in place: no copy of the line) with only the fields the import
 * reads (`ssl` as `{}` when it is an object, `http` as `{status}`, `_shodan` as
 * `{module}`), or undefined when the line is not a JSON object this scanner follows.
 */
export function shodanBytes(line: Buffer, start = 0, end = line.length): Record<string, unknown> | undefined {
  buf = line;
  pos = start;
  lim = end;
  try {
    return banner();
  } catch {
    return undefined;
  } finally {
    buf = EMPTY;
    lim = 0;
  }
}

const EMPTY = Buffer.alloc(0);

function banner(): Record<string, unknown> | undefined {
  ws();
  if (at(pos) !== 0x7b) return undefined;
  pos++;
  ws();
  const out: Record<string, unknown> = {};
  if (at(pos) === 0x7d) pos++;
  else
    for (;;) {
      if (at(pos) !== 0x22) return undefined;
      const ks = pos;
      if (!str()) return undefined;
      const w = wantedKey(ks, pos);
      ws();
      if (at(pos) !== 0x3a) return undefined;
      pos++;
      ws();
      const vs = pos;
      if (w === -1) {
        if (!skipValue()) return undefined;
      } else if ((w === HTTP || w === SHODAN) && at(pos) === 0x7b) {
        const m = member(w === HTTP ? STATUS : MODULE);
        if (!m) return undefined;
        out[WANTED[w]!] = m.found ? (w === HTTP ? { status: m.value } : { module: m.value }) : {};
      } else {
        if (!skipValue()) return undefined;
        out[WANTED[w]!] = w === SSL && at(vs) === 0x7b ? {} : decode(vs, pos, escaped);
      }
      ws();
      const c = at(pos);
      if (c === 0x2c) {
        pos++;
        ws();
        continue;
      }
      if (c === 0x7d) {
        pos++;
        break;
      }
      return undefined;
    }
  ws();
  return pos === lim ? out : undefined;
}

/** The same over a line as text (tests, callers that hold a string). */
export function shodanFields(line: string): Record<string, unknown> | undefined {
  return shodanBytes(Buffer.from(line, 'utf8'));
}
