/**
 * The JSON record splitter across chunk boundaries: every split of a JSON array (nested
 * objects, strings with brackets, escaped quotes, a scalar element) and of JSON Lines
 * gives the same records as one whole chunk, and a record over the limit is refused
 * wherever the chunks break.
 */
import { describe, expect, it } from 'vitest';
import { UnsafeFileError } from '../../../electron/internet/errors';
import { jsonRecords, type JsonRecord } from '../../../electron/internet/records';

async function split(text: string, size: number, max = 1 << 20): Promise<JsonRecord[]> {
  const buf = Buffer.from(text);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let i = 0; i < buf.length; i += size) yield await Promise.resolve(buf.subarray(i, i + size));
  }
  const out: JsonRecord[] = [];
  for await (const r of jsonRecords(chunks(), 'f', max)) out.push(r);
  return out;
}

const ARRAY = `[\n  {"a": "x]}", "b": [1, {"c": "q\\"}"}]},\n  {"ip": "203.0.113.1", "é": "ü"}\n , 42, "s,t" ,\n{"z": {}}\n]\n`;
const LINES = '{"a": 1}\n\n{"b": "x\\ny"}\r\n{"c": [1,2]}';

describe('jsonRecords', () => {
  it('splits a JSON array the same way at every chunk size', async () => {
    const whole = await split(ARRAY, 1 << 20);
    expect(whole.map((r) => r.text)).toEqual(['{"a": "x]}", "b": [1, {"c": "q\\"}"}]}', '{"ip": "203.0.113.1", "é": "ü"}', '42', '"s,t" ', '{"z": {}}']);
    expect(whole.map((r) => r.at)).toEqual(['line 2', 'line 3', 'line 4', 'line 4', 'line 5']);
    expect(JSON.parse(whole[0]!.text)).toEqual({ a: 'x]}', b: [1, { c: 'q"}' }] });
    for (let size = 1; size < 20; size++) expect(await split(ARRAY, size), `chunks of ${size}`).toEqual(whole);
  });

  it('splits JSON Lines the same way at every chunk size', async () => {
    const whole = await split(LINES, 1 << 20);
    expect(whole.map((r) => [r.at, JSON.parse(r.text) as unknown])).toEqual([
      ['line 1', { a: 1 }],
      ['line 3', { b: 'x\ny' }],
      ['line 4', { c: [1, 2] }],
    ]);
    for (let size = 1; size < 12; size++) expect(await split(LINES, size)).toEqual(whole);
  });

  it('refuses a record over the limit at any chunk size, and an array cut short', async () => {
    const long = `{"a": 1}\n{"data": "${'x'.repeat(100)}"}\n`;
    for (const size of [1, 7, 50, 1000]) await expect(split(long, size, 64)).rejects.toThrow(/line 2 is longer than/);
    const longArray = `[{"data": "${'x'.repeat(100)}"}]`;
    for (const size of [1, 7, 50, 1000]) await expect(split(longArray, size, 64)).rejects.toThrow(UnsafeFileError);
    await expect(split('[{"a": 1}, {"b":', 4)).rejects.toThrow(/ends early/);
    await expect(split('[{"a": 1}] trailing', 4)).rejects.toThrow(/text after the JSON array/);
  });
});
