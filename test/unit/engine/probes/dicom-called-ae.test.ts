import { describe, expect, it } from 'vitest';
import { judgeCalledAe } from '../../../../electron/engine/probes/dicom-called-ae';
import { acRecord, failedRecord, ident, rjRecord } from './dicom-fixtures';

describe('judgeCalledAe', () => {
  it('fails when the random called AE was accepted', () => {
    const [r] = judgeCalledAe(ident([acRecord('CLMRANDOM', 'random')]));
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBe('medium');
    expect(r?.evidence).toMatchObject({ calledAe: 'CLMRANDOM', calledAeSource: 'random', callingAe: 'CLMTESTCALLER' });
  });

  it('passes on 1/1/7 with the reason in words', () => {
    const [r] = judgeCalledAe(ident([acRecord('PACS', 'user'), rjRecord('CLMRANDOM', 'random', 1, 1, 7)]));
    expect(r?.status).toBe('pass');
    expect(r?.summary).toContain('called AE title not recognized (1/1/7)');
    expect(r?.evidence.reject).toMatchObject({ reason: 'called-ae-title-not-recognized', codes: { result: 1, source: 1, reason: 7 } });
  });

  it('passes on another permanent rejection, saying what was and was not seen', () => {
    const [r3] = judgeCalledAe(ident([rjRecord('CLMRANDOM', 'random', 1, 1, 3)]));
    expect(r3?.status).toBe('pass');
    expect(r3?.summary).toContain('refused the unknown calling AE first');
    const [r1] = judgeCalledAe(ident([rjRecord('CLMRANDOM', 'random', 1, 2, 2)]));
    expect(r1?.status).toBe('pass');
    expect(r1?.summary).toContain('protocol version not supported');
  });

  it('is inconclusive on a transient rejection, a timeout, or no random attempt', () => {
    expect(judgeCalledAe(ident([rjRecord('CLMRANDOM', 'random', 2, 3, 2)]))[0]?.status).toBe('inconclusive');
    expect(judgeCalledAe(ident([failedRecord('CLMRANDOM', 'random', 'io-timeout', 'no answer')]))[0]?.status).toBe('inconclusive');
    const [none] = judgeCalledAe(ident([rjRecord('PACS', 'user', 2, 1, 1)]));
    expect(none?.status).toBe('inconclusive');
    expect(none?.summary).toContain('stopped after');
  });
});
