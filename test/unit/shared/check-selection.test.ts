import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../../shared/catalog';
import { CheckSelection, CheckSelectionError, DISCOVERY_CHECKS, parseCheckList, selectionFrom } from '../../../shared/check-selection';
import { scanStartSchema } from '../../../shared/contract-schemas';

describe('check selection (issue 16)', () => {
  it('reads ids and prefixes ending in *, in catalog order, each once', () => {
    expect(parseCheckList('dicom.any-called-ae, dicom.detected')).toEqual(['dicom.detected', 'dicom.any-called-ae']);
    expect(parseCheckList('tls.*')).toEqual(CHECK_IDS.filter((id) => id.startsWith('tls.')));
    expect(parseCheckList('dicom.any-*,dicom.any-calling-ae')).toEqual(['dicom.any-calling-ae', 'dicom.any-called-ae']);
    expect(parseCheckList('*')).toEqual([...CHECK_IDS]);
  });

  it('refuses what names no check, in one line', () => {
    for (const [bad, words] of [
      ['dicom.nope', 'unknown check "dicom.nope"'],
      ['dicom', 'unknown check "dicom"'],
      ['zzz.*', 'no check starts with "zzz."'],
      ['d*com.*', 'only one * at the end'],
      [' , ', 'the check list is empty'],
    ] as const) {
      expect(() => parseCheckList(bad)).toThrow(CheckSelectionError);
      expect(() => parseCheckList(bad)).toThrow(words);
    }
  });

  it('runs the whole catalog by default, the profile or the list otherwise, and nothing unknown outside full', () => {
    const full = selectionFrom(undefined, undefined);
    expect(full.profile).toBe('full');
    expect(full.ids).toEqual([...CHECK_IDS]);
    // A check added later (another step's id) runs under full, never under a profile that does not list it.
    expect(full.runs('tls.weak-cipher')).toBe(true);
    const discovery = selectionFrom('discovery', undefined);
    expect(discovery.ids).toEqual(CHECK_IDS.filter((id) => DISCOVERY_CHECKS.includes(id)));
    expect(discovery.runs('tls.weak-cipher')).toBe(false);
    expect(discovery.runs('dicom.query-open')).toBe(false);
    expect(discovery.oneAssociation).toBe(true);
    const custom = selectionFrom(undefined, 'web.*');
    expect(custom.toJSON()).toEqual({ profile: 'custom', checks: CHECK_IDS.filter((id) => id.startsWith('web.')) });
    expect(custom.oneAssociation).toBe(false);
    expect(CheckSelection.fromData(custom.toJSON()).ids).toEqual(custom.ids);
    expect(() => selectionFrom('discovery', 'dicom.*')).toThrow('not both');
    expect(() => selectionFrom('quick', undefined)).toThrow('unknown profile "quick"');
  });

  it('is validated in scan:start: a known profile, a list that names checks, not both', () => {
    const base = { targets: ['127.0.0.1'], ports: null, calledAes: [], vantage: { label: 'lab', untrusted: false }, scanId: '2b1c8e3e-6f0a-4c64-9d8e-2b7a1c9f0e11' };
    expect(scanStartSchema.safeParse({ ...base, profile: 'discovery' }).success).toBe(true);
    expect(scanStartSchema.safeParse({ ...base, checks: ['dicom.*', 'web.detected'] }).success).toBe(true);
    expect(scanStartSchema.safeParse({ ...base, profile: 'fast' }).success).toBe(false);
    const unknown = scanStartSchema.safeParse({ ...base, checks: ['dicom.nope'] });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.message).toContain('unknown check "dicom.nope"');
    expect(scanStartSchema.safeParse({ ...base, profile: 'discovery', checks: ['dicom.*'] }).success).toBe(false);
    expect(scanStartSchema.safeParse({ ...base, ports: Array.from({ length: 8999 - 5000 + 1 }, (_, i) => 5000 + i) }).success).toBe(true);
  });
});
