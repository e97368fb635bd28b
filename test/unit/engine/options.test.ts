import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultProbeOptions, randomCallingAe } from '../../../electron/engine/options';
import { TOOL_VERSION } from '../../../electron/engine/scan';

describe('randomCallingAe', () => {
  it('is CLM plus random valid AE characters, at most 16', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const ae = randomCallingAe();
      expect(ae).toMatch(/^CLM[A-Z0-9]+$/);
      expect(ae.length).toBeLessThanOrEqual(16);
      seen.add(ae);
    }
    expect(seen.size).toBe(200);
  });
});

describe('defaultProbeOptions', () => {
  it('fills every field', () => {
    const o = defaultProbeOptions();
    expect(o.callingAe).toMatch(/^CLM/);
    expect(o.calledAes.size).toBe(0);
    expect(o.inventory).toEqual([]);
    expect(o.optIn.size).toBe(0);
    expect(o.vantage.untrusted).toBe(false);
    expect(o.vantage.label).not.toBe('');
    expect(o.connectTimeoutMs).toBeGreaterThan(0);
    expect(o.ioTimeoutMs).toBeGreaterThan(0);
    expect(o.targetTimeoutMs).toBeGreaterThan(o.ioTimeoutMs);
  });

  it('takes what is given, and ignores undefined fields', () => {
    const o = defaultProbeOptions({ callingAe: 'MYSCU', connectTimeoutMs: 500, ioTimeoutMs: undefined, vantage: { label: 'guest', untrusted: true } });
    expect(o.callingAe).toBe('MYSCU');
    expect(o.connectTimeoutMs).toBe(500);
    expect(o.ioTimeoutMs).toBe(defaultProbeOptions().ioTimeoutMs);
    expect(o.vantage).toEqual({ label: 'guest', untrusted: true });
  });
});

describe('TOOL_VERSION', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
  });
});
