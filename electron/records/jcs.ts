/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON value, so a
 * signature over a record means the same thing to every verifier.
 *
 * - Objects: members sorted by their names compared as sequences of UTF-16 code units
 *   (RFC 8785 §3.2.3; not by code point, not by locale), no whitespace anywhere.
 * - Numbers: IEEE 754 doubles written as ECMAScript's Number.prototype.toString writes
 *   them (§3.2.2.3): shortest round-trip digits, exponent form from 1e21 and below
 *   1e-6, `-0` as `0`. NaN and Infinity are refused.
 * - Strings: `"` and `\` escaped, U+0008/09/0A/0C/0D as \b \t \n \f \r, every other
 *   control below U+0020 as \u00xx (lower-case hex), everything else as is (§3.2.2.2).
 *   A lone surrogate is not I-JSON (RFC 7493) and is refused.
 *
 * Canonicalization is strict on purpose: `undefined`, functions, BigInt, class
 * instances (Date, Map, Buffer...) and cycles throw CanonicalizationError instead of
 * being dropped or coerced the way JSON.stringify would, so what is signed is exactly
 * the data the caller meant.
 */

/** A value canonicalize() refused, with the path of the offending member (`$.a[2].b`). */
export class CanonicalizationError extends Error {
  override readonly name = 'CanonicalizationError';
}

/** The canonical JSON text of `value` (a JavaScript string; encode it as UTF-8 for the bytes). */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  write(value, '$', out, new Set());
  return out.join('');
}

/** The canonical UTF-8 bytes of `value`. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

/** ECMAScript serialization of a finite double (RFC 8785 §3.2.2.3). */
export function serializeNumber(n: number, path = '$'): string {
  if (!Number.isFinite(n)) throw new CanonicalizationError(`${path}: ${String(n)} is not a JSON number`);
  // Number#toString is the ECMAScript algorithm RFC 8785 names (ECMA-262 Number::toString),
  // except that it writes -0 as "0" already; Object.is guards the spec's explicit rule anyway.
  return Object.is(n, -0) ? '0' : n.toString();
}

const SHORT_ESCAPES: Readonly<Record<number, string>> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

/** A JSON string literal per RFC 8785 §3.2.2.2. */
export function serializeString(s: string, path = '$'): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      // A high surrogate must be followed by a low one; a low one must follow a high one.
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw new CanonicalizationError(`${path}: lone surrogate U+${c.toString(16).toUpperCase()} at index ${i} (not valid Unicode text)`);
    }
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(start, i) + (SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`);
    start = i + 1;
  }
  return `${out}${s.slice(start)}"`;
}

/** Compares two strings by UTF-16 code units (RFC 8785 §3.2.3), independent of locale. */
export function compareUtf16(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function write(value: unknown, path: string, out: string[], stack: Set<object>): void {
  switch (typeof value) {
    case 'string':
      out.push(serializeString(value, path));
      return;
    case 'number':
      out.push(serializeNumber(value, path));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      break;
    default:
      // undefined, function, symbol, bigint: JSON has no such value.
      throw new CanonicalizationError(`${path}: a ${typeof value} is not a JSON value`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (stack.has(value)) throw new CanonicalizationError(`${path}: the value contains itself (a cycle)`);
  stack.add(value);
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item: unknown, i) => {
      if (i > 0) out.push(',');
      write(item, `${path}[${i}]`, out, stack);
    });
    out.push(']');
  } else if (isPlainObject(value)) {
    out.push('{');
    const keys = Object.keys(value).sort(compareUtf16);
    keys.forEach((k, i) => {
      if (i > 0) out.push(',');
      out.push(serializeString(k, `${path} (a member name)`), ':');
      write(value[k], `${path}.${k}`, out, stack);
    });
    out.push('}');
  } else {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain object';
    throw new CanonicalizationError(`${path}: a ${kind} is not plain JSON data`);
  }
  stack.delete(value);
}

/**
 * Why `bytes` are not the canonical form of the JSON they hold, or undefined when they
 * are: not UTF-8, not JSON, or JSON written another way (whitespace, key order,
 * escapes, number forms, duplicate names: JSON.parse keeps the last of a duplicate, so
 * re-canonicalizing gives other bytes).
 */
export function canonicalProblem(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return 'the bytes are not valid UTF-8';
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return `the bytes are not JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  let again: string;
  try {
    again = canonicalize(parsed);
  } catch (e) {
    return `the JSON cannot be canonicalized (${e instanceof Error ? e.message : String(e)})`;
  }
  if (again === text) return undefined;
  let i = 0;
  while (i < again.length && again[i] === text[i]) i++;
  return `the bytes are JSON but not in RFC 8785 canonical form (first difference at character ${i})`;
}
