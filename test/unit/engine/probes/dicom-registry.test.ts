import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../../shared/catalog';
import { PROBES } from '../../../../electron/engine/probes/index';
import { service } from './dicom-fixtures';

describe('DICOM probes in the registry', () => {
  const dicomProbes = PROBES.filter((p) => p.meta.id.startsWith('dicom-'));

  it('decide every DICOM check except the host-level TLS downgrade, each exactly once', () => {
    const decided = dicomProbes.flatMap((p) => p.meta.checks);
    const expected = Object.values(CATALOG)
      .filter((c) => c.family === 'dicom' && c.id !== 'dicom.tls-downgrade')
      .map((c) => c.id);
    expect([...decided].sort()).toEqual([...expected].sort());
  });

  it('are all safe and apply to dicom and dicom-tls services only', () => {
    for (const p of dicomProbes) {
      expect(p.meta.safety).toBe('safe');
      expect(p.applies(service('dicom'), {} as never)).toBe(true);
      expect(p.applies(service('dicom-tls'), {} as never)).toBe(true);
      expect(p.applies(service('http'), {} as never)).toBe(false);
      expect(p.applies(service('unknown'), {} as never)).toBe(false);
    }
  });
});
