/**
 * RFC 8785 canonical JSON against the RFC's own examples and Appendix B number vectors,
 * the test data of its reference implementation (cyberphone/json-canonicalization), and
 * properties that must hold for any input.
 */
import { describe, expect, it } from 'vitest';
import { CanonicalizationError, canonicalBytes, canonicalProblem, canonicalize, compareUtf16, serializeNumber, serializeString } from '../../../electron/records/jcs';

/** The double whose IEEE 754 bits are `hex`. */
function fromBits(hex: string): number {
  const b = Buffer.from(hex, 'hex');
  return b.readDoubleBE(0);
}

describe('numbers (RFC 8785 Appendix B)', () => {
  const vectors: Array<[string, string]> = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'], // minus zero
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'], // round to even
  ];
  it.each(vectors)('%s is written %s', (hex, expected) => {
    expect(serializeNumber(fromBits(hex))).toBe(expected);
    expect(canonicalize([fromBits(hex)])).toBe(`[${expected}]`);
  });

  it.each([['7fffffffffffffff'], ['7ff0000000000000'], ['fff0000000000000']])('%s (NaN / Infinity) is refused', (hex) => {
    expect(() => canonicalize({ n: fromBits(hex) })).toThrow(CanonicalizationError);
    expect(() => canonicalize({ n: fromBits(hex) })).toThrow(/\$\.n: .* is not a JSON number/);
  });
});

describe('strings (RFC 8785 §3.2.2.2)', () => {
  it('escapes exactly the controls, quote and backslash, with the short forms where they exist', () => {
    expect(serializeString('\b\t\n\f\r"\\')).toBe('"\\b\\t\\n\\f\\r\\"\\\\"');
    expect(serializeString('\u0000\u0001\u000b\u000e\u001f')).toBe('"\\u0000\\u0001\\u000b\\u000e\\u001f"');
    // DEL, C1 controls, U+2028/2029, '/' and non-ASCII go through untouched.
    expect(serializeString('\u007f\u0080\u2028\u2029/€😀')).toBe('"\u007f\u0080\u2028\u2029/€😀"');
  });

  it('agrees with ECMAScript JSON.stringify for every BMP code unit that is not a surrogate', () => {
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = `a${String.fromCharCode(c)}z`;
      expect(serializeString(s)).toBe(JSON.stringify(s));
    }
  });

  it('refuses lone surrogates (not I-JSON) and keeps pairs', () => {
    expect(serializeString('\ud83d\ude00')).toBe('"😀"');
    expect(() => serializeString('a\ud83d')).toThrow(/lone surrogate U\+D83D at index 1/);
    expect(() => serializeString('\ude00b')).toThrow(/lone surrogate U\+DE00 at index 0/);
    expect(() => canonicalize({ ['\udc00']: 1 })).toThrow(CanonicalizationError);
  });
});

describe('the RFC and its reference test data', () => {
  it('RFC 8785 §3.2.2 / values.json: numbers, escapes and literals', () => {
    const input = JSON.parse(
      '{"numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001], "escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalize(input)).toBe('{"escaping":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}');
  });

  it('RFC 8785 §3.2.3 / weird.json: names sorted by UTF-16 code units (the emoji before U+FB33)', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "1": "One", "\\u0080": "Control\\u007f", "\\ud83d\\ude02": "Smiley", "\\u00f6": "Latin Small Letter O With Diaeresis", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"}',
    ) as unknown;
    expect(canonicalize(input)).toBe(
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😂":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('RFC 8785 §3.2.3: the sorting example, \\r first', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    // (Object.keys would list "1" first: JavaScript puts index-like names first, which is why canonicalize sorts itself.)
    expect(['\ufb33', '1', '\r', '\u0080', 'ö', '€', '\ud83d\ude00'].sort(compareUtf16)).toEqual(['\r', '1', '\u0080', 'ö', '€', '\ud83d\ude00', '\ufb33']);
    expect(canonicalize(input)).toBe('{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}');
  });

  it('structures.json: nested objects sorted recursively, arrays kept in order, 56.0 as 56', () => {
    const input = JSON.parse('{"1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ { } ], "A": { }}') as unknown;
    expect(canonicalize(input)).toBe('{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}');
  });

  it('french.json: no locale collation', () => {
    const input = { peach: 'This sorting order', 'péché': 'is wrong according to French', 'pêche': 'but canonicalization MUST', sin: 'ingnore locale' };
    expect(canonicalize(input)).toBe('{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}');
  });

  it('unicode.json: no Unicode normalization', () => {
    expect(canonicalize({ 'Unnormalized Unicode': '\u1e0d\u0307' })).toBe('{"Unnormalized Unicode":"\u1e0d\u0307"}');
    expect(canonicalBytes({ 'Unnormalized Unicode': '\u1e0d\u0307' }).toString('hex')).toBe('7b22556e6e6f726d616c697a656420556e69636f6465223a22e1b88dcc87227d');
  });
});

describe('strictness', () => {
  it('refuses what JSON.stringify would silently drop or coerce, naming where', () => {
    expect(() => canonicalize({ a: undefined })).toThrow(/\$\.a: a undefined is not a JSON value/);
    expect(() => canonicalize([1, () => 1])).toThrow(/\$\[1\]: a function/);
    expect(() => canonicalize({ n: 1n })).toThrow(/bigint/);
    expect(() => canonicalize({ d: new Date(0) })).toThrow(/\$\.d: a Date is not plain JSON data/);
    expect(() => canonicalize({ b: Buffer.from('x') })).toThrow(/Buffer/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalize(cyclic)).toThrow(/cycle/);
  });

  it('allows the same object twice when it is not a cycle, and null-prototype objects', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const bare = Object.create(null) as Record<string, unknown>;
    bare.z = 1;
    bare.a = 2;
    expect(canonicalize(bare)).toBe('{"a":2,"z":1}');
  });
});

describe('canonicalProblem', () => {
  it('accepts canonical bytes and names each way bytes can fail to be canonical', () => {
    expect(canonicalProblem(canonicalBytes({ b: [1, 2.5, 'x'], a: null }))).toBeUndefined();
    expect(canonicalProblem(Buffer.from('{"a":1, "b":2}'))).toMatch(/not in RFC 8785 canonical form \(first difference at character 7\)/);
    expect(canonicalProblem(Buffer.from('{"b":1,"a":2}'))).toMatch(/not in RFC 8785 canonical form/);
    expect(canonicalProblem(Buffer.from('{"a":1.0}'))).toMatch(/not in RFC 8785 canonical form/);
    expect(canonicalProblem(Buffer.from('{"a":"\\u0041"}'))).toMatch(/not in RFC 8785 canonical form/);
    expect(canonicalProblem(Buffer.from('{"a":1,"a":2}'))).toMatch(/not in RFC 8785 canonical form/);
    expect(canonicalProblem(Buffer.from('{"a":12345678901234567890}'))).toMatch(/not in RFC 8785 canonical form/);
    expect(canonicalProblem(Buffer.from([0x7b, 0xff, 0x7d]))).toBe('the bytes are not valid UTF-8');
    expect(canonicalProblem(Buffer.from('{"a":'))).toMatch(/^the bytes are not JSON/);
    expect(canonicalProblem(Buffer.from('"\\ud800"'))).toMatch(/cannot be canonicalized.*lone surrogate/);
    expect(canonicalProblem(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), canonicalBytes({ a: 1 })]))).toMatch(/the bytes are not JSON|canonical form/);
  });

  it('round-trips random JSON: canonicalizing parsed canonical text gives the same text', () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const gen = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.3) return pick([null, true, false, rnd() * 1e6 - 5e5, Math.floor(rnd() * 1e9), 1e-9 * rnd(), 'x\n"\\é😀', '']);
      if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => gen(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = 0; i < 4; i++) o[pick(['a', 'B', 'é', '😀', '\ufb33', '10', '1', ''])] = gen(depth + 1);
      return o;
    };
    for (let i = 0; i < 300; i++) {
      const text = canonicalize(gen(0));
      expect(canonicalize(JSON.parse(text))).toBe(text);
      expect(canonicalProblem(Buffer.from(text, 'utf8'))).toBeUndefined();
    }
  });
});
