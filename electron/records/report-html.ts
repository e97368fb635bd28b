/**
 * The readable report of signed records: one self-contained HTML page that Chromium
 * (CLI, tests) and Electron's printToPDF (the app) turn into the same A4 PDF. Summary
 * first; then each finding with its before/after evidence and verdict, ATT&CK
 * techniques with MITRE's notice, the steps with who and when, attestations, and the
 * signatures with their fingerprints and whether they hold.
 *
 * The report must show only the truth (issue 11), whatever a record holds:
 * - every value from data goes through esc() (one function, text and attribute
 *   contexts), which also shows control and bidirectional characters visibly
 *   (shared/safe-text.ts); free text sits in <bdi> so it cannot reorder its
 *   surroundings; class names are only ever this file's own words;
 * - no script, no remote anything, no inline style: the CSP allows the one stylesheet
 *   by its hash (report-style.ts), never 'unsafe-inline';
 * - the verification banner (report-banner.ts) is computed here from the records'
 *   bytes, placed first in the body and in every page's header: no field can close
 *   its element, style it or stand in its place.
 */
import { ATTACK_NOTICE, CATALOG, severityRank, type CheckId, type Severity } from '../../shared/catalog';
import { isFindingToFix } from '../../shared/fails';
import { serverKey } from '../../shared/host';
import { closureLine } from '../../shared/internet';
import type { Verdict } from '../../shared/types';
import { formatFingerprint } from './keys';
import { visibleText } from '../../shared/safe-text';
import type { PdfRenderer } from './pdf';
import { bannerFor, bannerState, recordProblems, type Banner, type BannerState } from './report-banner';
import { REPORT_CSS, REPORT_CSS_SOURCE } from './report-style';
import type { RecordBody, RecordFinding, RecordVerificationCheck, StoredRecord } from './types';

/**
 * The one escape of the report, for element content and quoted attributes alike:
 * well-formed, controls and bidi overrides shown (`[U+202E]`), then HTML-escaped.
 */
export function esc(s: unknown): string {
  return visibleText(String(s), { lineBreaks: true }).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Free text from a record: escaped and isolated, so a right-to-left run stays inside it. */
function txt(s: unknown): string {
  return `<bdi>${esc(s)}</bdi>`;
}

/** A whole ISO-8601 UTC time: date, and hours and minutes. */
const ISO_UTC = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d{1,9})?)?Z$/;

/** `2025-03-01 12:00 UTC` from a whole ISO-8601 UTC time; anything else is shown as given (escaped by the caller like any text). */
export function when(iso: unknown): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const text = typeof iso === 'string' ? iso : JSON.stringify(iso);
  const m = ISO_UTC.exec(text);
  return m ? `${m[1]} ${m[2]} UTC` : text;
}

/**
 * A time as HTML: an ISO time breaks only between its date and its time (each part
 * is short, so it never overflows a column); anything else is free text, which wraps.
 */
function at(iso: unknown): string {
  const m = typeof iso === 'string' ? ISO_UTC.exec(iso) : null;
  return m ? `<span class="nowrap">${esc(m[1])}</span> <span class="nowrap">${esc(m[2])} UTC</span>` : txt(when(iso));
}

const VERDICT_WORDS: Record<Verdict, string> = {
  fixed: 'Fixed',
  'still-failing': 'Still failing',
  regressed: 'Regressed',
  'still-passing': 'Still passing',
  inconclusive: 'Inconclusive',
};

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** A label in a coloured pill; `cls` is always one of this file's own class names. */
function pill(cls: string, label: string): string {
  return `<span class="pill ${esc(cls)}">${esc(label)}</span>`;
}

function sevPill(s: unknown): string {
  // Only a known severity picks a colour: a record's text never chooses a class.
  return SEVERITIES.includes(s as Severity) ? pill(`sev-${s as Severity}`, s as Severity) : pill('sev-info', String(s));
}

function isVerdict(v: unknown): v is Verdict {
  return typeof v === 'string' && Object.hasOwn(VERDICT_WORDS, v);
}

function verdictPill(v: unknown): string {
  if (v === null || v === undefined) return pill('warn', 'Not verified');
  return isVerdict(v) ? pill(`v-${v}`, VERDICT_WORDS[v]) : pill('warn', JSON.stringify(v));
}

/** Evidence as indented JSON, cut at `max` characters (the signed record keeps all of it). */
function evidenceBlock(label: string, ev: { summary: string; evidence: Record<string, unknown> } | null): string {
  if (ev === null) return `<div class="ev"><div class="ev-label">${esc(label)}</div><p class="muted">Not observed.</p></div>`;
  const max = 1400;
  let json = JSON.stringify(ev.evidence, null, 2) ?? 'null';
  if (json.length > max) json = `${json.slice(0, max)}\n… (${json.length - max} more characters in the signed record)`;
  return `<div class="ev"><div class="ev-label">${esc(label)}</div><p>${txt(ev.summary)}</p><pre><bdi>${esc(json)}</bdi></pre></div>`;
}

/** Where a record's step words come from, by format (shared/records.ts RecordStep.text). */
function stepWordsNote(b: RecordBody): string {
  return b.format === 'collimator.record/1'
    ? 'Step words as rendered when the record was signed (record format 1).'
    : 'Step words and snippets as shown to the admin when the step was ticked or unticked.';
}

/** A step's words (and, from format 2, the snippet shown with them), or why there are none. */
function stepWords(b: RecordBody, s: RecordBody['checklist']['steps'][number]): string {
  if (s.text === null) {
    return b.format === 'collimator.record/1'
      ? '<span class="muted">(the playbook no longer had this step)</span>'
      : '<i>Words not recorded at the time (the step was changed before Collimator kept what was shown).</i>';
  }
  const sn = s.snippet;
  if (!sn) return txt(s.text);
  const max = 1400;
  const code = sn.code.length > max ? `${sn.code.slice(0, max)}\n… (${sn.code.length - max} more characters in the signed record)` : sn.code;
  return `${txt(s.text)}<br><span class="muted">${txt(sn.title)} · ${txt(sn.where)}</span><pre><bdi>${esc(code)}</bdi></pre>`;
}

/** `/3`: the findings a step addresses, by title (one action, ticked once); nothing for earlier formats. */
function addresses(findings: readonly CheckId[] | undefined): string {
  if (findings === undefined || findings.length === 0) return '';
  return `<br><span class="muted">Addresses: ${findings.map((id) => txt(CATALOG[id]?.title ?? id)).join('; ')}</span>`;
}

function techniqueList(t: RecordFinding['attack']): string {
  if (t.length === 0) return '<span class="muted">none mapped</span>';
  return t.map((x) => `<span class="tech"><b>${txt(x.id)}</b> ${txt(x.name)}</span>`).join(' ');
}

interface FindingRow {
  id: RecordFinding['id'];
  title: string;
  severity: Severity;
  before: string;
  after: string | null;
  verdict: Verdict | null;
  check?: RecordVerificationCheck;
  finding?: RecordFinding;
}

/** Findings that matter to the report: every verified check, and every fail above info before. */
function findingRows(b: RecordBody): FindingRow[] {
  const rows = new Map<string, FindingRow>();
  for (const c of b.verification?.checks ?? []) {
    rows.set(c.id, { id: c.id, title: c.title, severity: c.severity, before: c.before, after: c.after, verdict: c.verdict, check: c });
  }
  for (const f of b.before.findings) {
    const r = rows.get(f.id);
    if (r) r.finding = f;
    else if (isFindingToFix(f)) rows.set(f.id, { id: f.id, title: f.title, severity: f.severity, before: f.status, after: null, verdict: null, finding: f });
  }
  return [...rows.values()].sort((a, b2) => severityRank(b2.severity) - severityRank(a.severity) || String(a.id).localeCompare(String(b2.id)));
}

function summarySentence(b: RecordBody, rows: FindingRow[]): string {
  const fails = b.before.findings.filter(isFindingToFix);
  const v = b.verification;
  const start = `The scan of ${at(b.before.at)} from “${txt(b.vantage.label)}” found ${fails.length} weakness${fails.length === 1 ? '' : 'es'} on this server.`;
  if (v === null) return `${start} The fix has <b>not been verified</b> by a re-check.`;
  const fixed = rows.filter((r) => r.verdict === 'fixed').length;
  const open = rows.filter((r) => r.verdict === 'still-failing' || r.verdict === 'regressed').length;
  const inconclusive = Number(v.counts.inconclusive) || 0;
  return `${start} The re-check of ${at(v.at)} found ${fixed} fixed${open > 0 ? `, <b>${open} still failing or regressed</b>` : ''}${inconclusive > 0 ? `, ${inconclusive} inconclusive` : ''}: the verification ${v.passed === true ? '<b>passed</b>' : '<b>did not pass</b>'}.`;
}

function statusBadge(b: RecordBody, intact: boolean): string {
  if (!intact) return pill('bad', 'Signatures do not verify');
  if (b.verification === null) return pill('warn', 'Not verified');
  return b.verification.passed === true ? pill('good', 'Verified fixed') : pill('bad', 'Verification failed');
}

/** Column widths a table may use (report-style.ts has a class for each). */
export const COLUMN_WIDTHS = [5, 10, 12, 13, 14, 15, 20, 25, 28, 32, 34, 40, 80] as const;

/**
 * A grid's fixed column widths and header row: the layout is fixed, so a 10 kB value
 * wraps inside its own column instead of squeezing the others to nothing.
 */
function gridHead(cols: Array<[string, (typeof COLUMN_WIDTHS)[number]]>): string {
  return `<colgroup>${cols.map(([, w]) => `<col class="w-${w}">`).join('')}</colgroup><thead><tr>${cols.map(([label]) => `<th>${esc(label)}</th>`).join('')}</tr></thead>`;
}

/** Key/value rows; keys are this file's words, values are HTML already escaped by the caller. */
function kv(rows: Array<[string, string]>): string {
  return `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
}

/** `Name, role · 2025-03-01 12:00 UTC`. */
function signer(name: unknown, role: unknown, time: unknown): string {
  return `${txt(name)}${role ? `, ${txt(role)}` : ''} · ${at(time)}`;
}

/** The body to show: the one in the signed bytes (never a separately held copy that could differ). */
function signedBody(r: StoredRecord): RecordBody {
  try {
    return JSON.parse(r.canonical.toString('utf8')) as RecordBody;
  } catch {
    return r.body;
  }
}

function recordSection(r: StoredRecord, index: number): string {
  const b = signedBody(r);
  const problems = recordProblems(r);
  const intact = problems.length === 0;
  const rows = findingRows(b);
  const reviewers = r.signatures.filter((s) => s.kind === 'reviewer');
  const fails = b.before.findings.filter(isFindingToFix);
  const bySeverity = (['critical', 'high', 'medium', 'low'] as const).map((s) => [s, fails.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const product = b.server.product ? [b.server.product.name, b.server.product.version].filter(Boolean).map(String).join(' ') : 'unknown';
  const v = b.verification;

  const head = `
<section class="record${index > 0 ? ' page-break' : ''}">
  <header class="band">
    <div class="band-top"><span class="brand">COLLIMATOR</span><span>Signed remediation record</span></div>
    <h1>${txt(serverKey({ host: String(b.server.host), port: Number(b.server.port) }))}</h1>
    <div class="band-sub">${txt(product)}${b.server.calledAe ? ` · AE title ${txt(b.server.calledAe)}` : ''}${b.server.protocol ? ` · ${txt(b.server.protocol)}` : ''}</div>
    <div class="band-status">${statusBadge(b, intact)}</div>
  </header>

  <h2>Summary</h2>
  <p class="lead">${summarySentence(b, rows)}</p>
  <div class="cards">
    <div class="card"><div class="num">${fails.length}</div><div>findings before${bySeverity.length ? `<br><span class="muted">${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')}</span>` : ''}</div></div>
    <div class="card"><div class="num">${v ? esc(v.counts.fixed) : '—'}</div><div>verified fixed</div></div>
    <div class="card"><div class="num">${v ? esc((Number(v.counts['still-failing']) || 0) + (Number(v.counts.regressed) || 0)) : '—'}</div><div>still failing or regressed</div></div>
    <div class="card"><div class="num">${r.signatures.length}</div><div>signature${r.signatures.length === 1 ? '' : 's'}${intact ? ', all hold' : ', NOT all hold'}</div></div>
  </div>
  ${kv([
    ['Record', `<span class="mono">${txt(b.id)}</span>`],
    ['Signed by', signer(b.operator.name, b.operator.role, b.createdAt)],
    ['Co-signed by', reviewers.length ? reviewers.map((s) => signer(s.name, s.role, s.signedAt)).join('<br>') : '<span class="muted">no reviewer yet</span>'],
    ['Verification', v ? `${at(v.at)} from “${txt(v.vantage.label)}”${v.vantage.untrusted ? ' (untrusted network)' : ''}${v.unreachable ? ` · ${txt(v.unreachable)}` : ''}` : '<b>none</b>'],
    ['Scan before', `${at(b.before.at)} from “${txt(b.before.vantage.label)}”${b.before.vantage.untrusted ? ' (untrusted network)' : ''} · scan <span class="mono">${txt(b.before.scanId)}</span>`],
    ['Maintenance window', b.maintenanceWindow ? `${txt(b.maintenanceWindow.name)} · ${at(b.maintenanceWindow.startsAt)} – ${at(b.maintenanceWindow.endsAt)}` : '<span class="muted">none</span>'],
    ['Checklist', b.checklist.progress ? `${esc(b.checklist.progress.done)} of ${esc(b.checklist.progress.total)} steps done` : `${b.checklist.steps.filter((s) => s.done).length} steps done`],
    ['Operator note', b.note ? txt(b.note) : '<span class="muted">none</span>'],
    ...(b.supersedes ? [['Corrects record', `<span class="mono">${txt(b.supersedes)}</span>`] as [string, string]] : []),
    ...(r.supersededBy.length ? [['Superseded by', r.supersededBy.map((x) => `<span class="mono">${txt(x)}</span>`).join(', ')] as [string, string]] : []),
    ['Tool', `Collimator ${txt(b.tool.version)}`],
  ])}`;

  const table = `
  <h2>Findings and verdicts</h2>
  ${rows.length === 0 ? '<p class="muted">No weakness was found in the scan this record starts from.</p>' : `
  <table class="grid">
    ${gridHead([['Check', 40], ['Severity', 15], ['Before', 13], ['After', 12], ['Verdict', 20]])}
    <tbody>${rows.map((x) => `<tr><td><b>${txt(x.title)}</b><br><span class="mono muted">${txt(x.id)}</span></td><td>${sevPill(x.severity)}</td><td>${txt(x.before)}</td><td>${txt(x.after ?? '—')}</td><td>${verdictPill(x.verdict)}</td></tr>`).join('')}</tbody>
  </table>`}`;

  const details = rows
    .map((x) => {
      const before = x.check?.beforeEvidence ?? (x.finding ? { summary: x.finding.summary, evidence: x.finding.evidence } : null);
      const attack = x.check?.attack ?? x.finding?.attack ?? [];
      return `
  <div class="finding">
    <h3>${txt(x.title)} ${sevPill(x.severity)} ${verdictPill(x.verdict)}</h3>
    <p class="muted"><span class="mono">${txt(x.id)}</span>${x.check?.note ? ` · ${txt(x.check.note)}` : ''}</p>
    <p class="attack">ATT&amp;CK: ${techniqueList(attack)}</p>
    <div class="ev-pair">${evidenceBlock('Before', before)}${evidenceBlock('After', x.check?.afterEvidence ?? null)}</div>
  </div>`;
    })
    .join('');

  const steps = `
  <h2>Remediation steps</h2>
  <p class="muted">${esc(stepWordsNote(b))}</p>
  ${b.checklist.steps.length === 0 ? '<p class="muted">No checklist step was recorded.</p>' : `
  <table class="grid">
    ${gridHead([['Step', 34], ['Done', 10], ['By', 14], ['When', 14], ['Note', 28]])}
    <tbody>${b.checklist.steps.map((s) => `<tr><td>${stepWords(b, s)}${addresses(s.findings)}<br><span class="mono muted">${txt(s.id)}</span></td><td>${s.done ? '✔ done' : '✘ not done'}</td><td>${txt(s.by)}</td><td>${at(s.at)}</td><td>${txt(s.note)}</td></tr>`).join('')}</tbody>
  </table>`}
  ${(b.checklist.notTicked ?? []).length === 0 ? '' : `
  <h3>Steps never ticked</h3>
  <p class="muted">Nobody ticked these steps; their words are as rendered when the record was signed.</p>
  <table class="grid small">
    ${gridHead([['Step', 80], ['Done', 20]])}
    <tbody>${(b.checklist.notTicked ?? []).map((s) => `<tr><td>${txt(s.text)}${addresses(s.findings)}<br><span class="mono muted">${txt(s.id)}</span></td><td>never ticked</td></tr>`).join('')}</tbody>
  </table>`}
  <h2>Attestations</h2>
  ${b.attestations.length === 0 ? '<p class="muted">No manual control was attested.</p>' : `
  <table class="grid">
    ${gridHead([['Control', 34], ['Attested', 10], ['By', 14], ['When', 14], ['Note', 28]])}
    <tbody>${b.attestations.map((a) => `<tr><td><b>${txt(a.title)}</b><br><span class="mono muted">${txt(a.id)}</span></td><td>${a.attested ? '✔ in place' : '✘ withdrawn'}</td><td>${txt(a.by)}</td><td>${at(a.at)}</td><td>${txt(a.note)}</td></tr>`).join('')}</tbody>
  </table>`}
  ${b.checklist.history.length > 0 ? `
  <h3>Checklist history</h3>
  <table class="grid small">
    ${gridHead([['#', 5], ['When', 14], ['Who', 14], ['Item', 25], ['Change', 10], ['Note', 32]])}
    <tbody>${b.checklist.history.map((e) => `<tr><td>${esc(e.seq)}</td><td>${at(e.at)}</td><td>${txt(e.by)}</td><td class="mono">${txt(e.item)}</td><td>${e.kind === 'attestation' ? (e.done ? 'attested' : 'withdrawn') : e.done ? 'done' : 'undone'}</td><td>${txt(e.note)}</td></tr>`).join('')}</tbody>
  </table>` : ''}`;

  const sigs = `
  <h2>Signatures</h2>
  <p>Each signature is Ed25519 over the same bytes: this record's RFC 8785 canonical JSON. A fingerprint is the SHA-256 of the signer's raw public key.</p>
  <table class="grid sigs">
    ${gridHead([['Signer', 20], ['As', 12], ['Signed', 14], ['Key fingerprint (SHA-256)', 40], ['Check', 14]])}
    <tbody>${r.signatures.map((s, i) => {
      const bad = problems.some((p) => p.where.includes(`signature ${i + 1} `));
      return `<tr><td><b>${txt(s.name)}</b>${s.role ? `<br>${txt(s.role)}` : ''}</td><td>${s.kind === 'operator' ? 'operator' : 'reviewer (co-signature)'}</td><td>${at(s.signedAt)}</td><td class="mono fp">${txt(formatFingerprint(String(s.fingerprint)))}</td><td>${bad ? pill('bad', 'does not hold') : pill('good', 'holds')}</td></tr>`;
    }).join('')}</tbody>
  </table>
  ${intact ? '' : `<div class="alert"><b>This record does not verify:</b><ul>${problems.map((p) => `<li>${txt(p.where)}: ${txt(p.message)}</li>`).join('')}</ul></div>`}
  <div class="keep"><h3>Integrity</h3>
  ${kv([
    ['Chain position', esc(b.chain.position)],
    ['Record hash', `<span class="mono hash">${txt(r.hash)}</span>`],
    ['Previous record', b.chain.prev ? `<span class="mono hash">${txt(b.chain.prev)}</span>` : 'none (first record of the chain)'],
    ['Check it', 'Export the record as JSON and run <span class="mono">collimator records verify FILE</span>: it needs nothing else.'],
  ])}</div>
</section>`;
  return head + table + (details ? `<h2>Evidence, finding by finding</h2>${details}` : '') + steps + peersSection(b) + internetSection(b) + sigs;
}

/** The banner as the first thing in the body: this file's words only. */
function bannerHtml(banner: Banner): string {
  return `<div class="banner banner-${banner.level}" role="alert"><div class="banner-headline">${esc(banner.headline)}</div><div>${esc(banner.detail)}</div></div>`;
}

export interface ReportOptions {
  generatedAt: string;
  toolVersion: string;
  /** What a trust list said of the signers; absent: they were not checked. */
  signers?: BannerState['signers'];
}

/** The report's CSP: nothing loads, nothing runs, the one stylesheet by its hash (our constant, no quote in it: written into the attribute as is). */
export const REPORT_CSP = `default-src 'none'; style-src ${REPORT_CSS_SOURCE}; base-uri 'none'; form-action 'none'`;

/** The whole report page for `records` (one section each, each starting on a new page), under `banner`. */
function pageHtml(records: readonly StoredRecord[], opts: ReportOptions, banner: Banner): string {
  const first = records[0];
  const title = records.length === 1 && first ? `Remediation record ${serverKey({ host: String(first.body.server.host), port: Number(first.body.server.port) })}` : `Remediation records (${records.length})`;
  const techniques = new Set(records.flatMap((r) => r.body.before.findings.flatMap((f) => f.attack.map((a) => a.id))));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style></head>
<body>
${bannerHtml(banner)}
${records.map((r, i) => recordSection(r, i)).join('\n')}
<footer class="notice">
  <p>Report generated ${at(opts.generatedAt)} by Collimator ${txt(opts.toolVersion)} from the signed records; the signed JSON is authoritative.
  Check titles follow Collimator's check catalog${techniques.size > 0 ? '; technique names follow MITRE ATT&amp;CK®' : ''}.</p>
  <p>${esc(ATTACK_NOTICE)}</p>
  <p class="muted">Records hold no patient data: endpoints, protocol evidence, operator names and notes only.</p>
</footer>
</body></html>`;
}

/** The whole report page for `records`, its banner computed from their bytes now. */
export function renderReportHtml(records: readonly StoredRecord[], opts: ReportOptions): string {
  return pageHtml(records, opts, bannerFor(bannerState(records, opts.signers)));
}

/**
 * Page header and footer templates (Chromium/Electron print them as their own tiny
 * documents, outside the page's CSP, so their style is a <style> element of fixed
 * text). The header repeats the banner on every page.
 */
const TEMPLATE_CSS = `<style>
.t { font-family: 'DejaVu Sans', Arial, sans-serif; width: 100%; padding: 0 14mm; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.h { font-size: 8pt; font-weight: 700; }
.h-bad { color: #b42318; } .h-warn { color: #8a5a00; } .h-good { color: #067647; }
.f { font-size: 7pt; color: #5b6472; display: flex; justify-content: space-between; gap: 8mm; }
.f-label { overflow-wrap: anywhere; }
.f-page { white-space: nowrap; }
</style>`;

/** The PDF page header: the verification banner, on every page. */
export function reportHeaderTemplate(banner: Banner): string {
  return `${TEMPLATE_CSS}<div class="t h h-${esc(banner.level)}">${esc(banner.headline)} · ${esc(banner.detail)}</div>`;
}

/** The PDF page footer: `label` and the page number. */
export function reportFooterTemplate(label: string): string {
  return `${TEMPLATE_CSS}<div class="t f"><span class="f-label">${esc(label)}</span><span class="f-page">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/** Everything a PDF of `records` needs: the page, and the header and footer of every page. */
export function renderReport(records: readonly StoredRecord[], opts: ReportOptions): { html: string; header: string; footer: string; banner: Banner } {
  const banner = bannerFor(bannerState(records, opts.signers));
  const first = records[0];
  const label = records.length === 1 && first ? `Collimator remediation record ${first.id}` : `Collimator remediation records (${records.length})`;
  return { html: pageHtml(records, opts, banner), header: reportHeaderTemplate(banner), footer: reportFooterTemplate(label), banner };
}

/** The report of `records` as PDF bytes, made by `renderer` (the CLI's Chromium or the app's Electron). */
export async function renderReportPdf(renderer: PdfRenderer, records: readonly StoredRecord[], opts: ReportOptions): Promise<Buffer> {
  const { html, header, footer } = renderReport(records, opts);
  return renderer.render(html, { header, footer });
}

/** Issue 14 (format /3): the peers cut off on purpose, and the legitimate peers still accepted after the fix. */
function peersSection(b: { peers?: RecordBody['peers'] }): string {
  const p = b.peers;
  if (p === undefined || (p.acknowledgements.length === 0 && p.stillAccepted === null)) return '';
  const PEER_WORDS: Record<string, [string, string]> = { 'still-accepted': ['good', 'Still accepted'], regressed: ['bad', 'Regressed'], inconclusive: ['warn', 'Inconclusive'] };
  const peer = (x: { callingAe: string; address: string | null }): string => `<span class="mono">${txt(x.callingAe)}</span>${x.address ? ` (${txt(x.address)})` : ''}`;
  const verdict = (v: string): string => {
    const w = PEER_WORDS[v];
    return w ? pill(w[0], w[1]) : pill('warn', JSON.stringify(v));
  };
  return `
  <h2>Legitimate peers</h2>
  ${p.stillAccepted === null ? '<p class="muted">The verification tried no peer (none known, not DICOM, or not verified).</p>' : `
  <p class="muted">After the fix, one association calling as each confirmed peer, from the verification's vantage; no data sent.</p>
  <table class="grid small">
    ${gridHead([['Peer', 25], ['From', 20], ['Verdict', 15], ['Why', 40]])}
    <tbody>${p.stillAccepted.map((x) => `<tr><td>${peer(x)}</td><td>${txt(x.source)}</td><td>${verdict(x.verdict)}</td><td>${txt(x.reason)}</td></tr>`).join('')}</tbody>
  </table>`}
  ${p.acknowledgements.length === 0 ? '' : `
  <h3>Cut off on purpose</h3>
  <table class="grid small">
    ${gridHead([['Step', 25], ['Peers cut off (seen recently)', 40], ['By', 15], ['When', 20]])}
    <tbody>${p.acknowledgements.map((a) => `<tr><td class="mono">${txt(a.stepId)}</td><td>${a.peers.map((x) => `${peer(x)}: ${txt(x.why)}${x.lastSeen ? `, last seen ${at(x.lastSeen)}` : ''}`).join('<br>')}</td><td>${txt(a.by)}</td><td>${at(a.at)}</td></tr>`).join('')}</tbody>
  </table>`}`;
}

/** Issue 13 (format /4): the "closed as seen from the internet" evidence attached to the server. */
function internetSection(b: { internet?: RecordBody['internet'] }): string {
  const closures = b.internet?.closures;
  if (!Array.isArray(closures) || closures.length === 0) return '';
  return `
  <h2>Seen from the internet</h2>
  <p class="muted">Exports of internet scanners imported into Collimator: a later outside view no longer showed the service. Each file is named by its SHA-256.</p>
  ${closures.filter((c) => typeof c === 'object' && c !== null).map((c) => `<div class="keep"><p>${txt(closureLine(c))}</p><p class="muted">Attached by ${txt(c.attachedBy)}, ${at(c.attachedAt)}; import <span class="mono hash">${txt(c.importId)}</span></p></div>`).join('')}`;
}
