import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../../electron/engine/dicom/fingerprint';
import { LAB_IMPLEMENTATION_CLASS_UID, LAB_IMPLEMENTATION_VERSION } from '../../../../electron/practice-lab/scp';

describe('fingerprint', () => {
  it.each([
    ['1.2.276.0.7230010.3.0.3.6.7', 'OFFIS_DCMTK_367', 'DCMTK', '3.6.7'],
    ['1.2.276.0.7230010.3.0.3.6.9', 'OFFIS_DCMTK_369', 'DCMTK', '3.6.9'],
    [undefined, 'OFFIS_DCMTK_3610', 'DCMTK', '3.6.10'],
    ['1.2.40.0.13.1.3', 'dcm4che-5.31.0', 'dcm4che', '5.31.0'],
    ['1.2.40.0.13.1.1', 'dcm4che-2.0', 'dcm4che', '2.0'],
    ['1.2.826.0.1.3680043.9.3811.2.0.2', 'PYNETDICOM_202', 'pynetdicom', '2.0.2'],
    [undefined, 'PYNETDICOM_170', 'pynetdicom', '1.7.0'],
    ['1.2.826.0.1.3680043.10.854', 'DCMJS-DIMSE-V0.2', 'dcmjs-dimse', '0.2'],
    ['1.3.6.1.4.1.30071.8', 'fo-dicom 5.1.2', 'fo-dicom', '5.1.2'],
    ['1.3.6.1.4.1.25403.1.1.1', 'Dicom 0.1', 'ClearCanvas', undefined],
    ['1.2.826.0.1.3680043.2.1143.107.104.103.115.3.0.10', 'GDCM 3.0.10', 'GDCM', '3.0.10'],
    ['1.2.826.0.1.3680043.10.786.1.1', 'GONETDICOM_1_1', 'go-netdicom', '1.1'],
    ['2.25.163470281773235896252038312773576535798', 'COLLIMATOR_LAB', 'Collimator practice lab', undefined],
  ])('%s / %s -> %s %s', (uid, vn, name, version) => {
    const fp = fingerprint(uid, vn);
    expect(fp.product.name).toBe(name);
    expect(fp.product.version).toBe(version);
    expect(fp.product.implementationClassUid).toBe(uid);
    expect(fp.product.implementationVersionName).toBe(vn);
  });

  it('says a DCMTK identity may be a product built on DCMTK (Orthanc answers as DCMTK)', () => {
    expect(fingerprint('1.2.276.0.7230010.3.0.3.6.7', 'OFFIS_DCMTK_367').note).toMatch(/Orthanc/);
  });

  it("recognises the practice lab's own identity (kept in step with electron/practice-lab/scp.ts)", () => {
    expect(fingerprint(LAB_IMPLEMENTATION_CLASS_UID, LAB_IMPLEMENTATION_VERSION).product.name).toBe('Collimator practice lab');
  });

  it('keeps raw values of an unknown implementation', () => {
    expect(fingerprint('1.2.3.4', 'ACME PACS 9')).toEqual({
      product: { name: 'unknown', implementationClassUid: '1.2.3.4', implementationVersionName: 'ACME PACS 9' },
    });
    expect(fingerprint(undefined, undefined)).toEqual({ product: { name: 'unknown' } });
  });

  it('does not match a UID that only shares a prefix of an exact rule', () => {
    expect(fingerprint('1.3.6.1.4.1.30071.89').product.name).toBe('unknown');
  });
});
