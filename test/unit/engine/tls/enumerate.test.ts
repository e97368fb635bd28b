/**
 * Suite enumeration against real node:tls servers on loopback, each configured with a
 * known suite list, versions, groups and DH size: what the enumeration reports must be
 * exactly what the server was told to accept. Plus the suite table against this Node
 * build (every row can be offered) and the pure helpers.
 */
import { createSecureContext, createServer, type Server, type TlsOptions } from 'node:tls';
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cipherString, enumerateTls, groupBits, suitesFor } from '../../../../electron/engine/tls/enumerate';
import { SUITES, suiteByName, weakness } from '../../../../electron/engine/tls/suites';
import type { ProbeContext, ProbeOptions, ServiceInfo } from '../../../../electron/engine/types';
import { whichBinary } from '../../../peers/harness';
import { makeCertSet, type CertSet } from '../../../peers/tls-certs';

function options(): ProbeOptions {
  return { callingAe: 'CLMTEST', calledAes: new Map(), inventory: [], vantage: { label: 'test', untrusted: false }, optIn: new Set(), connectTimeoutMs: 2_000, ioTimeoutMs: 2_000, targetTimeoutMs: 20_000 };
}
const ctx = (signal = new AbortController().signal): ProbeContext => ({ signal, deadline: Date.now() + 20_000, options: options() });
const svc = (port: number): ServiceInfo => ({ host: '127.0.0.1', port, protocol: 'https', identification: {} });

describe('suite table', () => {
  it('every TLS 1.0-1.2 row can be offered by this Node build, alone', () => {
    for (const s of SUITES.filter((x) => x.minVersion !== '1.3')) expect(() => createSecureContext({ ciphers: `${s.openssl}:@SECLEVEL=0` }), s.openssl).not.toThrow();
  });
  it('classifies weak suites as the issue lists them', () => {
    expect(weakness(suiteByName('TLS_RSA_WITH_AES_128_CBC_SHA')!)).toMatch(/SHA-1 and RSA/);
    expect(weakness(suiteByName('NULL-SHA')!)).toMatch(/NULL/);
    expect(weakness(suiteByName('ADH-AES128-GCM-SHA256')!)).toMatch(/anonymous/);
    expect(weakness(suiteByName('ECDHE-RSA-AES128-SHA')!)).toBeUndefined();
    expect(weakness(suiteByName('ECDHE-RSA-AES128-GCM-SHA256')!)).toBeUndefined();
  });
  it('cipher strings and groups', () => {
    expect(cipherString([suiteByName('AES128-SHA')!], 'TLSv1')).toBe('AES128-SHA:@SECLEVEL=0');
    expect(cipherString([suiteByName('TLS_AES_128_GCM_SHA256')!], 'TLSv1.3')).toBe('TLS_AES_128_GCM_SHA256');
    expect(suitesFor('TLSv1').every((s) => s.minVersion === '1.0')).toBe(true);
    expect(groupBits('X25519', 253)).toBe(256);
    expect(groupBits('secp224r1', 224)).toBe(224);
  });
});

describe.skipIf(whichBinary('openssl') ? undefined : 'needs the openssl CLI to make test certificates')('enumerateTls against node:tls servers', () => {
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
  async function serve(over: TlsOptions): Promise<number> {
    const srv = createServer({ key: certs.valid.keyPem, cert: certs.valid.certPem, ...over }, (s) => s.end());
    srv.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    srv.on('tlsClientError', () => undefined);
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return (srv.address() as { port: number }).port;
  }

  it('finds exactly the configured TLS 1.2 suites, in the server order, and its groups', async () => {
    const port = await serve({
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA',
      honorCipherOrder: true,
      ecdhCurve: 'prime256v1:secp384r1',
    });
    const e = await enumerateTls(svc(port), ctx());
    const v12 = e.versions.find((v) => v.version === 'TLSv1.2')!;
    expect(v12.suites).toEqual(['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA']);
    expect(e.versions.filter((v) => v.version !== 'TLSv1.2').map((v) => v.accepted)).toEqual([false, false, false]);
    expect(e.serverOrder).toBe(true);
    expect(e.groups.map((g) => g.name).sort()).toEqual(['prime256v1', 'secp384r1']);
    expect(e.incomplete).toBeUndefined();
    expect(e.handshakes).toBeLessThan(20);
  });

  it('sees the client order when the server does not enforce its own, TLS 1.0 suites, TLS 1.3 suites and the DH size', async () => {
    const port = await serve({
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.3',
      ciphers: 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:@SECLEVEL=0',
      honorCipherOrder: false,
      dhparam: 'auto',
    });
    const e = await enumerateTls(svc(port), ctx());
    const at = (v: string): string[] => e.versions.find((x) => x.version === v)!.suites;
    expect(at('TLSv1')).toEqual(['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA']);
    expect(at('TLSv1.2').sort()).toEqual(['TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA']);
    expect(at('TLSv1.3').sort()).toEqual(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384']);
    expect(e.serverOrder).toBe(false);
    const dhe = e.keyExchange.find((k) => k.suite === 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(dhe).toMatchObject({ type: 'DH' });
    expect(dhe!.bits).toBeGreaterThanOrEqual(2048);
  });

  it('a cancelled enumeration stops and says so', async () => {
    const port = await serve({ minVersion: 'TLSv1.2' });
    const ac = new AbortController();
    ac.abort(new Error('cancelled by test'));
    const e = await enumerateTls(svc(port), ctx(ac.signal));
    expect(e.incomplete).toMatch(/stopped/);
    expect(e.versions.some((v) => v.accepted)).toBe(false);
  });
});
