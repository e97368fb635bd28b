/**
 * The follow-up of a discovery scan (issue 16): its scope is what the discovery found,
 * within the scan's own scope, the full catalog, the same vantage; it goes through the
 * form's usual request builder (the engine then judges the scope).
 */
import { describe, expect, it } from 'vitest';
import type { ScanReport, ServiceResult } from '../../../../../shared/types';
import { followUpOf } from '../../../../../renderer/store/selectors/follow-up';
import { buildScanRequest, EMPTY_FORM } from '../../../../../renderer/store/selectors/scope';

const svc = (host: string, port: number, extra: Partial<ServiceResult> = {}): ServiceResult => ({ host, port, state: 'open', protocol: 'dicom', checks: [], ...extra });
const report = (profile: ScanReport['scan']['profile'], services: ServiceResult[]): ScanReport => ({
  tool: { name: 'collimator', version: '0.1.0' },
  scan: { id: 's1', startedAt: '2026-12-01T10:00:00.000Z', finishedAt: '2026-12-01T10:05:00.000Z', vantage: { label: 'imaging VLAN', untrusted: true }, targets: ['10.200.0.0/24', '::1'], ports: [104, 4242, 8042, 11112], profile, checks: [] },
  services,
  summary: { services: services.length, fail: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } },
});

describe('followUpOf', () => {
  it('targets the hosts and open ports a discovery found, the full catalog, the same vantage', () => {
    const r = report('discovery', [
      svc('10.200.0.7', 11112, { calledAe: 'PACS', calledAeSource: 'user' }),
      svc('10.200.0.7', 104),
      svc('::1', 4242, { calledAe: 'ORTHANC', calledAeSource: 'inventory' }),
      svc('10.200.0.9', 104, { calledAe: 'GUESSED', calledAeSource: 'guess' }),
      svc('10.200.0.12', 8042, { state: 'closed' }),
    ]);
    const f = followUpOf(r)!;
    expect(f.services).toBe(4);
    expect(f.hosts).toEqual(['10.200.0.7', '::1', '10.200.0.9']);
    expect(f.ports).toEqual([104, 4242, 11112]);
    const built = buildScanRequest({ ...EMPTY_FORM, profile: 'discovery', checks: 'dicom.*', ...f.form });
    expect(built).toEqual({
      ok: true,
      value: {
        targets: ['10.200.0.7', '::1', '10.200.0.9'],
        ports: [104, 4242, 11112],
        calledAes: [
          { aet: 'PACS', host: '10.200.0.7', port: 11112 },
          { aet: 'ORTHANC', host: '::1', port: 4242 },
        ],
        vantage: { label: 'imaging VLAN', untrusted: true },
      },
    });
  });

  it('nothing to follow up: a full or custom scan, a discovery that found nothing open, a port outside its scope', () => {
    expect(followUpOf(report('full', [svc('10.200.0.7', 104)]))).toBeNull();
    expect(followUpOf(report('custom', [svc('10.200.0.7', 104)]))).toBeNull();
    expect(followUpOf(report(undefined, [svc('10.200.0.7', 104)]))).toBeNull();
    expect(followUpOf(report('discovery', []))).toBeNull();
    expect(followUpOf(report('discovery', [svc('10.200.0.7', 104, { state: 'filtered' })]))).toBeNull();
    expect(followUpOf(report('discovery', [svc('10.200.0.7', 9999)]))).toBeNull();
  });
});
