/**
 * Protocol identification of an open port. A port is `dicom` only when it answers
 * our A-ASSOCIATE-RQ with a well-formed A-ASSOCIATE-AC or -RJ (checks.md); a banner,
 * an HTTP reply, garbage or silence leaves it `unknown`. The association attempts
 * made here are kept in `identification` as evidence for the DICOM probes.
 */
import { plainConnect } from './dicom/connect';
import { identifyDicom } from './dicom/identification';
import type { ProbeContext, ServiceInfo, Target } from './types';

/** Identify what answers on an open port. Never rejects; `unknown` when nothing is recognised. */
export async function identify(target: Target, ctx: ProbeContext): Promise<ServiceInfo> {
  const base: ServiceInfo = { host: target.host, port: target.port, protocol: 'unknown', identification: {} };
  try {
    const id = await identifyDicom(target, ctx, plainConnect);
    if (!id.isDicom) return { ...base, identification: { ...id } };
    return {
      ...base,
      protocol: 'dicom',
      ...(id.product ? { product: id.product } : {}),
      ...(id.calledAe ? { calledAe: id.calledAe } : {}),
      ...(id.calledAeSource ? { calledAeSource: id.calledAeSource } : {}),
      identification: { ...id },
    };
  } catch (e) {
    // identifyDicom is written not to throw; this is the last guard of the "never rejects" promise.
    return { ...base, identification: { error: e instanceof Error ? e.message : String(e) } };
  }
}
