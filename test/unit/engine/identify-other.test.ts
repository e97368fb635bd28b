/**
 * identifyNonDicom against loopback peers: HTTP, HTTPS, a TLS service that says
 * nothing inside, a TLS service that demands a client certificate, and a banner.
 * (DICOM inside TLS is tested against real Orthanc and storescp in test/peers.)
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFirstBytes, identifyNonDicom } from '../../../electron/engine/identify-other';
import type { ProbeContext } from '../../../electron/engine/types';
import { whichBinary } from '../../peers/harness';
import { makeCertSet, type CertSet } from '../../peers/tls-certs';
import { PDU } from '../../../electron/engine/dicom/pdu';
import { buildAc, readPdus, rqOf } from './dicom/fake-peer';
import { loopbackListeners } from './loopback-listeners';

const { listen } = loopbackListeners();

const ctx = (): ProbeContext => ({
  signal: new AbortController().signal,
  deadline: Date.now() + 15_000,
  options: { callingAe: 'CLMTEST', calledAes: new Map(), inventory: [], vantage: { label: 't', untrusted: false }, optIn: new Set(), connectTimeoutMs: 1_000, ioTimeoutMs: 800, targetTimeoutMs: 15_000 },
});

describe('classifyFirstBytes', () => {
  it('tells HTTP, TLS records, other bytes and nothing', () => {
    expect(classifyFirstBytes(undefined)).toBe('none');
    expect(classifyFirstBytes(Buffer.alloc(0))).toBe('none');
    expect(classifyFirstBytes(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toBe('http');
    expect(classifyFirstBytes(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]))).toBe('tls');
    expect(classifyFirstBytes(Buffer.from([0x16, 0x03, 0x03]))).toBe('tls');
    expect(classifyFirstBytes(Buffer.from('SSH-2.0-OpenSSH'))).toBe('other');
    expect(classifyFirstBytes(Buffer.from([0x07, 0x00, 0x00, 0x00]))).toBe('other');
  });
});

describe('identifyNonDicom', () => {
  it('plain HTTP: protocol http with the web observation', async () => {
    const port = await listen(createHttpServer((_q, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<title>x</title>')));
    const info = await identifyNonDicom({ host: '127.0.0.1', port }, ctx());
    expect(info?.protocol).toBe('http');
    expect((info?.identification.web as { kind: string }).kind).toBe('web');
  });

  it('bytes that are neither HTTP nor TLS: null at once, without connecting', async () => {
    let connections = 0;
    const port = await listen(createNetServer(() => connections++));
    expect(await identifyNonDicom({ host: '127.0.0.1', port }, ctx(), Buffer.from('SSH-2.0-x\r\n'))).toBeNull();
    expect(connections).toBe(0);
  });

  it('a banner server: neither TLS nor HTTP, null', async () => {
    const port = await listen(createNetServer((s) => s.end('220 ftp ready\r\n')));
    expect(await identifyNonDicom({ host: '127.0.0.1', port }, ctx())).toBeNull();
  });

  it('a silent server: null, within the bounds', async () => {
    const port = await listen(createNetServer(() => undefined));
    expect(await identifyNonDicom({ host: '127.0.0.1', port }, ctx())).toBeNull();
  });
});

describe.skipIf(whichBinary('openssl') ? undefined : 'needs the openssl CLI to make test certificates')('identifyNonDicom over TLS', () => {
  let certs: CertSet;
  beforeAll(() => {
    certs = makeCertSet();
  });
  afterAll(() => certs?.remove());

  it('HTTPS: protocol https, TLS facts and the web observation', async () => {
    const port = await listen(createHttpsServer({ key: certs.valid.keyPem, cert: certs.valid.certPem }, (_q, res) => res.writeHead(200).end('<title>x</title>')));
    const info = await identifyNonDicom({ host: '127.0.0.1', port }, ctx());
    expect(info?.protocol).toBe('https');
    expect(info?.identification).toMatchObject({ tls: true, inner: 'http', tlsHandshake: { protocol: 'TLSv1.3' } });
  });

  it('TLS with nothing recognisable inside: unknown, reported as TLS with an unknown inner protocol', async () => {
    const port = await listen(createTlsServer({ key: certs.valid.keyPem, cert: certs.valid.certPem }, (s) => s.on('error', () => undefined)));
    const info = await identifyNonDicom({ host: '127.0.0.1', port }, ctx());
    expect(info?.protocol).toBe('unknown');
    expect(info?.identification).toMatchObject({ tls: true, inner: 'unknown' });
  });

  it('DICOM inside TLS runs under the host slot: one let go after an HTTP answer is taken back before the first association', async () => {
    const events: string[] = [];
    const port = await listen(
      createTlsServer({ key: certs.valid.keyPem, cert: certs.valid.certPem }, (s) => {
        s.on('error', () => undefined);
        readPdus(s, (pdu) => {
          if (pdu.type === PDU.ASSOCIATE_RQ) {
            events.push('association');
            s.write(buildAc(rqOf(pdu)));
          } else if (pdu.type === PDU.RELEASE_RQ) s.end(Buffer.from([0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0]));
        });
      }),
    );
    const held = { holdHost: () => (events.push('hold'), Promise.resolve()) };
    const info = await identifyNonDicom({ host: '127.0.0.1', port }, { ...ctx(), ...held }, Buffer.from('HTTP/1.1 400 Bad Request\r\n'));
    expect(info?.protocol).toBe('dicom-tls');
    expect(events[0]).toBe('hold');
    expect(events).toContain('association');
  });

  it('TLS that demands a client certificate, none given: unknown inner protocol, and says why', async () => {
    const port = await listen(createTlsServer({ key: certs.valid.keyPem, cert: certs.valid.certPem, ca: certs.ca.certPem, requestCert: true, rejectUnauthorized: true }, (s) => s.on('error', () => undefined)));
    const info = await identifyNonDicom({ host: '127.0.0.1', port: port }, ctx());
    expect(info?.protocol).toBe('unknown');
    expect(info?.identification).toMatchObject({ tls: true, inner: 'unknown', tlsHandshake: { clientCertificateDemanded: true, clientCertificateUsed: false } });
  });
});
