/**
 * DICOM TLS against real peers: Orthanc 1.10.1 with DicomTlsEnabled (client
 * certificate required, and not), and DCMTK storescp +tls (required, and not).
 * Identified as `dicom-tls` through the real orchestrator, then the TLS checks,
 * dicom.plaintext and the host-wide dicom.tls-downgrade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identifyNonDicom } from '../../electron/engine/identify-other';
import { defaultProbeOptions } from '../../electron/engine/options';
import type { ProbeOptions } from '../../electron/engine/types';
import { peerSkipReason, startOrthanc, startStorescp, type PeerServer, type OrthancServer } from './harness';
import { makeCertSet, type CertSet } from './tls-certs';
import { check, scanLoopback, serviceAt, tlsWebStatuses } from './tls-web-scan';

describe.skipIf(peerSkipReason('orthanc', 'dcmtk'))('DICOM TLS: Orthanc and storescp', () => {
  let certs: CertSet;
  let orthancOpen: OrthancServer;
  let orthancMutual: OrthancServer;
  let scpOpen: PeerServer;
  let scpMutual: PeerServer;
  let scpPlain: PeerServer;
  let trust: ProbeOptions['tls'];
  let withClient: ProbeOptions['tls'];

  beforeAll(async () => {
    certs = makeCertSet();
    trust = { ca: certs.ca.certPem };
    withClient = { ca: certs.ca.certPem, cert: certs.client.certPem, key: certs.client.keyPem };
    const tls = (required: boolean): Record<string, unknown> => ({
      DicomTlsEnabled: true,
      DicomTlsCertificate: certs.valid.cert,
      DicomTlsPrivateKey: certs.valid.key,
      DicomTlsTrustedCertificates: certs.ca.cert,
      DicomTlsRemoteCertificateRequired: required,
    });
    orthancOpen = await startOrthanc({ preset: 'insecure', config: tls(false), name: 'orthanc-dicom-tls' });
    orthancMutual = await startOrthanc({ preset: 'insecure', config: tls(true), name: 'orthanc-dicom-mtls' });
    scpOpen = await startStorescp({ tls: { key: certs.valid.key, cert: certs.valid.cert } });
    scpMutual = await startStorescp({ tls: { key: certs.valid.key, cert: certs.valid.cert, ca: certs.ca.cert, requireClientCert: true } });
    scpPlain = await startStorescp();
  });

  afterAll(async () => {
    await Promise.all([orthancOpen?.stop(), orthancMutual?.stop(), scpOpen?.stop(), scpMutual?.stop(), scpPlain?.stop()]);
    certs?.remove();
  });

  it('Orthanc DICOM TLS without client certificates: dicom-tls, legacy TLS accepted, anyone may connect', async () => {
    const report = await scanLoopback([orthancOpen.port], { tls: trust });
    const s = serviceAt(report, orthancOpen.port);
    expect(s.protocol).toBe('dicom-tls');
    expect(tlsWebStatuses(s)).toEqual({
      'dicom.plaintext': 'pass',
      'dicom.tls-downgrade': 'pass',
      'tls.legacy-protocol': 'fail',
      'tls.certificate': 'pass',
      'tls.certificate-expiring': 'pass',
      'tls.client-auth-absent': 'fail',
      // Issue 15: TLS 1.0 and AES-CBC-SHA with RSA key exchange (tls-profiles.test.ts has the detail).
      'tls.weak-cipher': 'fail',
      'tls.weak-key-exchange': 'pass',
      'tls.profile': 'fail',
    });
    expect(check(s, 'tls.legacy-protocol').evidence.versionsAccepted).toEqual(expect.arrayContaining(['TLSv1', 'TLSv1.1']));
    expect(check(s, 'tls.certificate').evidence).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=Collimator Test CA', trusted: true });
    expect(check(s, 'tls.client-auth-absent').evidence.associationWithoutClientCertificate).toBe(true);
    // The DICOM checks run inside TLS too.
    expect(check(s, 'dicom.detected').status).toBe('fail');
  });

  it('Orthanc requiring client certificates: without one the inner protocol cannot be told, and is not guessed', async () => {
    const report = await scanLoopback([orthancMutual.port], { tls: trust });
    const s = serviceAt(report, orthancMutual.port);
    expect(s.protocol).toBe('unknown');
    expect(s.checks.some((c) => c.id.startsWith('tls.') || c.id.startsWith('dicom.'))).toBe(false);
    const ctx = { signal: new AbortController().signal, deadline: Date.now() + 30_000, options: defaultProbeOptions({ tls: trust }) };
    const info = await identifyNonDicom({ host: orthancMutual.host, port: orthancMutual.port }, ctx);
    expect(info?.protocol).toBe('unknown');
    expect(info?.identification).toMatchObject({ tls: true, inner: 'unknown', tlsHandshake: { clientCertificateDemanded: true, clientCertificateUsed: false } });
  });

  it('Orthanc requiring client certificates, with --tls-cert: dicom-tls, client auth present', async () => {
    const report = await scanLoopback([orthancMutual.port], { tls: withClient });
    const s = serviceAt(report, orthancMutual.port);
    expect(s.protocol).toBe('dicom-tls');
    expect(tlsWebStatuses(s)).toMatchObject({ 'dicom.plaintext': 'pass', 'tls.client-auth-absent': 'pass', 'tls.legacy-protocol': 'fail', 'tls.certificate': 'pass' });
    const ca = check(s, 'tls.client-auth-absent');
    expect(ca.evidence.associationWithoutClientCertificate).toBe(false);
    expect(String(ca.evidence.basis)).toMatch(/handshake failure|certificate required/);
  });

  it('storescp +tls without client certificates: TLS 1.2+ only, client auth absent', async () => {
    const report = await scanLoopback([scpOpen.port], { tls: trust });
    const s = serviceAt(report, scpOpen.port);
    expect(s.protocol).toBe('dicom-tls');
    expect(s.product?.name).toBe('DCMTK');
    expect(tlsWebStatuses(s)).toEqual({
      'dicom.plaintext': 'pass',
      'dicom.tls-downgrade': 'pass',
      'tls.legacy-protocol': 'pass',
      'tls.certificate': 'pass',
      'tls.certificate-expiring': 'pass',
      'tls.client-auth-absent': 'fail',
      // Issue 15: DCMTK's default Non-Downgrading profile meets B.12.
      'tls.weak-cipher': 'pass',
      'tls.weak-key-exchange': 'pass',
      'tls.profile': 'pass',
    });
  });

  it('storescp +tls requiring client certificates, with --tls-cert: client auth present', async () => {
    const report = await scanLoopback([scpMutual.port], { tls: withClient });
    const s = serviceAt(report, scpMutual.port);
    expect(s.protocol).toBe('dicom-tls');
    expect(tlsWebStatuses(s)).toMatchObject({ 'tls.client-auth-absent': 'pass', 'tls.legacy-protocol': 'pass', 'tls.certificate': 'pass' });
  });

  it('DICOM TLS and plaintext DICOM on the same host: tls-downgrade fails on both, naming the ports', async () => {
    const report = await scanLoopback([scpOpen.port, scpPlain.port], { tls: trust });
    const tlsSvc = serviceAt(report, scpOpen.port);
    const plainSvc = serviceAt(report, scpPlain.port);
    expect(tlsSvc.protocol).toBe('dicom-tls');
    expect(plainSvc.protocol).toBe('dicom');
    for (const s of [tlsSvc, plainSvc]) {
      const d = check(s, 'dicom.tls-downgrade');
      expect(d.status).toBe('fail');
      expect(d.evidence).toMatchObject({ tlsPorts: [scpOpen.port], plaintextPorts: [scpPlain.port] });
    }
    expect(check(plainSvc, 'dicom.plaintext').status).toBe('fail');
    expect(check(plainSvc, 'tls.certificate').status).toBe('not-applicable');
  });
});
