import { describe, expect, it } from 'vitest';
import { ATTACK_TECHNIQUES } from '../../../../../shared/catalog';
import { ATTACK_DESCRIPTIONS } from '../../../../../shared/attack';
import {
  checkTitle,
  evidenceGroups,
  formatValue,
  humanizeKey,
  orderChecks,
  statusCounts,
  techniquesOf,
} from '../../../../../renderer/store/selectors/checks';
import { check } from './fixtures';

describe('orderChecks', () => {
  it('shows fails first (most severe first), then inconclusive, pass, skipped, not applicable', () => {
    const ordered = orderChecks([
      check('dicom.plaintext', 'pass', 'high'),
      check('tls.legacy-protocol', 'not-applicable', 'high'),
      check('dicom.detected', 'fail', 'info'),
      check('dicom.query-open', 'inconclusive', 'critical'),
      check('dicom.any-called-ae', 'fail', 'medium'),
      check('web.default-credentials', 'skipped', 'critical'),
      check('dicom.retrieve-open', 'fail', 'critical'),
    ]);
    expect(ordered.map((c) => c.id)).toEqual([
      'dicom.retrieve-open',
      'dicom.any-called-ae',
      'dicom.detected',
      'dicom.query-open',
      'dicom.plaintext',
      'web.default-credentials',
      'tls.legacy-protocol',
    ]);
  });

  it('keeps catalog order inside a group', () => {
    const ordered = orderChecks([check('dicom.plaintext', 'pass', 'high'), check('dicom.any-calling-ae', 'pass', 'high')]);
    expect(ordered.map((c) => c.id)).toEqual(['dicom.any-calling-ae', 'dicom.plaintext']);
  });

  it('counts statuses', () => {
    expect(statusCounts([check('dicom.plaintext', 'pass', 'high'), check('dicom.detected', 'fail', 'info')])).toEqual({
      fail: 0, pass: 1, inconclusive: 0, 'not-applicable': 0, skipped: 0, noted: 1,
    });
    // The fail count is the failing checks above info: what the Server screen's heading says.
    expect(statusCounts([check('dicom.plaintext', 'fail', 'high'), check('dicom.detected', 'fail', 'info')]).fail).toBe(1);
  });
});

describe('titles and techniques', () => {
  it('uses the catalog title, and the raw id for an unknown check', () => {
    expect(checkTitle('dicom.any-calling-ae')).toBe('Accepts any calling AE title');
    expect(checkTitle('dicom.future-check')).toBe('dicom.future-check');
  });

  it('names ATT&CK techniques from the catalog', () => {
    const c = { ...check('dicom.any-calling-ae', 'fail', 'high'), attack: ['T1133', 'T1213'] as ('T1133' | 'T1213')[] };
    expect(techniquesOf(c).map(({ id, name }) => ({ id, name }))).toEqual([
      { id: 'T1133', name: ATTACK_TECHNIQUES.T1133 },
      { id: 'T1213', name: 'Data from Information Repositories' },
    ]);
  });
});

describe('evidence in words', () => {
  it('turns field names into labels, acronyms in capitals', () => {
    expect(humanizeKey('maxPduLength')).toBe('Maximum PDU length (bytes)');
    expect(humanizeKey('callingAe')).toBe('Calling AE title used');
    expect(humanizeKey('implementationClassUid')).toBe('Implementation class UID');
    expect(humanizeKey('sha256Fingerprint')).toBe('SHA256 fingerprint');
    expect(humanizeKey('rejection_reason')).toBe('Rejection reason');
    expect(humanizeKey('tlsVersionsAccepted')).toBe('TLS versions accepted');
  });

  it('formats values as words', () => {
    expect(formatValue(true)).toBe('yes');
    expect(formatValue(false)).toBe('no');
    expect(formatValue(['TLSv1', 'TLSv1.1'])).toBe('TLSv1, TLSv1.1');
    expect(formatValue([])).toBe('none');
    expect(formatValue(null)).toBe('none');
    expect(formatValue({})).toBe('none');
    expect(formatValue({ dicom: {} })).toBe('DICOM: none');
    expect(formatValue([{ abstractSyntax: 'CT Image Storage', result: 'accepted' }, { abstractSyntax: 'MR', result: 'rejected' }]))
      .toBe('abstract syntax: CT Image Storage, result: accepted; abstract syntax: MR, result: rejected');
  });

  it('groups nested objects under their own heading, plain fields first', () => {
    expect(evidenceGroups({
      association: { callingAe: 'CLM1234', calledAe: 'SECUREPACS', pduLimit: { max: 16384 } },
      protocol: 'dicom',
      rejection: { result: 'rejected-permanent', reason: 'calling AE title not recognized' },
      empty: {},
      undefinedField: undefined,
    })).toEqual([
      { title: null, entries: [{ label: 'Protocol', value: 'dicom' }] },
      {
        title: 'Association',
        entries: [
          { label: 'Calling AE title used', value: 'CLM1234' },
          { label: 'Called AE title used', value: 'SECUREPACS' },
          { label: 'PDU limit', value: 'max: 16384' },
        ],
      },
      { title: 'Rejection', entries: [{ label: 'Result', value: 'rejected-permanent' }, { label: 'Reason', value: 'calling AE title not recognized' }] },
    ]);
    expect(evidenceGroups(undefined)).toEqual([]);
    const [records] = evidenceGroups({ attempts: [{ calledAe: 'A', outcome: 'rejected' }, { calledAe: 'B', port: 104 }] });
    expect(records?.entries[0]?.table).toEqual({
      columns: ['Called AE title used', 'Outcome', 'Port'],
      rows: [['A', 'rejected', '—'], ['B', '—', '104']],
    });
    expect(formatValue({ maxPduLength: 1, callingAe: 'X' })).toBe('maximum PDU length (bytes): 1, calling AE title used: X');
  });
});

describe('association attempts as a table', () => {
  const rejected = {
    callingAe: 'CLM1234', calledAe: 'ANY-SCP', calledAeSource: 'guess', outcome: 'association-rejected', detail: 'rejected',
    reject: { result: 'rejected-permanent', source: 'service-user', reason: 'calling-ae-not-recognized', text: 'calling AE title not recognized' },
    contextsProposed: ['Verification'],
  };
  const accepted = { callingAe: 'CLM1234', calledAe: 'ORTHANC', calledAeSource: 'user', outcome: 'success', detail: 'association accepted', contextsProposed: ['Verification'] };

  it('gives one row per attempt: calling AE, called AE, result, reason', () => {
    const groups = evidenceGroups({ attempts: [rejected, accepted], accepted });
    expect(groups).toHaveLength(1);
    const [attempts, single] = groups[0]!.entries;
    expect(attempts?.label).toBe('Attempts');
    expect(attempts?.table).toEqual({
      columns: ['Calling AE title', 'Called AE title', 'Result', 'Reason'],
      rows: [
        ['CLM1234', 'ANY-SCP', 'Rejected', 'calling AE title not recognized'],
        ['CLM1234', 'ORTHANC', 'Accepted', 'association accepted'],
      ],
    });
    // A single attempt (the accepted one) is a one-row table too, not a group of lines.
    expect(single?.table?.rows).toEqual([['CLM1234', 'ORTHANC', 'Accepted', 'association accepted']]);
  });

  it('reads an abort and an unknown outcome in words', () => {
    const t = evidenceGroups({ attempts: [{ callingAe: 'X', calledAe: 'Y', outcome: 'association-aborted', abort: { text: 'peer aborted' } }, { callingAe: 'X', calledAe: 'Y', outcome: 'timeout' }] })[0]?.entries[0]?.table;
    expect(t?.rows).toEqual([['X', 'Y', 'Aborted', 'peer aborted'], ['X', 'Y', 'Timeout', '—']]);
  });
});

describe('ATT&CK techniques carry MITRE\'s description and page', () => {
  it('has a description and its attack.mitre.org address for every technique the catalog names', () => {
    const c = { ...check('dicom.store-open', 'fail', 'high'), attack: ['T1565.001'] as 'T1565.001'[] };
    const [t] = techniquesOf(c);
    expect(t?.description).toMatch(/^Adversaries may insert, delete, or manipulate data at rest/);
    expect(t?.url).toBe('https://attack.mitre.org/techniques/T1565/001');
    for (const id of Object.keys(ATTACK_TECHNIQUES) as (keyof typeof ATTACK_TECHNIQUES)[]) {
      const info = ATTACK_DESCRIPTIONS[id];
      expect(info.id).toBe(id);
      expect(info.description.length, id).toBeGreaterThan(80);
      expect(info.description, id).not.toMatch(/\(Citation:|\]\(/);
      expect(info.url).toBe(`https://attack.mitre.org/techniques/${id.replace('.', '/')}`);
    }
  });

  it('says so for an id this build does not know, with no description', () => {
    const [t] = techniquesOf({ attack: ['T9999'] as never[] });
    expect(t).toEqual({ id: 'T9999', name: 'Technique not in this version of the catalog' });
  });
});
