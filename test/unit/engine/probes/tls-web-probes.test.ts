/** Applicability and wiring of the TLS and web probes (their judges are tested under tls/ and web/). */
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../../../shared/catalog';
import { PROBES } from '../../../../electron/engine/probes';
import { tlsClientAuthProbe } from '../../../../electron/engine/probes/tls-client-auth';
import { judgeDowngradeProvisional, tlsDowngradeProbe } from '../../../../electron/engine/probes/tls-downgrade';
import { tlsHandshakeProbe } from '../../../../electron/engine/probes/tls-handshake';
import { webDefaultCredentialsProbe } from '../../../../electron/engine/probes/web-default-credentials';
import { webInterfaceProbe } from '../../../../electron/engine/probes/web-interface';
import type { ProbeOptions, ServiceInfo } from '../../../../electron/engine/types';

const opts = (optIn: boolean): ProbeOptions => ({
  callingAe: 'CLMX', calledAes: new Map(), inventory: [], vantage: { label: 't', untrusted: false },
  optIn: new Set(optIn ? ['web.default-credentials' as const] : []), connectTimeoutMs: 1, ioTimeoutMs: 1, targetTimeoutMs: 1,
});
const svc = (protocol: Protocol): ServiceInfo => ({ host: 'h', port: 1, protocol, identification: {} });
const PROTOCOLS: Protocol[] = ['dicom', 'dicom-tls', 'http', 'https', 'unknown'];
const appliesTo = (p: { applies: (s: ServiceInfo, o: ProbeOptions) => boolean }, optIn = false): Protocol[] => PROTOCOLS.filter((x) => p.applies(svc(x), opts(optIn)));

describe('TLS and web probes', () => {
  it('apply to the right protocols', () => {
    expect(appliesTo(tlsHandshakeProbe)).toEqual(['dicom-tls', 'https']);
    expect(appliesTo(tlsClientAuthProbe)).toEqual(['dicom-tls']);
    expect(appliesTo(tlsDowngradeProbe)).toEqual(['dicom', 'dicom-tls']);
    expect(appliesTo(webInterfaceProbe)).toEqual(['http', 'https']);
  });

  it('the default-credentials probe runs only when opted in, and is marked opt-in', () => {
    expect(appliesTo(webDefaultCredentialsProbe, false)).toEqual([]);
    expect(appliesTo(webDefaultCredentialsProbe, true)).toEqual(['http', 'https']);
    expect(webDefaultCredentialsProbe.meta.safety).toBe('opt-in');
    for (const p of [tlsHandshakeProbe, tlsClientAuthProbe, tlsDowngradeProbe, webInterfaceProbe]) expect(p.meta.safety).toBe('safe');
  });

  it('are registered, and no check id is decided by two probes', () => {
    const ids = PROBES.map((p) => p.meta.id);
    for (const id of ['tls-handshake', 'tls-client-auth', 'tls-downgrade', 'web-interface', 'web-default-credentials']) expect(ids).toContain(id);
    const checks = PROBES.flatMap((p) => p.meta.checks);
    expect(new Set(checks).size).toBe(checks.length);
  });

  it('tls-downgrade says the verdict comes from the host-wide post-pass', () => {
    expect(judgeDowngradeProvisional({ protocol: 'dicom-tls' })[0]?.status).toBe('inconclusive');
    expect(judgeDowngradeProvisional({ protocol: 'http' })[0]?.status).toBe('not-applicable');
  });
});
