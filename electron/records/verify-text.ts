/**
 * The words of `collimator records verify`: each record with its signatures and whether
 * they hold, the chain, then either INTACT or every problem, one line each, naming
 * where. Text from the file is passed through `clean` by the caller's terminal rules:
 * names in a hostile file must not rewrite the terminal.
 */
import { formatFingerprint } from './keys';
import type { SignerTrust, TrustCheck } from '../../shared/trust';
import type { VerifyReport } from './verify-export';

/** Control characters and bidi overrides shown as escapes (a file's names are someone else's bytes). */
function clean(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function verdictOf(passed: boolean | null): string {
  return passed === null ? 'never verified' : passed ? 'verification passed' : 'verification did NOT pass';
}

/** `known signer: Ada Admin (PACS administrator), on team.trust` and the like. */
export function signerText(t: SignerTrust): string {
  const label = t.status === 'known' ? 'known signer' : t.status === 'unknown' ? 'UNKNOWN SIGNER' : t.status === 'revoked' ? 'REVOKED KEY' : 'EXPIRED KEY';
  return `${label}: ${clean(t.detail)}`;
}

/** What the trust lists were, or that there were none. */
function signersText(c: TrustCheck): string[] {
  if (!c.checked) {
    return ['signers: NOT checked against known operators (no --trust-list): the signatures prove only that some key signed, not who holds it'];
  }
  const lists = c.lists.map((l) => `  trust list ${clean(l.source)}: ${l.kind === 'signed' && l.organisation ? `collimator.trust/1 signed by ${clean(l.organisation.name)}, organisation key ${formatFingerprint(l.organisation.fingerprint)}, issued ${clean(l.issuedAt ?? '')}` : l.kind === 'command-line' ? 'fingerprints given on the command line' : 'plain fingerprint list'}; ${l.entries} key(s)`);
  return [...lists, `signers: ${c.allKnown ? 'every signer is a known operator' : 'NOT every signer is a known operator'}`];
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
      if (s.signer !== null) lines.push(`      ${signerText(s.signer)}`);
    });
  }
  if (report.records.length > 1) {
    const positions = report.records.map((r) => r.position);
    lines.push(`  chain: positions ${positions.map((p) => p ?? '?').join(', ')}; ${report.chain.links} link(s) checked${report.chain.fromStart ? ', from the first record' : ''}`);
    if (report.scope === 'selection' && positions.some((p, i) => i > 0 && p !== null && positions[i - 1] !== null && p !== positions[i - 1]! + 1)) {
      lines.push('  note: this file is a selection, not the whole chain: records between the positions above are not in it');
    }
  }
  lines.push(...signersText(report.signers));
  const onlySigners = report.problems.length > 0 && report.problems.every((p) => p.kind === 'signer');
  if (report.ok) {
    lines.push('INTACT: the signed bytes are canonical, every signature holds with the key shown, and every chain link holds.');
  } else if (onlySigners) {
    lines.push(`INTACT, BUT NOT EVERY SIGNER IS A KNOWN OPERATOR (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}):`);
    for (const p of report.problems) lines.push(`  - [${p.kind}] ${clean(p.where)}: ${clean(p.message)}`);
  } else {
    lines.push(`DOES NOT VERIFY (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}):`);
    for (const p of report.problems) lines.push(`  - [${p.kind}] ${clean(p.where)}: ${clean(p.message)}`);
  }
  return `${lines.join('\n')}\n`;
}
