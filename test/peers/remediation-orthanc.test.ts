/**
 * The fix applied for real, on a real Orthanc 1.10.1: scan it insecure, render its
 * checklist, rewrite its configuration exactly as the playbook's Orthanc snippet says
 * (called-AE check on, modality list from the inventory, every DicomAlwaysAllow* off),
 * restart it, and verify: `fixed` for each check that snippet covers, `still-failing`
 * for what it did not touch. A legitimate peer from the inventory still gets in
 * (echoscu). Then a change that fixes one check and breaks another: `regressed`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProbeOptions } from '../../electron/engine/options';
import { createRemediationService, type RemediationService } from '../../electron/remediation/service';
import { openStore, type Store } from '../../electron/store';
import type { CheckId } from '../../shared/catalog';
import { peerSkipReason, startOrthanc, type OrthancServer } from './harness';
import { checksCoveredBy, scanAndStore, snippetOf, statusOf } from './remediation-helpers';

const skip = peerSkipReason('orthanc', 'dcmtk');
const VANTAGE = { label: 'lab guest VLAN', untrusted: true };

/** echoscu with a hard deadline: true when the association and C-ECHO succeed. */
function echo(port: number, calling: string, called: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('echoscu', ['-to', '5', '-ta', '5', '-td', '5', '-aet', calling, '-aec', called, '127.0.0.1', String(port)], { timeout: 15_000 }, (err) => resolve(err === null));
  });
}

describe.skipIf(skip)('Orthanc: the playbook fix, applied and verified', () => {
  let dir: string;
  let store: Store;
  let svc: RemediationService;
  let orthanc: OrthancServer | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'collimator-remediation-'));
    store = openStore(path.join(dir, 'collimator.db'));
    svc = createRemediationService(store);
  });
  afterAll(async () => {
    await orthanc?.stop();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('insecure -> Orthanc snippet -> restart -> verify: fixed where the snippet applies, still-failing elsewhere', async () => {
    orthanc = await startOrthanc({ preset: 'insecure', name: 'orthanc-remediation' });
    const port = orthanc.port;
    // The inventory: this server and two legitimate peers on loopback.
    const csv = [
      'ae_title,host,port,role,description',
      `ORTHANC,127.0.0.1,${port},pacs,the server under test`,
      'CT_ROOM1,127.0.0.1,11113,CT modality,sends images',
      'READ_WS1,127.0.0.1,11114,reading workstation,queries and retrieves',
    ].join('\n');
    expect(svc.inventoryImport({ csv })).toMatchObject({ imported: true, added: 3 });
    const inventory = svc.inventoryList().map(({ aeTitle, host, port: p, role, description }) => ({ aeTitle, host, port: p, role, description }));
    const options = () => defaultProbeOptions({ vantage: VANTAGE, inventory, connectTimeoutMs: 2000, ioTimeoutMs: 3000, targetTimeoutMs: 30_000 });

    const before = await scanAndStore(store, '127.0.0.1', port, options());
    for (const id of ['dicom.any-calling-ae', 'dicom.any-called-ae', 'dicom.query-open', 'dicom.retrieve-open', 'dicom.store-open', 'dicom.plaintext', 'exposure.untrusted-reach'] as CheckId[]) {
      expect(statusOf(before, id), id).toBe('fail');
    }

    const checklist = svc.playbook({ host: '127.0.0.1', port });
    const snippet = snippetOf(checklist, 'dicom.any-calling-ae', 'orthanc', 'orthanc-access');
    const covered = checksCoveredBy(checklist, 'orthanc-access');
    expect(covered.sort()).toEqual(['dicom.any-called-ae', 'dicom.any-calling-ae', 'dicom.query-open', 'dicom.retrieve-open', 'dicom.store-open']);
    const untouched = checklist.playbooks.map((p) => p.checkId).filter((id) => !covered.includes(id));
    expect(untouched.sort()).toEqual(['dicom.plaintext', 'exposure.untrusted-reach']);

    // Apply exactly what the snippet says, as the admin would paste it into orthanc.json.
    const config = JSON.parse(snippet.code) as Record<string, unknown>;
    expect(config.DicomModalities).toMatchObject({ CT_ROOM1: { AET: 'CT_ROOM1', Host: '127.0.0.1', Port: 11113 }, READ_WS1: { AET: 'READ_WS1' } });
    await orthanc.restart(config);
    svc.setStep({ host: '127.0.0.1', port, stepId: 'action/dicom-access/orthanc/config', done: true, by: 'real-peer test', note: 'snippet applied' });

    // A peer from the inventory still gets in; an unknown caller does not.
    expect(await echo(port, 'CT_ROOM1', 'ORTHANC')).toBe(true);
    expect(await echo(port, 'STRANGER', 'ORTHANC')).toBe(false);

    const v = await svc.verify({ host: '127.0.0.1', port, timeoutMs: 3000 });
    const verdicts = Object.fromEntries(v.checks.map((c) => [c.id, c.verdict]));
    for (const id of covered) expect(verdicts[id], id).toBe('fixed');
    for (const id of untouched) expect(verdicts[id], id).toBe('still-failing');
    expect(v.after.vantage.untrusted).toBe(true);
    expect(v.passed).toBe(false);
    // The evidence of both sides is kept: the rejection now names the reason.
    const calling = v.checks.find((c) => c.id === 'dicom.any-calling-ae')!;
    expect(calling.evidence.before?.summary).toMatch(/accepted/);
    expect(calling.evidence.after?.summary).toMatch(/rejected|refused/i);
    expect(store.verifications.get(v.id)!.afterService.checks.length).toBeGreaterThan(0);
    expect(svc.checklist({ host: '127.0.0.1', port }).progress.done).toBe(1);

    // The rollback really rolls back: restoring the insecure keys brings the findings back.
    await orthanc.restart({ DicomCheckCalledAet: false, DicomAlwaysAllowEcho: true, DicomAlwaysAllowFind: true, DicomAlwaysAllowStore: true, DicomAlwaysAllowGet: true, DicomAlwaysAllowMove: true });
    const again = await svc.verify({ host: '127.0.0.1', port, timeoutMs: 3000 });
    expect(again.checks.find((c) => c.id === 'dicom.any-calling-ae')!.verdict).toBe('still-failing');
  });

  it('a change that fixes one check and breaks another is reported as regressed', async () => {
    await orthanc?.stop();
    // Echo open to everyone (so any caller associates), everything else closed, no called-AE check.
    orthanc = await startOrthanc({
      preset: 'insecure',
      name: 'orthanc-regression',
      config: { DicomAlwaysAllowFind: false, DicomAlwaysAllowFindWorklist: false, DicomAlwaysAllowGet: false, DicomAlwaysAllowMove: false, DicomAlwaysAllowStore: false },
    });
    const port = orthanc.port;
    const options = defaultProbeOptions({ vantage: VANTAGE, inventory: [{ aeTitle: 'ORTHANC', host: '127.0.0.1', port, role: 'pacs', description: '' }], connectTimeoutMs: 2000, ioTimeoutMs: 3000, targetTimeoutMs: 30_000 });
    const before = await scanAndStore(store, '127.0.0.1', port, options);
    expect(statusOf(before, 'dicom.any-called-ae')).toBe('fail');
    expect(statusOf(before, 'dicom.query-open')).toBe('pass');

    // The admin turns the called-AE check on, and "while at it" lets anyone query so a new viewer works.
    await orthanc.restart({ DicomCheckCalledAet: true, DicomAlwaysAllowFind: true });
    const v = await svc.verify({ host: '127.0.0.1', port, timeoutMs: 3000 });
    const verdict = (id: CheckId): string | undefined => v.checks.find((c) => c.id === id)?.verdict;
    expect(verdict('dicom.any-called-ae')).toBe('fixed');
    expect(verdict('dicom.query-open')).toBe('regressed');
    expect(verdict('dicom.any-calling-ae')).toBe('still-failing');
    expect(v.counts.regressed).toBeGreaterThanOrEqual(1);
    expect(v.passed).toBe(false);
  });
});
