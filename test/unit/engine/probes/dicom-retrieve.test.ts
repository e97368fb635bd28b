import { describe, expect, it } from 'vitest';
import type { DimseAnswer } from '../../../../electron/engine/dicom/dimse';
import { accessGate } from '../../../../electron/engine/dicom/gate';
import { judgeRetrieve, opVerdict, type RetrieveObservation } from '../../../../electron/engine/probes/dicom-retrieve';
import { acRecord, ident, rjRecord } from './dicom-fixtures';

const gate = accessGate(ident([acRecord('CLMRANDOM', 'random')]));
const ans = (a: Partial<DimseAnswer>): DimseAnswer => ({ outcome: 'success', detail: '', pendingResponses: 0, identifiersReturned: 0, ...a });
const aborted = ans({ outcome: 'association-aborted' });

function obs(get: RetrieveObservation['get'], move: RetrieveObservation['move']): RetrieveObservation {
  return { gate, studyInstanceUid: '2.25.1', moveDestination: 'CLMTESTCALLER', associations: [acRecord('CLMRANDOM', 'random')], get, move };
}

describe('opVerdict', () => {
  it.each([
    [{ op: 'C-GET' as const, contextResult: 'accepted' as const, answer: ans({ status: 0x0000 }) }, 'processed'],
    [{ op: 'C-GET' as const, contextResult: 'accepted' as const, answer: ans({ status: 0xff00 }) }, 'processed'],
    [{ op: 'C-GET' as const, contextResult: 'accepted' as const, answer: ans({ status: 0xb000 }) }, 'processed'],
    [{ op: 'C-MOVE' as const, contextResult: 'accepted' as const, answer: ans({ status: 0xa801 }) }, 'processed'],
    [{ op: 'C-GET' as const, contextResult: 'accepted' as const, answer: ans({ status: 0xc000 }) }, 'processed'],
    [{ op: 'C-GET' as const, contextResult: 'accepted' as const, answer: ans({ status: 0x0124 }) }, 'refused'],
    [{ op: 'C-GET' as const, contextResult: 'accepted' as const, answer: aborted }, 'refused'],
    [{ op: 'C-GET' as const, contextResult: 'abstract-syntax-not-supported' as const }, 'refused'],
    [{ op: 'C-GET' as const, contextResult: 'accepted' as const, answer: ans({ outcome: 'io-timeout' }) }, 'unknown'],
    [{ op: 'C-GET' as const, contextResult: 'accepted' as const }, 'unknown'],
  ])('%j -> %s', (op, verdict) => {
    expect(opVerdict(op).verdict).toBe(verdict);
  });
});

describe('judgeRetrieve', () => {
  it('fails when either request was processed, even with a failure status (Orthanc: Unable to Process)', () => {
    const [r] = judgeRetrieve(obs({ op: 'C-GET', contextResult: 'accepted', answer: aborted }, { op: 'C-MOVE', contextResult: 'accepted', answer: ans({ status: 0xa801, statusText: '0xA801 Refused: Move destination unknown' }) }));
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBe('critical');
    expect(r?.summary).toContain('Move destination unknown');
    expect(r?.evidence.retrieve).toEqual({ model: 'Study Root', level: 'STUDY', studyInstanceUid: '2.25.1', moveDestination: 'CLMTESTCALLER' });
  });

  it('passes only when both are refused', () => {
    expect(judgeRetrieve(obs({ op: 'C-GET', contextResult: 'accepted', answer: aborted }, { op: 'C-MOVE', contextResult: 'accepted', answer: aborted }))[0]?.status).toBe('pass');
    expect(judgeRetrieve(obs({ op: 'C-GET', contextResult: 'accepted', answer: ans({ status: 0x0124 }) }, { op: 'C-MOVE', contextResult: 'no-reason' }))[0]?.status).toBe('pass');
    expect(judgeRetrieve(obs({ op: 'C-GET', contextResult: 'accepted', answer: aborted }, { op: 'C-MOVE', contextResult: 'accepted', answer: ans({ outcome: 'io-timeout', detail: 'no answer' }) }))[0]?.status).toBe('inconclusive');
  });

  it('follows the gate, and a permanently rejected retrieve association passes', () => {
    expect(judgeRetrieve({ ...obs({ op: 'C-GET' }, { op: 'C-MOVE' }), gate: accessGate(ident([rjRecord('ORTHANC', 'guess', 1, 1, 3)])) })[0]?.status).toBe('pass');
    expect(judgeRetrieve({ ...obs({ op: 'C-GET' }, { op: 'C-MOVE' }), gate: accessGate(ident([rjRecord('R', 'random', 2, 1, 1)])) })[0]?.status).toBe('inconclusive');
    const rejected = { ...obs({ op: 'C-GET', contextResult: 'accepted' }, { op: 'C-MOVE', contextResult: 'accepted' }), associations: [rjRecord('X', 'random', 1, 1, 3)] };
    expect(judgeRetrieve(rejected)[0]?.status).toBe('pass');
    const transient = { ...rejected, associations: [rjRecord('X', 'random', 2, 3, 1)] };
    expect(judgeRetrieve(transient)[0]?.status).toBe('inconclusive');
  });
});
