/**
 * The readable report: the HTML escapes whatever scanned peers and operators wrote and
 * loads nothing; Chromium turns it into a PDF whose text (pdftotext) shows the server,
 * the findings, the verdicts and the signature fingerprints. Page 1 is kept as a PNG
 * under test-results/records/ to look at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_NOTICE } from '../../../shared/catalog';
import { recordsCsv } from '../../../electron/records/csv';
import { canonicalBytes } from '../../../electron/records/jcs';
import { formatFingerprint } from '../../../electron/records/keys';
import { chromiumPath, chromiumPdfRenderer, PdfError } from '../../../electron/records/pdf';
import { createRecordsRepo, type RecordsRepo } from '../../../electron/records/repo';
import { renderReportHtml, reportFooterTemplate } from '../../../electron/records/report-html';
import type { StoredRecord } from '../../../electron/records/types';
import { openStore, type Store } from '../../../electron/store';
import { whichBinary } from '../../peers/harness';
import { draftFor, operatorKey, seedStory } from './fixtures';

const ARTIFACTS = path.resolve('test-results/records');
const ada = operatorKey('Ada Admin', 'PACS administrator');
const bob = operatorKey('Bob Owner', 'clinical system owner');
let store: Store;
let repo: RecordsRepo;
let record: StoredRecord;

beforeAll(() => {
  store = openStore(':memory:');
  repo = createRecordsRepo(store.db);
  seedStory(store);
  const r = repo.signoff(draftFor(store, ada, { note: 'Calling AE titles restricted to the modality list; <b>not</b> HTML & "quoted"' }), ada);
  record = repo.cosign(r.id, bob, '2025-03-02T09:00:00.000Z');
});
afterAll(() => store.close());

describe('report HTML', () => {
  it('escapes every text from data, loads nothing, and carries MITRE\'s notice', () => {
    const body = { ...record.body, server: { ...record.body.server, product: { name: '<script>alert(1)</script>', version: '"><img src=x onerror=alert(2)>' } }, note: '<iframe src="https://example.org">' };
    // Bytes changed after signing (as a hostile database would hold them).
    const hostile: StoredRecord = { ...record, body, canonical: canonicalBytes(body) };
    const html = renderReportHtml([hostile], { generatedAt: '2025-03-03T08:00:00.000Z', toolVersion: '0.1.0' });
    // No tag or attribute from data survives; the text itself is shown, escaped.
    expect(html).not.toMatch(/<script|<iframe|<img|<[^>]*\s(src|href|onerror)=/i);
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain(ATTACK_NOTICE.replace(/&/g, '&amp;'));
    // The altered body no longer matches the signed bytes: the report says so instead of vouching for it.
    expect(html).toMatch(/This record does not verify/);
    expect(renderReportHtml([record], { generatedAt: 'x', toolVersion: '0.1.0' })).not.toMatch(/does not verify/);
  });

  it('CSV: one row per record, quoted, formulas defused', () => {
    const csv = recordsCsv(repo.list().map((r) => ({ ...r, note: '=HYPERLINK("http://x")' })));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('position,id,created_at,host,port,operator,operator_role,operator_fingerprint,reviewers,findings_before,verification,fixed,still_failing,regressed,inconclusive,still_passing,supersedes,superseded_by,hash,note');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`1,${record.id},2025-03-01T12:30:00.000Z,127.0.0.1,11112,Ada Admin,PACS administrator,${ada.fingerprint},Bob Owner (clinical system owner),1,passed,`);
    expect(lines[1]).toMatch(/,"'=HYPERLINK\(""http:\/\/x""\)"$/);
  });
});

const noChromium = fs.existsSync(chromiumPath()) ? undefined : `no Chromium at ${chromiumPath()} (set COLLIMATOR_CHROMIUM)`;
const noPoppler = whichBinary('pdftotext') && whichBinary('pdftoppm') ? undefined : 'pdftotext/pdftoppm missing (apt poppler-utils)';

describe.skipIf(noChromium ?? noPoppler)('report PDF through Chromium', () => {
  it('shows the server, findings, verdicts and fingerprints; page 1 kept as PNG', async () => {
    const html = renderReportHtml([record], { generatedAt: '2025-03-03T08:00:00.000Z', toolVersion: '0.1.0' });
    const pdf = await chromiumPdfRenderer().render(html, { footer: reportFooterTemplate(`Collimator remediation record ${record.id}`) });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-report-'));
    try {
      const file = path.join(dir, 'record.pdf');
      fs.writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS, 'record.txt'), text);
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('127.0.0.1:11112');
      expect(flat).toContain('Accepts any calling AE title');
      expect(flat).toMatch(/HIGH fail pass FIXED/);
      expect(flat).toMatch(/Verified fixed/i);
      expect(flat).toContain('Ada Admin');
      expect(flat).toContain('Bob Owner');
      // Fingerprints are shown whole, in groups of four (a line may wrap between groups).
      for (const k of [ada, bob]) expect(flat).toContain(formatFingerprint(k.fingerprint).slice(0, 39));
      expect(flat).toContain('T1133 External Remote Services');
      expect(flat).toContain('The MITRE Corporation');
      expect(flat).toMatch(/Page 1 of \d/);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(ARTIFACTS, 'record-page1')]);
      fs.copyFileSync(file, path.join(ARTIFACTS, 'record.pdf'));
      expect(fs.statSync(path.join(ARTIFACTS, 'record-page1.png')).size).toBeGreaterThan(5000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing Chromium is a one-line PdfError', async () => {
    await expect(chromiumPdfRenderer({ executablePath: '/nonexistent/chromium' }).render('<p>x</p>', { footer: '' })).rejects.toThrow(PdfError);
  });
});
