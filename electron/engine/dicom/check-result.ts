/** Build a CheckResult with the catalog's severity and ATT&CK techniques, so probes state only status, words and evidence. */
import { CATALOG, type CheckId, type CheckStatus } from '../../../shared/catalog';
import type { CheckResult, Evidence } from '../../../shared/types';

export function checkResult(id: CheckId, status: CheckStatus, summary: string, evidence: Evidence = {}): CheckResult {
  const def = CATALOG[id];
  return { id, status, severity: def.severity, summary, evidence, attack: [...def.attack] };
}
