/** The practice servers' decisions, without a network. */
import { describe, expect, it } from 'vitest';
import {
  acceptsContext,
  decideAssociation,
  findStatus,
  getStatus,
  moveStatus,
  pickTransferSyntax,
  PRACTICE_PROFILES,
  sopKind,
  STATUS,
  type PracticeProfileKey,
  type ScpProfile,
} from '../../../electron/practice-lab/profiles';

function profile(key: PracticeProfileKey): ScpProfile {
  const p = PRACTICE_PROFILES.find((x) => x.key === key);
  if (!p) throw new Error(`no profile ${key}`);
  return p;
}

const VERIFICATION = '1.2.840.10008.1.1';
const STUDY_FIND = '1.2.840.10008.5.1.4.1.2.2.1';
const STUDY_MOVE = '1.2.840.10008.5.1.4.1.2.2.2';
const CT_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const WORKLIST = '1.2.840.10008.5.1.4.31';
const PRINT = '1.2.840.10008.5.1.1.9'; // Basic Grayscale Print Management Meta

describe('practice profiles', () => {
  it('have distinct AE titles and names, each with an expectation', () => {
    expect(new Set(PRACTICE_PROFILES.map((p) => p.aet)).size).toBe(PRACTICE_PROFILES.length);
    expect(new Set(PRACTICE_PROFILES.map((p) => p.name)).size).toBe(PRACTICE_PROFILES.length);
    for (const p of PRACTICE_PROFILES) {
      expect(p.aet).toMatch(/^[A-Z0-9_]{1,16}$/);
      expect(p.expected.length).toBeGreaterThan(10);
    }
  });

  it('open PACS accepts any calling and called AE', () => {
    expect(decideAssociation(profile('open-pacs'), 'CLM12345', 'NOSUCHAE')).toEqual({ accept: true });
  });

  it('locked-down PACS: wrong called AE 1/1/7 first, then unknown caller 1/1/3, registered peer accepted', () => {
    const p = profile('locked-pacs');
    expect(decideAssociation(p, 'CLM12345', 'WRONG')).toMatchObject({ accept: false, result: 1, source: 1, reason: 7 });
    expect(decideAssociation(p, 'CLM12345', 'SECUREPACS')).toMatchObject({ accept: false, result: 1, source: 1, reason: 3 });
    expect(decideAssociation(p, 'MODALITY1', 'WRONG')).toMatchObject({ accept: false, reason: 7 });
    expect(decideAssociation(p, 'MODALITY1 ', ' SECUREPACS ')).toEqual({ accept: true });
    // AE titles are case-sensitive in DICOM.
    expect(decideAssociation(p, 'modality1', 'SECUREPACS')).toMatchObject({ accept: false, reason: 3 });
  });

  it('called-AE-strict archive checks only the called AE', () => {
    const p = profile('called-ae-archive');
    expect(decideAssociation(p, 'ANYONE', 'ARCHIVE')).toEqual({ accept: true });
    expect(decideAssociation(p, 'ANYONE', 'PACS')).toMatchObject({ accept: false, reason: 7 });
  });

  it('classifies SOP classes', () => {
    expect(sopKind(VERIFICATION)).toBe('verification');
    expect(sopKind(STUDY_FIND)).toBe('query-retrieve');
    expect(sopKind(WORKLIST)).toBe('query-retrieve');
    expect(sopKind(CT_STORAGE)).toBe('storage');
    expect(sopKind(PRINT)).toBe('other');
    expect(sopKind('1.2.840.10008.1.10')).toBe('other'); // not a prefix match of Verification
  });

  it('accepts contexts by profile', () => {
    const open = profile('open-pacs');
    const ct = profile('modality-storage');
    const archive = profile('called-ae-archive');
    expect([VERIFICATION, STUDY_FIND, STUDY_MOVE, CT_STORAGE].every((s) => acceptsContext(open, s))).toBe(true);
    expect(acceptsContext(open, PRINT)).toBe(false);
    expect(acceptsContext(ct, CT_STORAGE)).toBe(true);
    expect(acceptsContext(ct, STUDY_FIND)).toBe(false);
    expect(acceptsContext(archive, STUDY_FIND)).toBe(true);
    expect(acceptsContext(archive, CT_STORAGE)).toBe(false);
  });

  it('picks an uncompressed transfer syntax whatever the order proposed', () => {
    expect(pickTransferSyntax(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2'])).toBe('1.2.840.10008.1.2');
    expect(pickTransferSyntax(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1'])).toBe('1.2.840.10008.1.2.1');
    expect(pickTransferSyntax(['1.2.840.10008.1.2.4.50'])).toBeUndefined();
  });

  it('answers queries as processed (no match) or refused', () => {
    const open = profile('open-pacs');
    const archive = profile('called-ae-archive');
    expect(findStatus(open)).toBe(STATUS.success);
    expect(moveStatus(open)).toBe(0xa801);
    expect(getStatus(open)).toBe(0xc000);
    for (const s of [findStatus(archive), moveStatus(archive), getStatus(archive)]) expect(s).toBe(0x0124);
  });
});
