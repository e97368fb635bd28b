/**
 * The DICOM association and probe code runs unchanged inside TLS: only the
 * connector differs. Against real storescp +tls (DCMTK), with and without a
 * required client certificate. (Identifying a port as `dicom-tls` and the tls.*
 * checks belong to the TLS module; here the service is declared `dicom-tls`.)
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../shared/types';
import { plainConnect, tlsConnector } from '../../electron/engine/dicom/connect';
import { identifyDicom } from '../../electron/engine/dicom/identification';
import { PROBES } from '../../electron/engine/probes/index';
import type { ProbeContext, ProbeOptions, ServiceInfo } from '../../electron/engine/types';
import { peerSkipReason, makeTestPki, startStorescp, type TestPki } from './harness/index';

function context(tls?: ProbeOptions['tls']): ProbeContext {
  return {
    signal: new AbortController().signal,
    deadline: Date.now() + 30_000,
    options: {
      callingAe: 'CLMTLSCALLER',
      calledAes: new Map(),
      inventory: [],
      vantage: { label: 'lab', untrusted: false },
      optIn: new Set(),
      connectTimeoutMs: 3_000,
      ioTimeoutMs: 5_000,
      targetTimeoutMs: 30_000,
      ...(tls ? { tls } : {}),
    },
  };
}

describe.skipIf(peerSkipReason('dcmtk'))('DICOM probes over TLS (storescp +tls)', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => pki?.remove());

  it('identifies and judges a DICOM TLS storescp through the TLS connector; plaintext passes', async () => {
    const s = await startStorescp({ tls: { key: pki.serverKey, cert: pki.serverCert } });
    try {
      const ctx = context();
      // Plain TCP to a TLS port is not DICOM (our A-ASSOCIATE-RQ is not a TLS ClientHello).
      const plain = await identifyDicom(s, ctx, plainConnect);
      expect(plain.isDicom).toBe(false);

      const id = await identifyDicom(s, ctx, tlsConnector(undefined));
      expect(id.isDicom).toBe(true);
      expect(id.product).toMatchObject({ name: 'DCMTK', version: '3.6.7' });
      const service: ServiceInfo = { host: s.host, port: s.port, protocol: 'dicom-tls', identification: { ...id } };
      const checks: Record<string, CheckResult> = {};
      for (const p of PROBES.filter((x) => x.meta.id.startsWith('dicom-'))) {
        if (!p.applies(service, ctx.options)) continue;
        for (const r of p.judge(await p.run(service, ctx), service, ctx.options)) checks[r.id] = r;
      }
      expect(Object.fromEntries(Object.entries(checks).map(([k, v]) => [k, v.status]))).toEqual({
        'dicom.detected': 'fail',
        'dicom.plaintext': 'pass',
        'dicom.any-calling-ae': 'fail',
        'dicom.any-called-ae': 'fail',
        'dicom.store-open': 'fail',
        'dicom.query-open': 'pass',
        'dicom.retrieve-open': 'pass',
      });
    } finally {
      await s.stop();
    }
  });

  it('the probes make their own identification over TLS when the TLS identifier left none, with the client certificate given', async () => {
    const s = await startStorescp({ tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requireClientCert: true } });
    try {
      const withoutCert = await identifyDicom(s, context(), tlsConnector(undefined));
      expect(withoutCert.isDicom).toBe(false);

      const ctx = context({ cert: readFileSync(pki.clientCert, 'utf8'), key: readFileSync(pki.clientKey, 'utf8') });
      const service: ServiceInfo = { host: s.host, port: s.port, protocol: 'dicom-tls', identification: {} };
      const calling = PROBES.find((p) => p.meta.id === 'dicom-calling-ae');
      if (!calling) throw new Error('dicom-calling-ae probe not registered');
      const [r] = calling.judge(await calling.run(service, ctx), service, ctx.options);
      expect(r?.status).toBe('fail');
    } finally {
      await s.stop();
    }
  });
});
