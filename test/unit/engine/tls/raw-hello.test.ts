/**
 * The hand-built ClientHello: against a real node:tls server (OpenSSL picks a suite we
 * offered by code point, and the parser reads it), against hostile bytes, and — where no
 * real server can run, because no OpenSSL on this machine has 3DES compiled in — against
 * a scripted peer that answers every ClientHello with a ServerHello naming
 * TLS_RSA_WITH_3DES_EDE_CBC_SHA (a stand-in for an old dcm4chee-arc default).
 */
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enumerateTls } from '../../../../electron/engine/tls/enumerate';
import { judgeProfile, judgeWeakCipher } from '../../../../electron/engine/tls/judge-suites';
import { buildClientHello, parseServerReply, rawHello } from '../../../../electron/engine/tls/raw-hello';
import type { ProbeContext, ServiceInfo } from '../../../../electron/engine/types';
import { whichBinary } from '../../../peers/harness';
import { makeCertSet, type CertSet } from '../../../peers/tls-certs';

const servers: (Server | NetServer)[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});
async function listen(srv: Server | NetServer): Promise<number> {
  srv.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return (srv.address() as { port: number }).port;
}
const signal = (): AbortSignal => new AbortController().signal;

/** A ServerHello record at TLS 1.2 naming `suite` (then a close). */
function serverHello(suite: number, version = 0x0303): Buffer {
  const body = Buffer.concat([Buffer.from([version >> 8, version & 0xff]), Buffer.alloc(32, 7), Buffer.from([0]), Buffer.from([suite >> 8, suite & 0xff]), Buffer.from([0])]);
  const hs = Buffer.concat([Buffer.from([2, 0, 0, body.length]), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x03, 0, hs.length]), hs]);
}

describe('parseServerReply', () => {
  it('reads a ServerHello, split anywhere; an alert; garbage', () => {
    const sh = serverHello(0x000a);
    expect(parseServerReply(sh)).toEqual({ kind: 'server-hello', version: 0x0303, suite: 0x000a });
    expect(parseServerReply(sh.subarray(0, 20))).toBeUndefined();
    expect(parseServerReply(Buffer.from([0x15, 3, 3, 0, 2, 2, 40]))).toEqual({ kind: 'alert', level: 2, description: 40 });
    expect(parseServerReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toEqual({ kind: 'garbage' });
    expect(parseServerReply(Buffer.from([0x16, 3, 3, 0, 4, 11, 0, 0, 0]))).toEqual({ kind: 'garbage' });
  });
  it('builds a ClientHello record that names the offered codes', () => {
    const h = buildClientHello('TLSv1.2', [0x000a, 0x0005], 'pacs.example.org');
    expect(h[0]).toBe(0x16);
    expect(h.readUInt16BE(3)).toBe(h.length - 5);
    expect(h.includes(Buffer.from([0, 4, 0x00, 0x0a, 0x00, 0x05]))).toBe(true);
    expect(h.includes(Buffer.from('pacs.example.org'))).toBe(true);
  });
});

describe('rawHello against peers', () => {
  it('a silent peer times out; a closed port is refused', async () => {
    const port = await listen(createNetServer(() => undefined));
    expect(await rawHello('127.0.0.1', port, buildClientHello('TLSv1.2', [0x000a]), 200, signal())).toEqual({ kind: 'timeout' });
  });

  describe.skipIf(whichBinary('openssl') ? undefined : 'needs the openssl CLI to make test certificates')('real OpenSSL server', () => {
    let certs: CertSet;
    beforeAll(() => {
      certs = makeCertSet();
    });
    afterAll(() => certs?.remove());
    it('the server picks the suite offered by code, or refuses with an alert', async () => {
      const port = await listen(createServer({ key: certs.valid.keyPem, cert: certs.valid.certPem, minVersion: 'TLSv1.2', ciphers: 'AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256' }, (s) => s.end()));
      expect(await rawHello('127.0.0.1', port, buildClientHello('TLSv1.2', [0x000a, 0x002f]), 2000, signal())).toEqual({ kind: 'server-hello', version: 0x0303, suite: 0x002f });
      const refused = await rawHello('127.0.0.1', port, buildClientHello('TLSv1.2', [0x000a, 0x0005]), 2000, signal());
      expect(refused.kind).toBe('alert');
    });
  });
});

describe('enumerateTls with a 3DES-only peer (scripted: no OpenSSL here can serve 3DES)', () => {
  it('finds TLS_RSA_WITH_3DES_EDE_CBC_SHA, fails tls.weak-cipher and grades Basic TLS', async () => {
    const port = await listen(
      createNetServer((s) => {
        s.once('data', () => s.end(serverHello(0x000a)));
      }),
    );
    const service: ServiceInfo = { host: '127.0.0.1', port, protocol: 'dicom-tls', identification: {} };
    const ctx: ProbeContext = {
      signal: signal(),
      deadline: Date.now() + 10_000,
      options: { callingAe: 'CLMTEST', calledAes: new Map(), inventory: [], vantage: { label: 't', untrusted: false }, optIn: new Set(), connectTimeoutMs: 1000, ioTimeoutMs: 1000, targetTimeoutMs: 10_000 },
    };
    const e = await enumerateTls(service, ctx);
    expect(e.versions.find((v) => v.version === 'TLSv1.2')!.suites).toEqual(['TLS_RSA_WITH_3DES_EDE_CBC_SHA']);
    const w = judgeWeakCipher(e, service);
    expect(w.status).toBe('fail');
    expect(w.summary).toMatch(/TLS_RSA_WITH_3DES_EDE_CBC_SHA \(3DES\)/);
    const p = judgeProfile(e, service);
    expect(p.status).toBe('fail');
    expect(p.evidence.bestProfile).toBe('basic-tls');
  });
});
