/**
 * The Servers list: rows derived from a scan report, then filtered and sorted.
 * Pure functions; components memoise them on (report, filter, sort).
 */
import type { Protocol, Severity } from '../../../shared/catalog';
import type { ServiceResult } from '../../../shared/types';
import { compareHosts, serviceKey } from './hosts';
import { compareRiskDesc, riskOf, type Risk } from './risk';

/** One row of the Servers list. */
export interface ServerRow {
  /** `host:port`; unique within a scan. */
  key: string;
  service: ServiceResult;
  risk: Risk;
  /** `Orthanc 1.10.1`, `DCMTK`, or `Unidentified`. */
  productLabel: string;
  /** Product name alone, the value the product filter matches (`Unidentified` when none). */
  productName: string;
  /** Protocol, or the port state when nothing answered (`closed`, `filtered`). */
  protocolLabel: Protocol | 'closed' | 'filtered';
}

export const UNIDENTIFIED = 'Unidentified';

/** Protocol or port state as an admin reads it. */
export const PROTOCOL_LABEL: Record<ServerRow['protocolLabel'], string> = {
  dicom: 'DICOM',
  'dicom-tls': 'DICOM TLS',
  http: 'HTTP',
  https: 'HTTPS',
  unknown: 'Not DICOM or web',
  closed: 'Closed',
  filtered: 'Filtered',
};

export type ServerSortKey = 'risk' | 'host' | 'port' | 'protocol' | 'product';
export type SortDirection = 'asc' | 'desc';

export interface ServerSort {
  key: ServerSortKey;
  /** For `risk`, `desc` puts the riskiest first; for the others `asc` is A→Z / low→high. */
  direction: SortDirection;
}

export const DEFAULT_SORT: ServerSort = { key: 'risk', direction: 'desc' };

/** `at-risk`: some check above `info` fails. `no-findings`: none does. */
export type RiskFilter = 'all' | 'at-risk' | 'no-findings';

export interface ServerFilter {
  risk: RiskFilter;
  /** Keep services with at least one failing check of exactly this severity. */
  severity: Severity | 'any';
  /** Product name (see `ServerRow.productName`), or `any`. */
  product: string;
  /** Case-insensitive text matched against host:port, protocol, product, version and AE title. */
  text: string;
}

export const DEFAULT_FILTER: ServerFilter = { risk: 'all', severity: 'any', product: 'any', text: '' };

export function toRow(service: ServiceResult): ServerRow {
  const name = service.product?.name && service.product.name !== 'unknown' ? service.product.name : UNIDENTIFIED;
  const version = name !== UNIDENTIFIED ? service.product?.version : undefined;
  return {
    key: serviceKey(service),
    service,
    risk: riskOf(service),
    productName: name,
    productLabel: version ? `${name} ${version}` : name,
    protocolLabel: service.state === 'open' ? (service.protocol ?? 'unknown') : service.state,
  };
}

export function toRows(services: readonly ServiceResult[]): ServerRow[] {
  return services.map(toRow);
}

function compareText(a: string, b: string): number {
  return a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });
}

function byHostPort(a: ServerRow, b: ServerRow): number {
  return compareHosts(a.service.host, b.service.host) || a.service.port - b.service.port;
}

/** Primary comparison in the key's natural ascending order (for risk: least risky first). */
function comparePrimary(key: ServerSortKey, a: ServerRow, b: ServerRow): number {
  switch (key) {
    case 'risk':
      return -compareRiskDesc(a.risk, b.risk);
    case 'host':
      return compareHosts(a.service.host, b.service.host);
    case 'port':
      return a.service.port - b.service.port;
    case 'protocol':
      return compareText(a.protocolLabel, b.protocolLabel);
    case 'product':
      return compareText(a.productLabel, b.productLabel);
  }
}

/**
 * Sorted copy. Ties fall back to host then port (always ascending), and for
 * non-risk keys to risk first, so equal rows keep a stable, meaningful order.
 */
export function sortRows(rows: readonly ServerRow[], sort: ServerSort): ServerRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const primary = sign * comparePrimary(sort.key, a, b);
    if (primary !== 0) return primary;
    if (sort.key !== 'risk') {
      const risk = compareRiskDesc(a.risk, b.risk);
      if (risk !== 0) return risk;
    }
    return byHostPort(a, b);
  });
}

function matchesText(row: ServerRow, needle: string): boolean {
  const s = row.service;
  const haystack = [row.key, row.protocolLabel, row.productLabel, s.product?.implementationVersionName ?? '', s.calledAe ?? '']
    .join(' ')
    .toLowerCase();
  return haystack.includes(needle);
}

export function filterRows(rows: readonly ServerRow[], filter: ServerFilter): ServerRow[] {
  const needle = filter.text.trim().toLowerCase();
  return rows.filter((row) => {
    if (filter.risk === 'at-risk' && row.risk.failing === 0) return false;
    if (filter.risk === 'no-findings' && row.risk.failing > 0) return false;
    if (filter.severity !== 'any' && row.risk.counts[filter.severity] === 0) return false;
    if (filter.product !== 'any' && row.productName !== filter.product) return false;
    if (needle && !matchesText(row, needle)) return false;
    return true;
  });
}

/** The rows the Servers list shows. */
export function visibleRows(services: readonly ServiceResult[], filter: ServerFilter, sort: ServerSort): ServerRow[] {
  return sortRows(filterRows(toRows(services), filter), sort);
}

/** Distinct product names for the product filter, identified ones A→Z, `Unidentified` last. */
export function productOptions(rows: readonly ServerRow[]): string[] {
  const names = new Set(rows.map((r) => r.productName));
  const known = [...names].filter((n) => n !== UNIDENTIFIED).sort(compareText);
  return names.has(UNIDENTIFIED) ? [...known, UNIDENTIFIED] : known;
}

/** True when any filter narrows the list (the empty state then says to clear them). */
export function isFiltered(filter: ServerFilter): boolean {
  return filter.risk !== 'all' || filter.severity !== 'any' || filter.product !== 'any' || filter.text.trim() !== '';
}

/** Next sort when the admin activates a column header: same key flips, a new key starts in its natural direction. */
export function nextSort(current: ServerSort, key: ServerSortKey): ServerSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: key === 'risk' ? 'desc' : 'asc' };
}

