/**
 * The one rule for text we did not write (issue 11): what a scanned server says, and
 * what a record holds when it is shown. Such text must never stop storage, signing or
 * display, and must never hide or reorder what is around it:
 *
 * - well-formed Unicode: a lone UTF-16 surrogate (an Orthanc `/system` answer can carry
 *   one) becomes U+FFFD, so canonical JSON (electron/records/jcs.ts) can sign it;
 * - control characters are shown, not obeyed: C0 as their Control Pictures (NUL as ␀,
 *   ESC as ␛), DEL as ␡, C1 and the line/paragraph separators as `[U+0085]`;
 * - bidirectional controls (embeddings, overrides such as U+202E, isolates, marks) are
 *   shown as `[U+202E]`: a name cannot turn the words after it around;
 * - peer text is cut to a length, ending in `…`.
 *
 * Pure and dependency-free: the engine (at its edge), the records report and the
 * renderer can all use it.
 */

/** A lone high surrogate, or a lone low one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** C0 controls, DEL, C1 controls, line/paragraph separators, bidi marks, embeddings, overrides and isolates. */
const CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Every character text we did not write must not carry as it is: CONTROL and lone surrogates. */
const UNSAFE = new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}`, 'g');

/**
 * `s` with each unsafe character (a control, a bidi control, a lone surrogate) replaced
 * by `show(c)`: the one set of characters, for places that must show them in their own
 * notation (engine/protocol-basis.ts quotes peer bytes as `\r\n`, `\x1b`, `\ud800`).
 */
export function replaceUnsafe(s: string, show: (c: string) => string): string {
  return s.replace(UNSAFE, show);
}

/** Tab, line feed and carriage return: kept as they are where line breaks are allowed. */
const LINE_WHITESPACE = new Set(['\t', '\n', '\r']);

/** The mark a shown text ends with when it was cut. */
export const CUT_MARK = '…';

/** `s` as well-formed Unicode: each lone surrogate replaced by U+FFFD (String.prototype.toWellFormed). */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/** LONE_SURROGATE without the global flag: `test` keeps no state between calls. */
const ONE_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);

/** Whether `s` is well-formed Unicode, without a lone surrogate (String.prototype.isWellFormed). */
export function isWellFormed(s: string): boolean {
  return !ONE_LONE_SURROGATE.test(s);
}

/**
 * The one-line refusal of operator-typed identity text (a name, a role) that is not
 * well-formed: such text cannot be signed (canonical JSON refuses it), and it is refused
 * rather than repaired because a name is an identity — a silently replaced character
 * would sign a name other than the one typed, on the key file or on the trust list.
 */
export const NOT_WELL_FORMED = 'contains a broken character (a lone UTF-16 surrogate): type it again';

/** How one control character is shown. */
function shown(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/**
 * `s` well-formed, with every control character and bidirectional control shown
 * visibly. With `lineBreaks`, tab, LF and CR stay as they are (an operator's note may
 * have lines); without, they are shown too (␉ ␊ ␍).
 */
export function visibleText(s: string, opts: { lineBreaks?: boolean } = {}): string {
  const keep = opts.lineBreaks === true;
  return wellFormed(s).replace(CONTROL, (c) => (keep && LINE_WHITESPACE.has(c) ? c : shown(c)));
}

/** At most `maxLen` code points, the last being CUT_MARK when cut (a surrogate pair is never split). */
export function capText(s: string, maxLen: number): string {
  const max = Math.max(1, Math.floor(maxLen));
  // Only the head is looked at: a megabyte from a peer costs no more than its first code points.
  if (s.length <= max) return s;
  const points = Array.from(s.slice(0, 2 * max + 2));
  return points.length <= max ? points.join('') : `${points.slice(0, max - 1).join('')}${CUT_MARK}`;
}

/**
 * A string a scanned peer chose, made safe once where it enters the engine's results:
 * well-formed, every control (tab, line breaks too) shown visibly, at most `maxLen`
 * code points. Non-strings (a JSON number where text was expected) become ''.
 */
export function safePeerText(s: unknown, maxLen: number): string {
  if (typeof s !== 'string') return '';
  // Cut first (cheap on huge input), show, then cut again: shown controls are longer.
  return capText(visibleText(capText(s, maxLen)), maxLen);
}
