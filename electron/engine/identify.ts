/**
 * Protocol identification of an open port (placeholder until the DICOM engine lands:
 * everything is `unknown`, so no protocol checks run).
 */
import type { ProbeContext, ServiceInfo, Target } from './types';

/** Identify what answers on an open port. Never rejects; `unknown` when nothing is recognised. */
export function identify(target: Target, _ctx: ProbeContext): Promise<ServiceInfo> {
  return Promise.resolve({ host: target.host, port: target.port, protocol: 'unknown', identification: {} });
}
