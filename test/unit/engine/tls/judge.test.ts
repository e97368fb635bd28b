import { describe, expect, it } from 'vitest';
import type { CertificateInfo } from '../../../../electron/engine/tls/certificate';
import type { ClientAuthObservation } from '../../../../electron/engine/tls/client-auth';
import type { TlsObservation, VersionAttempt } from '../../../../electron/engine/tls/collect';
import {
  certificateProblems,
  judgeCertificate,
  judgeCertificateExpiring,
  judgeClientAuth,
  judgeLegacyProtocol,
} from '../../../../electron/engine/tls/judge';
import type { ServiceInfo } from '../../../../electron/engine/types';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

const https: ServiceInfo = { host: '127.0.0.1', port: 443, protocol: 'https', identification: {} };
const dicomTls: ServiceInfo = { host: '127.0.0.1', port: 2762, protocol: 'dicom-tls', identification: {} };
const plainDicom: ServiceInfo = { host: '127.0.0.1', port: 104, protocol: 'dicom', identification: {} };
const http: ServiceInfo = { host: '127.0.0.1', port: 80, protocol: 'http', identification: {} };

function cert(over: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    subject: 'CN=localhost',
    issuer: 'CN=Test CA',
    subjectAltNames: ['IP:127.0.0.1', 'DNS:localhost'],
    validFrom: new Date(NOW - 10 * DAY).toISOString(),
    validTo: new Date(NOW + 200 * DAY).toISOString(),
    keyType: 'rsa',
    keyBits: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    signatureHash: 'sha256',
    sha256: 'AA:BB',
    serialNumber: '01',
    selfIssued: false,
    selfSigned: false,
    isCa: false,
    ...over,
  };
}

const root = cert({ subject: 'CN=Test CA', issuer: 'CN=Test CA', selfIssued: true, selfSigned: true, isCa: true, sha256: 'CC:DD', subjectAltNames: [] });

function attempt(version: VersionAttempt['version'], accepted: boolean, outcome: VersionAttempt['outcome'] = accepted ? 'success' : 'tls-error'): VersionAttempt {
  return { version, accepted, outcome, ...(accepted ? { cipher: 'TLS_AES_256_GCM_SHA384' } : { alert: 'protocol version' }) };
}

function obs(over: Partial<TlsObservation> = {}): TlsObservation {
  return {
    kind: 'tls',
    observedAt: NOW,
    attempts: [attempt('TLSv1', false), attempt('TLSv1.1', false), attempt('TLSv1.2', true), attempt('TLSv1.3', true)],
    best: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
    chain: [cert(), root],
    trust: { authorized: true, sources: ['node-bundled-roots', '--trust'] },
    names: [{ name: '127.0.0.1', matches: true }],
    clientCertificateUsed: false,
    notTested: ['SSLv3'],
    ...over,
  };
}

describe('judgeLegacyProtocol', () => {
  it('fails when TLS 1.0 or 1.1 is accepted, naming the versions', () => {
    const r = judgeLegacyProtocol(obs({ attempts: [attempt('TLSv1', true), attempt('TLSv1.1', true), attempt('TLSv1.2', true), attempt('TLSv1.3', false)] }), https);
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('high');
    expect(r.summary).toContain('TLSv1 and TLSv1.1');
    expect(r.evidence.versionsAccepted).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    expect(r.evidence.versionsTried).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    expect(r.evidence.notTested).toEqual(['SSLv3']);
  });

  it('fails on TLS 1.1 alone', () => {
    const r = judgeLegacyProtocol(obs({ attempts: [attempt('TLSv1', false), attempt('TLSv1.1', true), attempt('TLSv1.2', true), attempt('TLSv1.3', true)] }), dicomTls);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('TLSv1.1');
  });

  it('passes when both legacy versions are refused with an alert or a close', () => {
    const r = judgeLegacyProtocol(obs({ attempts: [attempt('TLSv1', false), attempt('TLSv1.1', false, 'connection-closed'), attempt('TLSv1.2', true), attempt('TLSv1.3', true)] }), https);
    expect(r.status).toBe('pass');
    expect(r.evidence.cipher).toBe('TLS_AES_256_GCM_SHA384');
  });

  it('is inconclusive when a legacy attempt timed out', () => {
    const r = judgeLegacyProtocol(obs({ attempts: [attempt('TLSv1', false, 'io-timeout'), attempt('TLSv1.1', false), attempt('TLSv1.2', true), attempt('TLSv1.3', true)] }), https);
    expect(r.status).toBe('inconclusive');
    expect(r.summary).toContain('TLSv1');
  });

  it('is inconclusive when the scan stopped before the legacy versions were tried', () => {
    const r = judgeLegacyProtocol(obs({ attempts: [] }), https);
    expect(r.status).toBe('inconclusive');
  });

  it('is inconclusive when no handshake succeeded at all', () => {
    const r = judgeLegacyProtocol(
      obs({ attempts: [attempt('TLSv1', false), attempt('TLSv1.1', false), attempt('TLSv1.2', false), attempt('TLSv1.3', false)], failure: { outcome: 'tls-error', error: 'wrong version number' } }),
      https,
    );
    expect(r.status).toBe('inconclusive');
    expect(r.summary).toContain('tls-error');
  });

  it('is not-applicable on plaintext services', () => {
    expect(judgeLegacyProtocol(obs(), plainDicom).status).toBe('not-applicable');
    expect(judgeLegacyProtocol(obs(), http).status).toBe('not-applicable');
  });
});

describe('certificateProblems / judgeCertificate', () => {
  it('passes a trusted, current certificate that names the host, with full evidence', () => {
    const r = judgeCertificate(obs(), https, NOW);
    expect(r.status).toBe('pass');
    expect(r.severity).toBe('medium');
    expect(r.evidence).toMatchObject({
      subject: 'CN=localhost',
      issuer: 'CN=Test CA',
      subjectAltNames: ['IP:127.0.0.1', 'DNS:localhost'],
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      sha256: 'AA:BB',
      trusted: true,
      problems: [],
    });
    expect(r.evidence.chain).toHaveLength(2);
  });

  it('fails an expired certificate (and not as "untrusted" when OpenSSL only complained about the date)', () => {
    const o = obs({ chain: [cert({ validTo: new Date(NOW - DAY).toISOString() }), root], trust: { authorized: false, error: 'CERT_HAS_EXPIRED', sources: [] } });
    const { problems } = certificateProblems(o, NOW);
    expect(problems).toEqual(['expired']);
    const r = judgeCertificate(o, https, NOW);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('expired');
  });

  it('fails a certificate that is not yet valid', () => {
    const o = obs({ chain: [cert({ validFrom: new Date(NOW + DAY).toISOString() })], trust: { authorized: false, error: 'CERT_NOT_YET_VALID', sources: [] } });
    expect(certificateProblems(o, NOW).problems).toEqual(['not-yet-valid']);
  });

  it('fails a self-signed certificate once, not also as untrusted', () => {
    const self = cert({ issuer: 'CN=localhost', selfIssued: true, selfSigned: true });
    const o = obs({ chain: [self], trust: { authorized: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT', sources: [] } });
    expect(certificateProblems(o, NOW).problems).toEqual(['self-signed']);
    expect(judgeCertificate(o, https, NOW).status).toBe('fail');
  });

  it('fails a self-signed certificate even when the user trusts it with --trust', () => {
    const self = cert({ issuer: 'CN=localhost', selfIssued: true, selfSigned: true });
    const r = judgeCertificate(obs({ chain: [self], trust: { authorized: true, sources: ['--trust'] } }), https, NOW);
    expect(r.status).toBe('fail');
    expect(r.evidence.problems).toEqual(['self-signed']);
    expect(r.evidence.trusted).toBe(true);
  });

  it('fails a chain the trust store does not know', () => {
    const o = obs({ trust: { authorized: false, error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', sources: ['node-bundled-roots'] } });
    const r = judgeCertificate(o, https, NOW);
    expect(r.status).toBe('fail');
    expect(r.evidence.problems).toEqual(['untrusted']);
    expect(r.evidence.trustError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('fails a certificate for another name', () => {
    const r = judgeCertificate(obs({ names: [{ name: '127.0.0.1', matches: false }] }), https, NOW);
    expect(r.status).toBe('fail');
    expect(r.evidence.problems).toEqual(['name-mismatch']);
    expect(r.summary).toContain('127.0.0.1');
  });

  it('passes when one of the user\'s host names matches', () => {
    const r = judgeCertificate(obs({ names: [{ name: 'pacs.example', matches: false }, { name: 'localhost', matches: true }] }), https, NOW);
    expect(r.status).toBe('pass');
  });

  it('fails an RSA key under 2048 bits and a SHA-1 signature, in the leaf or an intermediate', () => {
    const weakLeaf = cert({ keyBits: 1024, signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'sha1' });
    expect(certificateProblems(obs({ chain: [weakLeaf, root] }), NOW).problems).toEqual(['weak-key', 'weak-signature']);
    const inter = cert({ subject: 'CN=Intermediate', keyBits: 1024, isCa: true });
    expect(certificateProblems(obs({ chain: [cert(), inter, root] }), NOW).problems).toEqual(['weak-key']);
  });

  it('does not judge a self-signed root\'s own SHA-1 signature, nor an EC P-256 key as small', () => {
    const sha1Root = { ...root, signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'sha1' };
    expect(certificateProblems(obs({ chain: [cert(), sha1Root] }), NOW).problems).toEqual([]);
    const ec = cert({ keyType: 'ec', keyBits: 256, curve: 'prime256v1' });
    expect(certificateProblems(obs({ chain: [ec] }), NOW).problems).toEqual([]);
  });

  it('lists every problem at once', () => {
    const o = obs({
      chain: [cert({ validTo: new Date(NOW - DAY).toISOString(), keyBits: 1024, issuer: 'CN=localhost', selfIssued: true, selfSigned: true })],
      names: [{ name: '10.200.0.5', matches: false }],
      trust: { authorized: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT', sources: [] },
    });
    expect(certificateProblems(o, NOW).problems).toEqual(['expired', 'self-signed', 'name-mismatch', 'weak-key']);
  });

  it('is inconclusive when no certificate was seen, or when trust could not be verified and nothing else is wrong', () => {
    expect(judgeCertificate(obs({ chain: [], failure: { outcome: 'io-timeout' } }), https, NOW).status).toBe('inconclusive');
    const r = judgeCertificate(obs({ trust: { authorized: null, sources: [] } }), dicomTls, NOW);
    expect(r.status).toBe('inconclusive');
    expect(r.summary).toContain('client certificate');
  });

  it('still fails on what it can see when trust is unknown', () => {
    const r = judgeCertificate(obs({ trust: { authorized: null, sources: [] }, chain: [cert({ validTo: new Date(NOW - DAY).toISOString() })] }), dicomTls, NOW);
    expect(r.status).toBe('fail');
  });

  it('is not-applicable on plaintext', () => {
    expect(judgeCertificate(obs(), http, NOW).status).toBe('not-applicable');
  });
});

describe('judgeCertificateExpiring', () => {
  it('fails within 30 days, with the days left', () => {
    const r = judgeCertificateExpiring(obs({ chain: [cert({ validTo: new Date(NOW + 10 * DAY + 1000).toISOString() }), root] }), https, NOW);
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('low');
    expect(r.evidence.daysLeft).toBe(10);
    expect(r.summary).toContain('10 days');
  });

  it('passes at 30 days or more', () => {
    expect(judgeCertificateExpiring(obs({ chain: [cert({ validTo: new Date(NOW + 30 * DAY).toISOString() })] }), https, NOW).status).toBe('pass');
    expect(judgeCertificateExpiring(obs(), https, NOW).evidence.daysLeft).toBe(200);
  });

  it('fails on an intermediate that expires first, and names it', () => {
    const inter = cert({ subject: 'CN=Intermediate', isCa: true, validTo: new Date(NOW + 5 * DAY).toISOString() });
    const r = judgeCertificateExpiring(obs({ chain: [cert(), inter, root] }), https, NOW);
    expect(r.status).toBe('fail');
    expect(r.evidence.expiringCertificate).toBe('CN=Intermediate');
  });

  it('ignores the trust anchor\'s own end date', () => {
    const oldRoot = { ...root, validTo: new Date(NOW + DAY).toISOString() };
    expect(judgeCertificateExpiring(obs({ chain: [cert(), oldRoot] }), https, NOW).status).toBe('pass');
  });

  it('fails an already expired certificate', () => {
    const r = judgeCertificateExpiring(obs({ chain: [cert({ validTo: new Date(NOW - 3 * DAY).toISOString() })] }), https, NOW);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('already expired');
  });

  it('is inconclusive without a certificate and not-applicable on plaintext', () => {
    expect(judgeCertificateExpiring(obs({ chain: [] }), https, NOW).status).toBe('inconclusive');
    expect(judgeCertificateExpiring(obs(), plainDicom, NOW).status).toBe('not-applicable');
  });
});

describe('judgeClientAuth', () => {
  const base: ClientAuthObservation = { kind: 'client-auth', verdict: 'unknown', basis: 'x', tries: [] };

  it('fails when the handshake completes without a client certificate', () => {
    const r = judgeClientAuth({ ...base, verdict: 'not-demanded', basis: 'TLSv1.2 handshake completed without a client certificate' }, dicomTls);
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('medium');
    expect(r.summary).toContain('TLSv1.2');
  });

  it('passes when the server demands one', () => {
    expect(judgeClientAuth({ ...base, verdict: 'demanded' }, dicomTls).status).toBe('pass');
  });

  it('fails on identification evidence (an association answered without a client certificate) even when the handshake verdict is unclear', () => {
    const svc: ServiceInfo = { ...dicomTls, identification: { tlsHandshake: { answeredWithoutClientCertificate: true } } };
    const r = judgeClientAuth(base, svc);
    expect(r.status).toBe('fail');
    expect(r.evidence.associationWithoutClientCertificate).toBe(true);
  });

  it('is inconclusive when nothing tells', () => {
    expect(judgeClientAuth(base, dicomTls).status).toBe('inconclusive');
  });

  it('is not-applicable outside DICOM TLS', () => {
    expect(judgeClientAuth({ ...base, verdict: 'not-demanded' }, https).status).toBe('not-applicable');
    expect(judgeClientAuth(base, plainDicom).status).toBe('not-applicable');
  });
});
