/**
 * Scan lab services through the real orchestrator (runScan: identify() with its
 * identifyNonDicom() step, then every registered probe), then the host cross-checks
 * post-pass (judgeHostCrossChecks), applied here until scan.ts calls it itself
 * (idempotent, so it stays correct afterwards).
 */
import type { CheckId } from '../../shared/catalog';
import type { CheckResult, ScanReport, ServiceResult } from '../../shared/types';
import { judgeHostCrossChecks } from '../../electron/engine/cross-checks';
import { defaultProbeOptions } from '../../electron/engine/options';
import { runScan } from '../../electron/engine/scan';
import type { ProbeOptions } from '../../electron/engine/types';

/** Scan 127.0.0.1 on these ports; returns the report with the cross-checks applied. */
export async function scanLoopback(ports: number[], options: Partial<ProbeOptions> = {}): Promise<ScanReport> {
  const report = await runScan(
    {
      targets: ['127.0.0.1'],
      ports,
      options: defaultProbeOptions({ connectTimeoutMs: 3_000, ioTimeoutMs: 5_000, targetTimeoutMs: 60_000, vantage: { label: 'lab', untrusted: false }, ...options }),
      // Several services of one host at once: nginx and Orthanc serve in parallel.
      perHostAssociations: 4,
    },
  );
  return { ...report, services: judgeHostCrossChecks(report.services) };
}

/** The service on a port; throws with the ports found when it is missing. */
export function serviceAt(report: ScanReport, port: number): ServiceResult {
  const s = report.services.find((x) => x.port === port);
  if (!s) throw new Error(`no service on port ${port}; found ${report.services.map((x) => `${x.port}/${x.protocol ?? '?'}`).join(', ')}`);
  return s;
}

/** One check of a service; throws when the service does not list it. */
export function check(s: ServiceResult, id: CheckId): CheckResult {
  const c = s.checks.find((x) => x.id === id);
  if (!c) throw new Error(`${s.port}: check ${id} not listed (has ${s.checks.map((x) => x.id).join(', ')})`);
  return c;
}

/** id -> status of the TLS and web checks of a service, for one readable assertion. */
export function tlsWebStatuses(s: ServiceResult): Record<string, string> {
  return Object.fromEntries(s.checks.filter((c) => /^(tls|web)\./.test(c.id) || c.id === 'dicom.plaintext' || c.id === 'dicom.tls-downgrade').map((c) => [c.id, c.status]));
}
