/**
 * The whole DICOM pipeline (identify, every DICOM probe's run and judge) against
 * the practice lab's servers: an independent DICOM implementation (dcmjs-dimse)
 * on loopback, so our PDUs and DIMSE encoding are checked by someone else's decoder.
 */
import { log as dimseLog } from 'dcmjs-dimse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../../../shared/catalog';
import type { CheckResult } from '../../../../shared/types';
import { startPracticeLab, type PracticeLab } from '../../../../electron/practice-lab/practice';
import { identify } from '../../../../electron/engine/identify';
import { PROBES } from '../../../../electron/engine/probes/index';
import type { ProbeOptions, ServiceInfo } from '../../../../electron/engine/types';
import { testContext } from '../dicom/fake-peer';

let lab: PracticeLab;
beforeAll(async () => {
  dimseLog.setLevel('error'); // the library logs every PDU at info level
  lab = await startPracticeLab();
});
afterAll(async () => {
  await lab.stop();
});

function server(aet: string): { host: string; port: number } {
  const s = lab.servers.find((x) => x.aet === aet);
  if (!s) throw new Error(`no practice server ${aet}`);
  return s;
}

async function scan(target: { host: string; port: number }, extra: Partial<ProbeOptions> = {}): Promise<{ service: ServiceInfo; checks: Record<string, CheckResult> }> {
  const ctx = testContext(extra);
  const service = await identify(target, ctx);
  const checks: Record<string, CheckResult> = {};
  for (const p of PROBES.filter((x) => x.meta.id.startsWith('dicom-'))) {
    if (!p.applies(service, ctx.options)) continue;
    for (const r of p.judge(await p.run(service, ctx), service, ctx.options)) checks[r.id] = r;
  }
  return { service, checks };
}

function statuses(checks: Record<string, CheckResult>): Record<string, CheckStatus> {
  return Object.fromEntries(Object.entries(checks).map(([k, v]) => [k, v.status]));
}

const known = (aet: string): Partial<ProbeOptions> => {
  const s = server(aet);
  return { calledAes: new Map([[`${s.host}:${s.port}`, aet]]) };
};

describe('practice lab (dcmjs-dimse peers)', () => {
  it('Open PACS: every access check fails; the query was answered Success with no match', async () => {
    const { service, checks } = await scan(server('OPENPACS'));
    expect(service.protocol).toBe('dicom');
    expect(statuses(checks)).toEqual({
      'dicom.detected': 'fail',
      'dicom.plaintext': 'fail',
      'dicom.any-calling-ae': 'fail',
      'dicom.any-called-ae': 'fail',
      'dicom.store-open': 'fail',
      'dicom.query-open': 'fail',
      'dicom.retrieve-open': 'fail',
    });
    expect(checks['dicom.query-open']?.evidence.answer).toMatchObject({ status: 0, identifiersReturned: 0 });
  });

  it('Locked-down PACS with its AE title known: refused with 1/1/3, everything passes but plaintext', async () => {
    const { service, checks } = await scan(server('SECUREPACS'), known('SECUREPACS'));
    expect(service.calledAe).toBe('SECUREPACS');
    expect(statuses(checks)).toMatchObject({
      'dicom.any-calling-ae': 'pass',
      'dicom.any-called-ae': 'pass',
      'dicom.store-open': 'pass',
      'dicom.query-open': 'pass',
      'dicom.retrieve-open': 'pass',
      'dicom.plaintext': 'fail',
    });
    expect(checks['dicom.any-calling-ae']?.evidence.reject).toMatchObject({ codes: { result: 1, source: 1, reason: 3 } });
    expect(checks['dicom.any-called-ae']?.evidence.reject).toMatchObject({ codes: { result: 1, source: 1, reason: 7 } });
  });

  it('Locked-down PACS with an unguessable AE title and nothing known: inconclusive, never pass', async () => {
    const { checks } = await scan(server('SECUREPACS'));
    expect(statuses(checks)).toMatchObject({
      'dicom.any-calling-ae': 'inconclusive',
      'dicom.any-called-ae': 'pass',
      'dicom.store-open': 'inconclusive',
      'dicom.query-open': 'inconclusive',
      'dicom.retrieve-open': 'inconclusive',
    });
  });

  it('Modality with open storage: store fails, query and retrieve pass on rejected contexts', async () => {
    const { checks } = await scan(server('CT_SCANNER'), known('CT_SCANNER'));
    expect(statuses(checks)).toMatchObject({
      'dicom.any-calling-ae': 'fail',
      'dicom.any-called-ae': 'fail',
      'dicom.store-open': 'fail',
      'dicom.query-open': 'pass',
      'dicom.retrieve-open': 'pass',
    });
  });

  it('Archive checking only its own AE title: any calling AE gets in, but queries and retrieves are Not Authorized', async () => {
    const { checks } = await scan(server('ARCHIVE'), known('ARCHIVE'));
    expect(statuses(checks)).toMatchObject({
      'dicom.any-calling-ae': 'fail',
      'dicom.any-called-ae': 'pass',
      'dicom.store-open': 'pass',
      'dicom.query-open': 'pass',
      'dicom.retrieve-open': 'pass',
    });
    expect(checks['dicom.query-open']?.evidence.answer).toMatchObject({ status: 0x0124 });
  });

  it('the SSH-like banner is not DICOM', async () => {
    const banner = lab.servers.find((s) => s.aet === '');
    if (!banner) throw new Error('no banner server');
    const { service, checks } = await scan(banner);
    expect(service.protocol).toBe('unknown');
    expect(checks).toEqual({});
  });
});
