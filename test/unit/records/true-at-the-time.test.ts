/**
 * What was true at the time (issue 11): a step ticked while the inventory was empty is
 * signed, after an inventory import, with the words the admin saw then ("no peers"),
 * never re-rendered with the new peers. Through the real remediation service (which
 * renders what was shown in the main process), a real database file, the real records
 * repository, the JSON export and the real PDF (Chromium, then pdftotext). A change stored
 * before Collimator kept what was shown says so instead of inventing words, and steps
 * never ticked are listed as never ticked.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExport, exportText } from '../../../electron/records/export-json';
import { chromiumPath, chromiumPdfRenderer } from '../../../electron/records/pdf';
import { createRecordsRepo } from '../../../electron/records/repo';
import { renderReportHtml, reportFooterTemplate } from '../../../electron/records/report-html';
import type { StoredRecord } from '../../../electron/records/types';
import { verifyExportText } from '../../../electron/records/verify-export';
import { createRecordsService } from '../../../electron/records/service';
import { createRemediationService } from '../../../electron/remediation/service';
import { openStore, type Store } from '../../../electron/store';
import { whichBinary } from '../../peers/harness';
import type { RecordDraft } from '../../../shared/records';
import { HOST, PORT, draftFor, operatorKey, seedScan } from './fixtures';

/**
 * The renderer's record view, loaded by a computed name: vitest compiles its JSX, while
 * this project's Node typecheck (tsconfig.json, no JSX) does not read it (tsconfig.renderer.json does).
 */
async function recordBodyView(): Promise<FunctionComponent<{ body: RecordDraft }>> {
  const file = ['..', '..', '..', 'renderer', 'screens', 'records', 'RecordBodyView.tsx'].join('/');
  return ((await import(file)) as { RecordBodyView: FunctionComponent<{ body: RecordDraft }> }).RecordBodyView;
}

const NEW_PEERS = ['ARCHIVE', 'CT_SCANNER', 'READING1'];
const INVENTORY = `ae_title,host,port,role,description
ARCHIVE,10.200.0.21,104,archive,long-term archive
CT_SCANNER,10.200.0.22,104,CT modality,room 2
READING1,10.200.0.23,104,workstation,reading room 1
`;
const INVENTORY_STEP = 'action/dicom-access/inventory';
const CONFIG_STEP = 'action/dicom-access/orthanc/config';
/** Ticked by a version before 006: nothing of what was shown was kept. */
const LEGACY_STEP = 'dicom.any-calling-ae/orthanc/restart';
const ada = operatorKey('Ada Admin', 'PACS administrator');

let dir: string;
let store: Store;
let record: StoredRecord;
let exported: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-at-the-time-'));
  store = openStore(path.join(dir, 'collimator.db'));
  let clock = new Date('2025-03-01T11:00:00.000Z');
  const svc = createRemediationService(store, { now: () => clock });
  seedScan(store, 'scan-1', '2025-03-01T10:00:00.000Z');
  expect(svc.inventoryList()).toEqual([]);

  // Ticked with an empty inventory: the checklist says so.
  svc.setStep({ host: HOST, port: PORT, stepId: INVENTORY_STEP, done: true, by: 'Ada Admin', note: 'nobody listed yet' });
  svc.setStep({ host: HOST, port: PORT, stepId: CONFIG_STEP, done: true, by: 'Ada Admin' });
  // A change as the previous version stored it (no shown column value).
  store.db.prepare("INSERT INTO checklist_events (host, port, kind, item, done, actor, at, note) VALUES (?, ?, 'step', ?, 1, 'Ada Admin', '2025-03-01T11:01:00.000Z', '')").run(HOST, PORT, LEGACY_STEP);

  // Later, the inventory arrives: today's checklist names the new peers.
  clock = new Date('2025-03-01T11:30:00.000Z');
  expect(svc.inventoryImport({ csv: INVENTORY })).toMatchObject({ imported: true, added: 3 });
  const today = svc.playbook({ host: HOST, port: PORT }).playbooks[0]!;
  const todayText = today.steps.find((s) => s.id === INVENTORY_STEP)!.text;
  for (const p of NEW_PEERS) expect(todayText).toContain(p);

  const repo = createRecordsRepo(store.db);
  record = repo.signoff(draftFor(store, ada, { createdAt: '2025-03-01T12:00:00.000Z' }), ada);
  exported = exportText(buildExport([record], 'chain', { toolVersion: '0.1.0', exportedAt: '2025-03-01T12:05:00.000Z' }));
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the signed record quotes what was shown when each step was ticked', () => {
  it('has the old words and snippet, not the peers imported later, and verifies', () => {
    const body = record.body;
    expect(body.format).toBe('collimator.record/4');
    const inventory = body.checklist.steps.find((s) => s.id === INVENTORY_STEP)!;
    expect(inventory.text).toBe(`Check that the inventory lists every system that must keep talking to ${HOST}:${PORT}: no peers (the inventory lists none). A peer missing here loses access after the change.`);
    const config = body.checklist.steps.find((s) => s.id === CONFIG_STEP)!;
    expect(config.text).toContain('list the peers (no peers (the inventory lists none)) as DicomModalities');
    expect(config.snippet?.id).toBe('orthanc-access');
    // The snippet as shown then: an allow-list with nobody on it.
    expect(config.snippet?.code).toContain('"DicomModalities": {}');
    // Nothing in the signed record names a peer imported after the ticks (no never-ticked step of this playbook names peers).
    const signed = JSON.parse(record.canonical.toString('utf8')) as unknown;
    expect(signed).toEqual(JSON.parse(JSON.stringify(body)));
    for (const p of NEW_PEERS) {
      expect(record.canonical.toString('utf8')).not.toContain(p);
      expect(exported).not.toContain(p);
    }
    expect(exported).toContain('no peers (the inventory lists none)');
    expect(verifyExportText(exported)).toMatchObject({ ok: true, problems: [] });
  });

  it('says the words of a change stored before they were kept were not recorded, and invents none', () => {
    const legacy = record.body.checklist.steps.find((s) => s.id === LEGACY_STEP)!;
    expect(legacy).toMatchObject({ text: null, snippet: null, done: true, by: 'Ada Admin' });
    expect(exported).not.toContain('Restart Orthanc');
  });

  it('lists the counted steps nobody ticked as never ticked', () => {
    const ids = record.body.checklist.notTicked!.map((s) => s.id);
    expect(ids).toContain('action/orthanc/backup');
    expect(ids).not.toContain(INVENTORY_STEP);
    expect(ids).not.toContain(CONFIG_STEP);
    expect(ids).not.toContain(LEGACY_STEP);
  });
});

const noChromium = fs.existsSync(chromiumPath()) ? undefined : `no Chromium at ${chromiumPath()} (set COLLIMATOR_CHROMIUM)`;
const noPoppler = whichBinary('pdftotext') ? undefined : 'pdftotext missing (apt poppler-utils)';

describe.skipIf(noChromium ?? noPoppler)('the PDF says the same', () => {
  it('shows the old words, the not-recorded step and the never-ticked steps, and no peer imported later', async () => {
    const html = renderReportHtml([record], { generatedAt: '2025-03-01T12:05:00.000Z', toolVersion: '0.1.0' });
    const pdf = await chromiumPdfRenderer().render(html, { footer: reportFooterTemplate(`Collimator remediation record ${record.id}`) });
    const file = path.join(dir, 'record.pdf');
    fs.writeFileSync(file, pdf);
    // Reading order (no -layout): a table cell's words stay together, though lines may wrap inside them.
    const flat = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    fs.mkdirSync(path.resolve('test-results/records'), { recursive: true });
    fs.writeFileSync(path.resolve('test-results/records/true-at-the-time.txt'), flat);
    expect(flat).toContain('Check that the inventory lists every system that must keep');
    expect(flat).toContain('list the peers (no peers (the inventory lists none)) as');
    expect(flat).toContain('"DicomModalities": {}');
    expect(flat).toContain('Step words and snippets as shown to the admin when the step was ticked');
    expect(flat).toContain('Words not recorded at the time');
    expect(flat).not.toContain('Restart Orthanc');
    expect(flat).toContain('Steps never ticked');
    expect(flat).toContain("Back up Orthanc's configuration file.");
    for (const p of NEW_PEERS) expect(flat).not.toContain(p);
  });
});

describe('the sign-off review and the record view show what the record cannot quote', () => {
  it('the preview warns that a ticked step\'s words were not recorded at the time', () => {
    const records = createRecordsService(store, { pdf: chromiumPdfRenderer(), toolVersion: '0.1.0' });
    const { warnings, draft } = records.preview({ host: HOST, port: PORT, note: '' });
    expect(draft.checklist.steps.filter((s) => s.text === null).map((s) => s.id)).toEqual([LEGACY_STEP]);
    expect(warnings).toContainEqual(expect.stringMatching(/^the words shown for 1 ticked step were not recorded at the time/));
  });

  it('the record view (React, rendered to markup) says "Words not recorded at the time", shows the snippet shown, and lists the steps never ticked', async () => {
    const RecordBodyView = await recordBodyView();
    const html = renderToStaticMarkup(createElement(RecordBodyView, { body: record.body }));
    const items = html.split('<li ').slice(1);
    const legacy = items.find((li) => li.includes(LEGACY_STEP))!;
    expect(legacy).toContain('<em>Words not recorded at the time</em>');
    const config = items.find((li) => li.includes('as DicomModalities'))!;
    // Collapsed (no `open`), monospace, the snippet as shown then: an allow-list with nobody on it.
    expect(config).toMatch(/<details class="rsnippet" data-testid="step-snippet"><summary>Snippet shown: [^<]+<\/summary><pre class="mono">[^<]*&quot;DicomModalities&quot;: \{\}/);
    expect(items.filter((li) => li.includes('data-testid="step-snippet"'))).toHaveLength(record.body.checklist.steps.filter((st) => st.done && st.snippet).length);
    const never = html.slice(html.indexOf('data-testid="record-not-ticked"'));
    expect(never).toMatch(/^data-testid="record-not-ticked"><h4 class="rsection-sub">Steps never ticked<\/h4>/);
    for (const st of record.body.checklist.notTicked!) expect(never).toContain(st.id);
    expect(record.body.checklist.notTicked!.length).toBeGreaterThan(0);
    // A /1 record's null step words meant another thing (the playbook lost the step): the id alone.
    const v1 = renderToStaticMarkup(createElement(RecordBodyView, { body: { ...record.body, format: 'collimator.record/1', checklist: { ...record.body.checklist, notTicked: undefined } } }));
    expect(v1).not.toContain('Words not recorded');
    expect(v1).not.toContain('Steps never ticked');
  });
});
