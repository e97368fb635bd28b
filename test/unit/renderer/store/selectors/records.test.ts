import { describe, expect, it } from 'vitest';
import type { RecordDraft, RecordListItem } from '../../../../../shared/records';
import {
  buildSignerSecret,
  buildSignoffRequest,
  chainStatus,
  draftOutcome,
  failingFindings,
  groupHex,
  newPassphraseProblem,
  outcomeOf,
  recordsOf,
  requestKey,
  shortFingerprint,
  stepsLine,
} from '../../../../../renderer/store/selectors/records';

const FP = 'ecca19847874042100a5972e500ea0b012e482888261f7b2c0ad2e15d4b877899'.slice(0, 64);

describe('fingerprints', () => {
  it('are written in groups of four, short or whole', () => {
    expect(shortFingerprint(FP)).toBe('ecca 1984 7874 0421 …');
    expect(groupHex(FP).split(' ')).toHaveLength(16);
    expect(groupHex(FP).replace(/ /g, '')).toBe(FP);
  });
});

describe('outcome', () => {
  it('says what the record proves', () => {
    expect(outcomeOf(true)).toEqual({ tone: 'ok', label: 'Verified fixed' });
    expect(outcomeOf(false)).toEqual({ tone: 'bad', label: 'Not verified fixed' });
    expect(outcomeOf(null)).toEqual({ tone: 'none', label: 'Never re-checked' });
    expect(draftOutcome({ verification: null })).toEqual(outcomeOf(null));
  });
});

describe('chainStatus', () => {
  it('is fine for the first record and for a good link, and names a broken one', () => {
    expect(chainStatus({ position: 1, problems: [] })).toMatchObject({ ok: true, message: expect.stringContaining('First record') as string });
    expect(chainStatus({ position: 4, problems: [] })).toEqual({ ok: true, message: 'Its signed link matches the hash of record 3.' });
    const broken = chainStatus({
      position: 4,
      problems: [
        { kind: 'signature', where: 'record 4, signature 1', message: 'does not hold' },
        { kind: 'chain', where: 'chain link into record 4', message: 'the signed previous hash is not the hash of the record before it' },
      ],
    });
    expect(broken).toEqual({ ok: false, message: 'the signed previous hash is not the hash of the record before it' });
  });
});

describe('what a record says', () => {
  const finding = (id: RecordDraft['before']['findings'][number]['id'], status: 'fail' | 'pass', severity: 'info' | 'medium' | 'high' | 'critical') => ({
    id, title: id, status, severity, summary: '', evidence: {}, attack: [],
  });

  it('lists failing findings above info, most severe first', () => {
    const draft = {
      before: {
        scanId: 's', at: '2025-01-01T00:00:00Z', vantage: { label: 'x', untrusted: false }, state: 'open' as const,
        findings: [finding('dicom.detected', 'fail', 'info'), finding('dicom.any-called-ae', 'fail', 'medium'), finding('dicom.plaintext', 'pass', 'high'), finding('dicom.query-open', 'fail', 'critical')],
      },
    };
    expect(failingFindings(draft).map((f) => f.id)).toEqual(['dicom.query-open', 'dicom.any-called-ae']);
  });

  it('says how many steps were done', () => {
    expect(stepsLine({ checklist: { steps: [], progress: { done: 3, total: 9 }, history: [] } })).toBe('3 of 9 checklist steps done');
    expect(stepsLine({ checklist: { steps: [{ id: 'a', text: null, done: true, by: 'x', at: '', note: '' }], progress: null, history: [] } })).toBe('1 checklist step recorded');
  });
});

describe('buildSignoffRequest', () => {
  const server = { host: '10.200.0.5', port: 104 };

  it('reviews without a signer, refuses a malformed one, trims the note, and names what it corrects only when asked', () => {
    expect(buildSignoffRequest(server, { operator: '', note: '', supersedes: '' })).toEqual({ ok: true, value: { host: '10.200.0.5', port: 104, note: '' } });
    expect(buildSignoffRequest(server, { operator: 'Ada', note: '', supersedes: '' })).toMatchObject({ ok: false, message: expect.stringContaining('Choose who signs') as string });
    expect(buildSignoffRequest(server, { operator: FP, note: '  done  ', supersedes: '' })).toEqual({ ok: true, value: { host: '10.200.0.5', port: 104, operator: FP, note: 'done' } });
    expect(buildSignoffRequest(server, { operator: FP, note: '', supersedes: 'abc' })).toMatchObject({ ok: true, value: { supersedes: 'abc' } });
    expect(buildSignoffRequest(server, { operator: FP, note: 'x'.repeat(2001), supersedes: '' })).toMatchObject({ ok: false });
  });

  it('gives a different review key for any change of what would be signed', () => {
    const a = { host: '10.200.0.5', port: 104, operator: FP, note: 'n' };
    expect(requestKey(a)).toBe(requestKey({ ...a }));
    expect(requestKey({ ...a, note: 'n2' })).not.toBe(requestKey(a));
    expect(requestKey({ ...a, supersedes: 'r1' })).not.toBe(requestKey(a));
    expect(requestKey({ ...a, port: 11112 })).not.toBe(requestKey(a));
    const { operator: _none, ...unsigned } = a;
    expect(requestKey(unsigned)).not.toBe(requestKey(a));
  });
});

describe('buildSignerSecret', () => {
  const file = { name: 'ada.key', text: '{}' };

  it('needs the passphrase, and the key file when the app does not hold the key', () => {
    expect(buildSignerSecret({ passphrase: '', keyFile: null }, false)).toMatchObject({ ok: false, message: expect.stringContaining('passphrase') as string });
    expect(buildSignerSecret({ passphrase: 'p', keyFile: null }, true)).toMatchObject({ ok: false, message: expect.stringContaining('key file') as string });
    expect(buildSignerSecret({ passphrase: 'p', keyFile: file }, false)).toEqual({ ok: true, value: { passphrase: 'p' } });
    expect(buildSignerSecret({ passphrase: 'p', keyFile: file }, true)).toEqual({ ok: true, value: { passphrase: 'p', keyFile: '{}' } });
  });
});

describe('newPassphraseProblem', () => {
  it('asks for 12+ characters, no outer spaces, typed the same twice', () => {
    expect(newPassphraseProblem('short', 'short')).toMatch(/at least 12/);
    expect(newPassphraseProblem(' twelve chars ok ', ' twelve chars ok ')).toMatch(/spaces/);
    expect(newPassphraseProblem('twelve chars ok', 'twelve chars ko')).toMatch(/differ/);
    expect(newPassphraseProblem('twelve chars ok', 'twelve chars ok')).toBeNull();
  });
});

describe('recordsOf', () => {
  it('keeps one server\'s records, newest first', () => {
    const row = (position: number, host: string, port: number) => ({ position, host, port, id: `r${position}` }) as RecordListItem;
    const list = [row(1, '10.200.0.5', 104), row(2, '10.200.0.6', 104), row(3, '10.200.0.5', 104), row(4, '10.200.0.5', 11112)];
    expect(recordsOf(list, { host: '10.200.0.5', port: 104 }).map((r) => r.id)).toEqual(['r3', 'r1']);
  });
});
