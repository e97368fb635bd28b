/**
 * TLS and web checks of HTTPS: real nginx as the TLS terminator in front of a real
 * Orthanc (REST behind a password, DICOMweb plugin on), one HTTPS listener per
 * certificate case, scanned through the real orchestrator. Certificates are made
 * by the test (tls-certs.ts).
 */
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../shared/types';
import { DICOMWEB_PLUGIN, peerSkipReason, startOrthanc, type OrthancServer } from './harness';
import { startNginx, type NginxServer } from './harness-nginx';
import { makeCertSet, type CertSet } from './tls-certs';
import { check, scanLoopback, serviceAt, tlsWebStatuses } from './tls-web-scan';

describe.skipIf(peerSkipReason('orthanc', 'nginx'))('HTTPS through nginx in front of Orthanc', () => {
  let certs: CertSet;
  let orthanc: OrthancServer;
  let nginx: NginxServer;
  let report: ScanReport;
  let untrusted: ScanReport;
  const port = (site: string, kind: 'https' | 'http' = 'https'): number => {
    const p = nginx.ports[site]?.[kind];
    if (p === undefined) throw new Error(`no ${kind} port for ${site}`);
    return p;
  };

  beforeAll(async () => {
    certs = makeCertSet();
    orthanc = await startOrthanc({ preset: 'restricted', config: { Plugins: [DICOMWEB_PLUGIN] } });
    const up = orthanc.httpPort;
    nginx = await startNginx([
      { name: 'legacy', cert: certs.valid.cert, key: certs.valid.key, protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], upstreamPort: up, httpRedirect: true },
      { name: 'modern', cert: certs.valid.cert, key: certs.valid.key, hsts: true, upstreamPort: up },
      { name: 'expired', cert: certs.expired.cert, key: certs.expired.key, hsts: true, upstreamPort: up },
      { name: 'notyet', cert: certs.notYetValid.cert, key: certs.notYetValid.key, hsts: true, upstreamPort: up },
      { name: 'self', cert: certs.selfSigned.cert, key: certs.selfSigned.key, hsts: true, upstreamPort: up },
      { name: 'other', cert: certs.otherName.cert, key: certs.otherName.key, hsts: true, upstreamPort: up },
      { name: 'expiring', cert: certs.expiring.cert, key: certs.expiring.key, hsts: true, upstreamPort: up },
      { name: 'weak', cert: certs.weak.cert, key: certs.weak.key, hsts: true, upstreamPort: up },
    ]);
    const all = Object.values(nginx.ports).flatMap((p) => [p.https, ...(p.http !== undefined ? [p.http] : [])]);
    report = await scanLoopback(all, { tls: { ca: certs.ca.certPem } });
    untrusted = await scanLoopback([port('modern')]);
  });

  afterAll(async () => {
    await nginx?.stop();
    await orthanc?.stop();
    certs?.remove();
  });

  it('every HTTPS listener is identified as https, recognised as Orthanc behind a password', () => {
    for (const site of Object.keys(nginx.ports)) {
      const s = serviceAt(report, port(site));
      expect(s.protocol, site).toBe('https');
      expect(s.product?.name, site).toBe('Orthanc');
      expect(check(s, 'web.detected').status, site).toBe('fail');
      expect(check(s, 'web.detected').evidence.recognisedBy).toEqual(expect.arrayContaining([expect.stringContaining('Orthanc Secure Area')]));
      expect(check(s, 'web.plaintext').status, site).toBe('pass');
      expect(check(s, 'web.unauthenticated').status, site).toBe('pass');
      expect(check(s, 'web.default-credentials').status, site).toBe('skipped');
    }
  });

  it('TLS 1.0/1.1 offered: legacy-protocol fails; a valid certificate from the test CA passes; no HSTS fails', () => {
    const s = serviceAt(report, port('legacy'));
    expect(tlsWebStatuses(s)).toMatchObject({
      'tls.legacy-protocol': 'fail',
      'tls.certificate': 'pass',
      'tls.certificate-expiring': 'pass',
      'web.no-hsts': 'fail',
    });
    const legacy = check(s, 'tls.legacy-protocol');
    expect(legacy.evidence.versionsAccepted).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    expect(legacy.evidence.versionsTried).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    const cert = check(s, 'tls.certificate');
    const x = new X509Certificate(certs.valid.certPem);
    expect(cert.evidence).toMatchObject({
      subject: 'CN=localhost',
      issuer: 'CN=Collimator Test CA',
      subjectAltNames: ['IP:127.0.0.1', 'DNS:localhost'],
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      sha256: x.fingerprint256,
      validTo: new Date(x.validTo).toISOString(),
      trusted: true,
      problems: [],
    });
    expect(typeof cert.evidence.cipher).toBe('string');
  });

  it('the plain-HTTP listener that only redirects to HTTPS passes web.plaintext', () => {
    const s = serviceAt(report, port('legacy', 'http'));
    expect(s.protocol).toBe('http');
    expect(tlsWebStatuses(s)).toMatchObject({ 'web.plaintext': 'pass', 'web.no-hsts': 'not-applicable', 'tls.certificate': 'not-applicable' });
    expect(check(s, 'web.plaintext').evidence.location).toBe(`https://127.0.0.1:${port('legacy')}/`);
  });

  it('TLS 1.2+ with HSTS passes legacy-protocol and no-hsts', () => {
    const s = serviceAt(report, port('modern'));
    expect(tlsWebStatuses(s)).toMatchObject({ 'tls.legacy-protocol': 'pass', 'tls.certificate': 'pass', 'web.no-hsts': 'pass' });
    expect(check(s, 'tls.legacy-protocol').evidence.versionsAccepted).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(check(s, 'web.no-hsts').evidence.maxAge).toBe(31536000);
  });

  it('the same valid certificate without --trust of its CA is untrusted', () => {
    const c = check(serviceAt(untrusted, port('modern')), 'tls.certificate');
    expect(c.status).toBe('fail');
    expect(c.evidence.problems).toEqual(['untrusted']);
    expect(c.evidence.trustError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(c.evidence.trustSources).not.toContain('--trust');
  });

  it('an expired certificate fails tls.certificate and tls.certificate-expiring', () => {
    const s = serviceAt(report, port('expired'));
    const c = check(s, 'tls.certificate');
    expect(c.status).toBe('fail');
    expect(c.evidence.problems).toEqual(['expired']);
    expect(c.evidence.validTo).toBe('2021-01-01T00:00:00.000Z');
    expect(check(s, 'tls.certificate-expiring').status).toBe('fail');
  });

  it('a certificate not yet valid fails', () => {
    const c = check(serviceAt(report, port('notyet')), 'tls.certificate');
    expect(c.status).toBe('fail');
    expect(c.evidence.problems).toEqual(['not-yet-valid']);
  });

  it('a self-signed certificate fails as self-signed', () => {
    const c = check(serviceAt(report, port('self')), 'tls.certificate');
    expect(c.status).toBe('fail');
    expect(c.evidence.problems).toEqual(['self-signed']);
    expect(c.evidence.issuer).toBe('CN=localhost');
  });

  it('a certificate for another name fails as a name mismatch', () => {
    const c = check(serviceAt(report, port('other')), 'tls.certificate');
    expect(c.status).toBe('fail');
    expect(c.evidence.problems).toEqual(['name-mismatch']);
    expect(c.evidence.subjectAltNames).toEqual(['DNS:pacs.other.example']);
    expect(c.evidence.names).toEqual([{ name: '127.0.0.1', matches: false }]);
  });

  it('a certificate expiring in 10 days passes tls.certificate and fails tls.certificate-expiring', () => {
    const s = serviceAt(report, port('expiring'));
    expect(check(s, 'tls.certificate').status).toBe('pass');
    const e = check(s, 'tls.certificate-expiring');
    expect(e.status).toBe('fail');
    expect(e.evidence.daysLeft).toBe(10);
  });

  it('an RSA-1024 key signed with SHA-1 fails on both counts', () => {
    const c = check(serviceAt(report, port('weak')), 'tls.certificate');
    expect(c.status).toBe('fail');
    expect(c.evidence.problems).toEqual(['weak-key', 'weak-signature']);
    expect(c.evidence).toMatchObject({ keyBits: 1024, signatureAlgorithm: 'sha1WithRSAEncryption' });
  });
});
