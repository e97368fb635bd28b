import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate, splitAltNames } from '../../../../electron/engine/tls/certificate';
import { certificateSignatureOid, describeSignatureOid } from '../../../../electron/engine/tls/der';
import { rootCertificates } from 'node:tls';
import { certificateMatchesName, extraTrust, trustSources, trustedCas } from '../../../../electron/engine/tls/trust';
import { peerSkipReason, whichBinary } from '../../../peers/harness';
import { makeCertSet, type CertSet } from '../../../peers/tls-certs';

const der = (pem: string): Buffer => new X509Certificate(pem).raw;

describe('splitAltNames', () => {
  it('splits Node\'s SAN text and shortens "IP Address"', () => {
    expect(splitAltNames('DNS:localhost, IP Address:127.0.0.1, IP Address:::1')).toEqual(['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
  });
  it('keeps commas inside quoted values', () => {
    expect(splitAltNames('DNS:a, URI:"http://x/?a=1,2", DNS:b')).toEqual(['DNS:a', 'URI:"http://x/?a=1,2"', 'DNS:b']);
  });
  it('is empty for no SAN', () => {
    expect(splitAltNames(undefined)).toEqual([]);
    expect(splitAltNames('')).toEqual([]);
  });
});

describe('DER signature algorithm', () => {
  it('maps known OIDs to names and digests, and leaves unknown ones as the OID', () => {
    expect(describeSignatureOid('1.2.840.113549.1.1.5')).toEqual({ name: 'sha1WithRSAEncryption', hash: 'sha1' });
    expect(describeSignatureOid('1.2.840.10045.4.3.2')).toEqual({ name: 'ecdsa-with-SHA256', hash: 'sha256' });
    expect(describeSignatureOid('1.3.101.112')).toEqual({ name: 'ED25519' });
    expect(describeSignatureOid('1.2.3.4')).toEqual({ name: '1.2.3.4' });
  });

  it('never throws on garbage, truncation or absurd lengths', () => {
    expect(certificateSignatureOid(Buffer.alloc(0))).toBeUndefined();
    expect(certificateSignatureOid(Buffer.from([0x30]))).toBeUndefined();
    expect(certificateSignatureOid(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30]))).toBeUndefined();
    expect(certificateSignatureOid(Buffer.from([0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBeUndefined();
    expect(certificateSignatureOid(Buffer.from([0x04, 0x02, 0x30, 0x00]))).toBeUndefined();
    for (let i = 0; i < 200; i++) {
      const junk = Buffer.from(Array.from({ length: 1 + (i % 40) }, (_, j) => (i * 31 + j * 17) & 0xff));
      expect(() => certificateSignatureOid(junk)).not.toThrow();
    }
  });

  it('reads the OID from a minimal certificate shape, and nothing once it is truncated', () => {
    // SEQUENCE { SEQUENCE {}, SEQUENCE { OID 1.2.840.113549.1.1.11 } }: the outer shape of a certificate.
    const oid = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]);
    const alg = Buffer.concat([Buffer.from([0x30, oid.length]), oid]);
    const body = Buffer.concat([Buffer.from([0x30, 0x00]), alg]);
    const whole = Buffer.concat([Buffer.from([0x30, body.length]), body]);
    expect(certificateSignatureOid(whole)).toBe('1.2.840.113549.1.1.11');
    expect(certificateSignatureOid(whole.subarray(0, whole.length - 3))).toBeUndefined();
  });

  it('describeCertificate returns undefined for bytes that are not a certificate', () => {
    expect(describeCertificate(Buffer.from('not a certificate'))).toBeUndefined();
  });
});

describe.skipIf(whichBinary('openssl') ? undefined : 'needs the openssl CLI to make test certificates')('describeCertificate on real certificates', () => {
  let certs: CertSet;
  beforeAll(() => {
    certs = makeCertSet();
  });
  afterAll(() => certs?.remove());

  it('describes a CA-signed RSA-2048 leaf', () => {
    const c = describeCertificate(der(certs.valid.certPem))!;
    expect(c.subject).toBe('CN=localhost');
    expect(c.issuer).toBe('CN=Collimator Test CA');
    expect(c.subjectAltNames).toEqual(['IP:127.0.0.1', 'DNS:localhost']);
    expect(c.keyType).toBe('rsa');
    expect(c.keyBits).toBe(2048);
    expect(c.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(c.signatureHash).toBe('sha256');
    expect(c.sha256).toBe(new X509Certificate(certs.valid.certPem).fingerprint256);
    expect(c.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(c.selfSigned).toBe(false);
    expect(c.isCa).toBe(false);
    expect(Date.parse(c.validTo) - Date.now()).toBeGreaterThan(190 * 86_400_000);
  });

  it('gives exact validity dates in ISO form', () => {
    const c = describeCertificate(der(certs.expired.certPem))!;
    expect(c.validFrom).toBe('2020-01-01T00:00:00.000Z');
    expect(c.validTo).toBe('2021-01-01T00:00:00.000Z');
  });

  it('tells a self-signed certificate and a CA', () => {
    const self = describeCertificate(der(certs.selfSigned.certPem))!;
    expect(self.selfIssued).toBe(true);
    expect(self.selfSigned).toBe(true);
    const ca = describeCertificate(der(certs.ca.certPem))!;
    expect(ca.isCa).toBe(true);
    expect(ca.selfSigned).toBe(true);
  });

  it('reads an RSA-1024 key and a SHA-1 signature', () => {
    const c = describeCertificate(der(certs.weak.certPem))!;
    expect(c.keyBits).toBe(1024);
    expect(c.signatureAlgorithm).toBe('sha1WithRSAEncryption');
    expect(c.signatureHash).toBe('sha1');
  });

  it('reads an EC key\'s curve and size', () => {
    const c = describeCertificate(der(certs.ec.certPem))!;
    expect(c.keyType).toBe('ec');
    expect(c.curve).toBe('prime256v1');
    expect(c.keyBits).toBe(256);
  });

  it('matches names by SAN: IP and DNS, and refuses another name', () => {
    expect(certificateMatchesName(der(certs.valid.certPem), '127.0.0.1')).toBe(true);
    expect(certificateMatchesName(der(certs.valid.certPem), 'localhost')).toBe(true);
    expect(certificateMatchesName(der(certs.valid.certPem), '127.0.0.2')).toBe(false);
    expect(certificateMatchesName(der(certs.otherName.certPem), '127.0.0.1')).toBe(false);
    expect(certificateMatchesName(der(certs.otherName.certPem), 'pacs.other.example')).toBe(true);
    expect(certificateMatchesName(Buffer.from('junk'), '127.0.0.1')).toBe(false);
  });
});

describe('trust list', () => {
  it('holds Node\'s roots, the system bundle where present, and --trust text', () => {
    const extra = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const list = trustedCas(extra);
    expect(list.length).toBeGreaterThan(100);
    expect(list[list.length - 1]).toBe(extra);
    expect(trustSources(extra)).toContain('--trust');
    expect(trustSources()).not.toContain('--trust');
    expect(trustSources()[0]).toBe('node-bundled-roots');
    // This machine (Debian) has /etc/ssl/certs/ca-certificates.crt.
    if (peerSkipReason() === undefined) expect(trustSources()).toContain('system-ca-bundle');
  });

  it('beyond the bundled roots: only the system bundle\'s own additions and --trust, never a bundled root twice', () => {
    const extra = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const beyond = extraTrust(extra) ?? [];
    expect(beyond[beyond.length - 1]).toBe(extra);
    const bundled = new Set(rootCertificates.map((c) => c.replace(/\s+/g, '')));
    for (const pem of beyond) expect(bundled.has(pem.replace(/\s+/g, ''))).toBe(false);
    expect(trustedCas(extra)).toEqual([...rootCertificates, ...beyond]);
  });
});
