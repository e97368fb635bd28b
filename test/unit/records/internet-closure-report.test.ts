/**
 * The closure seen from the internet (issue 13) as a signed record shows it: the real
 * PDF (Chromium, then pdftotext), the report's HTML (one escape, no inline style), the
 * renderer's record view, and the app's channel refusing what the table does not show.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachClosure } from '../../../electron/internet/closure';
import { importFiles } from '../../../electron/internet/import';
import { chromiumPath, chromiumPdfRenderer } from '../../../electron/records/pdf';
import { createRecordsRepo } from '../../../electron/records/repo';
import { renderReportHtml, reportFooterTemplate } from '../../../electron/records/report-html';
import type { StoredRecord } from '../../../electron/records/types';
import { AppError } from '../../../electron/services/errors';
import { InternetManager } from '../../../electron/services/internet-manager';
import { openStore, type Store } from '../../../electron/store';
import type { RecordDraft } from '../../../shared/records';
import { shodanJsonl, NEW, OLD } from '../internet/fixtures';
import { whichBinary } from '../../peers/harness';
import { HOST, PORT, draftFor, operatorKey, seedStory } from './fixtures';

async function recordBodyView(): Promise<FunctionComponent<{ body: RecordDraft }>> {
  const file = ['..', '..', '..', 'renderer', 'screens', 'records', 'RecordBodyView.tsx'].join('/');
  return ((await import(file)) as { RecordBodyView: FunctionComponent<{ body: RecordDraft }> }).RecordBodyView;
}

const PUBLIC = '2001:db8::9';
const NOW = new Date('2026-12-01T00:00:00.000Z');
// A hostile file name: markup and a right-to-left override must show as text.
const FILE_NAME = 'shodan-<b>2026</b>\u202e.json';
let store: Store;
let record: StoredRecord;
let sha: string;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-closure-report-'));
  store = openStore(path.join(dir, 'r.db'));
  seedStory(store);
  const svc = (port: number, at: string) => ({ port, kind: 'dicom' as const, tls: false, product: 'Orthanc', version: null, observedAt: at });
  await importFiles(store, [{ name: 'shodan-2025.json', bytes: Buffer.from(shodanJsonl([{ host: PUBLIC, services: [svc(PORT, OLD), svc(443, OLD)] }])) }]);
  await importFiles(store, [{ name: FILE_NAME, bytes: Buffer.from(shodanJsonl([{ host: PUBLIC, services: [svc(443, NEW)] }])) }]);
  store.internet.setMapping(PUBLIC, HOST, NOW.toISOString());
  sha = attachClosure(store, { publicHost: PUBLIC, port: PORT, by: 'Ada Admin' }, NOW).fileSha256;
  const ada = operatorKey('Ada Admin', 'PACS administrator');
  record = createRecordsRepo(store.db).signoff(draftFor(store, ada, { createdAt: NOW.toISOString() }), ada);
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const LINE_START = `Closed as seen from the internet: [${PUBLIC}]:${PORT} by Shodan on ${NEW.slice(0, 10)} (no longer listed; file`;

describe('the report', () => {
  it('says it in one sentence, every value escaped, no inline style', () => {
    const html = renderReportHtml([record], { generatedAt: NOW.toISOString(), toolVersion: '0.1.0' });
    expect(html).toContain('<h2>Seen from the internet</h2>');
    expect(html).toContain(`${LINE_START} shodan-&lt;b&gt;2026&lt;/b&gt;[U+202E].json, sha256 ${sha}); last seen open ${OLD.slice(0, 10)} by Shodan`);
    expect(html).not.toContain('<b>2026</b>');
    expect(html).not.toMatch(/style=/);
  });

  const noChromium = fs.existsSync(chromiumPath()) ? undefined : `no Chromium at ${chromiumPath()} (set COLLIMATOR_CHROMIUM)`;
  const noPoppler = whichBinary('pdftotext') ? undefined : 'pdftotext missing (apt poppler-utils)';
  it.skipIf(noChromium ?? noPoppler)('the PDF has the sentence (Chromium, pdftotext)', async () => {
    const html = renderReportHtml([record], { generatedAt: NOW.toISOString(), toolVersion: '0.1.0' });
    const pdf = await chromiumPdfRenderer().render(html, { footer: reportFooterTemplate(`Collimator remediation record ${record.id}`) });
    const file = path.join(dir, 'record.pdf');
    fs.writeFileSync(file, pdf);
    const flat = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    fs.mkdirSync(path.resolve('test-results/records'), { recursive: true });
    fs.writeFileSync(path.resolve('test-results/records/internet-closure.txt'), flat);
    expect(flat).toContain('Seen from the internet');
    expect(flat).toContain(LINE_START);
    // The hash may wrap anywhere in the PDF: compare without spaces.
    expect(flat.replace(/ /g, '')).toContain(`sha256${sha});lastseenopen${OLD.slice(0, 10)}byShodan`);
    expect(flat).toContain('Attached by Ada Admin');
  });
});

describe('the record view', () => {
  it('lists the closure with who attached it', async () => {
    const RecordBodyView = await recordBodyView();
    const html = renderToStaticMarkup(createElement(RecordBodyView, { body: record.body }));
    expect(html).toContain('data-testid="record-internet"');
    expect(html).toContain(`${LINE_START} shodan-&lt;b&gt;2026&lt;/b&gt;`);
    expect(html).toContain(`sha256 ${sha}); last seen open ${OLD.slice(0, 10)} by Shodan`);
    expect(html).toContain('Attached by Ada Admin');
  });
});

describe('the app channel', () => {
  it('attaches through the manager, and refuses with one line, writing nothing, when the table does not show it closed', () => {
    const m = new InternetManager(store, () => undefined, () => NOW);
    const before = m.closures().closures;
    expect(before).toHaveLength(1);
    let err: unknown;
    try {
      m.attachClosure({ publicHost: PUBLIC, port: 443, by: 'Ada Admin' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid-argument');
    expect((err as AppError).message).toMatch(/^\[2001:db8::9\]:443: the reconcile table does not show it closed as seen from the internet .*; nothing attached$/);
    expect(() => m.attachClosure({ publicHost: PUBLIC, port: PORT, by: 'Bob' })).toThrow(/already attached.*; nothing attached$/);
    expect(m.closures().closures).toEqual(before);
  });
});
