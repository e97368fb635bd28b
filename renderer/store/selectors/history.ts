/**
 * The scan history's columns (issue 17, "scans kept side by side"): the ports a scan
 * tried, compact and readable; what a worklist counts. Pure functions.
 */
import type { ScanSummary } from '../../../shared/contract';

/** Ports in order with runs of three or more joined: `80, 104, 443, 2761-2763, 11112`. */
export function portsText(ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}-${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(', ');
}

/** `fail` results to fix (low and above): the number a worklist counts; the `info` "found" records are not. */
export function findingsToFix(scan: Pick<ScanSummary, 'fail'>): number {
  return scan.fail.critical + scan.fail.high + scan.fail.medium + scan.fail.low;
}
