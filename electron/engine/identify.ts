/**
 * Protocol identification of an open port. A port is `dicom` only when it answers
 * our A-ASSOCIATE-RQ with a well-formed A-ASSOCIATE-AC or -RJ (checks.md); the
 * association attempts made here are kept in `identification` as evidence for the
 * DICOM probes. Anything else goes to the TLS/HTTP identifier (identify-other.ts)
 * with the first bytes the peer sent; what neither recognises stays `unknown`.
 */
import { plainConnect } from './dicom/connect';
import { identifyDicom } from './dicom/identification';
import { identifyNonDicom } from './identify-other';
import type { Outcome, ProbeContext, ServiceInfo, Target } from './types';

/** After these, another protocol attempt cannot learn anything now. */
const HOPELESS: ReadonlySet<Outcome> = new Set<Outcome>(['connection-refused', 'connection-timeout', 'deadline', 'cancelled']);

/** Identify what answers on an open port. Never rejects; `unknown` when nothing is recognised. */
export async function identify(target: Target, ctx: ProbeContext): Promise<ServiceInfo> {
  const base: ServiceInfo = { host: target.host, port: target.port, protocol: 'unknown', identification: {} };
  try {
    const id = await identifyDicom(target, ctx, plainConnect);
    if (id.isDicom) {
      return {
        ...base,
        protocol: 'dicom',
        ...(id.product ? { product: id.product } : {}),
        ...(id.calledAe ? { calledAe: id.calledAe } : {}),
        ...(id.calledAeSource ? { calledAeSource: id.calledAeSource } : {}),
        identification: { ...id },
      };
    }
    const first = id.attempts[0];
    if (first && !HOPELESS.has(first.outcome) && !ctx.signal.aborted) {
      const other = await identifyNonDicom(target, ctx, first.peerFirstBytesHex ? Buffer.from(first.peerFirstBytesHex, 'hex') : undefined);
      if (other) return other;
    }
    return { ...base, identification: { ...id } };
  } catch (e) {
    // Both identifiers are written not to throw; this is the last guard of the "never rejects" promise.
    return { ...base, identification: { error: e instanceof Error ? e.message : String(e) } };
  }
}
