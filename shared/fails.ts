/**
 * Counting failing checks, once: a report's `summary.fail`, a running scan's tally,
 * the history list's counts and the renderer's risk all count the same way. Pure.
 */
import { SEVERITIES } from './catalog';
import type { CheckResult, FailCounts, ServiceResult } from './types';

/** Every severity at 0, in catalog order (info first): the key order of `summary.fail` in `scan --json`. */
export function noFails(): FailCounts {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as FailCounts;
}

/** Adds one service's `fail` checks to `counts` (a running scan counts services as they arrive); returns `counts`. */
export function addFails(counts: FailCounts, service: { checks: readonly Pick<CheckResult, 'status' | 'severity'>[] }): FailCounts {
  for (const c of service.checks) if (c.status === 'fail') counts[c.severity] += 1;
  return counts;
}

/** `fail` checks per severity over the services. */
export function countFails(services: readonly Pick<ServiceResult, 'checks'>[]): FailCounts {
  const counts = noFails();
  for (const s of services) addFails(counts, s);
  return counts;
}

/**
 * A failing check that asks for a fix: `fail` above `info` (an `info` fail such as
 * `dicom.detected` only records that the service exists). Checklists, records and their
 * reports list these.
 */
export function isFindingToFix(c: Pick<CheckResult, 'status' | 'severity'>): boolean {
  return c.status === 'fail' && c.severity !== 'info';
}
