/**
 * The table `collimator scan` prints for people: per service its address, protocol,
 * product and the AE titles used (for an `unknown` service, a line saying why), then
 * its failing checks worst first (each with its one-line summary and, where the
 * server refused an association, the decoded reason), the checks that could not
 * conclude, and a count of the rest. A summary line and a pointer to --json close
 * it. Pure: a ScanReport in, text out.
 */
import { SEVERITIES, severityRank, type Severity } from '../../../shared/catalog';
import type { CheckResult, Evidence, ScanReport, ServiceResult } from '../../../shared/types';
import { serverKey } from '../../../shared/host';
import { clean } from './text';

/** What the table shows besides the report itself. */
export interface TableOptions {
  /** The calling AE title the unknown-caller tests used (it is the same for the whole scan). */
  callingAe?: string;
}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFO' };
const LABEL_WIDTH = 12; // 'INCONCLUSIVE'

/** Severities from the worst down, as the summary line lists them. */
const WORST_FIRST: readonly Severity[] = [...SEVERITIES].reverse();

export function renderTable(report: ScanReport, opts: TableOptions = {}): string {
  const out: string[] = [];
  out.push(headerLine(report, opts));
  if (report.scan.cancelled) out.push('Cancelled: the list below holds what was found before the scan stopped.');
  out.push('');

  const open = report.services.filter((s) => s.state === 'open');
  const others = report.services.filter((s) => s.state !== 'open');
  if (open.length === 0) out.push(`No open services found on ${report.scan.targets.map(clean).join(' ')} (ports ${report.scan.ports.join(',')}).`, '');
  for (const s of sortServices(open)) out.push(...serviceBlock(s), '');
  if (others.length > 0) {
    for (const s of sortServices(others)) out.push(`${serverKey({ host: clean(s.host), port: s.port })}  ${s.state}`);
    out.push('');
  }

  out.push(summaryLine(report));
  out.push('For every check with its evidence, run the same command with --json.');
  return `${out.join('\n')}\n`;
}

function headerLine(report: ScanReport, opts: TableOptions): string {
  const v = report.scan.vantage;
  const parts = [
    `Collimator ${report.tool.version} scan ${clean(report.scan.id)}`,
    `from ${clean(v.label)} (${v.untrusted ? 'untrusted' : 'trusted'} network)`,
  ];
  if (opts.callingAe) parts.push(`calling AE ${clean(opts.callingAe)}`);
  return parts.join(' · ');
}

/** Services by address then port, so repeated scans line up. */
function sortServices(list: readonly ServiceResult[]): ServiceResult[] {
  return [...list].sort((a, b) => (a.host === b.host ? a.port - b.port : a.host.localeCompare(b.host, 'en', { numeric: true })));
}

function serviceBlock(s: ServiceResult): string[] {
  const head = [serverKey({ host: clean(s.host), port: s.port }), s.protocol ?? 'unknown'];
  if (s.product && s.product.name !== 'unknown') head.push(clean([s.product.name, s.product.version].filter(Boolean).join(' ')));
  if (s.calledAe) head.push(`called AE ${clean(s.calledAe)}${s.calledAeSource ? ` (${SOURCE_WORDS[s.calledAeSource]})` : ''}`);
  else if (s.protocol === 'dicom' || s.protocol === 'dicom-tls') head.push('no called AE accepted');
  const lines = [head.join('  ')];
  // An unknown service says why in one line: silent, closed, a banner, TLS with something unknown inside...
  if ((s.protocol ?? 'unknown') === 'unknown' && s.protocolBasis) lines.push(`  why unknown: ${shorten(clean(s.protocolBasis), BASIS_WIDTH)}`);

  const fails = s.checks.filter((c) => c.status === 'fail').sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const inconclusive = s.checks.filter((c) => c.status === 'inconclusive');
  // A pass decided by a refused association is worth a line: the reason says which rule held.
  const refused = s.checks.filter((c) => c.status === 'pass' && rejectionReason(c.evidence) !== undefined);
  const idWidth = Math.max(0, ...[...fails, ...inconclusive, ...refused].map((c) => c.id.length)) + 2;
  for (const c of fails) lines.push(checkLine(SEVERITY_LABEL[c.severity], c, idWidth));
  for (const c of inconclusive) lines.push(checkLine('INCONCLUSIVE', c, idWidth));
  for (const c of refused) lines.push(checkLine('pass', c, idWidth));

  const count = (status: CheckResult['status']): number => s.checks.filter((c) => c.status === status).length;
  const rest: string[] = [];
  for (const [status, words] of [['pass', 'passed'], ['not-applicable', 'not applicable'], ['skipped', 'skipped (opt-in)']] as const) {
    const n = count(status);
    if (n > 0) rest.push(`${n} ${words}`);
  }
  if (s.checks.length === 0) lines.push('  no checks apply to this service');
  else if (rest.length > 0) lines.push(`  ${rest.join(' · ')}`);
  return lines;
}

/** Longest protocol basis shown in the table, characters (the JSON has it whole). */
const BASIS_WIDTH = 160;

/** At most `max` characters (code points), ending in `…` when cut. */
function shorten(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

const SOURCE_WORDS: Record<NonNullable<ServiceResult['calledAeSource']>, string> = { user: 'given', inventory: 'from inventory', guess: 'guessed' };

function checkLine(label: string, c: CheckResult, idWidth: number): string {
  let text = clean(c.summary);
  const reason = rejectionReason(c.evidence);
  if (reason && !text.toLowerCase().includes(reason.toLowerCase())) text += ` (rejected: ${clean(reason)})`;
  return `  ${label.padEnd(LABEL_WIDTH)}  ${c.id.padEnd(idWidth)}${text}`;
}

/**
 * The decoded A-ASSOCIATE-RJ reason in a check's evidence, if the server refused an
 * association. Probes record it as words (PS3.8 9.3.4) under a `rejection`-like key,
 * either as text or as an object with `text`/`reason`/`description`.
 */
export function rejectionReason(evidence: Evidence): string | undefined {
  for (const [key, value] of Object.entries(evidence)) {
    if (!/reject/i.test(key)) continue;
    if (typeof value === 'string' && value !== '') return value;
    if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      for (const k of ['text', 'words', 'description', 'reasonText', 'reason']) {
        if (typeof o[k] === 'string' && o[k] !== '') return o[k];
      }
    }
  }
  return undefined;
}

/** `3 services · fails: 1 critical, 2 high, 0 medium, 0 low, 3 info` */
export function summaryLine(report: ScanReport): string {
  const f = report.summary.fail;
  const n = report.summary.services;
  return `${n} ${n === 1 ? 'service' : 'services'} · fails: ${WORST_FIRST.map((s) => `${f[s]} ${s}`).join(', ')}`;
}
