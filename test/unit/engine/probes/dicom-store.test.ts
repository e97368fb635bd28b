import { describe, expect, it } from 'vitest';
import { judgeStore } from '../../../../electron/engine/probes/dicom-store';
import { CT_IMAGE_STORAGE } from '../../../../electron/engine/dicom/uids';
import { STORAGE_CLASSES } from '../../../../electron/engine/dicom/identification';
import { acRecord, ident, rjRecord } from './dicom-fixtures';

describe('judgeStore', () => {
  it('fails when a Storage context was accepted, and says it was negotiated only', () => {
    const [r] = judgeStore(ident([acRecord('CLMRANDOM', 'random', (uid) => (uid === CT_IMAGE_STORAGE ? 'accepted' : 'abstract-syntax-not-supported'))]));
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBe('high');
    expect(r?.attack).toEqual(['T1565.001']);
    expect(r?.evidence.storageContextsAccepted).toEqual(['CT Image Storage']);
    expect(String(r?.evidence.note)).toContain('no C-STORE was sent');
    expect(r?.summary).toContain('negotiated only');
  });

  it('passes when every Storage context is rejected although the association is accepted', () => {
    const [r] = judgeStore(ident([acRecord('ANY-SCP', 'guess', (uid) => ((STORAGE_CLASSES as readonly string[]).includes(uid) ? 'abstract-syntax-not-supported' : 'accepted'))]));
    expect(r?.status).toBe('pass');
    expect(r?.evidence.storageContextsAccepted).toEqual([]);
  });

  it('passes when the unknown caller cannot associate; inconclusive when that is not known', () => {
    expect(judgeStore(ident([rjRecord('ORTHANC', 'guess', 1, 1, 3)]))[0]?.status).toBe('pass');
    expect(judgeStore(ident([rjRecord('CLMRANDOM', 'random', 1, 1, 7)]))[0]?.status).toBe('inconclusive');
    expect(judgeStore(ident([rjRecord('PACS', 'user', 2, 3, 1)]))[0]?.status).toBe('inconclusive');
  });
});
