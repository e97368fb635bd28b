/** The Server screen's TLS profile panel, as a view model of real judge output. */
import { describe, expect, it } from 'vitest';
import type { TlsEnumeration } from '../../../../electron/engine/tls/enumerate';
import { judgeSuites } from '../../../../electron/engine/tls/judge-suites';
import type { CheckResult } from '../../../../shared/types';
import { tlsProfileView } from '../../../../renderer/screens/server/tls-profile';

const weakServer: TlsEnumeration = {
  kind: 'tls-suites',
  observedAt: 0,
  versions: [
    { version: 'TLSv1', accepted: true, suites: ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'] },
    { version: 'TLSv1.1', accepted: false, suites: [] },
    { version: 'TLSv1.2', accepted: true, suites: ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'] },
    { version: 'TLSv1.3', accepted: false, suites: [] },
  ],
  serverOrder: true,
  groups: [{ name: 'X25519', bits: 256 }],
  groupsRefused: [],
  keyExchange: [{ suite: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', version: 'TLSv1.2', type: 'ECDH', group: 'X25519', bits: 256 }],
  handshakes: 12,
  elapsedMs: 80,
  notTested: ['SSLv3 (compiled out of this client)'],
};

describe('tlsProfileView', () => {
  const checks = judgeSuites(weakServer, { host: '127.0.0.1', port: 2762, protocol: 'dicom-tls', identification: {} });

  it('puts the verdict first and lists every accepted suite with its key exchange and weakness', () => {
    const v = tlsProfileView(checks)!;
    expect(v.status).toBe('fail');
    expect(v.verdict).toMatch(/^meets only retired Basic TLS: accepts TLS 1\.0; accepts TLS_RSA_WITH_3DES_EDE_CBC_SHA \(3DES\)/);
    expect(v.best).toBe('basic-tls');
    expect(v.suites.map((s) => [s.version, s.suite, s.keyExchange, s.weak])).toEqual([
      ['TLS 1.0', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'RSA key transport', '3DES'],
      ['TLS 1.2', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ECDHE X25519 (256 bits)', undefined],
      ['TLS 1.2', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'RSA key transport', '3DES'],
    ]);
    expect(v.profiles.find((p) => p.id === 'B.12')).toMatchObject({ met: false, reason: 'accepts TLS 1.0' });
    expect(v.groups).toEqual(['X25519 (256)']);
  });

  it('shows nothing for a plaintext service, and survives malformed evidence', () => {
    expect(tlsProfileView([])).toBeUndefined();
    const na = judgeSuites(weakServer, { host: '127.0.0.1', port: 104, protocol: 'dicom', identification: {} });
    expect(tlsProfileView(na)).toBeUndefined();
    const broken: CheckResult[] = [{ id: 'tls.profile', status: 'fail', severity: 'medium', summary: 'meets no DICOM TLS profile', evidence: { suitesByVersion: 'x', profiles: [null, { id: 1 }], keyExchange: [7], groups: {} }, attack: [] }];
    const v = tlsProfileView(broken)!;
    expect(v.verdict).toBe('meets no DICOM TLS profile');
    expect(v.suites).toEqual([]);
    expect(v.profiles).toEqual([]);
  });
});
