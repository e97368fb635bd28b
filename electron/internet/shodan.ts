/**
 * `shodan download` banners: one JSON object per line (`ip_str` or `ipv6`, `port`,
 * `transport`, `product`, `version`, `timestamp`, `ssl`, `http`, `_shodan.module`).
 * `data` (the banner's text), `hostnames`, `org` and `tags` are read past, never kept.
 */
import type { RecordResult } from './censys';
import { addressOf, isDicomName, isObject, isWebName, portOf, timeOf, tokenOf, transportOf } from './facts';
import type { Observation, ObservationKind } from './types';

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
  const said: Observation['said'] = {};
  if (module) said.service = module;
  if (dicom) said.dicom = {};
  if (kind === 'web' && isObject(doc.http) && typeof doc.http.status === 'number' && Number.isInteger(doc.http.status)) said.web = { status: doc.http.status };
  out.observations.push({ host, port, transport, state: 'open', kind, product, version, tls, said, observedAt, source: 'shodan' });
  return out;
}
