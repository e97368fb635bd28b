/**
 * Every DICOM check against real servers on loopback: Orthanc 1.10 in three
 * configurations, DCMTK storescp, and dcmqrscp with a restricted and an open AE.
 * Each test starts its own server, runs identify() and every DICOM probe exactly as
 * a scan does, asserts each check's status and the decoded rejection, and stops
 * the server.
 */
import { AssociationHolder } from '../../electron/engine/dicom/held';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../shared/catalog';
import type { CheckResult } from '../../shared/types';
import { identify } from '../../electron/engine/identify';
import { readDicomIdentification } from '../../electron/engine/dicom/identification';
import { PROBES } from '../../electron/engine/probes/index';
import type { ProbeContext, ProbeOptions, ServiceInfo } from '../../electron/engine/types';
import { httpGet, peerSkipReason, startDcmqrscp, startOrthanc, startStorescp, type PeerServer } from './harness/index';

const CALLING = 'CLMLABCALLER';

function context(extra: Partial<ProbeOptions> = {}): ProbeContext {
  return {
    signal: new AbortController().signal,
    deadline: Date.now() + 45_000,
    options: {
      callingAe: CALLING,
      calledAes: new Map(),
      inventory: [],
      vantage: { label: 'lab', untrusted: false },
      optIn: new Set(),
      connectTimeoutMs: 2_000,
      ioTimeoutMs: 5_000,
      targetTimeoutMs: 45_000,
      ...extra,
    },
  };
}

interface Scan {
  service: ServiceInfo;
  checks: Record<string, CheckResult>;
  status: Record<string, CheckStatus>;
}

async function scan(server: PeerServer, extra: Partial<ProbeOptions> = {}): Promise<Scan> {
  // As the scan does: identification's last accepted association is kept for query and retrieve.
  const held = new AssociationHolder(2000);
  const ctx = { ...context(extra), held };
  const service = await identify({ host: server.host, port: server.port }, ctx);
  const checks: Record<string, CheckResult> = {};
  try {
    for (const p of PROBES.filter((x) => x.meta.id.startsWith('dicom-'))) {
      if (!p.applies(service, ctx.options)) continue;
      for (const r of p.judge(await p.run(service, ctx), service, ctx.options)) checks[r.id] = r;
    }
  } finally {
    await held.close();
  }
  const status = Object.fromEntries(Object.entries(checks).map(([k, v]) => [k, v.status]));
  return { service, checks, status };
}

const knownAe = (s: PeerServer, aet: string): Partial<ProbeOptions> => ({ calledAes: new Map([[`${s.host}:${s.port}`, aet]]) });

async function withServer<T extends PeerServer>(start: () => Promise<T>, body: (s: T) => Promise<void>): Promise<void> {
  const s = await start();
  try {
    await body(s);
  } finally {
    await s.stop();
  }
}

function rejectCodes(c: CheckResult | undefined): unknown {
  return (c?.evidence.reject as { codes?: unknown } | undefined)?.codes;
}

describe.skipIf(peerSkipReason('orthanc'))('DICOM checks against real Orthanc 1.10', () => {
  it('insecure (AlwaysAllow* true): every access check fails; nothing is stored', async () => {
    await withServer(
      () => startOrthanc({ preset: 'insecure' }),
      async (o) => {
        const { service, checks, status } = await scan(o);
        expect(service.protocol).toBe('dicom');
        expect(service.product).toMatchObject({ name: 'DCMTK', version: '3.6.7', implementationVersionName: 'OFFIS_DCMTK_367' });
        expect(status).toEqual({
          'dicom.detected': 'fail',
          'dicom.plaintext': 'fail',
          'dicom.any-calling-ae': 'fail',
          'dicom.any-called-ae': 'fail',
          'dicom.store-open': 'fail',
          'dicom.query-open': 'fail',
          'dicom.retrieve-open': 'fail',
        });
        // One association answered identification, calling AE, called AE and store at once.
        expect(readDicomIdentification(service.identification)?.attempts).toHaveLength(1);
        expect(checks['dicom.query-open']?.evidence.answer).toMatchObject({ status: 0x0000, identifiersReturned: 0 });
        // The C-FIND and the C-GET went on identification's association, kept open for them.
        expect(checks['dicom.query-open']?.evidence.associationReused).toMatch(/identification/);
        expect(checks['dicom.retrieve-open']?.evidence.associationReused).toMatch(/identification/);
        expect(checks['dicom.detected']?.evidence).toMatchObject({ implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7', maxPduLength: 16384 });
        // The retrieve was processed and failed only for want of data (Unable to Process).
        expect(checks['dicom.retrieve-open']?.summary).toMatch(/processed/);
        // Orthanc 1.10 processes the C-GET: that decides the check, so no C-MOVE follows.
        expect(checks['dicom.retrieve-open']?.evidence.get).toMatchObject({ contextResult: 'accepted', answer: { outcome: 'success' } });
        expect(String((checks['dicom.retrieve-open']?.evidence.move as { skipped?: string } | undefined)?.skipped)).toMatch(/C-GET was already processed/);
        expect(checks['dicom.retrieve-open']?.evidence.move).not.toHaveProperty('answer');
        const stats = await httpGet(o.httpPort, '/statistics');
        expect(JSON.parse(stats.body)).toMatchObject({ CountInstances: 0, CountStudies: 0 });
      },
    );
  });

  it('restricted (called AE checked, modality list): 1/1/7 for a random called AE, 1/1/3 on ORTHANC; all access checks pass', async () => {
    await withServer(
      () => startOrthanc({ preset: 'restricted' }),
      async (o) => {
        const { service, checks, status } = await scan(o);
        expect(service.protocol).toBe('dicom');
        expect(status).toEqual({
          'dicom.detected': 'fail',
          'dicom.plaintext': 'fail',
          'dicom.any-calling-ae': 'pass',
          'dicom.any-called-ae': 'pass',
          'dicom.store-open': 'pass',
          'dicom.query-open': 'pass',
          'dicom.retrieve-open': 'pass',
        });
        expect(rejectCodes(checks['dicom.any-called-ae'])).toEqual({ result: 1, source: 1, reason: 7 });
        expect(checks['dicom.any-calling-ae']?.evidence).toMatchObject({ calledAe: 'ORTHANC', calledAeSource: 'guess' });
        expect(rejectCodes(checks['dicom.any-calling-ae'])).toEqual({ result: 1, source: 1, reason: 3 });
        expect(checks['dicom.any-calling-ae']?.summary).toContain('calling AE title not recognized');
        expect(checks['dicom.detected']?.evidence.answeredWith).toBe('A-ASSOCIATE-RJ only');
      },
    );
  });

  it('restricted, AE title given by the user: it is tried first and rejected 1/1/3', async () => {
    await withServer(
      () => startOrthanc({ preset: 'restricted', aet: 'PACS_MAIN' }),
      async (o) => {
        const { service, checks, status } = await scan(o, knownAe(o, 'PACS_MAIN'));
        expect(service.calledAe).toBe('PACS_MAIN');
        expect(service.calledAeSource).toBe('user');
        expect(status['dicom.any-calling-ae']).toBe('pass');
        expect(checks['dicom.any-calling-ae']?.evidence).toMatchObject({ calledAe: 'PACS_MAIN', calledAeSource: 'user' });
        expect(rejectCodes(checks['dicom.any-calling-ae'])).toEqual({ result: 1, source: 1, reason: 3 });
        expect(status['dicom.query-open']).toBe('pass');
      },
    );
  });

  it('restricted with an AE title nobody can guess and none given: inconclusive, never pass', async () => {
    await withServer(
      () => startOrthanc({ preset: 'restricted', aet: 'RADIOLOGY7' }),
      async (o) => {
        const { checks, status } = await scan(o);
        expect(status).toMatchObject({
          'dicom.any-calling-ae': 'inconclusive',
          'dicom.any-called-ae': 'pass',
          'dicom.store-open': 'inconclusive',
          'dicom.query-open': 'inconclusive',
          'dicom.retrieve-open': 'inconclusive',
        });
        expect(checks['dicom.any-calling-ae']?.summary).toContain('--called-ae');
      },
    );
  });

  it('Debian defaults: association and storage accepted, but C-FIND, C-GET and C-MOVE answered with A-ABORT', async () => {
    await withServer(
      () => startOrthanc({ preset: 'debian-defaults' }),
      async (o) => {
        const { checks, status } = await scan(o);
        expect(status).toEqual({
          'dicom.detected': 'fail',
          'dicom.plaintext': 'fail',
          'dicom.any-calling-ae': 'fail',
          'dicom.any-called-ae': 'fail',
          'dicom.store-open': 'fail',
          'dicom.query-open': 'pass',
          'dicom.retrieve-open': 'pass',
        });
        expect(checks['dicom.query-open']?.evidence.answer).toMatchObject({ outcome: 'association-aborted' });
        expect(checks['dicom.store-open']?.evidence.note).toMatch(/no C-STORE was sent/);
      },
    );
  });
});

describe.skipIf(peerSkipReason('dcmtk'))('DICOM checks against real DCMTK 3.6.7', () => {
  it('storescp: any AE in, storage negotiated (nothing sent); query and retrieve contexts rejected', async () => {
    await withServer(
      () => startStorescp(),
      async (s) => {
        const { service, checks, status } = await scan(s);
        expect(service.product).toMatchObject({ name: 'DCMTK', version: '3.6.7' });
        expect(status).toEqual({
          'dicom.detected': 'fail',
          'dicom.plaintext': 'fail',
          'dicom.any-calling-ae': 'fail',
          'dicom.any-called-ae': 'fail',
          'dicom.store-open': 'fail',
          'dicom.query-open': 'pass',
          'dicom.retrieve-open': 'pass',
        });
        expect(checks['dicom.query-open']?.summary).toContain('abstract-syntax-not-supported');
        expect(checks['dicom.store-open']?.evidence.storageContextsAccepted).toContain('CT Image Storage');
        // Negotiated only: storescp received nothing.
        expect(readdirSync(s.receivedDir)).toEqual([]);
      },
    );
  });

  it('dcmqrscp, restricted AE given by the user: an unknown caller gets 1/1/7 (not 3), judged pass', async () => {
    await withServer(
      () => startDcmqrscp({ aets: [{ aet: 'SECURE', peers: [{ aet: 'KNOWNPEER', host: '127.0.0.1', port: 11119 }] }] }),
      async (d) => {
        const { checks, status } = await scan(d, knownAe(d, 'SECURE'));
        expect(status).toEqual({
          'dicom.detected': 'fail',
          'dicom.plaintext': 'fail',
          'dicom.any-calling-ae': 'pass',
          'dicom.any-called-ae': 'pass',
          'dicom.store-open': 'pass',
          'dicom.query-open': 'pass',
          'dicom.retrieve-open': 'pass',
        });
        expect(rejectCodes(checks['dicom.any-calling-ae'])).toEqual({ result: 1, source: 1, reason: 7 });
        expect(checks['dicom.any-calling-ae']?.summary).toContain('comes from the user');
      },
    );
  });

  it('dcmqrscp, restricted AE and nothing known: the guesses all get 1/1/7, so inconclusive', async () => {
    await withServer(
      () => startDcmqrscp({ aets: [{ aet: 'SECURE', peers: [{ aet: 'KNOWNPEER', host: '127.0.0.1', port: 11119 }] }] }),
      async (d) => {
        const { service, status } = await scan(d);
        expect(status).toMatchObject({
          'dicom.any-calling-ae': 'inconclusive',
          'dicom.any-called-ae': 'pass',
          'dicom.store-open': 'inconclusive',
          'dicom.query-open': 'inconclusive',
          'dicom.retrieve-open': 'inconclusive',
        });
        const tried = readDicomIdentification(service.identification)?.attempts.map((a) => a.reject?.codes.reason);
        expect(new Set(tried)).toEqual(new Set([7]));
      },
    );
  });

  it('dcmqrscp, open AE (peers ANY) from the inventory: query and retrieve are processed', async () => {
    await withServer(
      () => startDcmqrscp({ aets: [{ aet: 'OPENAE', peers: 'ANY' }] }),
      async (d) => {
        const inventory = [{ aeTitle: 'OPENAE', host: d.host, port: d.port, role: 'archive', description: 'lab' }];
        const { service, checks, status } = await scan(d, { inventory });
        expect(service.calledAeSource).toBe('inventory');
        expect(status).toEqual({
          'dicom.detected': 'fail',
          'dicom.plaintext': 'fail',
          'dicom.any-calling-ae': 'fail',
          'dicom.any-called-ae': 'pass',
          'dicom.store-open': 'fail',
          'dicom.query-open': 'fail',
          'dicom.retrieve-open': 'fail',
        });
        expect(rejectCodes(checks['dicom.any-called-ae'])).toEqual({ result: 1, source: 1, reason: 7 });
        expect(checks['dicom.query-open']?.evidence.answer).toMatchObject({ status: 0, identifiersReturned: 0 });
      },
    );
  });
});
