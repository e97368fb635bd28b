import { describe, expect, it } from 'vitest';
import { judgeCallingAe } from '../../../../electron/engine/probes/dicom-calling-ae';
import { acRecord, failedRecord, ident, rjRecord } from './dicom-fixtures';

describe('judgeCallingAe', () => {
  it('fails when any called AE accepted the unknown caller, naming the title and its source', () => {
    const [r] = judgeCallingAe(ident([rjRecord('CLMRANDOM', 'random', 1, 1, 7), acRecord('ORTHANC', 'guess')]));
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBe('high');
    expect(r?.attack).toEqual(['T1133', 'T1213']);
    expect(r?.evidence).toMatchObject({ callingAe: 'CLMTESTCALLER', calledAe: 'ORTHANC', calledAeSource: 'guess' });
    expect(r?.summary).toContain('a well-known title');
    expect((r?.evidence.accepted as { contextsAccepted: string[] }).contextsAccepted).toContain('CT Image Storage');
  });

  it('prefers the user title over a random one as the accepted evidence', () => {
    const [r] = judgeCallingAe(ident([acRecord('PACS1', 'user'), acRecord('CLMRANDOM', 'random')]));
    expect(r?.evidence).toMatchObject({ calledAe: 'PACS1', calledAeSource: 'user' });
  });

  it('passes on 1/1/3 and keeps the decoded rejection', () => {
    const [r] = judgeCallingAe(ident([rjRecord('CLMRANDOM', 'random', 1, 1, 7), rjRecord('ORTHANC', 'guess', 1, 1, 3)]));
    expect(r?.status).toBe('pass');
    expect(r?.evidence.reject).toMatchObject({ result: 'rejected-permanent', source: 'service-user', reason: 'calling-ae-title-not-recognized' });
    expect(r?.summary).toContain('calling AE title not recognized (1/1/3)');
  });

  it('passes on a permanent rejection of a title the user gave (dcmqrscp answers 1/1/7 to unknown callers)', () => {
    const [r] = judgeCallingAe(ident([rjRecord('SECURE', 'user', 1, 1, 7), rjRecord('CLMRANDOM', 'random', 1, 1, 7)]));
    expect(r?.status).toBe('pass');
    expect(r?.summary).toContain('comes from the user');
  });

  it('is inconclusive when no guessed called AE was accepted (1/1/7 everywhere)', () => {
    const [r] = judgeCallingAe(ident(['CLMRANDOM', 'ANY-SCP', 'ORTHANC'].map((ae, i) => rjRecord(ae, i ? 'guess' : 'random', 1, 1, 7))));
    expect(r?.status).toBe('inconclusive');
    expect(r?.summary).toContain('--called-ae');
  });

  it('is inconclusive, never pass, on transient rejections and limits', () => {
    for (const [res, src, why] of [
      [2, 1, 3],
      [2, 3, 1],
      [1, 3, 2],
    ] as const) {
      const [r] = judgeCallingAe(ident([rjRecord('PACS', 'user', res, src, why)]));
      expect(r?.status).toBe('inconclusive');
    }
  });

  it('is inconclusive when the server went silent', () => {
    const [r] = judgeCallingAe(ident([rjRecord('CLMRANDOM', 'random', 1, 1, 7), failedRecord('ANY-SCP', 'guess', 'io-timeout', 'no answer within 1000 ms')]));
    expect(r?.status).toBe('inconclusive');
    expect(r?.summary).toContain('no answer');
  });

  it('treats a non-specific permanent rejection of a guessed title as unknown, not pass', () => {
    const [r] = judgeCallingAe(ident([rjRecord('CLMRANDOM', 'random', 1, 1, 1), rjRecord('ANY-SCP', 'guess', 1, 1, 1)]));
    expect(r?.status).toBe('inconclusive');
  });
});
