/** Small builders of domain objects for the renderer's selector tests. */
import type { CheckId, CheckStatus, Severity } from '../../../../../shared/catalog';
import type { CheckResult, ServiceResult } from '../../../../../shared/types';

export function check(id: CheckId, status: CheckStatus, severity: Severity, evidence: Record<string, unknown> = {}): CheckResult {
  return { id, status, severity, summary: `${id} ${status}`, evidence, attack: [] };
}

export function service(host: string, port: number, checks: CheckResult[], extra: Partial<ServiceResult> = {}): ServiceResult {
  return { host, port, state: 'open', protocol: 'dicom', checks, ...extra };
}
