import { describe, expect, it } from 'vitest';
import { isValidAeTitle, knownCalledAes, MAX_KNOWN_TITLES, nonMatchingPatientId, nonMatchingStudyUid, randomAeTitle } from '../../../../electron/engine/dicom/ae';

describe('AE titles', () => {
  it('validates the AE VR', () => {
    expect(isValidAeTitle('ORTHANC')).toBe(true);
    expect(isValidAeTitle('ANY-SCP')).toBe(true);
    expect(isValidAeTitle('A'.repeat(16))).toBe(true);
    expect(isValidAeTitle('A'.repeat(17))).toBe(false);
    expect(isValidAeTitle('')).toBe(false);
    expect(isValidAeTitle('   ')).toBe(false);
    expect(isValidAeTitle('BAD\\AE')).toBe(false);
    expect(isValidAeTitle('TAB\tAE')).toBe(false);
    expect(isValidAeTitle('ÄE')).toBe(false);
  });

  it('makes random titles that are valid and differ', () => {
    const a = randomAeTitle();
    expect(a).toMatch(/^CLM[0-9A-F]{12}$/);
    expect(isValidAeTitle(a)).toBe(true);
    expect(randomAeTitle()).not.toBe(a);
  });

  it('makes keys that cannot match: a CLM- PatientID and a 2.25 UID within 64 characters', () => {
    expect(nonMatchingPatientId()).toMatch(/^CLM-[0-9a-f-]{36}$/);
    const uid = nonMatchingStudyUid();
    expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(uid.length).toBeLessThanOrEqual(64);
  });
});

describe('knownCalledAes', () => {
  const inventory = [
    { aeTitle: 'PACS_MAIN', host: '10.200.1.2', port: 104, role: 'archive', description: '' },
    { aeTitle: 'CT1', host: '10.200.1.3', port: 104, role: 'modality', description: '' },
    { aeTitle: 'PACS_ALT', host: '10.200.1.2', port: 104, role: 'archive', description: '' },
    { aeTitle: 'PACS_OTHERPORT', host: '10.200.1.2', port: 11112, role: 'archive', description: '' },
  ];

  it('puts the user title first, then inventory rows of the same host:port, without duplicates', () => {
    const k = knownCalledAes({ host: '10.200.1.2', port: 104 }, { calledAes: new Map([['10.200.1.2:104', 'PACS_USER']]), inventory });
    expect(k).toEqual([
      { ae: 'PACS_USER', source: 'user' },
      { ae: 'PACS_MAIN', source: 'inventory' },
      { ae: 'PACS_ALT', source: 'inventory' },
    ]);
    const dup = knownCalledAes({ host: '10.200.1.2', port: 104 }, { calledAes: new Map([['10.200.1.2:104', 'PACS_MAIN']]), inventory });
    expect(dup.map((d) => d.source)).toEqual(['user', 'inventory']);
  });

  it('accepts bracketed IPv6 keys and drops invalid titles', () => {
    expect(knownCalledAes({ host: '::1', port: 104 }, { calledAes: new Map([['[::1]:104', 'V6AE']]), inventory: [] })).toEqual([{ ae: 'V6AE', source: 'user' }]);
    expect(knownCalledAes({ host: '::1', port: 104 }, { calledAes: new Map([['::1:104', 'X'.repeat(20)]]), inventory: [] })).toEqual([]);
  });

  it('caps the number of titles tried', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ aeTitle: `AE${i}`, host: 'h', port: 1, role: '', description: '' }));
    expect(knownCalledAes({ host: 'h', port: 1 }, { calledAes: new Map(), inventory: many })).toHaveLength(MAX_KNOWN_TITLES);
  });
});
