/** A CheckResult with the catalog's severity and ATT&CK ids (used by the TLS and web judges). */
import { CATALOG, type CheckId } from '../../../shared/catalog';
import type { CheckResult, Evidence } from '../../../shared/types';

export function checkResult(id: CheckId, status: CheckResult['status'], summary: string, evidence: Evidence = {}): CheckResult {
  const def = CATALOG[id];
  return { id, status, severity: def.severity, summary, evidence, attack: [...def.attack] };
}
