/**
 * Issue 15: a verification of a TLS port says per suite what changed. A real node:tls
 * server accepting TLS 1.0 and AES-CBC-SHA is scanned (the real tls-suites probe),
 * then restarted on the same port with B.12 settings and verified: the record's
 * evidence lists the suites removed and kept, and tls.profile / tls.weak-cipher are fixed.
 */
import type { Socket } from 'node:net';
import { createServer, type Server, type TlsOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScanWith, type ScanDeps } from '../../../../electron/engine/scan';
import { defaultProbeOptions } from '../../../../electron/engine/options';
import { tlsSuitesProbe } from '../../../../electron/engine/probes/tls-suites';
import { verifyService } from '../../../../electron/engine/verify';
import type { ServiceInfo } from '../../../../electron/engine/types';
import { suiteChanges } from '../../../../shared/tls-suite-diff';
import { whichBinary } from '../../../peers/harness';
import { makeCertSet, type CertSet } from '../../../peers/tls-certs';

describe('suiteChanges', () => {
  it('removed, added and kept, per version', () => {
    const ev = (suites: Record<string, string[]>) => ({ suitesByVersion: Object.entries(suites).map(([version, s]) => ({ version, suites: s })) });
    expect(suiteChanges(ev({ TLSv1: ['A'], 'TLSv1.2': ['A', 'B'] }), ev({ 'TLSv1.2': ['B', 'C'] }))).toEqual({ removed: ['TLSv1 A', 'TLSv1.2 A'], added: ['TLSv1.2 C'], kept: ['TLSv1.2 B'] });
    expect(suiteChanges({}, ev({}))).toBeUndefined();
    expect(suiteChanges({ suitesByVersion: [null, { version: 1 }] }, ev({}))).toEqual({ removed: [], added: [], kept: [] });
  });
});

describe.skipIf(whichBinary('openssl') ? undefined : 'needs the openssl CLI to make test certificates')('verifying a TLS fix', () => {
  let certs: CertSet;
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = async (opts: TlsOptions): Promise<void> => {
    server = createServer({ key: certs.valid.keyPem, cert: certs.valid.certPem, ...opts }, (s) => s.end());
    server.on('tlsClientError', () => undefined);
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  };
  const stop = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server?.close(r));
  };
  beforeAll(() => {
    certs = makeCertSet();
  });
  afterAll(async () => {
    await stop();
    certs?.remove();
  });

  it('the record lists the suites the fix removed', async () => {
    const deps: ScanDeps = {
      identify: (t): Promise<ServiceInfo> => Promise.resolve({ host: t.host, port: t.port, protocol: 'https', identification: {} }),
      probes: [tlsSuitesProbe],
    };
    const options = defaultProbeOptions({ vantage: { label: 'lab', untrusted: false }, connectTimeoutMs: 2000, ioTimeoutMs: 2000, targetTimeoutMs: 30_000 });
    await start({ minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:@SECLEVEL=0' });
    const scan = await runScanWith({ targets: ['127.0.0.1'], ports: [port], options }, {}, deps);
    const service = scan.services.find((s) => s.port === port)!;
    expect(service.checks.find((c) => c.id === 'tls.profile')?.status).toBe('fail');

    await stop();
    await start({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' });
    const record = await verifyService({ host: '127.0.0.1', port, before: { scanId: scan.scan.id, at: new Date().toISOString(), vantage: options.vantage, service }, options }, deps);
    const profile = record.checks.find((c) => c.id === 'tls.profile')!;
    expect(profile.verdict).toBe('fixed');
    expect((profile.evidence as Record<string, unknown>).suiteChanges).toEqual({
      removed: ['TLSv1 TLS_RSA_WITH_AES_128_CBC_SHA', 'TLSv1.1 TLS_RSA_WITH_AES_128_CBC_SHA', 'TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA'],
      added: [],
      kept: ['TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
    });
    expect(record.checks.find((c) => c.id === 'tls.weak-cipher')?.verdict).toBe('fixed');
  });
});
