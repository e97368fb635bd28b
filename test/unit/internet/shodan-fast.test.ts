/**
 * The Shodan fast path reads the same facts as parsing the whole banner: for every
 * generated banner (and ones with escaped quotes, brackets in text, nested http), the
 * observation is identical; what it cannot follow falls back to the full parse.
 */
import { describe, expect, it } from 'vitest';
import { shodanRecord } from '../../../electron/internet/shodan';
import { shodanFields } from '../../../electron/internet/shodan-fast';
import { makeHosts, shodanJsonl } from './fixtures';

describe('shodanFields', () => {
  it('gives the same observation as JSON.parse for every generated banner', () => {
    const lines = shodanJsonl(makeHosts(200)).trim().split('\n');
    for (const [i, line] of lines.entries()) {
      const fast = shodanFields(line);
      expect(fast, `line ${i + 1}`).toBeDefined();
      expect(shodanRecord(fast, 'x')).toEqual(shodanRecord(JSON.parse(line), 'x'));
    }
  });

  it('jumps over quotes, backslashes and brackets inside text', () => {
    const line = JSON.stringify({ data: 'a "quoted" {[}] \\ back\\\\"', ip_str: '203.0.113.7', port: 443, http: { html: '<p class="x">}</p>', status: 301, title: 'a\\"b' }, ssl: { cert: { s: '}' } }, timestamp: '2026-11-20T09:30:00.000000', _shodan: { module: 'https' }, transport: 'tcp' });
    expect(shodanFields(line)).toEqual({ ip_str: '203.0.113.7', port: 443, http: { status: 301 }, ssl: {}, timestamp: '2026-11-20T09:30:00.000000', _shodan: { module: 'https' }, transport: 'tcp' });
    expect(shodanRecord(shodanFields(line), 'x')).toEqual(shodanRecord(JSON.parse(line), 'x'));
  });

  it('returns undefined for what it does not follow (the caller parses the line whole)', () => {
    expect(shodanFields('garbage')).toBeUndefined();
    expect(shodanFields('{"ip_str": "203.0.113.1", "port": 1')).toBeUndefined();
    expect(shodanFields('{"port": 1} trailing')).toBeUndefined();
    expect(shodanFields('{"port": 1x}')).toBeUndefined();
  });
});
