/**
 * After a discovery scan (issue 16): "Run every check on the N services found". The
 * follow-up's scope is what the discovery found, never more: its targets the hosts
 * with an open service, its ports the open ports (both taken from the scan's own scope,
 * so nothing outside it), the full catalog, the same vantage, and the AE titles the
 * admin or the inventory gave for those services. Pure.
 */
import { serverKey } from '../../../shared/host';
import type { ScanReport } from '../../../shared/types';
import type { ScopeForm } from './scope';

export interface FollowUp {
  /** Open services the discovery found. */
  services: number;
  hosts: string[];
  ports: number[];
  /** The scope form for the full-catalog scan. */
  form: Partial<ScopeForm>;
}

/** The follow-up of a finished discovery scan with at least one open service; null otherwise. */
export function followUpOf(report: ScanReport): FollowUp | null {
  if (report.scan.profile !== 'discovery') return null;
  const inScope = new Set(report.scan.ports);
  const open = report.services.filter((s) => s.state === 'open' && inScope.has(s.port));
  if (open.length === 0) return null;
  const hosts = [...new Set(open.map((s) => s.host))];
  const ports = [...new Set(open.map((s) => s.port))].sort((a, b) => a - b);
  const calledAes = open.filter((s) => s.calledAe && (s.calledAeSource === 'user' || s.calledAeSource === 'inventory')).map((s) => `${s.calledAe}@${serverKey(s)}`);
  return {
    services: open.length,
    hosts,
    ports,
    form: {
      targets: hosts.join('\n'),
      ports: ports.join(', '),
      calledAes: calledAes.join('\n'),
      inventoryCsv: null,
      inventoryName: null,
      vantageLabel: report.scan.vantage.label,
      untrusted: report.scan.vantage.untrusted,
      allowLargeScope: false,
      profile: 'full',
      checks: '',
    },
  };
}
