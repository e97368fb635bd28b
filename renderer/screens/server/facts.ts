/** Pure pieces of the Server screen's facts list (kept out of the .tsx so unit tests can read them). */
import type { CheckResult, ServiceResult } from '../../../shared/types';

/**
 * The "why this protocol" row: `Identified by` for a recognised service, `Why unknown`
 * for an `unknown` one; undefined when the scan kept no basis (closed and filtered
 * ports, scans stored before the field existed).
 */
export function protocolBasisFact(service: Pick<ServiceResult, 'protocol' | 'protocolBasis'>): [string, string] | undefined {
  const basis = service.protocolBasis?.trim();
  if (!basis) return undefined;
  return [(service.protocol ?? 'unknown') === 'unknown' ? 'Why unknown' : 'Identified by', basis];
}

/** The cards shown in full (in the given order) and the not-applicable ones, collapsed into one line. */
export function splitChecks(ordered: readonly CheckResult[]): { shown: CheckResult[]; notApplicable: CheckResult[] } {
  return {
    shown: ordered.filter((c) => c.status !== 'not-applicable'),
    notApplicable: ordered.filter((c) => c.status === 'not-applicable'),
  };
}
