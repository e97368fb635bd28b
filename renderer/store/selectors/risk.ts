/**
 * Risk of one service: its highest failing severity, then how many checks fail.
 * Pure; shared by the Servers list (sorting, filtering) and the Server view.
 */
import { SEVERITIES, severityRank, type Severity } from '../../../shared/catalog';
import { countFails } from '../../../shared/fails';
import type { ServiceResult } from '../../../shared/types';

/** `none`: nothing failed at all (closed/filtered ports, or every check passed). */
export type RiskLevel = Severity | 'none';

export interface Risk {
  /** Highest severity among the service's `fail` checks. */
  level: RiskLevel;
  /** `severityRank(level)`, or -1 for `none`: larger is riskier. */
  rank: number;
  /** Failing checks above `info` (an `info` fail such as `dicom.detected` only records that the service exists). */
  failing: number;
  /** Failing checks per severity. */
  counts: Record<Severity, number>;
}

export function riskOf(service: Pick<ServiceResult, 'checks'>): Risk {
  const counts = countFails([service]);
  let rank = -1;
  for (const s of SEVERITIES) if (counts[s] > 0) rank = Math.max(rank, severityRank(s));
  const failing = counts.low + counts.medium + counts.high + counts.critical;
  const level: RiskLevel = rank < 0 ? 'none' : (SEVERITIES[rank] ?? 'none');
  return { level, rank, failing, counts };
}

/**
 * Orders the riskier service first: higher failing severity, then more failing
 * checks at that severity, then more failing checks overall.
 */
export function compareRiskDesc(a: Risk, b: Risk): number {
  if (a.rank !== b.rank) return b.rank - a.rank;
  const atA = a.level === 'none' ? 0 : a.counts[a.level];
  const atB = b.level === 'none' ? 0 : b.counts[b.level];
  if (atA !== atB) return atB - atA;
  return b.failing - a.failing;
}
