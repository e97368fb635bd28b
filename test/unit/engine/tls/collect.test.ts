/**
 * collectTls and detectClientAuth against real node:tls servers on loopback, with
 * certificates made by openssl for the test.
 */
import { createServer, type Server, type TlsOptions } from 'node:tls';
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientAuthFrom, detectClientAuth } from '../../../../electron/engine/tls/client-auth';
import { collectTls } from '../../../../electron/engine/tls/collect';
import type { TlsDialResult } from '../../../../electron/engine/tls/handshake';
import type { ProbeContext, ProbeOptions, ServiceInfo } from '../../../../electron/engine/types';
import { whichBinary } from '../../../peers/harness';
import { makeCertSet, type CertSet } from '../../../peers/tls-certs';

function options(tls?: ProbeOptions['tls']): ProbeOptions {
  return {
    callingAe: 'CLMTEST',
    calledAes: new Map(),
    inventory: [],
    vantage: { label: 'test', untrusted: false },
    optIn: new Set(),
    connectTimeoutMs: 2_000,
    ioTimeoutMs: 2_000,
    targetTimeoutMs: 20_000,
    ...(tls ? { tls } : {}),
  };
}
const ctx = (tls?: ProbeOptions['tls']): ProbeContext => ({ signal: new AbortController().signal, deadline: Date.now() + 20_000, options: options(tls) });

function dial(over: Partial<TlsDialResult>): TlsDialResult {
  return { outcome: 'success', offered: { min: 'TLSv1', max: 'TLSv1.2' }, serverCertificateSeen: true, chain: [], authorized: false, elapsedMs: 1, ...over };
}

describe('clientAuthFrom (pure)', () => {
  it('a completed TLS 1.2 handshake without a client certificate: not demanded', () => {
    expect(clientAuthFrom(dial({ protocol: 'TLSv1.2' })).verdict).toBe('not-demanded');
  });
  it('an alert after the server certificate: demanded', () => {
    expect(clientAuthFrom(dial({ outcome: 'tls-error', alert: 'handshake failure' })).verdict).toBe('demanded');
    expect(clientAuthFrom(dial({ outcome: 'tls-error', alert: 'certificate required' })).verdict).toBe('demanded');
  });
  it('an alert before any certificate says nothing about client certificates', () => {
    expect(clientAuthFrom(dial({ outcome: 'tls-error', alert: 'handshake failure', serverCertificateSeen: false })).verdict).toBe('unknown');
    expect(clientAuthFrom(dial({ outcome: 'tls-error', alert: 'protocol version' })).verdict).toBe('unknown');
  });
  it('TLS 1.3: a session ticket means accepted, a certificate-required alert means demanded, silence means unknown', () => {
    expect(clientAuthFrom(dial({ protocol: 'TLSv1.3', afterHandshake: 'ticket' })).verdict).toBe('not-demanded');
    expect(clientAuthFrom(dial({ protocol: 'TLSv1.3', afterHandshake: 'alert', alert: 'certificate required' })).verdict).toBe('demanded');
    expect(clientAuthFrom(dial({ protocol: 'TLSv1.3', afterHandshake: 'quiet' })).verdict).toBe('unknown');
    expect(clientAuthFrom(dial({ protocol: 'TLSv1.3', afterHandshake: 'closed' })).verdict).toBe('unknown');
  });
  it('a timeout is unknown', () => {
    expect(clientAuthFrom(dial({ outcome: 'io-timeout', serverCertificateSeen: false })).verdict).toBe('unknown');
  });
});

describe.skipIf(whichBinary('openssl') ? undefined : 'needs the openssl CLI to make test certificates')('against node:tls servers', () => {
  let certs: CertSet;
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  beforeAll(() => {
    certs = makeCertSet();
  });
  afterAll(() => certs?.remove());
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  async function serve(opts: TlsOptions): Promise<ServiceInfo> {
    const srv = createServer(opts, (s) => {
      s.on('error', () => undefined);
      // Answer like a DICOM server that waits for the client: say nothing.
    });
    srv.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    srv.on('tlsClientError', () => undefined);
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return { host: '127.0.0.1', port: (srv.address() as { port: number }).port, protocol: 'dicom-tls', identification: {} };
  }

  it('collects versions, chain, trust and name for a server offering TLS 1.2-1.3 with a CA-signed certificate', async () => {
    const svc = await serve({ key: certs.valid.keyPem, cert: certs.valid.certPem + certs.ca.certPem, minVersion: 'TLSv1.2' });
    const o = await collectTls(svc, ctx({ ca: certs.ca.certPem }));
    expect(o.attempts.map((a) => [a.version, a.accepted])).toEqual([
      ['TLSv1', false],
      ['TLSv1.1', false],
      ['TLSv1.2', true],
      ['TLSv1.3', true],
    ]);
    expect(o.best?.version).toBe('TLSv1.3');
    expect(o.chain[0]?.subject).toBe('CN=localhost');
    expect(o.chain.map((c) => c.subject)).toContain('CN=Collimator Test CA');
    expect(o.trust.authorized).toBe(true);
    expect(o.trust.sources).toContain('--trust');
    expect(o.names).toEqual([{ name: '127.0.0.1', matches: true }]);
  });

  it('without --trust the same chain is untrusted, and the user\'s host name is what gets matched', async () => {
    const svc = await serve({ key: certs.valid.keyPem, cert: certs.valid.certPem, minVersion: 'TLSv1.2' });
    const o = await collectTls({ ...svc, hostNames: ['pacs.example.test'] }, ctx());
    expect(o.trust.authorized).toBe(false);
    expect(o.trust.error).toBeTruthy();
    expect(o.names).toEqual([{ name: 'pacs.example.test', matches: false }]);
  });

  it('a server that resets every connection but one: versions offered at once are offered again alone, none misjudged', async () => {
    const svc = await serve({ key: certs.valid.keyPem, cert: certs.valid.certPem + certs.ca.certPem, minVersion: 'TLSv1.2' });
    // In front of the TLS server: while one connection is open, any other is reset at once.
    let busy = false;
    let resets = 0;
    const { createServer: createNetServer, connect } = await import('node:net');
    const gate = createNetServer((c) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
      c.on('error', () => undefined);
      if (busy) {
        resets++;
        c.resetAndDestroy();
        return;
      }
      busy = true;
      const up = connect({ host: '127.0.0.1', port: svc.port });
      sockets.add(up);
      up.on('error', () => c.destroy());
      c.pipe(up).pipe(c);
      c.on('close', () => {
        busy = false;
        up.destroy();
      });
    });
    await new Promise<void>((r) => gate.listen(0, '127.0.0.1', r));
    try {
      const o = await collectTls({ ...svc, port: (gate.address() as { port: number }).port }, ctx({ ca: certs.ca.certPem }));
      expect(resets).toBeGreaterThan(0);
      expect(o.attempts.map((a) => [a.version, a.accepted])).toEqual([
        ['TLSv1', false],
        ['TLSv1.1', false],
        ['TLSv1.2', true],
        ['TLSv1.3', true],
      ]);
      expect(o.trust.authorized).toBe(true);
    } finally {
      await new Promise((r) => gate.close(r));
    }
  });

  it('sees a server accepting TLS 1.0 and 1.1 when it allows them', async () => {
    const svc = await serve({ key: certs.valid.keyPem, cert: certs.valid.certPem, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const o = await collectTls(svc, ctx());
    expect(o.attempts.filter((a) => a.accepted).map((a) => a.version)).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  });

  it('client certificate demanded under TLS 1.2: seen from the alert after the server certificate', async () => {
    const svc = await serve({ key: certs.valid.keyPem, cert: certs.valid.certPem, ca: certs.ca.certPem, requestCert: true, rejectUnauthorized: true, maxVersion: 'TLSv1.2' });
    const o = await detectClientAuth(svc, ctx());
    expect(o.verdict).toBe('demanded');
    expect(o.tries[0]?.serverCertificateSeen).toBe(true);
  });

  it('client certificate demanded by a TLS 1.3-only server: seen from the post-handshake alert', async () => {
    const svc = await serve({ key: certs.valid.keyPem, cert: certs.valid.certPem, ca: certs.ca.certPem, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' });
    const o = await detectClientAuth(svc, ctx());
    expect(o.tries.map((t) => t.maxVersion)).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(o.verdict).toBe('demanded');
    expect(o.tries[1]?.afterHandshake).toBe('alert');
  });

  it('no client certificate asked for: not demanded, under 1.2 and 1.3-only', async () => {
    const a = await serve({ key: certs.valid.keyPem, cert: certs.valid.certPem });
    expect((await detectClientAuth(a, ctx())).verdict).toBe('not-demanded');
    const b = await serve({ key: certs.valid.keyPem, cert: certs.valid.certPem, minVersion: 'TLSv1.3' });
    const o = await detectClientAuth(b, ctx());
    expect(o.verdict).toBe('not-demanded');
    expect(o.tries[1]?.afterHandshake).toBe('ticket');
  });

  it('presents the configured client certificate on DICOM TLS, so the versions of a demanding server are seen as completed', async () => {
    const svc = await serve({ key: certs.valid.keyPem, cert: certs.valid.certPem, ca: certs.ca.certPem, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' });
    const o = await collectTls(svc, ctx({ ca: certs.ca.certPem, cert: certs.client.certPem, key: certs.client.keyPem }));
    expect(o.clientCertificateUsed).toBe(true);
    expect(o.attempts.find((a) => a.version === 'TLSv1.2')?.outcome).toBe('success');
    expect(o.trust.authorized).toBe(true);
    // On HTTPS the DICOM client certificate is not presented.
    const https = await collectTls({ ...svc, protocol: 'https' }, ctx({ ca: certs.ca.certPem, cert: certs.client.certPem, key: certs.client.keyPem }));
    expect(https.clientCertificateUsed).toBe(false);
  });
});
