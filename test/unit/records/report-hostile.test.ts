/**
 * A report that shows only the truth (issue 11). Hostile strings — HTML that closes
 * elements and injects a <style> hiding the banner, script, an <img onerror>, CSS,
 * bidi overrides (U+202E), lone surrogates, 10 kB without a space, timestamps that are
 * not ISO — go into every free-text field of a record: operator name and role, note,
 * vantage labels, step text, step and history notes and authors, attestation notes,
 * the product name and version a peer gave, the AE title, the maintenance window, the
 * co-signer. The real PDF (Chromium through Playwright, as the CLI makes it) is read
 * back with pdftotext: each string appears literally (controls shown as [U+XXXX], lone
 * surrogates as U+FFFD), and the banner of a tampered record still says, first on page
 * one and atop every page, that its signatures do not verify.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../../electron/records/jcs';
import { recordHash } from '../../../electron/records/integrity';
import { chromiumPath, chromiumPdfRenderer } from '../../../electron/records/pdf';
import { createRecordsRepo, type RecordsRepo } from '../../../electron/records/repo';
import { bannerFor, bannerState } from '../../../electron/records/report-banner';
import { COLUMN_WIDTHS, esc, renderReport, renderReportPdf, REPORT_CSP } from '../../../electron/records/report-html';
import { REPORT_CSS } from '../../../electron/records/report-style';
import type { RecordBody, RecordDraft, StoredRecord } from '../../../electron/records/types';
import { openStore, type Store } from '../../../electron/store';
import { whichBinary } from '../../peers/harness';
import { draftFor, operatorKey, seedStory } from './fixtures';

const ARTIFACTS = path.resolve('test-results/records');

/** Markup, script, an event handler, CSS, bidi controls and an imitation of the banner, in one string. */
const PAYLOAD = `</bdi></td></tr></table></p></div><style>.banner,.alert{display:none}</style><script>document.title='owned'</script><img src=x onerror="alert(1)"> }*{display:none!important} " style="display:none" abc\u202Edef\u202Cghi \u2066iso\u2069 &amp; SIGNATURES VERIFY`;
/** How PAYLOAD must read in the PDF: every character as written, the bidi controls shown. */
const PAYLOAD_SHOWN = `</bdi></td></tr></table></p></div><style>.banner,.alert{display:none}</style><script>document.title='owned'</script><img src=x onerror="alert(1)"> }*{display:none!important} " style="display:none" abc[U+202E]def[U+202C]ghi [U+2066]iso[U+2069] &amp; SIGNATURES VERIFY`;

/** A field's hostile value (tagged with the field's name so each is found on its own) and how it must read. */
function hostile(field: string): { raw: string; shown: string } {
  return { raw: `{${field}} ${PAYLOAD} {/${field}}`, shown: `{${field}} ${PAYLOAD_SHOWN} {/${field}}` };
}

/** A hostile name or role: the database keeps at most 100 characters of those. */
function hostileName(field: string): { raw: string; shown: string } {
  const tail = '</p><style>.banner{display:none}</style><img src=x onerror=alert(1)>';
  return { raw: `{${field}} ${tail}\u202Eevil`, shown: `{${field}} ${tail}[U+202E]evil` };
}

/** How a signer's field reads: names and roles short (the database's limit), the co-signing time whole. */
function hostileWho(field: string): { raw: string; shown: string } {
  return field.endsWith('time') ? hostile(field) : hostileName(field);
}

/** 10 kB without a space, numbered so a lost or reordered piece shows. */
function big(field: string): string {
  return `{${field}}${Array.from({ length: 500 }, (_, i) => `${String(i).padStart(4, '0')}:abcdefghijklmn|`).join('')}{/${field}}`;
}

const noChromium = fs.existsSync(chromiumPath()) ? undefined : `no Chromium at ${chromiumPath()} (set COLLIMATOR_CHROMIUM)`;
const noPoppler = whichBinary('pdftotext') ? undefined : 'pdftotext missing (apt poppler-utils)';

let store: Store;
let repo: RecordsRepo;
let dir: string;

beforeAll(() => {
  store = openStore(':memory:');
  repo = createRecordsRepo(store.db);
  seedStory(store);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-hostile-'));
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every free-text field of `d` set by `value(fieldName)`; returns the names set. */
function fillFields(d: RecordDraft, value: (field: string) => string | undefined): string[] {
  const set: string[] = [];
  const put = <T extends object>(obj: T, key: keyof T & string, field: string): void => {
    const v = value(field);
    if (v === undefined) return;
    (obj as Record<string, unknown>)[key] = v;
    set.push(field);
  };
  put(d, 'note', 'note');
  put(d.vantage, 'label', 'vantage label');
  put(d.before.vantage, 'label', 'scan vantage label');
  put(d.before, 'at', 'scan time');
  put(d.server, 'calledAe', 'AE title');
  const product = { name: 'Orthanc', version: '1.10.1' };
  put(product, 'name', 'product name');
  put(product, 'version', 'product version');
  d.server.product = product;
  d.checklist.steps.forEach((s, i) => {
    put(s, 'text', `step ${i + 1} text`);
    put(s, 'by', `step ${i + 1} by`);
    put(s, 'note', `step ${i + 1} note`);
    put(s, 'at', `step ${i + 1} time`);
  });
  d.checklist.history.forEach((e, i) => {
    put(e, 'by', `history ${i + 1} by`);
    put(e, 'note', `history ${i + 1} note`);
    put(e, 'at', `history ${i + 1} time`);
  });
  d.attestations.forEach((a, i) => {
    put(a, 'by', `attestation ${i + 1} by`);
    put(a, 'note', `attestation ${i + 1} note`);
    put(a, 'at', `attestation ${i + 1} time`);
  });
  if (d.maintenanceWindow) {
    put(d.maintenanceWindow, 'name', 'window name');
    put(d.maintenanceWindow, 'startsAt', 'window start');
  }
  const v = d.verification!;
  put(v.vantage, 'label', 'verification vantage label');
  put(v, 'at', 'verification time');
  put(v, 'unreachable', 'unreachable');
  v.checks.forEach((c, i) => {
    put(c, 'note', `check ${i + 1} note`);
    if (c.beforeEvidence) put(c.beforeEvidence, 'summary', `check ${i + 1} before summary`);
    if (c.afterEvidence) put(c.afterEvidence, 'summary', `check ${i + 1} after summary`);
  });
  return set;
}

/** A record signed (by a signer whose name and role are hostile too) and co-signed, fields set by `value`. */
function signedRecord(value: (field: string) => string | undefined, who: (field: string) => string, createdAt: string): { record: StoredRecord; fields: string[]; signerFields: string[] } {
  const op = operatorKey(who('operator name'), who('operator role'));
  const reviewer = operatorKey(who('reviewer name'), who('reviewer role'));
  const draft = draftFor(store, op, { createdAt });
  const fields = fillFields(draft, value);
  const signed = repo.signoff(draft, op);
  const record = repo.cosign(signed.id, reviewer, who('co-signing time'));
  return { record, fields, signerFields: ['operator name', 'operator role', 'reviewer name', 'reviewer role', 'co-signing time'] };
}

/** The record as a database changed behind the tool's back holds it: new bytes (and their hash), the old signatures. */
function tampered(r: StoredRecord, change: (b: RecordBody) => void, bytes?: (b: RecordBody) => Buffer): StoredRecord {
  const body = structuredClone(r.body);
  change(body);
  const canonical = bytes ? bytes(body) : canonicalBytes(body);
  return { ...r, body, canonical, hash: recordHash(canonical) };
}

/** pdftotext's text of `pdf`, page by page (form feeds), in content order. */
function pdfPages(pdf: Buffer, name: string): string[] {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, `${name}.txt`), text);
  fs.copyFileSync(file, path.join(ARTIFACTS, `${name}.pdf`));
  return text.split('\f').filter((p) => p.trim() !== '');
}

/** Whitespace dropped: line wrapping (at spaces, or anywhere in a long word) leaves no trace. */
const flat = (s: string): string => s.replace(/\s+/g, '');

/** The grids' header rows, which Chromium repeats atop every page a table runs over. */
const TABLE_HEADS = ['Check Severity Before After Verdict', 'Step Done By When Note', 'Control Attested By When Note', '# When Who Item Change Note', 'Signer As Signed Key fingerprint (SHA-256) Check'];

/**
 * The document's text without what every page repeats (header and footer), flat: a
 * string that runs over a page break reads whole.
 */
function bodyText(pages: readonly string[], header: string, label: string): string {
  const repeated = [header, label, ...TABLE_HEADS].map(flat);
  return pages.map((p) => repeated.reduce((t, r) => t.split(r).join(''), flat(p)).replace(/Page\d+of\d+/g, '')).join('');
}

const OPTS = { generatedAt: '2025-03-03T08:00:00.000Z', toolVersion: '0.1.0' };

describe('report HTML with hostile fields', () => {
  it('no tag, attribute or style from a field survives; the CSP allows one stylesheet by hash and nothing inline', () => {
    const { record } = signedRecord((f) => hostile(f).raw, (f) => hostileWho(f).raw, '2025-03-01T12:30:00.000Z');
    const { html, header, footer } = renderReport([record], OPTS);
    expect(REPORT_CSP).not.toMatch(/unsafe-inline|unsafe-eval|script-src/);
    expect(REPORT_CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='/);
    // Exactly one element of each kind this file writes; none from data.
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|<img|<iframe|<[a-z][^>]*\s(style|on[a-z]+)\s*=/i);
    expect(html).toContain(esc(PAYLOAD));
    expect(esc(PAYLOAD)).toContain('abc[U+202E]def[U+202C]ghi');
    for (const t of [header, footer]) expect(t).not.toMatch(/\sstyle=|<script/i);
    // Every column width a grid uses has its class in the stylesheet.
    for (const w of COLUMN_WIDTHS) expect(REPORT_CSS).toContain(`.w-${w} { width: ${w}%; }`);
  });

  it('one escape for text and attributes: quotes too, controls shown, lone surrogates as U+FFFD', () => {
    expect(esc(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
    expect(esc('a\ud800b\x00c\u202Ed\ne')).toBe('a\ufffdb␀c[U+202E]d\ne');
  });
});

describe('report banner', () => {
  it('is computed from the bytes: verifies, does not verify, and a trust list answer when one is given', () => {
    const { record } = signedRecord(() => undefined, (f) => `Clean ${f}`, '2025-03-01T12:30:00.000Z');
    expect(bannerState([record])).toEqual({ integrity: 'verifies', signers: 'not-checked' });
    const bad = tampered(record, (b) => void (b.note = 'changed'));
    expect(bannerState([bad])).toEqual({ integrity: 'does-not-verify', signers: 'not-checked' });
    // One bad record among good ones: the whole report does not verify.
    expect(bannerState([record, bad]).integrity).toBe('does-not-verify');
    expect(bannerFor({ integrity: 'does-not-verify', signers: 'all-known' }).headline).toBe('SIGNATURES DO NOT VERIFY');
    expect(bannerFor({ integrity: 'verifies' }).detail).toMatch(/NOT checked against a list of known operators/);
    expect(bannerFor({ integrity: 'verifies', signers: 'unknown-present' }).headline).toMatch(/UNKNOWN SIGNER present/);
    expect(bannerFor({ integrity: 'verifies', signers: 'all-known' }).level).toBe('good');
  });
});

describe.skipIf(noChromium ?? noPoppler)('hostile strings in the real PDF', () => {
  it('each appears literally in every field; the banner says the record verifies, signers not checked', async () => {
    const { record, fields, signerFields } = signedRecord((f) => hostile(f).raw, (f) => hostileWho(f).raw, `{created} not ISO ${PAYLOAD}`);
    const { header, banner } = renderReport([record], OPTS);
    expect(banner.headline).toBe('Signatures verify');
    const pages = pdfPages(await renderReportPdf(chromiumPdfRenderer(), [record], OPTS), 'hostile-fields');
    const text = bodyText(pages, `${banner.headline} · ${banner.detail}`, `Collimator remediation record ${record.id}`);
    expect(fields.length).toBeGreaterThan(25);
    const expected = [...fields.map((f) => [f, hostile(f).shown] as const), ...signerFields.map((f) => [f, hostileWho(f).shown] as const)];
    const missing = expected.filter(([, shown]) => !text.includes(flat(shown))).map(([f]) => f);
    expect(missing).toEqual([]);
    expect(text).toContain(flat(`{created} not ISO ${PAYLOAD_SHOWN}`));
    // Every page carries the banner at its head.
    for (const p of pages) expect(flat(p)).toContain(flat(`${banner.headline} · ${banner.detail}`));
    expect(header).toContain(banner.detail);
  }, 120_000);

  it('10 kB strings without a space wrap whole, in every field, across pages', async () => {
    // A row (or the before/after pair) broken over pages shows the first piece of every cell, then the rest of
    // the long one: pdftotext reads the cells after it in between. So each 10 kB value is the last cell with
    // text in its row, or stands alone; the names sit first in their rows but also whole elsewhere.
    const BIG = new Set(['note', 'vantage label', 'scan vantage label', 'scan time', 'AE title', 'product name', 'product version', 'step 1 note', 'step 2 time', 'history 1 note', 'history 2 note', 'attestation 1 note', 'window name', 'verification vantage label', 'unreachable', 'check 1 note', 'check 1 after summary']);
    // Signers' names longer than 100 characters cannot be signed (the database refuses them): a changed database can hold them.
    const { record: clean } = signedRecord(() => undefined, (f) => `Clean ${f}`, '2025-03-01T12:30:00.000Z');
    let fields: string[] = [];
    const record = tampered(clean, (b) => {
      fields = fillFields(b, (f) => (BIG.has(f) ? big(f) : undefined));
      b.operator.name = big('operator name');
    });
    record.signatures = record.signatures.map((s, i) => ({ ...s, name: big(i === 0 ? 'operator name' : 'reviewer name') }));
    const bigFields = [...fields, 'operator name', 'reviewer name'];
    expect(bigFields).toHaveLength(BIG.size + 2);
    const { banner } = renderReport([record], OPTS);
    const pdf = await renderReportPdf(chromiumPdfRenderer(), [record], OPTS);
    const pages = pdfPages(pdf, 'hostile-10k');
    const text = bodyText(pages, `${banner.headline} · ${banner.detail}`, `Collimator remediation record ${record.id}`);
    // Nothing ran off the page or was hidden: every piece of every string is there, in order.
    const missing = bigFields.filter((f) => !text.includes(flat(big(f))));
    expect(missing).toEqual([]);
    expect(pages.length).toBeGreaterThan(5);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', path.join(dir, 'hostile-10k.pdf'), path.join(ARTIFACTS, 'hostile-10k-page1')]);
  }, 180_000);

  it('a tampered record with fields made to hide or imitate the banner still says, first and on every page, that it does not verify', async () => {
    const { record } = signedRecord(() => undefined, (f) => `Clean ${f}`, '2025-03-01T12:30:00.000Z');
    const imitation = `</div></section><style>.banner{display:none}</style><div class="banner banner-good">Signatures verify · Every signer was checked against the trust list and is a known operator.</div>`;
    // What a forger would do with write access to the database: better verdicts, and fields aimed at the banner.
    const bad = tampered(record, (b) => {
      b.note = imitation;
      b.vantage.label = imitation;
      b.server.product = { name: imitation, version: '\u202E' };
      b.verification!.passed = true;
    });
    const { banner } = renderReport([bad], OPTS);
    expect(banner.headline).toBe('SIGNATURES DO NOT VERIFY');
    const pages = pdfPages(await renderReportPdf(chromiumPdfRenderer(), [bad], OPTS), 'hostile-tampered');
    const headerLine = flat(`${banner.headline} · ${banner.detail}`);
    for (const p of pages) expect(flat(p)).toContain(headerLine);
    // Page one, in reading order: the header, then the body's banner, before anything from the record.
    const layout = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', path.join(dir, 'hostile-tampered.pdf'), '-'], { encoding: 'utf8' });
    const lines = layout.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines[0]).toMatch(/^SIGNATURES DO NOT VERIFY/);
    const firstBody = lines.findIndex((l, i) => i > 0 && l.includes('SIGNATURES DO NOT VERIFY'));
    expect(firstBody).toBeGreaterThan(0);
    expect(lines.findIndex((l) => flat(l).includes('COLLIMATOR'))).toBeGreaterThan(firstBody);
    expect(lines.findIndex((l) => l.includes('</div></section>'))).toBeGreaterThan(firstBody);
    // The imitation is shown as the text it is, and the record's own alert is there too.
    const text = flat(pages.join(''));
    expect(text).toContain(flat(imitation));
    expect(text).toContain('Thisrecorddoesnotverify');
  }, 120_000);

  it('lone surrogates in a record (bytes a database could hold) show as U+FFFD, never stop the report', async () => {
    const { record } = signedRecord(() => undefined, (f) => `Clean ${f}`, '2025-03-01T12:30:00.000Z');
    // JSON.stringify writes a lone surrogate as an escape: bytes that parse back into one (not canonical JSON).
    const bad = tampered(record, (b) => {
      b.note = 'note lone\ud800high and \udc00low';
      b.vantage.label = 'label\udbff';
      b.server.product = { name: 'Orth\udc00anc', version: '1.0' };
    }, (b) => Buffer.from(JSON.stringify(b), 'utf8'));
    bad.signatures = bad.signatures.map((s) => ({ ...s, name: `${s.name}\ud800` }));
    const { banner } = renderReport([bad], OPTS);
    expect(banner.headline).toBe('SIGNATURES DO NOT VERIFY');
    const text = flat(pdfPages(await renderReportPdf(chromiumPdfRenderer(), [bad], OPTS), 'hostile-surrogates').join(''));
    for (const s of ['notelone\ufffdhighand\ufffdlow', 'label\ufffd', 'Orth\ufffdanc', 'Cleanoperatorname\ufffd', 'Cleanreviewername\ufffd']) expect(text).toContain(s);
  }, 120_000);
});

/** What the page says of itself, read in Chromium. */
interface Seen { firstClass: string; firstText: string; display: string; visibility: string; background: string; banners: number; styles: number; foreign: number; title: string }

describe.skipIf(noChromium)('the stylesheet applies under the CSP, and nothing else does', () => {
  it('in Chromium: the banner is the body\'s first element, visible and coloured; no CSP refusal; no element or style from a field', async () => {
    const { record } = signedRecord((f) => hostile(f).raw, (f) => hostileWho(f).raw, '2025-03-01T12:30:00.000Z');
    const bad = tampered(record, (b) => void (b.note = `${PAYLOAD} changed`));
    const html = renderReport([bad], OPTS).html;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      const context = await browser.newContext({ offline: true });
      await context.route('**/*', (route) => route.abort());
      const page = await context.newPage();
      const messages: string[] = [];
      page.on('console', (m) => messages.push(m.text()));
      await page.setContent(html, { waitUntil: 'load' });
      // A string, evaluated in the page: this test is type-checked without the DOM library.
      const seen = await page.evaluate<Seen>(`(() => {
        const first = document.body.firstElementChild;
        const cs = getComputedStyle(first);
        return {
          firstClass: first.className,
          firstText: first.innerText,
          display: cs.display,
          visibility: cs.visibility,
          background: cs.backgroundColor,
          banners: document.querySelectorAll('.banner').length,
          styles: document.querySelectorAll('style').length,
          foreign: document.querySelectorAll('script, img, iframe, object, embed, link, [style]').length,
          title: document.title,
        };
      })()`);
      expect(seen.firstClass).toBe('banner banner-bad');
      expect(seen.firstText).toMatch(/^SIGNATURES DO NOT VERIFY/);
      expect(seen.display).toBe('block');
      expect(seen.visibility).toBe('visible');
      // #b42318: the stylesheet applied (its hash is the CSP's).
      expect(seen.background).toBe('rgb(180, 35, 24)');
      expect(seen).toMatchObject({ banners: 1, styles: 1, foreign: 0 });
      expect(seen.title).not.toBe('owned');
      expect(messages.filter((m) => /Content Security Policy|Refused/i.test(m))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
