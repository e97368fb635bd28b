/**
 * The words of `collimator records verify`: each record with its signatures and whether
 * they hold, the chain, then either INTACT or every problem, one line each, naming
 * where. Text from the file is passed through `clean` by the caller's terminal rules:
 * names in a hostile file must not rewrite the terminal.
 */
import { formatFingerprint } from './keys';
import type { VerifyReport } from './verify-export';

/** Control characters and bidi overrides shown as escapes (a file's names are someone else's bytes). */
function clean(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function verdictOf(passed: boolean | null): string {
  return passed === null ? 'never verified' : passed ? 'verification passed' : 'verification did NOT pass';
}

export function renderVerifyReport(report: VerifyReport, file: string): string {
  const lines = [`${clean(file)}: ${report.records.length} record(s)${report.scope ? `, ${report.scope === 'chain' ? 'the whole chain' : report.scope}` : ''}`];
  for (const r of report.records) {
    lines.push(
      `  record ${r.index}  position ${r.position ?? '?'}  id ${clean(r.id)}  ${clean(r.server ?? '?')}  ${clean(r.createdAt ?? '')}  ${verdictOf(r.passed)}`,
    );
    r.signatures.forEach((s, i) => {
      const who = `${clean(s.kind)} ${clean(s.name)}${s.role ? ` (${clean(s.role)})` : ''}`;
      lines.push(`    signature ${i + 1}: ${who}, ${clean(s.signedAt)}, key ${formatFingerprint(clean(s.fingerprint))}  ${s.holds ? 'holds' : 'DOES NOT HOLD'}`);
    });
  }
  if (report.records.length > 1) {
    const positions = report.records.map((r) => r.position);
    lines.push(`  chain: positions ${positions.map((p) => p ?? '?').join(', ')}; ${report.chain.links} link(s) checked${report.chain.fromStart ? ', from the first record' : ''}`);
    if (report.scope === 'selection' && positions.some((p, i) => i > 0 && p !== null && positions[i - 1] !== null && p !== positions[i - 1]! + 1)) {
      lines.push('  note: this file is a selection, not the whole chain: records between the positions above are not in it');
    }
  }
  if (report.ok) {
    lines.push('INTACT: the signed bytes are canonical, every signature holds with the key shown, and every chain link holds.');
  } else {
    lines.push(`DOES NOT VERIFY (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}):`);
    for (const p of report.problems) lines.push(`  - [${p.kind}] ${clean(p.where)}: ${clean(p.message)}`);
  }
  return `${lines.join('\n')}\n`;
}
