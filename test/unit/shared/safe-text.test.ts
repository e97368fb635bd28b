/**
 * shared/safe-text.ts: text from a peer (or a record) is well-formed, shows its control
 * and bidi characters instead of obeying them, and is cut to length with a mark.
 */
import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../../electron/records/jcs';
import { escapeLine } from '../../../electron/engine/protocol-basis';
import { capText, CUT_MARK, isWellFormed, replaceUnsafe, safePeerText, visibleText, wellFormed } from '../../../shared/safe-text';

describe('wellFormed', () => {
  it('replaces each lone surrogate by U+FFFD and keeps pairs', () => {
    expect(wellFormed('a\ud800b')).toBe('a\ufffdb');
    expect(wellFormed('a\udc00b')).toBe('a\ufffdb');
    expect(wellFormed('\udc00\ud800')).toBe('\ufffd\ufffd');
    expect(wellFormed('end\ud83d')).toBe('end\ufffd');
    expect(wellFormed('pair 😀 ok')).toBe('pair 😀 ok');
    // The same answer as the language's own (Node 20 has it).
    const s = 'x\ud800y\udc00z😀\ud83d';
    expect(wellFormed(s)).toBe((s as unknown as { toWellFormed(): string }).toWellFormed());
  });
});

describe('isWellFormed', () => {
  it('is false exactly when a lone surrogate is present, call after call (no regex state)', () => {
    for (const s of ['', 'plain', 'pair 😀 ok', 'a\ud800b', '\udc00', 'end\ud83d', '\udc00\ud800', 'a\ud800b']) {
      expect(isWellFormed(s), JSON.stringify(s)).toBe((s as unknown as { isWellFormed(): boolean }).isWellFormed());
    }
  });
});

describe('replaceUnsafe', () => {
  it('is the one set of unsafe characters: what visibleText shows, the protocol basis escapes (in its own notation)', () => {
    const every = Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i)).concat(['\ud800', '\udc00', '\ud83d\ude00']);
    const unsafe = every.filter((c) => replaceUnsafe(c, () => '<unsafe>') === '<unsafe>');
    expect(unsafe.length).toBeGreaterThan(70);
    for (const c of every) {
      const isUnsafe = unsafe.includes(c);
      expect(visibleText(c) !== c, c).toBe(isUnsafe);
      expect(escapeLine(c) !== c, c).toBe(isUnsafe);
    }
  });
});

describe('visibleText', () => {
  it('shows C0 as Control Pictures, DEL as ␡, C1 and bidi controls as [U+XXXX]', () => {
    expect(visibleText('a\x00b\x1bc\x7fd')).toBe('a␀b␛c␡d');
    expect(visibleText('a\x85b\x9bc')).toBe('a[U+0085]b[U+009B]c');
    expect(visibleText('abc\u202Edef\u202C')).toBe('abc[U+202E]def[U+202C]');
    expect(visibleText('\u2066x\u2069\u200e\u200f\u061c')).toBe('[U+2066]x[U+2069][U+200E][U+200F][U+061C]');
    expect(visibleText('l1\u2028l2')).toBe('l1[U+2028]l2');
  });

  it('keeps tab and line breaks only when asked', () => {
    expect(visibleText('a\tb\nc\rd')).toBe('a␉b␊c␍d');
    expect(visibleText('a\tb\nc\rd', { lineBreaks: true })).toBe('a\tb\nc\rd');
    expect(visibleText('a\x00\n', { lineBreaks: true })).toBe('a␀\n');
  });

  it('leaves ordinary text, right-to-left scripts and emoji alone', () => {
    const s = 'Ada Admin — שלום مرحبا 😀 <b>&"\'';
    expect(visibleText(s)).toBe(s);
  });
});

describe('capText', () => {
  it('cuts to at most maxLen code points ending in the mark, never splitting a pair', () => {
    expect(capText('abcdef', 6)).toBe('abcdef');
    expect(capText('abcdefg', 6)).toBe(`abcde${CUT_MARK}`);
    expect(capText('😀😀😀😀', 3)).toBe(`😀😀${CUT_MARK}`);
    expect(Array.from(capText('😀'.repeat(100), 10))).toHaveLength(10);
    expect(capText('😀😀', 2)).toBe('😀😀');
  });
});

describe('safePeerText', () => {
  it('makes a peer string storable, signable and displayable', () => {
    const peer = 'Orthanc\ud800 \x1b[31mred\x1b[0m\r\n\u202Etxt.exe';
    const safe = safePeerText(peer, 200);
    expect(safe).toBe('Orthanc\ufffd ␛[31mred␛[0m␍␊[U+202E]txt.exe');
    // Canonical JSON refuses the raw string, and signs the safe one.
    expect(() => canonicalBytes({ v: peer })).toThrow(/lone surrogate/);
    expect(canonicalBytes({ v: safe }).toString('utf8')).toContain('Orthanc\ufffd');
  });

  it('caps the length (controls shown count too) and costs nothing more on huge input', () => {
    const huge = 'A'.repeat(5_000_000);
    const out = safePeerText(huge, 64);
    expect(Array.from(out)).toHaveLength(64);
    expect(out.endsWith(CUT_MARK)).toBe(true);
    const controls = safePeerText('\u202E'.repeat(100), 20);
    expect(Array.from(controls)).toHaveLength(20);
    expect(controls.endsWith(CUT_MARK)).toBe(true);
  });

  it('never leaves a lone surrogate, even when cutting inside a pair', () => {
    for (let n = 1; n < 8; n++) {
      const out = safePeerText('a😀😀😀😀😀'.slice(0, 2 * n), 3);
      expect(out).toBe(wellFormed(out));
    }
    expect(safePeerText('😀'.repeat(10) + '\ud800', 100)).toBe(`${'😀'.repeat(10)}\ufffd`);
  });

  it('a non-string becomes the empty string', () => {
    expect(safePeerText(42, 10)).toBe('');
    expect(safePeerText(undefined, 10)).toBe('');
  });
});
