/**
 * The byte-level Shodan scanner against the full parse (JSON.parse of the whole line),
 * line by line and through a whole gzip file: the same lines accepted and refused, the
 * same observations, the same problems. Hand-written hard lines (escapes such as
 * \u0022 and \" in strings and keys, keys in other orders and repeated, nested objects
 * with the import's key names, unicode, white space, every kind of broken JSON) and a
 * few thousand random mutations of real-shaped banners.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseImport } from '../../../electron/internet/parse';
import { shodanRecord } from '../../../electron/internet/shodan';
import { shodanBytes } from '../../../electron/internet/shodan-fast';
import { makeHosts, shodanJsonl } from './fixtures';

/** What the import makes of one line when it parses it whole. */
function full(line: Buffer): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(line.toString('utf8'));
  } catch {
    return 'not valid JSON';
  }
  return shodanRecord(doc, 'x');
}

/** What it makes of it with the scanner first (parse.ts's order). */
function fast(line: Buffer): unknown {
  const doc = shodanBytes(line);
  return doc === undefined ? full(line) : shodanRecord(doc, 'x');
}

const base = {
  ip_str: '203.0.113.7',
  port: 104,
  transport: 'tcp',
  timestamp: '2026-06-01T10:00:00.123456',
  product: 'Orthanc',
  version: '1.12.3',
  data: 'DICOM \u00e9 "x" {[}]',
  _shodan: { module: 'dicom', id: 'ab' },
};
const J = (o: unknown): string => JSON.stringify(o);

const HARD: string[] = [
  J(base),
  // escapes in values and keys
  J({ ...base, product: 'Or"th\\anc/\u0001\u001f' }),
  J(base).replace('"Orthanc"', '"Or\\u0022thanc\\u00e9\\ud83d\\ude00\\/"'),
  J(base).replace('"ip_str"', '"ip\\u005fstr"'),
  J(base).replace('"port"', '"p\\u006frt"'),
  J(base).replace('"module"', '"modul\\u0065"'),
  J({ ...base, data: 'a\\"b \\\\" still text', http: { status: 301, html: '<a href="/">"status": 1}</a>' } }),
  // keys in other orders, repeated keys (the last wins), nested objects with the same names
  J({ _shodan: { module: 'https' }, port: 443, ssl: { port: 1, cert: {} }, ip_str: '198.51.100.1', timestamp: '2026-06-02T00:00:00', http: { status: 200 } }),
  '{"ip_str":"203.0.113.1","port":80,"port":81,"timestamp":"2026-06-01T00:00:00","_shodan":{"module":"http"},"_shodan":{"module":"dicom"}}',
  '{"ip_str":"203.0.113.1","port":80,"timestamp":"2026-06-01T00:00:00","http":{"status":200,"components":{"status":500},"status":404}}',
  '{"ip_str":"203.0.113.1","port":80,"timestamp":"2026-06-01T00:00:00","location":{"ip_str":"198.51.100.9","port":1},"http":{"status":200}}',
  '{"ip_str":"203.0.113.1","port":80,"timestamp":"2026-06-01T00:00:00","http":"not an object","ssl":[1,2],"_shodan":"x"}',
  '{"ip_str":"203.0.113.1","port":80,"timestamp":"2026-06-01T00:00:00","http":{},"ssl":{},"_shodan":{}}',
  '{"ip_str":"203.0.113.1","port":80,"timestamp":"2026-06-01T00:00:00","http":{"status":2.5e2},"_shodan":{"module":null}}',
  // unicode, white space, numbers of every shape
  J({ ...base, product: 'Ørthanc 医療 😀', version: 'v\u2028x' }),
  ` \t{ "ip_str" : "203.0.113.2" ,\t"port" : 4242 , "timestamp" : "2026-06-01T00:00:00Z" , "x" : [ ] , "y" : { } } \r`,
  '{"ipv6":"2001:DB8::0:1","port":"104","timestamp":1780000000,"n":[-0,0.5,-1.25e-3,1E+2,123456789012345678901234567890]}',
  '{"ip_str":"203.0.113.3","port":104.0,"timestamp":"2026-06-01T00:00:00"}',
  '{"ip_str":"203.0.113.3","port":1e2,"timestamp":"2026-06-01T00:00:00"}',
  '{"ip_str":"203.0.113.3","port":-104,"timestamp":"2026-06-01T00:00:00"}',
  '{"ip_str":"203.0.113.3","port":123456789,"timestamp":"2026-06-01T00:00:00"}',
  '{"ip_str":"203.0.113.3","port":104,"timestamp":"2026-02-30T00:00:00.9Z","t":[true,false,null]}',
  '{}',
  '{"a":{"b":{"c":[[[[{"d":"}"}]]]]}},"ip_str":"203.0.113.4","port":1,"timestamp":"2026-06-01T00:00:00"}',
  `{"deep":${'['.repeat(300)}${']'.repeat(300)},"ip_str":"203.0.113.4","port":1,"timestamp":"2026-06-01T00:00:00"}`,
  // broken JSON: the scanner must refuse exactly what JSON.parse refuses
  '{"ip_str":"203.0.113.1","port":80,}',
  '{"ip_str":"203.0.113.1","port":80',
  '{"ip_str":"203.0.113.1","port":80} x',
  '{"ip_str":"203.0.113.1" "port":80}',
  '{"ip_str":"203.0.113.1","port":080}',
  '{"ip_str":"203.0.113.1","port":1.}',
  '{"ip_str":"203.0.113.1","port":-}',
  '{"ip_str":"203.0.113.1","port":1e}',
  '{"ip_str":"203.0.113.1","port":+1}',
  '{"ip_str":"203.0.113.1","x":tru}',
  '{"ip_str":"203.0.113.1","x":nul}',
  '{"ip_str":"203.0.113.1","x":[1,]}',
  '{"ip_str":"203.0.113.1","x":[1 2]}',
  '{"ip_str":"203.0.113.1","x":{"a" 1}}',
  '{"ip_str":"203.0.113.1","x":{"a":1]}',
  '{"ip_str":"203.0.113.1","x":"bad \\x escape"}',
  '{"ip_str":"203.0.113.1","x":"bad \\u12g4 escape"}',
  '{"ip_str":"203.0.113.1","x":"raw \t tab"}',
  '{"ip_str":"203.0.113.1","x":"raw \u0001 control"}',
  '{"ip_str":"203.0.113.1","x":"unterminated}',
  '{"ip_str":"203.0.113.1",x:1}',
  "{'ip_str':'203.0.113.1'}",
  '["not", "an", "object"]',
  '"a string"',
  '\ufeff{"ip_str":"203.0.113.1","port":80,"timestamp":"2026-06-01T00:00:00"}',
  '{"ip_str":"203.0.113.1","port":80,"timestamp":"2026-06-01T00:00:00"}\u00a0',
];

describe('shodanBytes against JSON.parse', () => {
  it('gives the same observation or problem for every hard line', () => {
    for (const line of HARD) {
      const b = Buffer.from(line, 'utf8');
      expect(fast(b), line).toEqual(full(b));
      // It accepts only what JSON.parse accepts (and everything plain it accepts, but for the too-deep line).
      let parses = true;
      try {
        JSON.parse(line);
      } catch {
        parses = false;
      }
      if (shodanBytes(b) !== undefined) expect(parses, line).toBe(true);
      else if (parses && line.trimStart().startsWith('{') && !line.includes('['.repeat(300))) expect.fail(`the scanner refused valid JSON: ${line}`);
    }
  });

  it('gives the same answers on thousands of random mutations of real-shaped banners', () => {
    const lines = shodanJsonl(makeHosts(60)).trim().split('\n');
    const alphabet = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\t', '0', '1', '-', '.', 'e', 'u', 'n', 't', 'x', '\u0001', 'é', '\\u0022', '\\"', 'null', 'true'];
    let seed = 20261202;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < 6000; round++) {
      let s = lines[rnd(lines.length)]!;
      for (let k = 1 + rnd(3); k > 0; k--) {
        const at = rnd(s.length + 1);
        const op = rnd(3);
        const piece = alphabet[rnd(alphabet.length)]!;
        s = op === 0 ? s.slice(0, at) + piece + s.slice(at) : op === 1 ? s.slice(0, at) + s.slice(at + 1) : s.slice(0, at) + piece + s.slice(at + piece.length);
      }
      const b = Buffer.from(s, 'utf8');
      expect(fast(b), s).toEqual(full(b));
      if (shodanBytes(b) === undefined) refused++;
      else accepted++;
    }
    // Both sides were exercised.
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });
});

describe('shodanBytes in place (a line inside a bigger buffer, as the import hands it over)', () => {
  // What lies around a line in a decoded chunk: other lines, or text that would complete a
  // line cut short (a number's digits, a literal's end, a closing brace) if it were read.
  const AROUND = ['', '\n', ' ', '}', '0', '5}', 'e5}', 'ue}', 'll}', '"}', '\\"}', ']}', ',"port":1}', '\n{"ip_str":"203.0.113.9","port":1}\n', 'u0022"}'];

  function inPlace(line: Buffer, before: string, after: string): unknown {
    const big = Buffer.concat([Buffer.from(before), line, Buffer.from(after)]);
    const start = Buffer.byteLength(before);
    return shodanBytes(big, start, start + line.length);
  }

  it('answers as on the line alone, for every hard line and every prefix of it, whatever surrounds it', () => {
    let accepted = 0;
    for (const text of [...HARD, ...shodanJsonl(makeHosts(5)).trim().split('\n')]) {
      const line = Buffer.from(text, 'utf8');
      const cuts = [line.length, ...Array.from({ length: 12 }, (_, k) => Math.floor((line.length * k) / 12)), line.length - 1, line.length - 2];
      for (const cut of cuts) {
        const piece = line.subarray(0, Math.max(0, cut));
        const alone = shodanBytes(Buffer.from(piece));
        if (alone !== undefined) accepted++;
        for (const before of ['', '\n', '{"x":1}\n', '  ']) for (const after of AROUND) expect(inPlace(piece, before, after), `${JSON.stringify(piece.toString())} in ${JSON.stringify(before)}...${JSON.stringify(after)}`).toEqual(alone);
      }
    }
    expect(accepted).toBeGreaterThan(HARD.length / 2);
  });
});

describe('a whole gzip file through parseImport', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-shodan-bytes-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every line as the full parse does, whatever the chunk boundaries', async () => {
    // A valid banner first (the format is detected from it), then the hard lines, many times over: lines cross gzip output chunks.
    const lines = [J(base), ...Array.from({ length: 400 }, (_, i) => HARD[i % HARD.length]!)];
    const p = path.join(dir, 'hard.json.gz');
    fs.writeFileSync(p, gzipSync(`${lines.join('\n')}\n\n  \n`));
    const run = parseImport({ name: 'hard.json.gz', path: p });
    const got: unknown[] = [];
    for await (const r of run.records) got.push([r.at, r.observations, r.problems]);
    const want: unknown[] = [];
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const at = `line ${i + 1}`;
      let doc: unknown;
      try {
        doc = JSON.parse(line);
      } catch {
        want.push([at, [], [{ at, reason: 'not valid JSON' }]]);
        continue;
      }
      const r = shodanRecord(doc, at);
      want.push([at, r.observations, r.problems]);
    }
    expect(run.format()).toBe('shodan');
    expect(got).toEqual(want);
  });
});
