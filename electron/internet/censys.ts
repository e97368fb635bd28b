/**
 * Censys host documents: the Platform API's (`ip`, `services[]` with `port`,
 * `protocol`, `transport_protocol`, `scan_time`, `software[]`, `tls`, `cert`, `dicom`)
 * and the older Search 2.0 shape (`service_name`, `extended_service_name`,
 * `observed_at`, host `last_updated_at`). A document may come wrapped as the APIs
 * answer (`result.resource`, `resource`, `result.hits[]`).
 */
import type { RejectReason, RejectResult, RejectSource } from '../engine/dicom/reject-reasons';
import { addressOf, isDicomName, isObject, isWebName, portOf, timeOf, tokenOf, transportOf, uidOf } from './facts';
import type { DicomSaid, ImportProblem, Observation, ObservationKind } from './types';

export interface RecordResult {
  observations: Observation[];
  problems: ImportProblem[];
}

/** Censys's decoded names, normalised: `CALLING_AE_TITLE_NOT_RECOGNIZED` -> `calling-ae-title-not-recognized`. */
function norm(v: unknown): string | undefined {
  const t = tokenOf(v, 80);
  return t ? t.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') : undefined;
}

const REASONS: Record<string, RejectReason> = {
  'no-reason-given': 'no-reason-given',
  'application-context-name-not-supported': 'application-context-name-not-supported',
  'calling-ae-title-not-recognized': 'calling-ae-title-not-recognized',
  'calling-ae-title-not-recognised': 'calling-ae-title-not-recognized',
  'called-ae-title-not-recognized': 'called-ae-title-not-recognized',
  'called-ae-title-not-recognised': 'called-ae-title-not-recognized',
  'protocol-version-not-supported': 'protocol-version-not-supported',
  'temporary-congestion': 'temporary-congestion',
  'local-limit-exceeded': 'local-limit-exceeded',
};

/** Censys's rejection names onto the catalog's words (electron/engine/dicom/reject-reasons.ts) where they say the same thing. */
export function mapCensysReject(rj: Record<string, unknown>): NonNullable<DicomSaid['reject']> {
  const resultName = norm(rj.result_name ?? rj.result);
  const sourceName = norm(rj.source_name ?? rj.source);
  const reasonName = norm(rj.reason_name ?? rj.reason);
  let result: RejectResult | undefined;
  if (resultName?.includes('permanent')) result = 'rejected-permanent';
  else if (resultName?.includes('transient')) result = 'rejected-transient';
  let source: RejectSource | undefined;
  if (sourceName?.includes('presentation')) source = 'service-provider-presentation';
  else if (sourceName?.includes('acse')) source = 'service-provider-acse';
  else if (sourceName?.includes('user')) source = 'service-user';
  let reason: RejectReason | undefined = reasonName ? REASONS[reasonName.replace(/^reason-/, '')] : undefined;
  if (reason === 'no-reason-given' && source && source !== 'service-user') reason = 'provider-no-reason-given';
  const named = [resultName, sourceName, reasonName].filter(Boolean).join('/');
  return { ...(result ? { result } : {}), ...(source ? { source } : {}), ...(reason ? { reason } : {}), named };
}

function dicomSaid(d: unknown): DicomSaid | undefined {
  if (!isObject(d)) return undefined;
  const said: DicomSaid = {};
  const pdu = tokenOf(d.pdu_type_name, 40);
  if (pdu) said.pdu = pdu;
  if (isObject(d.associate_ac)) {
    said.accepted = true;
    const uid = uidOf(d.associate_ac.implementation_class_uid);
    if (uid) said.implementationClassUid = uid;
    const ver = tokenOf(d.associate_ac.implementation_version_name, 16);
    if (ver) said.implementationVersionName = ver;
  }
  if (isObject(d.associate_rj)) {
    said.accepted = false;
    said.reject = mapCensysReject(d.associate_rj);
  }
  if (isObject(d.a_abort)) {
    said.accepted = false;
    said.abort = { named: [norm(d.a_abort.source_name), norm(d.a_abort.reason_name)].filter(Boolean).join('/') };
  }
  if (said.accepted === undefined && pdu) {
    const p = pdu.toUpperCase().replace(/[^A-Z]/g, '');
    if (p.includes('ASSOCIATEAC')) said.accepted = true;
    else if (p.includes('ASSOCIATERJ') || p.includes('ABORT')) said.accepted = false;
  }
  return said;
}

/** The document inside the API's wrappers. */
function unwrap(doc: Record<string, unknown>): Record<string, unknown>[] {
  if (isObject(doc.result)) {
    if (Array.isArray(doc.result.hits)) return doc.result.hits.filter(isObject);
    return unwrap(doc.result);
  }
  if (isObject(doc.resource)) return [doc.resource];
  if (isObject(doc.host) && doc.ip === undefined) return [doc.host];
  return [doc];
}

export function isCensysDocument(doc: unknown): boolean {
  if (!isObject(doc)) return false;
  return unwrap(doc).some((h) => Array.isArray(h.services) || (h.ip !== undefined && h.ip_str === undefined && h._shodan === undefined));
}

export function censysRecord(doc: unknown, at: string): RecordResult {
  const out: RecordResult = { observations: [], problems: [] };
  if (!isObject(doc)) {
    out.problems.push({ at, reason: 'not a JSON object (a Censys host document)' });
    return out;
  }
  for (const h of unwrap(doc)) {
    const host = addressOf(h.ip);
    if (!host) {
      out.problems.push({ at, reason: h.ip === undefined ? 'no "ip"' : '"ip" is not an IPv4 or IPv6 address' });
      continue;
    }
    if (!Array.isArray(h.services)) {
      out.problems.push({ at, reason: `host ${host}: "services" is not a list` });
      continue;
    }
    const hostTime = h.last_updated_at ?? h.last_updated ?? h.updated_at;
    h.services.forEach((s: unknown, i: number) => {
      const where = `host ${host}, service ${i + 1}`;
      if (!isObject(s)) return out.problems.push({ at, reason: `${where}: not an object` });
      const port = portOf(s.port);
      if (port === undefined) return out.problems.push({ at, reason: `${where}: "port" is not a port number` });
      const transport = transportOf(s.transport_protocol ?? s.transport);
      if (!transport) return out.problems.push({ at, reason: `${where}: "transport_protocol" is neither TCP nor UDP` });
      const rawTime = s.scan_time ?? s.observed_at ?? hostTime;
      const observedAt = timeOf(rawTime);
      if (!observedAt) return out.problems.push({ at, reason: `${where}: ${rawTime === undefined ? 'no observation time' : 'the observation time is not a date'}` });
      const name = tokenOf(s.protocol ?? s.service_name, 40);
      const extended = tokenOf(s.extended_service_name, 40);
      const tls = s.tls !== undefined && s.tls !== null ? true : s.cert !== undefined && s.cert !== null ? true : extended?.toUpperCase() === 'HTTPS' || name?.toUpperCase() === 'HTTPS';
      const dicom = dicomSaid(s.dicom);
      let kind: ObservationKind = 'other';
      if (dicom || isDicomName(name) || isDicomName(extended)) kind = tls ? 'dicom-tls' : 'dicom';
      else if (isWebName(name) || isWebName(extended)) kind = 'web';
      const software = Array.isArray(s.software) ? s.software.find(isObject) : undefined;
      const product = tokenOf(software?.product);
      const version = tokenOf(software?.version, 40);
      const said: Observation['said'] = {};
      if (name || extended) said.service = (extended ?? name)!;
      if (dicom) said.dicom = dicom;
      if (kind === 'web' && isObject(s.http) && isObject(s.http.response)) {
        const status = s.http.response.status_code;
        if (typeof status === 'number' && Number.isInteger(status)) said.web = { status };
      }
      out.observations.push({ host, port, transport, state: 'open', kind, product, version, tls, said, observedAt, source: 'censys' });
      return undefined;
    });
  }
  return out;
}
