import { describe, expect, it } from 'vitest';
import { failsAtOrAbove, scanExitCode, signalExitCode } from '../../../electron/cli/exit-code';
import { fixtureReport } from './fixtures';

describe('scan exit code', () => {
  const report = fixtureReport(); // fails: critical, high, info

  it('is 0 without --fail-on, whatever failed', () => {
    expect(scanExitCode(report, undefined)).toBe(0);
  });

  it('is 1 when a fail is at or above --fail-on, 0 when all are below', () => {
    expect(scanExitCode(report, 'critical')).toBe(1);
    expect(scanExitCode(report, 'info')).toBe(1);
    const noCritical = {
      ...report,
      services: report.services.map((s) => ({ ...s, checks: s.checks.map((c) => (c.severity === 'critical' ? { ...c, status: 'pass' as const } : c)) })),
    };
    expect(failsAtOrAbove(noCritical, 'critical')).toBe(false);
    expect(scanExitCode(noCritical, 'critical')).toBe(0);
    expect(scanExitCode(noCritical, 'high')).toBe(1);
  });

  it('does not count inconclusive or skipped checks as fails', () => {
    const onlyInconclusive = {
      ...report,
      services: report.services.map((s) => ({ ...s, checks: s.checks.map((c) => (c.status === 'fail' ? { ...c, status: 'inconclusive' as const } : c)) })),
    };
    expect(scanExitCode(onlyInconclusive, 'info')).toBe(0);
  });

  it('is 128 + the signal after an interruption, even with fails', () => {
    expect(scanExitCode(report, 'info', 'SIGINT')).toBe(130);
    expect(scanExitCode(report, undefined, 'SIGTERM')).toBe(143);
    expect(signalExitCode('SIGINT')).toBe(130);
  });
});
