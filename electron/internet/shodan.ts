/**
 * `shodan download` banners: one JSON object per line (`ip_str` or `ipv6`, `port`,
 * `transport`, `product`, `version`, `timestamp`, `ssl`, `http`, `_shodan.module`).
 * `data` (the banner's text), `hostnames`, `org` and `tags` are read past, never kept.
 */
import type { RecordResult } from './censys';
import { addressOf, isDicomName, isObject, isWebName, portOf, timeOf, tokenOf, transportOf } from './facts';
import type { Observation, ObservationKind } from './types';

/** What a banner said, built afresh: `service` (the module), `dicom` ({}), `web` ({status}), in that order. */
export function saidOfGeneral(module: string | null, dicom: boolean, status: number | undefined): Observation['said'] {
  const said: Observation['said'] = {};
  if (module) said.service = module;
  if (dicom) said.dicom = {};
  if (status !== undefined) said.web = { status };
  return said;
}

/** The `said` objects of one module: without DICOM or status, with DICOM, by web status. */
interface SharedSaid {
  plain: Observation['said'];
  dicom: Observation['said'];
  web: Map<number, Observation['said']>;
}
const sharedSaid = new Map<string, SharedSaid>();
/** Bounds on what is kept: modules (Shodan has a few hundred) and statuses per module. */
const MAX_MODULES = 1024;
const MAX_STATUSES = 64;

/** A frozen copy, nested objects too (a `said` is JSON: plain objects and scalars). */
function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(o);
}

/**
 * The same `said` as saidOfGeneral, shared: a download holds a few shapes only (one per
 * module, DICOM or not, web status), so one frozen object per shape serves every banner
 * of it instead of two or three objects per banner. Frozen: nothing that reads an
 * observation may change it (the store only serialises it).
 */
export function saidOf(module: string | null, dicom: boolean, status: number | undefined): Observation['said'] {
  const key = module ?? '';
  let set = sharedSaid.get(key);
  if (set === undefined) {
    if (sharedSaid.size >= MAX_MODULES) return saidOfGeneral(module, dicom, status);
    set = { plain: deepFreeze(saidOfGeneral(module, false, undefined)), dicom: deepFreeze(saidOfGeneral(module, true, undefined)), web: new Map() };
    sharedSaid.set(key, set);
  }
  if (status === undefined) return dicom ? set.dicom : set.plain;
  if (dicom) return saidOfGeneral(module, dicom, status);
  let said = set.web.get(status);
  if (said === undefined) {
    said = deepFreeze(saidOfGeneral(module, false, status));
    if (set.web.size < MAX_STATUSES) set.web.set(status, said);
  }
  return said;
}

export function isShodanBanner(doc: unknown): boolean {
  return isObject(doc) && (doc.ip_str !== undefined || isObject(doc._shodan) || (doc.ipv6 !== undefined && doc.port !== undefined));
}

export function shodanRecord(doc: unknown, at: string): RecordResult {
  const out: RecordResult = { observations: [], problems: [] };
  const bad = (reason: string): RecordResult => {
    out.problems.push({ at, reason });
    return out;
  };
  if (!isObject(doc)) return bad('not a JSON object (a Shodan banner)');
  const rawHost = doc.ip_str ?? doc.ipv6;
  const host = addressOf(rawHost);
  if (!host) return bad(rawHost === undefined ? 'no "ip_str" or "ipv6"' : '"ip_str" is not an IPv4 or IPv6 address');
  const port = portOf(doc.port);
  if (port === undefined) return bad(`${host}: "port" is not a port number`);
  const transport = transportOf(doc.transport);
  if (!transport) return bad(`${host}:${port}: "transport" is neither tcp nor udp`);
  const observedAt = timeOf(doc.timestamp);
  if (!observedAt) return bad(`${host}:${port}: ${doc.timestamp === undefined ? 'no "timestamp"' : '"timestamp" is not a date'}`);
  const module = tokenOf(isObject(doc._shodan) ? doc._shodan.module : undefined, 40);
  const product = tokenOf(doc.product);
  const version = tokenOf(doc.version, 40);
  const tls = isObject(doc.ssl) || (module?.toLowerCase().endsWith('s') === true && isWebName(module));
  const web = isObject(doc.http) || isWebName(module);
  const dicom = isDicomName(module) || isDicomName(product);
  const kind: ObservationKind = dicom ? (tls ? 'dicom-tls' : 'dicom') : web ? 'web' : 'other';
  const status = kind === 'web' && isObject(doc.http) && typeof doc.http.status === 'number' && Number.isInteger(doc.http.status) ? doc.http.status : undefined;
  const said = saidOf(module, dicom, status);
  out.observations.push({ host, port, transport, state: 'open', kind, product, version, tls, said, observedAt, source: 'shodan' });
  return out;
}
