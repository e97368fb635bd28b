/** Hand-built identification records for the pure judgement tests of the DICOM probes. */
import type { AeSource, AssociationRecord, ContextResult } from '../../../../electron/engine/dicom/association';
import type { DicomIdentification } from '../../../../electron/engine/dicom/identification';
import { IDENTIFY_CONTEXTS } from '../../../../electron/engine/dicom/identification';
import { decodeReject } from '../../../../electron/engine/dicom/reject-reasons';
import { uidName } from '../../../../electron/engine/dicom/uids';
import type { ServiceInfo } from '../../../../electron/engine/types';
import { testOptions } from '../dicom/fake-peer';

export const CALLING = 'CLMTESTCALLER';

/** An accepted identification association; `resultFor` gives each proposed context's answer (default: all accepted). */
export function acRecord(calledAe: string, calledAeSource: AeSource, resultFor: (uid: string) => ContextResult = () => 'accepted'): AssociationRecord {
  return {
    callingAe: CALLING,
    calledAe,
    calledAeSource,
    outcome: 'success',
    detail: 'association accepted',
    contexts: IDENTIFY_CONTEXTS.map((c) => ({ id: c.id, abstractSyntax: c.abstractSyntax, name: uidName(c.abstractSyntax), result: resultFor(c.abstractSyntax) })),
    peer: { implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7', implementationVersionName: 'OFFIS_DCMTK_367', maxPduLength: 16384 },
  };
}

export function rjRecord(calledAe: string, calledAeSource: AeSource, result: number, source: number, reason: number): AssociationRecord {
  const reject = decodeReject(result, source, reason);
  return {
    callingAe: CALLING,
    calledAe,
    calledAeSource,
    outcome: 'association-rejected',
    detail: reject.text,
    contexts: IDENTIFY_CONTEXTS.map((c) => ({ id: c.id, abstractSyntax: c.abstractSyntax, name: uidName(c.abstractSyntax) })),
    reject,
  };
}

export function failedRecord(calledAe: string, calledAeSource: AeSource, outcome: AssociationRecord['outcome'], detail: string): AssociationRecord {
  return { callingAe: CALLING, calledAe, calledAeSource, outcome, detail, contexts: [] };
}

export function ident(attempts: AssociationRecord[], extra: Partial<DicomIdentification> = {}): DicomIdentification {
  return { kind: 'dicom-association', isDicom: true, callingAe: CALLING, attempts, ...extra };
}

export function service(protocol: ServiceInfo['protocol'] = 'dicom', identification: DicomIdentification = ident([])): ServiceInfo {
  return { host: '127.0.0.1', port: 11112, protocol, identification: { ...identification } };
}

export const OPTIONS = testOptions();
