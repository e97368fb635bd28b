/**
 * Issue 15 in the lab: cipher suites, key exchange and PS3.15 profile grades of real
 * DICOM TLS and HTTPS servers, scanned through the real orchestrator:
 * DCMTK storescp +tls with --profile-bcp195-nd, --profile-bcp195-ex and its default;
 * nginx with a B.12 configuration, one that also allows TLS 1.0 and CBC-SHA1 (and
 * names 3DES, which this OpenSSL has compiled out), one with a 1024-bit DHE group;
 * Orthanc 1.10.1 with DicomTlsEnabled. For two of them the accepted suite lists are
 * compared with `openssl s_client`'s answers, one suite per call.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceResult, ScanReport } from '../../shared/types';
import { SUITES } from '../../electron/engine/tls/suites';
import { peerSkipReason, startOrthanc, startStorescp, type OrthancServer, type PeerServer } from './harness';
import { startNginx, type NginxServer } from './harness-nginx';
import { makeCertSet, type CertSet } from './tls-certs';
import { check, scanLoopback, serviceAt } from './tls-web-scan';

const run = promisify(execFile);

/** Suites accepted at a version, per the scan's evidence. */
function suitesAt(s: ServiceResult, version: string): string[] {
  const ev = check(s, 'tls.profile').evidence as { suitesByVersion: { version: string; suites: string[] }[] };
  return ev.suitesByVersion.find((v) => v.version === version)?.suites ?? [];
}
function profiles(s: ServiceResult): { best: string | null; reasons: Record<string, string | undefined>; verdict: string } {
  const ev = check(s, 'tls.profile').evidence as { bestProfile: string | null; profiles: { id: string; reason?: string }[]; verdict: string };
  return { best: ev.bestProfile, reasons: Object.fromEntries(ev.profiles.map((p) => [p.id, p.reason])), verdict: ev.verdict };
}

/**
 * The suites `openssl s_client` gets accepted at TLS 1.2 and 1.3, one suite per call,
 * four calls at a time (both servers used serve connections in parallel); IANA names, sorted.
 */
async function opensslAccepted(port: number): Promise<{ tls12: string[]; tls13: string[] }> {
  const tls12: string[] = [];
  const tls13: string[] = [];
  const queue = [...SUITES];
  const worker = async (): Promise<void> => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-brief'];
      if (s.minVersion === '1.3') args.push('-tls1_3', '-ciphersuites', s.openssl);
      else args.push('-tls1_2', '-cipher', `${s.openssl}:@SECLEVEL=0`);
      const call = run('openssl', args, { timeout: 10_000 });
      // s_client keeps the connection until its stdin ends: end it at once.
      call.child.stdin?.end();
      const out = await call.then(
        (r) => r.stdout + r.stderr,
        (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
      );
      const m = /Ciphersuite: (\S+)/.exec(out);
      if (m && m[1] === s.openssl) (s.minVersion === '1.3' ? tls13 : tls12).push(s.iana);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { tls12: tls12.sort(), tls13: tls13.sort() };
}

describe.skipIf(peerSkipReason('dcmtk', 'nginx', 'orthanc'))('TLS suites and PS3.15 profiles of real servers', () => {
  let certs: CertSet;
  let nd: PeerServer;
  let ex: PeerServer;
  let dflt: PeerServer;
  let nginx: NginxServer;
  let orthanc: OrthancServer;
  let report: ScanReport;
  const site = (name: string): number => nginx.ports[name]!.https;

  beforeAll(async () => {
    certs = makeCertSet();
    // A 1024-bit DH group in a fraction of a second (DSA-style parameters; a safe prime takes seconds).
    const dh1024 = join(certs.dir, 'dh1024.pem');
    await run('openssl', ['dhparam', '-dsaparam', '-out', dh1024, '1024'], { timeout: 30_000 });
    const tls = (extra: string[]) => ({ key: certs.valid.key, cert: certs.valid.cert, extraArgs: extra });
    [nd, ex, dflt] = await Promise.all([startStorescp({ tls: tls(['--profile-bcp195-nd']) }), startStorescp({ tls: tls(['--profile-bcp195-ex']) }), startStorescp({ tls: tls([]) })]);
    nginx = await startNginx([
      { name: 'b12', cert: certs.valid.cert, key: certs.valid.key, protocols: ['TLSv1.2', 'TLSv1.3'], ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384', ecdhCurve: 'X25519:prime256v1:secp384r1', preferServerCiphers: true },
      { name: 'weak', cert: certs.valid.cert, key: certs.valid.key, protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:DES-CBC3-SHA:@SECLEVEL=0' },
      { name: 'dhe1024', cert: certs.valid.cert, key: certs.valid.key, protocols: ['TLSv1.2'], ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0', dhparam: dh1024 },
    ]);
    orthanc = await startOrthanc({
      preset: 'insecure',
      name: 'orthanc-dicom-tls-profiles',
      config: { DicomTlsEnabled: true, DicomTlsCertificate: certs.valid.cert, DicomTlsPrivateKey: certs.valid.key, DicomTlsTrustedCertificates: certs.ca.cert, DicomTlsRemoteCertificateRequired: false },
    });
    report = await scanLoopback([nd.port, ex.port, dflt.port, site('b12'), site('weak'), site('dhe1024'), orthanc.port], { tls: { ca: certs.ca.certPem } });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([nd?.stop(), ex?.stop(), dflt?.stop(), nginx?.stop(), orthanc?.stop()]);
    certs?.remove();
  });

  const B12_RSA = ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'];
  const ND_RSA = [...B12_RSA, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384'];
  const OPENSSL_TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
  const sorted = (a: string[]): string[] => [...a].sort();

  it('storescp --profile-bcp195-nd: TLS 1.2 with the four BCP 195 suites (DHE 2048) and TLS 1.3: meets B.12, not B.13 (DHE)', () => {
    const s = serviceAt(report, nd.port);
    expect(s.protocol).toBe('dicom-tls');
    expect(sorted(suitesAt(s, 'TLSv1.2'))).toEqual(sorted(ND_RSA));
    expect(sorted(suitesAt(s, 'TLSv1.3'))).toEqual(OPENSSL_TLS13);
    expect(suitesAt(s, 'TLSv1')).toEqual([]);
    const p = profiles(s);
    expect(p.best).toBe('B.12');
    expect(p.reasons['B.13']).toMatch(/TLS_DHE_RSA_WITH_AES_(128|256)_GCM_SHA(256|384), which B\.13 does not permit/);
    expect(check(s, 'tls.profile').status).toBe('pass');
    expect(check(s, 'tls.weak-cipher').status).toBe('pass');
    expect(check(s, 'tls.weak-key-exchange')).toMatchObject({ status: 'pass' });
    expect(check(s, 'tls.weak-key-exchange').summary).toMatch(/DHE 2048 bits/);
  });

  it('storescp --profile-bcp195-ex: the same TLS 1.2 suites, no TLS 1.3; its default is Non-Downgrading', () => {
    const s = serviceAt(report, ex.port);
    expect(sorted(suitesAt(s, 'TLSv1.2'))).toEqual(sorted(ND_RSA));
    expect(suitesAt(s, 'TLSv1.3')).toEqual([]);
    expect(profiles(s).best).toBe('B.12');
    const d = serviceAt(report, dflt.port);
    expect(sorted(suitesAt(d, 'TLSv1.2'))).toEqual(sorted(suitesAt(serviceAt(report, nd.port), 'TLSv1.2')));
    expect(sorted(suitesAt(d, 'TLSv1.3'))).toEqual(OPENSSL_TLS13);
    expect(profiles(d).best).toBe('B.12');
  });

  it('nginx with a B.12 configuration: meets B.12, in its own order; B.13 wants the TLS 1.3 CCM suites too', () => {
    const s = serviceAt(report, site('b12'));
    expect(suitesAt(s, 'TLSv1.2')).toEqual(B12_RSA);
    const ev = check(s, 'tls.profile').evidence as { serverOrder: boolean; groups: { name: string }[] };
    expect(ev.serverOrder).toBe(true);
    expect(ev.groups.map((g) => g.name).sort()).toEqual(['X25519', 'prime256v1', 'secp384r1']);
    const p = profiles(s);
    expect(p.best).toBe('B.12');
    expect(p.verdict).toMatch(/^meets B\.12/);
    expect(p.reasons['B.13']).toMatch(/TLS_AES_128_CCM_SHA256/);
  });

  it('nginx with TLS 1.0 and CBC-SHA1 (3DES named but compiled out): fails, meets only the retired BCP 195 profile', () => {
    const s = serviceAt(report, site('weak'));
    expect(suitesAt(s, 'TLSv1')).toEqual(['TLS_RSA_WITH_AES_128_CBC_SHA']);
    expect(sorted(suitesAt(s, 'TLSv1.2'))).toEqual(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA']);
    const w = check(s, 'tls.weak-cipher');
    expect(w.status).toBe('fail');
    expect(w.summary).toMatch(/TLS_RSA_WITH_AES_128_CBC_SHA \(CBC with SHA-1 and RSA key exchange\)/);
    const p = profiles(s);
    expect(p.best).toBe('bcp195');
    expect(p.reasons['B.12']).toBe('accepts TLS 1.0 and TLS 1.1');
    expect(p.verdict).toMatch(/^meets only retired BCP 195: accepts TLS 1\.0 and TLS 1\.1; accepts TLS_RSA_WITH_AES_128_CBC_SHA/);
    expect(check(s, 'tls.profile')).toMatchObject({ status: 'fail', severity: 'medium' });
  });

  it('nginx with a 1024-bit DHE group: tls.weak-key-exchange fails, B.12 names the group', () => {
    const s = serviceAt(report, site('dhe1024'));
    expect(check(s, 'tls.weak-key-exchange').status).toBe('fail');
    expect(check(s, 'tls.weak-key-exchange').summary).toMatch(/1024-bit DHE group/);
    const p = profiles(s);
    expect(p.reasons['B.12']).toMatch(/1024-bit DHE group/);
    expect(p.best).toBe('bcp195');
    expect(check(s, 'tls.profile').status).toBe('fail');
  });

  it('Orthanc 1.10.1 DICOM TLS: TLS 1.0/1.1 with AES-CBC-SHA next to the BCP 195 suites: only the retired BCP 195 profile', () => {
    const s = serviceAt(report, orthanc.port);
    expect(s.protocol).toBe('dicom-tls');
    expect(suitesAt(s, 'TLSv1')).toEqual(['TLS_RSA_WITH_AES_128_CBC_SHA']);
    expect(suitesAt(s, 'TLSv1.2')).toContain('TLS_RSA_WITH_AES_128_CBC_SHA');
    const p = profiles(s);
    expect(p.best).toBe('bcp195');
    expect(p.reasons['B.12']).toMatch(/^accepts TLS 1\.0/);
    expect(check(s, 'tls.weak-cipher').status).toBe('fail');
    expect(check(s, 'tls.profile').status).toBe('fail');
  });

  it('every enumeration stayed within a few dozen handshakes and finished', () => {
    for (const port of [nd.port, ex.port, dflt.port, site('b12'), site('weak'), site('dhe1024'), orthanc.port]) {
      const ev = check(serviceAt(report, port), 'tls.profile').evidence as { handshakes: number; incomplete: string | null };
      expect(ev.incomplete, String(port)).toBeNull();
      expect(ev.handshakes, String(port)).toBeLessThan(40);
    }
  });

  it("the suite lists equal openssl s_client's, one suite per call (nginx weak, Orthanc DICOM TLS; TLS 1.2 and 1.3)", async () => {
    const [web, dicom] = await Promise.all([opensslAccepted(site('weak')), opensslAccepted(orthanc.port)]);
    expect(web.tls12).toEqual(sorted(suitesAt(serviceAt(report, site('weak')), 'TLSv1.2')));
    expect(web.tls13).toEqual([]);
    expect(dicom.tls12).toEqual(sorted(suitesAt(serviceAt(report, orthanc.port), 'TLSv1.2')));
    expect(dicom.tls13).toEqual(sorted(suitesAt(serviceAt(report, orthanc.port), 'TLSv1.3')));
  }, 120_000);
});
