/**
 * dicom.detected (info): records that a DICOM service answers, with what it says
 * about itself in its A-ASSOCIATE-AC (Implementation Class UID, Version Name, max
 * PDU length) and the product guessed from them. Uses identification's evidence only.
 */
import type { CheckResult } from '../../../shared/types';
import { checkResult } from '../dicom/check-result';
import type { DicomIdentification } from '../dicom/identification';
import { identificationOf, isDicomService } from '../dicom/probe-support';
import type { Probe, ServiceInfo } from '../types';

export interface DetectedObservation {
  identification: DicomIdentification;
}

/** Pure judgement of dicom.detected. */
export function judgeDetected(o: DetectedObservation, service: ServiceInfo): CheckResult[] {
  const id = o.identification;
  const product = id.product ?? service.product;
  const answered = id.attempts.some((r) => r.outcome === 'success') ? 'A-ASSOCIATE-AC' : 'A-ASSOCIATE-RJ only';
  const name = product && product.name !== 'unknown' ? `${product.name}${product.version ? ` ${product.version}` : ''}` : undefined;
  const summary =
    answered === 'A-ASSOCIATE-AC'
      ? `DICOM service answers${name ? ` (${name})` : ' (product not recognised)'}`
      : 'DICOM service answers, but rejected every association: a rejection does not say which product it is';
  return [
    checkResult('dicom.detected', 'fail', summary, {
      protocol: service.protocol,
      answeredWith: answered,
      ...(id.implementationClassUid ? { implementationClassUid: id.implementationClassUid } : {}),
      ...(id.implementationVersionName ? { implementationVersionName: id.implementationVersionName } : {}),
      ...(id.maxPduLength !== undefined ? { maxPduLength: id.maxPduLength } : {}),
      ...(product ? { product: product.name } : {}),
      ...(product?.version ? { version: product.version } : {}),
      ...(id.productNote ? { productNote: id.productNote } : {}),
    }),
  ];
}

export const dicomDetectedProbe: Probe<DetectedObservation> = {
  meta: {
    associates: true,
    id: 'dicom-detected',
    checks: ['dicom.detected'],
    safety: 'safe',
    description: 'Records the DICOM service and its implementation identity (from identification; no extra traffic).',
  },
  applies: (s) => isDicomService(s),
  run: async (service, ctx) => ({ identification: await identificationOf(service, ctx) }),
  judge: (o, service) => judgeDetected(o, service),
};
