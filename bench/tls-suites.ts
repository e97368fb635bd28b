/**
 * Issue 15: what a full cipher suite enumeration of one TLS port costs. Real servers
 * (storescp +tls, serving one connection at a time; nginx with a B.12 configuration
 * and one with TLS 1.0 and CBC-SHA1; Orthanc 1.10 DICOM TLS), each enumerated
 * `rounds` times through the engine's own enumerateTls (the `tls-suites` probe's
 * work, under one host slot, one handshake at a time): handshakes per service and
 * wall time per service, medians. Reports; never asserts.
 */
import { defaultProbeOptions } from '../electron/engine/options';
import { enumerateTls } from '../electron/engine/tls/enumerate';
import type { ProbeContext, ServiceInfo } from '../electron/engine/types';
import { makeTestPki, startOrthanc, startStorescp, type PeerServer } from '../test/peers/harness';
import { startNginx } from '../test/peers/harness-nginx';
import { onCleanup } from './children';
import { median } from './stats';

export interface TlsSuitesRow {
  service: string;
  /** Handshakes of one enumeration (TCP connections, raw ClientHellos included). */
  handshakes: number;
  wallMs: number[];
  medianMs: number;
  /** Accepted suites over all versions. */
  accepted: number;
}

export async function tlsSuitesBench(rounds: number, log: (line: string) => void): Promise<TlsSuitesRow[]> {
  const pki = makeTestPki();
  const started: { stop(): Promise<void> }[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((s) => s.stop()));
    pki.remove();
  };
  const off = onCleanup('tls-suites servers', stop);
  try {
    const add = <T extends { stop(): Promise<void> }>(s: T): T => {
      started.push(s);
      return s;
    };
    const scp: PeerServer = add(await startStorescp({ tls: { key: pki.serverKey, cert: pki.serverCert } }));
    const orthanc = add(
      await startOrthanc({
        preset: 'insecure',
        name: 'bench-orthanc-dicom-tls',
        config: { DicomTlsEnabled: true, DicomTlsCertificate: pki.serverCert, DicomTlsPrivateKey: pki.serverKey, DicomTlsTrustedCertificates: pki.caCert, DicomTlsRemoteCertificateRequired: false },
      }),
    );
    const nginx = add(
      await startNginx([
        { name: 'b12', cert: pki.serverCert, key: pki.serverKey, ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384' },
        { name: 'legacy', cert: pki.serverCert, key: pki.serverKey, protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:@SECLEVEL=0' },
      ]),
    );
    const targets: [string, ServiceInfo][] = [
      ['storescp +tls (one connection at a time)', { host: '127.0.0.1', port: scp.port, protocol: 'dicom-tls', identification: {} }],
      ['Orthanc 1.10 DICOM TLS', { host: '127.0.0.1', port: orthanc.port, protocol: 'dicom-tls', identification: {} }],
      ['nginx, B.12 configuration', { host: '127.0.0.1', port: nginx.ports.b12!.https, protocol: 'https', identification: {} }],
      ['nginx, TLS 1.0 + CBC-SHA1', { host: '127.0.0.1', port: nginx.ports.legacy!.https, protocol: 'https', identification: {} }],
    ];
    const options = defaultProbeOptions({ vantage: { label: 'bench', untrusted: false } });
    const rows: TlsSuitesRow[] = [];
    for (const [label, service] of targets) {
      const wallMs: number[] = [];
      let handshakes = 0;
      let accepted = 0;
      for (let i = 0; i < rounds; i++) {
        const ctx: ProbeContext = { signal: new AbortController().signal, deadline: Date.now() + options.targetTimeoutMs, options };
        const t0 = performance.now();
        const e = await enumerateTls(service, ctx);
        wallMs.push(Math.round(performance.now() - t0));
        handshakes = e.handshakes;
        accepted = new Set(e.versions.flatMap((v) => v.suites)).size;
      }
      rows.push({ service: label, handshakes, wallMs, medianMs: median(wallMs), accepted });
      log(`bench: tls-suites ${label}: ${handshakes} handshakes, ${median(wallMs)} ms`);
    }
    return rows;
  } finally {
    off();
    await stop();
  }
}

/** The rows as a small table. */
export function renderTlsSuites(rows: readonly TlsSuitesRow[]): string {
  const lines = ['', 'TLS suite enumeration, one port (issue 15):', '| service | handshakes | wall time (median) | suites accepted |', '|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.service} | ${r.handshakes} | ${(r.medianMs / 1000).toFixed(2)} s | ${r.accepted} |`);
  return `${lines.join('\n')}\n`;
}
