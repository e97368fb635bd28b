import { describe, expect, it } from 'vitest';
import { judgeDetected } from '../../../../electron/engine/probes/dicom-detected';
import { judgePlaintext } from '../../../../electron/engine/probes/dicom-plaintext';
import { acRecord, ident, rjRecord, service } from './dicom-fixtures';

describe('judgeDetected', () => {
  it('records the implementation identity and the product as evidence (info, always fail)', () => {
    const id = ident([acRecord('X', 'random')], {
      implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7',
      implementationVersionName: 'OFFIS_DCMTK_367',
      maxPduLength: 16384,
      product: { name: 'DCMTK', version: '3.6.7' },
      productNote: 'DCMTK or a product built on it',
    });
    const [r] = judgeDetected({ identification: id }, service('dicom', id));
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBe('info');
    expect(r?.evidence).toMatchObject({
      implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7',
      implementationVersionName: 'OFFIS_DCMTK_367',
      maxPduLength: 16384,
      product: 'DCMTK',
      version: '3.6.7',
      answeredWith: 'A-ASSOCIATE-AC',
    });
    expect(r?.summary).toContain('DCMTK 3.6.7');
  });

  it('says a server that rejected everything did not disclose its product', () => {
    const id = ident([rjRecord('ORTHANC', 'guess', 1, 1, 3)]);
    const [r] = judgeDetected({ identification: id }, service('dicom', id));
    expect(r?.status).toBe('fail');
    expect(r?.evidence.answeredWith).toBe('A-ASSOCIATE-RJ only');
    expect(r?.evidence.product).toBeUndefined();
  });
});

describe('judgePlaintext', () => {
  it('fails on plain DICOM and passes inside TLS', () => {
    expect(judgePlaintext({ protocol: 'dicom' })[0]).toMatchObject({ id: 'dicom.plaintext', status: 'fail', severity: 'high' });
    expect(judgePlaintext({ protocol: 'dicom-tls' })[0]).toMatchObject({ id: 'dicom.plaintext', status: 'pass' });
  });
});
