/**
 * The readable report of signed records: one self-contained HTML page that Chromium
 * (CLI, tests) and Electron's printToPDF (the app) turn into the same A4 PDF. Summary
 * first; then each finding with its before/after evidence and verdict, ATT&CK
 * techniques with MITRE's notice, the steps with who and when, attestations, and the
 * signatures with their fingerprints and whether they hold.
 *
 * Everything that comes from data is escaped (product names and evidence come from
 * scanned peers). No script, no remote anything: a CSP meta tag forbids it, and the
 * styles are inline.
 */
import { ATTACK_NOTICE, severityRank, type Severity } from '../../shared/catalog';
import { isFindingToFix } from '../../shared/fails';
import { serverKey } from '../../shared/host';
import type { Verdict } from '../../shared/types';
import { checkRecord } from './integrity';
import { formatFingerprint } from './keys';
import { REPORT_CSS } from './report-style';
import type { RecordBody, RecordFinding, RecordVerificationCheck, StoredRecord } from './types';

/** HTML-escapes text for element content and quoted attributes. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** `2025-03-01 12:00 UTC` from ISO-8601 (anything else shown as given). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

const VERDICT_WORDS: Record<Verdict, string> = {
  fixed: 'Fixed',
  'still-failing': 'Still failing',
  regressed: 'Regressed',
  'still-passing': 'Still passing',
  inconclusive: 'Inconclusive',
};

function pill(cls: string, label: string): string {
  return `<span class="pill ${esc(cls)}">${esc(label)}</span>`;
}

function sevPill(s: Severity): string {
  return pill(`sev-${s}`, s);
}

/** Evidence as indented JSON, cut at `max` characters (the signed record keeps all of it). */
function evidenceBlock(label: string, ev: { summary: string; evidence: Record<string, unknown> } | null): string {
  if (ev === null) return `<div class="ev"><div class="ev-label">${esc(label)}</div><p class="muted">Not observed.</p></div>`;
  const max = 1400;
  let json = JSON.stringify(ev.evidence, null, 2);
  if (json.length > max) json = `${json.slice(0, max)}\n… (${json.length - max} more characters in the signed record)`;
  return `<div class="ev"><div class="ev-label">${esc(label)}</div><p>${esc(ev.summary)}</p><pre>${esc(json)}</pre></div>`;
}

function techniqueList(t: RecordFinding['attack']): string {
  if (t.length === 0) return '<span class="muted">none mapped</span>';
  return t.map((x) => `<span class="tech"><b>${esc(x.id)}</b> ${esc(x.name)}</span>`).join(' ');
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
  return [...rows.values()].sort((a, b2) => severityRank(b2.severity) - severityRank(a.severity) || a.id.localeCompare(b2.id));
}

function summarySentence(b: RecordBody, rows: FindingRow[]): string {
  const fails = b.before.findings.filter(isFindingToFix);
  const v = b.verification;
  const start = `The scan of ${when(b.before.at)} from “${b.vantage.label}” found ${fails.length} weakness${fails.length === 1 ? '' : 'es'} on this server.`;
  if (v === null) return `${start} The fix has <b>not been verified</b> by a re-check.`;
  const fixed = rows.filter((r) => r.verdict === 'fixed').length;
  const open = rows.filter((r) => r.verdict === 'still-failing' || r.verdict === 'regressed').length;
  return `${start} The re-check of ${when(v.at)} found ${fixed} fixed${open > 0 ? `, <b>${open} still failing or regressed</b>` : ''}${v.counts.inconclusive > 0 ? `, ${v.counts.inconclusive} inconclusive` : ''}: the verification ${v.passed ? '<b>passed</b>' : '<b>did not pass</b>'}.`;
}

function statusBadge(b: RecordBody, intact: boolean): string {
  if (!intact) return pill('bad', 'Signatures do not verify');
  if (b.verification === null) return pill('warn', 'Not verified');
  return b.verification.passed ? pill('good', 'Verified fixed') : pill('bad', 'Verification failed');
}

function kv(rows: Array<[string, string]>): string {
  return `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
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
  const { problems } = checkRecord({ where: `record ${r.id}`, canonical: r.canonical, hash: r.hash, signatures: r.signatures });
  const intact = problems.length === 0;
  const rows = findingRows(b);
  const reviewers = r.signatures.filter((s) => s.kind === 'reviewer');
  const fails = b.before.findings.filter(isFindingToFix);
  const bySeverity = (['critical', 'high', 'medium', 'low'] as const).map((s) => [s, fails.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const product = b.server.product ? [b.server.product.name, b.server.product.version].filter(Boolean).map(String).join(' ') : 'unknown';

  const head = `
<section class="record${index > 0 ? ' page-break' : ''}">
  <header class="band">
    <div class="band-top"><span class="brand">COLLIMATOR</span><span>Signed remediation record</span></div>
    <h1>${esc(serverKey(b.server))}</h1>
    <div class="band-sub">${esc(product)}${b.server.calledAe ? ` · AE title ${esc(b.server.calledAe)}` : ''}${b.server.protocol ? ` · ${esc(b.server.protocol)}` : ''}</div>
    <div class="band-status">${statusBadge(b, intact)}</div>
  </header>

  <h2>Summary</h2>
  <p class="lead">${summarySentence(b, rows)}</p>
  <div class="cards">
    <div class="card"><div class="num">${fails.length}</div><div>findings before${bySeverity.length ? `<br><span class="muted">${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')}</span>` : ''}</div></div>
    <div class="card"><div class="num">${b.verification?.counts.fixed ?? '—'}</div><div>verified fixed</div></div>
    <div class="card"><div class="num">${b.verification ? b.verification.counts['still-failing'] + b.verification.counts.regressed : '—'}</div><div>still failing or regressed</div></div>
    <div class="card"><div class="num">${r.signatures.length}</div><div>signature${r.signatures.length === 1 ? '' : 's'}${intact ? ', all hold' : ', NOT all hold'}</div></div>
  </div>
  ${kv([
    ['Record', `<span class="mono">${esc(b.id)}</span>`],
    ['Signed by', `${esc(b.operator.name)}${b.operator.role ? `, ${esc(b.operator.role)}` : ''} · ${esc(when(b.createdAt))}`],
    ['Co-signed by', reviewers.length ? reviewers.map((s) => `${esc(s.name)}${s.role ? `, ${esc(s.role)}` : ''} · ${esc(when(s.signedAt))}`).join('<br>') : '<span class="muted">no reviewer yet</span>'],
    ['Verification', b.verification ? `${esc(when(b.verification.at))} from “${esc(b.verification.vantage.label)}”${b.verification.vantage.untrusted ? ' (untrusted network)' : ''}${b.verification.unreachable ? ` · ${esc(b.verification.unreachable)}` : ''}` : '<b>none</b>'],
    ['Scan before', `${esc(when(b.before.at))} from “${esc(b.before.vantage.label)}”${b.before.vantage.untrusted ? ' (untrusted network)' : ''} · scan <span class="mono">${esc(b.before.scanId)}</span>`],
    ['Maintenance window', b.maintenanceWindow ? `${esc(b.maintenanceWindow.name)} · ${esc(when(b.maintenanceWindow.startsAt))} – ${esc(when(b.maintenanceWindow.endsAt))}` : '<span class="muted">none</span>'],
    ['Checklist', b.checklist.progress ? `${b.checklist.progress.done} of ${b.checklist.progress.total} steps done` : `${b.checklist.steps.filter((s) => s.done).length} steps done`],
    ['Operator note', b.note ? esc(b.note) : '<span class="muted">none</span>'],
    ...(b.supersedes ? [['Corrects record', `<span class="mono">${esc(b.supersedes)}</span>`] as [string, string]] : []),
    ...(r.supersededBy.length ? [['Superseded by', r.supersededBy.map((x) => `<span class="mono">${esc(x)}</span>`).join(', ')] as [string, string]] : []),
    ['Tool', `Collimator ${esc(b.tool.version)}`],
  ])}`;

  const table = `
  <h2>Findings and verdicts</h2>
  ${rows.length === 0 ? '<p class="muted">No weakness was found in the scan this record starts from.</p>' : `
  <table class="grid">
    <thead><tr><th>Check</th><th>Severity</th><th>Before</th><th>After</th><th>Verdict</th></tr></thead>
    <tbody>${rows.map((x) => `<tr><td><b>${esc(x.title)}</b><br><span class="mono muted">${esc(x.id)}</span></td><td>${sevPill(x.severity)}</td><td>${esc(x.before)}</td><td>${esc(x.after ?? '—')}</td><td>${x.verdict ? pill(`v-${x.verdict}`, VERDICT_WORDS[x.verdict]) : pill('warn', 'Not verified')}</td></tr>`).join('')}</tbody>
  </table>`}`;

  const details = rows
    .map((x) => {
      const before = x.check?.beforeEvidence ?? (x.finding ? { summary: x.finding.summary, evidence: x.finding.evidence } : null);
      const attack = x.check?.attack ?? x.finding?.attack ?? [];
      return `
  <div class="finding">
    <h3>${esc(x.title)} ${sevPill(x.severity)} ${x.verdict ? pill(`v-${x.verdict}`, VERDICT_WORDS[x.verdict]) : pill('warn', 'Not verified')}</h3>
    <p class="muted"><span class="mono">${esc(x.id)}</span>${x.check?.note ? ` · ${esc(x.check.note)}` : ''}</p>
    <p class="attack">ATT&amp;CK: ${techniqueList(attack)}</p>
    <div class="ev-pair">${evidenceBlock('Before', before)}${evidenceBlock('After', x.check?.afterEvidence ?? null)}</div>
  </div>`;
    })
    .join('');

  const steps = `
  <h2>Remediation steps</h2>
  ${b.checklist.steps.length === 0 ? '<p class="muted">No checklist step was recorded.</p>' : `
  <table class="grid">
    <thead><tr><th>Step</th><th>Done</th><th>By</th><th>When</th><th>Note</th></tr></thead>
    <tbody>${b.checklist.steps.map((s) => `<tr><td>${s.text ? esc(s.text) : ''}<br><span class="mono muted">${esc(s.id)}</span></td><td>${s.done ? '✔ done' : '✘ not done'}</td><td>${esc(s.by)}</td><td class="nowrap">${esc(when(s.at))}</td><td>${esc(s.note)}</td></tr>`).join('')}</tbody>
  </table>`}
  <h2>Attestations</h2>
  ${b.attestations.length === 0 ? '<p class="muted">No manual control was attested.</p>' : `
  <table class="grid">
    <thead><tr><th>Control</th><th>Attested</th><th>By</th><th>When</th><th>Note</th></tr></thead>
    <tbody>${b.attestations.map((a) => `<tr><td><b>${esc(a.title)}</b><br><span class="mono muted">${esc(a.id)}</span></td><td>${a.attested ? '✔ in place' : '✘ withdrawn'}</td><td>${esc(a.by)}</td><td class="nowrap">${esc(when(a.at))}</td><td>${esc(a.note)}</td></tr>`).join('')}</tbody>
  </table>`}
  ${b.checklist.history.length > 0 ? `
  <h3>Checklist history</h3>
  <table class="grid small">
    <thead><tr><th>#</th><th>When</th><th>Who</th><th>Item</th><th>Change</th><th>Note</th></tr></thead>
    <tbody>${b.checklist.history.map((e) => `<tr><td>${e.seq}</td><td class="nowrap">${esc(when(e.at))}</td><td>${esc(e.by)}</td><td class="mono">${esc(e.item)}</td><td>${e.kind === 'attestation' ? (e.done ? 'attested' : 'withdrawn') : e.done ? 'done' : 'undone'}</td><td>${esc(e.note)}</td></tr>`).join('')}</tbody>
  </table>` : ''}`;

  const sigs = `
  <h2>Signatures</h2>
  <p>Each signature is Ed25519 over the same bytes: this record's RFC 8785 canonical JSON. A fingerprint is the SHA-256 of the signer's raw public key.</p>
  <table class="grid sigs">
    <thead><tr><th>Signer</th><th>As</th><th>Signed</th><th>Key fingerprint (SHA-256)</th><th>Check</th></tr></thead>
    <tbody>${r.signatures.map((s, i) => {
      const bad = problems.some((p) => p.where.includes(`signature ${i + 1} `));
      return `<tr><td><b>${esc(s.name)}</b>${s.role ? `<br>${esc(s.role)}` : ''}</td><td>${s.kind === 'operator' ? 'operator' : 'reviewer (co-signature)'}</td><td class="nowrap">${esc(when(s.signedAt))}</td><td class="mono fp">${esc(formatFingerprint(s.fingerprint))}</td><td>${bad ? pill('bad', 'does not hold') : pill('good', 'holds')}</td></tr>`;
    }).join('')}</tbody>
  </table>
  ${intact ? '' : `<div class="alert"><b>This record does not verify:</b><ul>${problems.map((p) => `<li>${esc(p.where)}: ${esc(p.message)}</li>`).join('')}</ul></div>`}
  <div class="keep"><h3>Integrity</h3>
  ${kv([
    ['Chain position', String(b.chain.position)],
    ['Record hash', `<span class="mono hash">${esc(r.hash)}</span>`],
    ['Previous record', b.chain.prev ? `<span class="mono hash">${esc(b.chain.prev)}</span>` : 'none (first record of the chain)'],
    ['Check it', 'Export the record as JSON and run <span class="mono">collimator records verify FILE</span>: it needs nothing else.'],
  ])}</div>
</section>`;
  return head + table + (details ? `<h2>Evidence, finding by finding</h2>${details}` : '') + steps + sigs;
}

/** The whole report page for `records` (one section each, each starting on a new page). */
export function renderReportHtml(records: readonly StoredRecord[], opts: { generatedAt: string; toolVersion: string }): string {
  const title = records.length === 1 ? `Remediation record ${serverKey(records[0]!.body.server)}` : `Remediation records (${records.length})`;
  const techniques = new Set(records.flatMap((r) => r.body.before.findings.flatMap((f) => f.attack.map((a) => a.id))));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style></head>
<body>
${records.map((r, i) => recordSection(r, i)).join('\n')}
<footer class="notice">
  <p>Report generated ${esc(when(opts.generatedAt))} by Collimator ${esc(opts.toolVersion)} from the signed records; the signed JSON is authoritative.
  Check titles follow Collimator's check catalog${techniques.size > 0 ? '; technique names follow MITRE ATT&amp;CK®' : ''}.</p>
  <p>${esc(ATTACK_NOTICE)}</p>
  <p class="muted">Records hold no patient data: endpoints, protocol evidence, operator names and notes only.</p>
</footer>
</body></html>`;
}

/** The PDF page footer (Chromium/Electron footer template: its own tiny document, styles inline). */
export function reportFooterTemplate(label: string): string {
  return `<div style="font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 7pt; color: #5b6472; width: 100%; padding: 0 14mm; display: flex; justify-content: space-between;"><span>${esc(label)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}
