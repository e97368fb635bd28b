/**
 * DefectDojo's Generic Findings Import (JSON, dojo/tools/generic/json_parser.py): one
 * finding per check that failed on a host:port and is open now, or was fixed and seen
 * fixed. `unique_id_from_tool` is `<check id>@<host:port>`, the same in every export, so
 * a re-import finds the same finding; `service` carries `host:port` because DefectDojo's
 * endpoint deduplication ignores ports. The mitigation is the check's playbook, filled in
 * for this server. Informational checks (`dicom.detected`, `web.detected`) are left out:
 * they record that a service exists, not a flaw.
 *
 * Only keys the parser allows are written, and `mitigated` only when there is a date
 * (the parser parses any value present, null included).
 */
import { ATTACK_TECHNIQUES, CATALOG, type AttackTechniqueId, type Severity } from '../../shared/catalog';
import type { DefectDojoEndpoint, DefectDojoFinding, DefectDojoReport, DefectDojoSeverity } from '../../shared/exports';
import { serverKey } from '../../shared/host';
import { buildContext, renderPlaybook, type RenderedPlaybook, type RenderedStep } from '../../shared/playbooks';
import type { ExportData, ExportFinding, ExportServer } from './findings';

const SEVERITY: Readonly<Record<Severity, DefectDojoSeverity>> = { info: 'Info', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** The test type a Collimator import creates in DefectDojo: "Collimator (Generic Findings Import)". */
export const DEFECTDOJO_TYPE = 'Collimator';

/** ATT&CK's page of a technique: `T1565.001` → `https://attack.mitre.org/techniques/T1565/001/`. */
export function attackUrl(id: AttackTechniqueId): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

/** The endpoint as DefectDojo's Endpoint takes it: the address without brackets, the port, the scheme of web services. */
function endpoint(s: ExportServer): DefectDojoEndpoint {
  const web = s.protocol === 'http' || s.protocol === 'https' ? { protocol: s.protocol } : {};
  return { ...web, host: s.host, port: s.port };
}

function fence(text: string, lang = ''): string {
  // A snippet or evidence containing a fence must not end ours early.
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}${lang}\n${text.replace(/\n+$/, '')}\n${ticks}`;
}

function stepLines(steps: readonly RenderedStep[], withSnippets: boolean): string[] {
  return steps.flatMap((s, i) => [
    `${i + 1}. ${s.text}`,
    ...(withSnippets && s.snippet ? [`   ${s.snippet.title} (${s.snippet.where}):`, '', fence(s.snippet.code, s.snippet.language), '', `   Rollback: ${s.snippet.rollback.title}`, '', fence(s.snippet.rollback.code, s.snippet.rollback.language), ''] : []),
  ]);
}

/** The playbook as Markdown: the common steps, the variants (snippets for those that fit what the scan saw), how to confirm. */
function mitigationText(p: RenderedPlaybook, key: string): string {
  const lines = [...stepLines(p.steps, true)];
  for (const v of p.variants) {
    lines.push('', `**${v.label}**${v.likely ? ' (fits what the scan saw)' : ''}:`, ...stepLines(v.steps, v.likely || p.variants.length === 1));
  }
  lines.push('', `Confirm: ${p.confirm}`, '', `Then re-check it: Verify in Collimator, or \`collimator verify ${key}\`.`);
  return lines.join('\n').trim();
}

function product(s: ExportServer): string {
  const p = s.product;
  return p ? [p.name, p.version].filter(Boolean).join(' ') : '';
}

function finding(f: ExportFinding, data: ExportData): DefectDojoFinding {
  const s = f.server;
  const def = CATALOG[f.check];
  const key = serverKey(s);
  let playbook: RenderedPlaybook | undefined;
  try {
    playbook = renderPlaybook(f.check, buildContext({ service: s, inventory: data.inventory, vantage: s.vantage }), { status: 'fail', summary: f.summary });
  } catch {
    playbook = undefined; // a host the snippets cannot name safely: the words without this server's values
  }
  const what = [s.protocol, product(s), s.calledAe ? `AE title ${s.calledAe}` : ''].filter(Boolean).join(', ');
  const attack = def.attack.map((t) => `${t} ${ATTACK_TECHNIQUES[t]}`).join('; ');
  const description = [
    `**${f.summary || def.title}**`,
    '',
    `Collimator check \`${f.check}\` (${def.title}) on ${key}${what ? ` (${what})` : ''}.`,
    ...(playbook ? ['', playbook.why] : []),
    ...(attack ? ['', `ATT&CK: ${attack}.`] : []),
  ].join('\n');
  const observed = [
    `Failing since ${f.since}; last seen failing ${f.lastFailAt} (newest scan of the server: ${s.scanId}, from "${s.vantage.label}"${s.vantage.untrusted ? ', an untrusted network' : ''}).`,
    ...(f.fixedAt ? [`Seen fixed ${f.fixedAt} by ${f.byRecheck ? 'a re-check' : 'a scan'}.`] : []),
    '',
    'Evidence of the newest failing observation:',
    '',
    fence(JSON.stringify(f.evidence, null, 2), 'json'),
  ].join('\n');
  const fixed = f.status === 'fixed';
  return {
    title: `${def.title} on ${key}`,
    severity: SEVERITY[f.severity],
    description,
    mitigation: playbook ? mitigationText(playbook, key) : `Open ${key} in Collimator for the steps of check ${f.check}, then re-check it (collimator verify ${key}).`,
    date: f.since.slice(0, 10),
    unique_id_from_tool: `${f.check}@${key}`,
    vuln_id_from_tool: f.check,
    service: key,
    endpoints: [endpoint(s)],
    steps_to_reproduce: observed,
    references: [...def.attack.map((t) => `${t} ${ATTACK_TECHNIQUES[t]}: ${attackUrl(t)}`), `Collimator check ${f.check}: docs/checks.md`].join('\n'),
    active: !fixed,
    verified: f.byRecheck,
    is_mitigated: fixed,
    ...(fixed && f.fixedAt ? { mitigated: f.fixedAt } : {}),
    dynamic_finding: true,
    static_finding: false,
    tags: [...new Set(['collimator', def.family, ...(s.protocol ? [s.protocol] : [])])],
  };
}

/** The import file for `data`. */
export function defectDojoReport(data: ExportData, opts: { toolVersion: string; exportedAt: string }): DefectDojoReport {
  return {
    name: 'Collimator',
    type: DEFECTDOJO_TYPE,
    version: opts.toolVersion,
    description: `Findings of ${data.servers.length} DICOM, DICOM TLS and DICOMweb server(s) checked by Collimator from inside the network${data.scanId !== undefined ? ` (scan ${data.scanId})` : ''}; exported ${opts.exportedAt}.`,
    dynamic_tool: true,
    static_tool: false,
    findings: data.findings.map((f) => finding(f, data)),
  };
}
