/**
 * Output of `collimator verify`: the JSON document of cli.md ("JSON of verify --json",
 * its fields first, more after) and the table: one line per check, before, after,
 * verdict. Text from the peer (summaries) passes through `clean`.
 */
import type { VerificationRecord } from '../../../shared/remediation';
import { VERDICTS } from '../../../shared/remediation';
import { serverKey } from '../../../shared/host';
import { clean } from './text';

/** The `verify --json` document. */
export function verifyJson(v: VerificationRecord): string {
  const doc = {
    service: v.service,
    before: { scanId: v.before.scanId, at: v.before.at, vantage: v.before.vantage, state: v.before.state, ...(v.before.protocol ? { protocol: v.before.protocol } : {}) },
    after: { at: v.after.at, finishedAt: v.after.finishedAt, vantage: v.after.vantage, state: v.after.state, ...(v.after.protocol ? { protocol: v.after.protocol } : {}) },
    checks: v.checks.map((c) => ({
      id: c.id,
      before: c.before,
      after: c.after,
      verdict: c.verdict,
      severity: c.severity,
      note: c.note,
      evidence: c.evidence,
    })),
    unverified: v.unverified,
    counts: v.counts,
    passed: v.passed,
    ...(v.unreachable ? { unreachable: v.unreachable } : {}),
    id: v.id,
    // Issue 14: legitimate peers still accepted (absent when not DICOM or no peers are known).
    ...(v.peers ? { peers: v.peers } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function vantageText(x: { label: string; untrusted: boolean }): string {
  return `"${clean(x.label)}" (${x.untrusted ? 'untrusted' : 'trusted'})`;
}

/** The table shown without --json. */
export function verifyTable(v: VerificationRecord): string {
  const lines: string[] = [];
  const product = v.afterService.product ?? v.beforeService.product;
  lines.push(`Verification of ${serverKey(v.service)}${product ? ` (${clean(product.name)}${product.version ? ` ${clean(product.version)}` : ''})` : ''}`);
  lines.push(`  before: scan ${clean(v.before.scanId)} at ${v.before.at}, from ${vantageText(v.before.vantage)}`);
  lines.push(`  after:  ${v.after.at}, from ${vantageText(v.after.vantage)}: port ${v.after.state}${v.after.protocol ? `, ${v.after.protocol}` : ''}`);
  if (v.unreachable) lines.push(`  ${v.unreachable}`);
  lines.push('');
  const rows = v.checks.map((c) => [c.id, c.severity, c.before, c.after, c.verdict, clean(c.note)]);
  const head = ['CHECK', 'SEVERITY', 'BEFORE', 'AFTER', 'VERDICT', 'WHY'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]!))).join('  ').trimEnd();
  lines.push(fmt(head));
  for (const r of rows) lines.push(fmt(r));
  if (v.checks.length === 0) lines.push('(no check to verify)');
  if (v.unverified.length > 0) lines.push('', `Not verified: ${v.unverified.map((u) => `${u.id} (${u.why})`).join('; ')}`);
  // Issue 14: legitimate peers still accepted.
  if (v.peers && v.peers.length > 0) {
    lines.push('', 'Legitimate peers (an association calling as each one, from here):');
    for (const p of v.peers) lines.push(`  ${clean(p.callingAe).padEnd(16)}  ${clean(p.address ?? '?').padEnd(15)}  ${p.verdict.padEnd(14)}  ${clean(p.reason)}`);
  }
  const counts = VERDICTS.filter((k) => v.counts[k] > 0).map((k) => `${v.counts[k]} ${k}`).join(', ') || 'nothing verified';
  lines.push('', `Result: ${counts}: ${v.passed ? 'PASSED' : 'NOT PASSED'}`, `Stored as verification ${v.id}.`, '');
  return lines.join('\n');
}
