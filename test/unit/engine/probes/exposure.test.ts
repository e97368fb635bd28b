import { describe, expect, it } from 'vitest';
import { exposureProbe, judgeExposure } from '../../../../electron/engine/probes/exposure';
import { PROBES } from '../../../../electron/engine/probes';
import { defaultProbeOptions } from '../../../../electron/engine/options';
import type { ServiceInfo } from '../../../../electron/engine/types';

const service: ServiceInfo = { host: '10.200.0.5', port: 104, protocol: 'unknown', identification: {} };

describe('exposure probe', () => {
  it('is registered', () => {
    expect(PROBES).toContain(exposureProbe);
  });

  it('fails untrusted-reach from an untrusted vantage, with the label as evidence', async () => {
    const options = defaultProbeOptions({ vantage: { label: 'guest-wifi', untrusted: true } });
    expect(exposureProbe.applies(service, options)).toBe(true);
    const obs = await exposureProbe.run(service, { signal: new AbortController().signal, deadline: Date.now() + 1000, options });
    const [reach, internet] = exposureProbe.judge(obs, service, options);
    expect(reach).toMatchObject({ id: 'exposure.untrusted-reach', status: 'fail', severity: 'high', evidence: { vantage: 'guest-wifi', untrusted: true } });
    expect(reach!.summary).toContain('guest-wifi');
    expect(internet).toMatchObject({ id: 'exposure.internet', status: 'not-applicable', severity: 'critical' });
  });

  it('is not-applicable from a trusted vantage', () => {
    const [reach] = judgeExposure({ reachable: true, vantage: { label: 'pacs-vlan', untrusted: false } });
    expect(reach!.status).toBe('not-applicable');
    expect(reach!.summary).toMatch(/only from a vantage marked untrusted/);
  });

  it('passes when an untrusted vantage could not reach it', () => {
    const [reach] = judgeExposure({ reachable: false, vantage: { label: 'guest', untrusted: true } });
    expect(reach!.status).toBe('pass');
  });
});
