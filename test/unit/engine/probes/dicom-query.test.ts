import { describe, expect, it } from 'vitest';
import type { DimseAnswer } from '../../../../electron/engine/dicom/dimse';
import { accessGate } from '../../../../electron/engine/dicom/gate';
import { STUDY_ROOT_FIND } from '../../../../electron/engine/dicom/uids';
import { judgeQuery, type QueryObservation } from '../../../../electron/engine/probes/dicom-query';
import { acRecord, failedRecord, ident, rjRecord } from './dicom-fixtures';

const open = acRecord('CLMRANDOM', 'random');
const accepted = accessGate(ident([open]));
const PID = 'CLM-00000000-1111-4222-8333-444455556666';

function answered(a: Partial<DimseAnswer>): QueryObservation {
  return {
    gate: accepted,
    identifyFindContext: 'accepted',
    association: acRecord('CLMRANDOM', 'random'),
    patientId: PID,
    answer: { outcome: 'success', detail: '', pendingResponses: 0, identifiersReturned: 0, ...a },
  };
}

describe('judgeQuery', () => {
  it('fails on Success with zero matches, with the query that was sent as evidence', () => {
    const [r] = judgeQuery(answered({ status: 0, statusText: '0x0000 Success' }));
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBe('critical');
    expect(r?.evidence.query).toEqual({ model: 'Study Root', level: 'STUDY', patientId: PID, returnKeys: ['StudyInstanceUID'] });
  });

  it('fails when identifiers came back, and reports only their count', () => {
    const [r] = judgeQuery(answered({ status: 0xff00, pendingResponses: 1, identifiersReturned: 1, abortedByUs: true }));
    expect(r?.status).toBe('fail');
    expect(r?.summary).toContain('returned 1 identifier');
  });

  it('passes on an A-ABORT answer (Orthanc) and on Refused statuses', () => {
    expect(judgeQuery(answered({ outcome: 'association-aborted' }))[0]?.status).toBe('pass');
    expect(judgeQuery(answered({ status: 0x0124, statusText: '0x0124 Refused: Not Authorized' }))[0]?.status).toBe('pass');
    expect(judgeQuery(answered({ status: 0x0122 }))[0]?.status).toBe('pass');
  });

  it('is inconclusive on a processing failure or no answer', () => {
    expect(judgeQuery(answered({ status: 0xc000, statusText: '0xC000 Failed: Unable to process' }))[0]?.status).toBe('inconclusive');
    expect(judgeQuery(answered({ outcome: 'io-timeout', detail: 'no answer' }))[0]?.status).toBe('inconclusive');
    expect(judgeQuery(answered({ outcome: 'connection-closed', detail: 'closed' }))[0]?.status).toBe('inconclusive');
  });

  it('passes without traffic when identification saw the FIND context rejected', () => {
    const gate = accessGate(ident([acRecord('X', 'random', (uid) => (uid === STUDY_ROOT_FIND ? 'abstract-syntax-not-supported' : 'accepted'))]));
    const [r] = judgeQuery({ gate, identifyFindContext: 'abstract-syntax-not-supported' });
    expect(r?.status).toBe('pass');
    expect(r?.summary).toContain('abstract-syntax-not-supported');
  });

  it('follows the gate: refused caller passes, undetermined is inconclusive', () => {
    expect(judgeQuery({ gate: accessGate(ident([rjRecord('ORTHANC', 'guess', 1, 1, 3)])) })[0]?.status).toBe('pass');
    expect(judgeQuery({ gate: accessGate(ident([rjRecord('CLMR', 'random', 1, 1, 7)])) })[0]?.status).toBe('inconclusive');
  });

  it('judges the query association itself: permanent rejection passes, transient or failure is inconclusive', () => {
    const base = { gate: accepted, identifyFindContext: 'accepted' as const };
    expect(judgeQuery({ ...base, association: rjRecord('X', 'random', 1, 1, 3) })[0]?.status).toBe('pass');
    expect(judgeQuery({ ...base, association: rjRecord('X', 'random', 2, 3, 2) })[0]?.status).toBe('inconclusive');
    expect(judgeQuery({ ...base, association: failedRecord('X', 'random', 'connection-reset', 'reset') })[0]?.status).toBe('inconclusive');
    const noFind = acRecord('X', 'random', () => 'user-rejection');
    expect(judgeQuery({ ...base, association: noFind })[0]?.status).toBe('pass');
  });
});
