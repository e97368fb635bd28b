import { describe, expect, it } from 'vitest';
import { tokenOf, tokenOfGeneral } from '../../../electron/internet/facts';

describe('tokenOf fast path', () => {
  it('gives the general answer for every shape', () => {
    const cases: unknown[] = ['', ' ', 'nginx', ' nginx', 'nginx ', ' a b ', 'a\tb', 'dé', 'x'.repeat(40), 'x'.repeat(41), 'x'.repeat(96), 'x'.repeat(97), 'a\u0000b', '~', '\u007f', 3, null, undefined];
    // random strings over a small alphabet with spaces, controls and non-ASCII
    const alphabet = ['a', 'Z', '1', ' ', '\t', '\n', '~', '\u007f', 'é', '\u2028', '.'];
    let seed = 7;
    const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    for (let k = 0; k < 3000; k++) cases.push(Array.from({ length: rnd(50) }, () => alphabet[rnd(alphabet.length)]).join(''));
    for (const c of cases) for (const max of [40, 96]) expect(tokenOf(c, max), JSON.stringify(c)).toBe(tokenOfGeneral(c, max));
    expect(tokenOf('nginx')).toBe('nginx');
    expect(tokenOf(' nginx ')).toBe('nginx');
  });
});
