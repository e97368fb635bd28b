/** Pure grading of suite enumerations against the PS3.15 profiles, and the three suite checks. */
import { describe, expect, it } from 'vitest';
import type { TlsEnumeration, VersionSuites } from '../../../../electron/engine/tls/enumerate';
import type { TlsVersion } from '../../../../electron/engine/tls/handshake';
import { judgeProfile, judgeWeakCipher, judgeWeakKeyExchange } from '../../../../electron/engine/tls/judge-suites';
import { B13_TLS12, B13_TLS13, gradeProfiles } from '../../../../electron/engine/tls/profiles';
import type { ServiceInfo } from '../../../../electron/engine/types';

const service: ServiceInfo = { host: '127.0.0.1', port: 2762, protocol: 'dicom-tls', identification: {} };
const V: TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

function enumeration(by: Partial<Record<TlsVersion, string[]>>, over: Partial<TlsEnumeration> = {}): TlsEnumeration {
  const versions: VersionSuites[] = V.map((v) => ({ version: v, accepted: (by[v] ?? []).length > 0, suites: by[v] ?? [] }));
  return { kind: 'tls-suites', observedAt: 0, versions, serverOrder: true, groups: [{ name: 'X25519', bits: 256 }], groupsRefused: [], keyExchange: [], handshakes: 10, elapsedMs: 50, notTested: ['3DES ...'], ...over };
}
const B12_12 = ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'];
const T13 = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];
const verdict = (e: TlsEnumeration, id: string) => gradeProfiles(e).verdicts.find((v) => v.id === id)!;

describe('gradeProfiles', () => {
  it('a B.12 server (TLS 1.2 + 1.3, RFC 9325 suites) meets B.12 but not B.13 (TLS 1.3 CCM suites missing)', () => {
    const e = enumeration({ 'TLSv1.2': B12_12, 'TLSv1.3': T13 });
    const g = gradeProfiles(e);
    expect(g.best).toBe('B.12');
    expect(g.summary).toMatch(/^meets B\.12/);
    expect(verdict(e, 'B.13').reason).toMatch(/TLS_AES_128_CCM_SHA256/);
    expect(judgeProfile(e, service).status).toBe('pass');
  });
  it('B.13: all listed suites only', () => {
    const e = enumeration({ 'TLSv1.2': [B13_TLS12[4]!, B13_TLS12[12]!], 'TLSv1.3': [...B13_TLS13] });
    expect(gradeProfiles(e).best).toBe('B.13');
  });
  it('TLS 1.0 and CBC-SHA1: only the retired AES profile, with the first reason', () => {
    const e = enumeration({ TLSv1: ['TLS_RSA_WITH_AES_128_CBC_SHA'], 'TLSv1.2': [...B12_12, 'TLS_RSA_WITH_AES_128_CBC_SHA'] });
    const g = gradeProfiles(e);
    expect(g.best).toBe('bcp195');
    expect(g.summary).toBe('meets only retired BCP 195: accepts TLS 1.0; accepts TLS_RSA_WITH_AES_128_CBC_SHA (CBC with SHA-1 and RSA key exchange)');
    expect(verdict(e, 'non-downgrading-bcp195')).toMatchObject({ met: false, reason: 'accepts TLS 1.0' });
    const r = judgeProfile(e, service);
    expect(r).toMatchObject({ status: 'fail', severity: 'medium' });
    expect(r.evidence.bestProfile).toBe('bcp195');
    expect(judgeWeakCipher(e, service).status).toBe('fail');
    expect(judgeWeakCipher(e, service).summary).toMatch(/TLS_RSA_WITH_AES_128_CBC_SHA \(CBC with SHA-1 and RSA/);
  });
  it('ECDHE with SHA-1 MAC fails B.12 but is not a weak cipher by the issue\'s list', () => {
    const e = enumeration({ 'TLSv1.2': [...B12_12, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'] });
    expect(verdict(e, 'B.12').reason).toMatch(/SHA-1 MAC/);
    expect(gradeProfiles(e).best).toBe('non-downgrading-bcp195');
    expect(judgeWeakCipher(e, service).status).toBe('pass');
  });
  it('a 1024-bit DHE group fails B.12 and tls.weak-key-exchange', () => {
    const e = enumeration({ 'TLSv1.2': ['TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', ...B12_12] }, { keyExchange: [{ suite: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', version: 'TLSv1.2', type: 'DH', bits: 1024 }] });
    expect(verdict(e, 'B.12').reason).toMatch(/1024-bit DHE/);
    const k = judgeWeakKeyExchange(e, service);
    expect(k.status).toBe('fail');
    expect(k.summary).toMatch(/1024-bit DHE/);
  });
  it('Basic TLS cannot be verified without 3DES; anonymous suites rule out every profile', () => {
    const e = enumeration({ TLSv1: ['TLS_DH_anon_WITH_AES_128_CBC_SHA'] });
    expect(gradeProfiles(e).best).toBeNull();
    expect(gradeProfiles(e).summary).toMatch(/^meets no DICOM TLS profile/);
    const e2 = enumeration({ TLSv1: ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'] });
    expect(verdict(e2, 'basic-tls').met).toBeNull();
  });
  it('nothing accepted: inconclusive; plaintext: not applicable', () => {
    const e = enumeration({}, { incomplete: 'stopped at TLSv1: deadline' });
    expect(judgeProfile(e, service).status).toBe('inconclusive');
    expect(judgeWeakCipher(e, { ...service, protocol: 'dicom' }).status).toBe('not-applicable');
  });
});
