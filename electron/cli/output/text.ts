/**
 * Text safety for the terminal. Product names, versions, AE titles and summaries can
 * carry bytes a scanned peer chose; printed raw, an escape sequence from a hostile
 * peer would rewrite the operator's terminal. Everything shown in table mode passes
 * through `clean`.
 */

// C0/C1 controls and DEL, and the bidirectional overrides that can reorder what is shown.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `s` with every control character shown as `\xNN` / `\uNNNN`, on one line. */
export function clean(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

