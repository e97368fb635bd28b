/**
 * The exit code of a finished scan (../shared/spec/cli.md): 0 done; 1 done but a
 * check failed at or above --fail-on; after a signal, 128 + its number (130 for
 * Ctrl-C, 143 for SIGTERM), the shell's convention, so a script can tell an
 * interrupted scan from a clean one even though the partial report is printed.
 */
import { severityRank, type Severity } from '../../shared/catalog';
import type { ScanReport } from '../../shared/types';
import { EXIT } from './errors';

const SIGNAL_NUMBER: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

/** True when any listed service has a `fail` at or above `threshold`. */
export function failsAtOrAbove(report: ScanReport, threshold: Severity): boolean {
  const min = severityRank(threshold);
  return report.services.some((s) => s.checks.some((c) => c.status === 'fail' && severityRank(c.severity) >= min));
}

/** 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (SIGNAL_NUMBER[signal] ?? 2);
}

export function scanExitCode(report: ScanReport, failOn: Severity | undefined, interruptedBy?: NodeJS.Signals): number {
  if (interruptedBy) return signalExitCode(interruptedBy);
  if (failOn !== undefined && failsAtOrAbove(report, failOn)) return EXIT.failed;
  return EXIT.ok;
}
