/**
 * Checklists grouped by action (issue 17): each real change is one step listing the
 * findings it addresses, with a stable id; a tick stored under a finding's own id from
 * before still counts; and ONE count of steps done, the same on the Fix screen (its
 * selector), in the maintenance window, from remediation:checklist, in the signed record
 * body, in the report's HTML and in its PDF's text.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckId } from '../../../../shared/catalog';
import { checklistProgress, checklistSteps, chooseVariants, DEFAULT_PLATFORM, renderChecklist, stepFindings, type StepMark } from '../../../../shared/playbooks';
import type { ServiceResult } from '../../../../shared/types';
import { chromiumPath, chromiumPdfRenderer } from '../../../../electron/records/pdf';
import { createRecordsRepo } from '../../../../electron/records/repo';
import { renderReportHtml, reportFooterTemplate } from '../../../../electron/records/report-html';
import { maintenanceWindowProgress } from '../../../../electron/remediation/maintenance-windows';
import { createRemediationService } from '../../../../electron/remediation/service';
import { openStore, type Store } from '../../../../electron/store';
import { fixChecklist, stepStates } from '../../../../renderer/store/selectors/remediation';
import { whichBinary } from '../../../peers/harness';
import { draftFor, operatorKey } from '../../records/fixtures';
import { check, service } from '../../renderer/store/selectors/fixtures';

const HOST = '127.0.0.1';
const PORT = 11112;
const ACCESS: CheckId[] = ['dicom.any-calling-ae', 'dicom.any-called-ae', 'dicom.query-open', 'dicom.retrieve-open', 'dicom.store-open'];

/** An open PACS as the practice lab's: five access findings, plaintext, reachable from an untrusted network. */
function openPacs(product = 'Orthanc'): ServiceResult {
  return service(HOST, PORT, [
    check('dicom.detected', 'fail', 'info'),
    ...ACCESS.map((id) => check(id, 'fail', id === 'dicom.query-open' || id === 'dicom.retrieve-open' ? 'critical' : 'high')),
    check('dicom.plaintext', 'fail', 'high'),
    check('exposure.untrusted-reach', 'fail', 'high'),
  ], { product: { name: product, version: '1.10.1' } });
}

const INVENTORY = [{ aeTitle: 'CT1', host: '10.200.4.21', port: 104, role: 'Modality', description: 'CT' }];
const mark = (stepId: string, at: string, done = true): StepMark => ({ stepId, done, at });

describe('grouping', () => {
  const c = renderChecklist({ service: openPacs(), inventory: INVENTORY, vantage: { label: 'Guest Wi-Fi', untrusted: true } });

  it('lists each action once, with every finding it addresses, under a stable id', () => {
    const steps = checklistSteps(c, { vendor: 'orthanc', platform: 'linux-nftables' });
    const ids = steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const config = steps.find((s) => s.id === 'action/dicom-access/orthanc/config')!;
    expect([...config.findings].sort()).toEqual([...ACCESS].sort());
    expect(steps.find((s) => s.id === 'action/firewall/linux-nftables')!.findings).toContain('exposure.untrusted-reach');
    // The same ids from another render (another server, another inventory): deterministic per action.
    const other = renderChecklist({ service: { ...openPacs(), host: '10.200.9.9' }, inventory: [], vantage: { label: 'x', untrusted: true } });
    expect(checklistSteps(other, { vendor: 'orthanc', platform: 'linux-nftables' }).map((s) => s.id)).toEqual(ids);
    // The access change's Orthanc config was once five steps (one per finding): they are its aliases now.
    expect([...(config.aliases ?? [])].sort()).toEqual(ACCESS.map((id) => `${id}/orthanc/config`).sort());
  });

  it('counts far fewer steps than one per finding per change', () => {
    const p = checklistProgress(c, []);
    const perFinding = c.playbooks.reduce((n, pb) => n + pb.steps.length + (pb.variants.find((v) => v.id === 'orthanc')?.steps.length ?? pb.variants[0]?.steps.length ?? 0), 0);
    expect(p.total).toBeLessThan(perFinding / 2);
    expect(p.choice).toEqual({ vendor: 'orthanc', platform: DEFAULT_PLATFORM });
  });

  it('a firewall rule beside a product fix is optional; it counts when a finding has no product fix', () => {
    const noExposure = renderChecklist({ service: { ...openPacs(), checks: openPacs().checks.filter((x) => x.id !== 'exposure.untrusted-reach') }, inventory: INVENTORY, vantage: { label: 'v', untrusted: false } });
    expect(checklistSteps(noExposure, { vendor: 'orthanc', platform: 'macos-pf' }).find((s) => s.id === 'action/firewall/macos-pf')?.counted).toBe(false);
    expect(checklistSteps(c, { vendor: 'orthanc', platform: 'macos-pf' }).find((s) => s.id === 'action/firewall/macos-pf')?.counted).toBe(true);
  });

  it('counts the product and platform of the step ticked last; the pickers on screen win', () => {
    const marks = [mark('action/dicom-access/dcmqrscp/config', '2025-01-01T10:00:00Z'), mark('action/dicom-access/generic/config', '2025-01-01T11:00:00Z'), mark('action/firewall/macos-pf', '2025-01-01T09:00:00Z')];
    expect(chooseVariants(c, marks)).toEqual({ vendor: 'generic', platform: 'macos-pf' });
    expect(chooseVariants(c, marks, { vendor: 'dcmqrscp', platform: 'windows-firewall' })).toEqual({ vendor: 'dcmqrscp', platform: 'windows-firewall' });
    // A step marked not done does not choose.
    expect(chooseVariants(c, [mark('action/dicom-access/generic/config', '2025-01-01T11:00:00Z', false)]).vendor).toBe('orthanc');
  });

  it('a tick stored under a finding\'s own id before the grouping counts for its action; the latest change wins', () => {
    const legacy = [mark('dicom.query-open/orthanc/config', '2025-01-01T10:00:00Z'), mark('dicom.store-open/inventory', '2025-01-01T10:00:00Z')];
    expect(checklistProgress(c, legacy).done).toBe(2);
    // Unticked later under the action's id: not done.
    expect(checklistProgress(c, [...legacy, mark('action/dicom-access/orthanc/config', '2025-01-01T12:00:00Z', false)]).done).toBe(1);
    // A record names what such a tick addressed then: its own finding.
    expect(stepFindings(c).get('dicom.query-open/orthanc/config')).toEqual(['dicom.query-open']);
    expect([...stepFindings(c).get('action/dicom-access/orthanc/config')!].sort()).toEqual([...ACCESS].sort());
  });
});

describe('one count everywhere', () => {
  let dir: string;
  let store: Store;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-grouping-'));
    store = openStore(path.join(dir, 'collimator.db'));
    const svc = createRemediationService(store, { now: () => new Date('2025-03-01T11:00:00.000Z') });
    store.beginScan({ id: 'scan-1', startedAt: '2025-03-01T10:00:00.000Z', vantage: { label: 'Guest Wi-Fi', untrusted: true }, targets: [HOST], ports: [PORT], toolVersion: '0.1.0' });
    store.saveService('scan-1', openPacs());
    store.finishScan('scan-1', '2025-03-01T10:00:01.000Z', false);
    svc.inventoryImport({ csv: 'ae_title,host,port,role,description\nCT1,10.200.4.21,104,Modality,CT\n' });
    for (const stepId of ['action/dicom-access/inventory', 'action/dicom-access/window', 'action/dicom-access/orthanc/config']) svc.setStep({ host: HOST, port: PORT, stepId, done: true, by: 'Ada Admin' });
    // One tick as an earlier version stored it, under a finding's own id.
    store.checklists.append({ host: HOST, port: PORT }, { kind: 'step', item: 'dicom.retrieve-open/orthanc/backup', done: true, actor: 'Ada Admin', note: '', at: '2025-03-01T10:59:00.000Z', shown: null });
    store.maintenanceWindows.create({ id: 'w1', name: 'March', startsAt: '2025-03-01T09:00:00.000Z', endsAt: '2025-03-01T13:00:00.000Z', createdAt: '2025-02-20T08:00:00.000Z', servers: [{ host: HOST, port: PORT }] });
  });
  afterAll(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Fix screen selector = remediation:checklist = maintenance window = record body = report HTML = PDF text', async () => {
    const svc = createRemediationService(store, { now: () => new Date('2025-03-01T11:30:00.000Z') });
    const view = svc.checklist({ host: HOST, port: PORT });
    const rendered = svc.playbook({ host: HOST, port: PORT });
    // The screen as it opens: the product the store picks (chooseVariants) and the default platform.
    const vendor = chooseVariants(rendered, view.checklist.steps).vendor;
    const screen = fixChecklist(rendered, vendor, DEFAULT_PLATFORM, stepStates(view));
    const expected = { done: 4, total: screen.total };
    expect({ done: screen.done, total: screen.total }).toEqual(expected);
    expect(view.progress).toEqual(expected);
    const w = maintenanceWindowProgress(store, store.maintenanceWindows.get('w1')!, new Date('2025-03-01T11:30:00.000Z'));
    expect({ done: w.servers[0]!.stepsDone, total: w.servers[0]!.stepsTotal }).toEqual(expected);
    const ada = operatorKey('Ada Admin', 'PACS administrator');
    const draft = draftFor(store, ada, { createdAt: '2025-03-01T11:30:00.000Z' });
    expect(draft.checklist.progress).toEqual(expected);
    expect(draft.checklist.steps.find((s) => s.id === 'action/dicom-access/orthanc/config')?.findings).toEqual(expect.arrayContaining(ACCESS));
    const record = createRecordsRepo(store.db).signoff(draft, ada);
    const html = renderReportHtml([record], { generatedAt: '2025-03-01T11:31:00.000Z', toolVersion: '0.1.0' });
    expect(html).toContain(`${expected.done} of ${expected.total} steps done`);
    if (!fs.existsSync(chromiumPath()) || !whichBinary('pdftotext')) return; // the PDF needs Chromium and poppler; the HTML above is what it prints
    const pdf = await chromiumPdfRenderer().render(html, { footer: reportFooterTemplate(`Collimator remediation record ${record.id}`) });
    const file = path.join(dir, 'record.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`${expected.done} of ${expected.total} steps done`);
    expect(text).toContain('Addresses:');
  }, 60_000);
});
