/**
 * What the DICOM probes share: applicability, the identification evidence of a
 * service (made once, reused by every probe), and association records rendered as
 * evidence.
 */
import type { Evidence } from '../../../shared/types';
import type { ProbeContext, ProbeOptions, ServiceInfo } from '../types';
import type { AssociationBounds, AssociationRecord } from './association';
import { connectorFor } from './connect';
import { type DicomIdentification, identifyDicom, readDicomIdentification } from './identification';

/** DICOM probes apply to plain and TLS DICOM services. */
export function isDicomService(service: ServiceInfo): boolean {
  return service.protocol === 'dicom' || service.protocol === 'dicom-tls';
}

const made = new WeakMap<ServiceInfo, Promise<DicomIdentification>>();

/**
 * The identification evidence of a service: the one `identify()` stored, or, when
 * another identifier (e.g. the DICOM TLS one) left none, made now over the right
 * connector, once per ServiceInfo object.
 */
export function identificationOf(service: ServiceInfo, ctx: ProbeContext): Promise<DicomIdentification> {
  const stored = readDicomIdentification(service.identification);
  if (stored) return Promise.resolve(stored);
  let p = made.get(service);
  if (!p) {
    p = identifyDicom(service, ctx, connectorFor(service.protocol, ctx.options));
    made.set(service, p);
  }
  return p;
}

/** Association bounds of a probe on this service. */
export function boundsFor(service: ServiceInfo, ctx: ProbeContext): AssociationBounds {
  const o: ProbeOptions = ctx.options;
  return {
    connect: connectorFor(service.protocol, o),
    signal: ctx.signal,
    deadline: ctx.deadline,
    connectTimeoutMs: o.connectTimeoutMs,
    ioTimeoutMs: o.ioTimeoutMs,
  };
}

/** An association attempt as evidence: AE titles, outcome, rejection in words, contexts proposed and accepted. */
export function attemptEvidence(r: AssociationRecord): Evidence {
  return {
    callingAe: r.callingAe,
    calledAe: r.calledAe,
    calledAeSource: r.calledAeSource,
    outcome: r.outcome,
    detail: r.detail,
    ...(r.reject
      ? { reject: { result: r.reject.result, source: r.reject.source, reason: r.reject.reason, codes: r.reject.codes, text: r.reject.text } }
      : {}),
    ...(r.abort ? { abort: { source: r.abort.source, reason: r.abort.reason, codes: r.abort.codes, text: r.abort.text } } : {}),
    contextsProposed: r.contexts.map((c) => c.name),
    ...(r.outcome === 'success'
      ? {
          contextsAccepted: r.contexts.filter((c) => c.result === 'accepted').map((c) => c.name),
          contextsRejected: r.contexts.filter((c) => c.result !== 'accepted').map((c) => `${c.name}: ${c.result ?? 'not-answered'}`),
        }
      : {}),
  };
}
