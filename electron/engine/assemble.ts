/**
 * Result assembly (pure): from what the probes judged, the full check list of a
 * service (every check of its protocol exactly once, in catalog order, with the
 * catalog's severity and ATT&CK ids), and from the services, the scan report.
 * A check that no probe decided still appears: `skipped` (opt-in not given),
 * `not-applicable` (cannot apply to this kind of service) or `inconclusive` (why).
 */
import { CATALOG, CHECK_STATUSES, checksFor, type CheckDefinition, type CheckId, type Protocol } from '../../shared/catalog';
import type { CheckSelection } from '../../shared/check-selection';
import type { CheckResult, ScanMeta, ScanReport, ServiceResult } from '../../shared/types';
import { countFails } from '../../shared/fails';
import { compareHosts } from './scope-ip';

export interface AssembleInput {
  protocol: Protocol;
  /** Results the probes judged, any order. Ids that do not apply to `protocol` are dropped; the first result of an id wins. */
  judged: readonly CheckResult[];
  /** Checks whose deciding probe did not run to its end, with why in one line. */
  unfinished?: ReadonlyMap<CheckId, string>;
  /** Opt-in checks the user asked for. */
  optIn: ReadonlySet<CheckId>;
}

/**
 * Structural not-applicable rules: checks listed for a protocol that cannot apply to
 * this service whatever a probe would see. Returns the one-line reason, or undefined.
 */
export function notApplicableReason(id: CheckId, protocol: Protocol): string | undefined {
  const def = CATALOG[id];
  if (def.family === 'tls' && (protocol === 'dicom' || protocol === 'http')) return 'plaintext service: there is no TLS to judge';
  if (id === 'tls.client-auth-absent' && protocol !== 'dicom-tls') return 'client certificates are judged on DICOM TLS services only';
  if (id === 'web.no-hsts' && protocol === 'http') return 'HSTS applies to HTTPS only';
  return undefined;
}

function fromCatalog(def: CheckDefinition, status: CheckResult['status'], summary: string, evidence: CheckResult['evidence'] = {}): CheckResult {
  return { id: def.id, status, severity: def.severity, summary, evidence, attack: [...def.attack] };
}

/** The complete, ordered check list of one service. */
export function assembleChecks(input: AssembleInput): CheckResult[] {
  const judged = new Map<CheckId, CheckResult>();
  for (const r of input.judged) if (!judged.has(r.id)) judged.set(r.id, r);
  return checksFor(input.protocol).map((def): CheckResult => {
    const r = judged.get(def.id);
    if (r) {
      if (!(CHECK_STATUSES as readonly string[]).includes(r.status)) {
        return fromCatalog(def, 'inconclusive', `the probe returned an unknown status "${String(r.status)}"`);
      }
      // Severity and ATT&CK ids are the catalog's, whatever a probe wrote.
      return {
        id: def.id,
        status: r.status,
        severity: def.severity,
        summary: typeof r.summary === 'string' && r.summary !== '' ? oneLine(r.summary) : `${def.title}: ${r.status}`,
        evidence: isPlainObject(r.evidence) ? r.evidence : {},
        attack: [...def.attack],
      };
    }
    if (def.safety === 'opt-in' && !input.optIn.has(def.id)) {
      return fromCatalog(def, 'skipped', `not run: needs --opt-in ${def.id}`);
    }
    const na = notApplicableReason(def.id, input.protocol);
    if (na !== undefined) return fromCatalog(def, 'not-applicable', na);
    const why = input.unfinished?.get(def.id);
    if (why !== undefined) return fromCatalog(def, 'inconclusive', oneLine(why));
    return fromCatalog(def, 'inconclusive', `not checked: no probe in this version decides it for a ${input.protocol} service`);
  });
}

/** Why a check outside the selection did not run, in the words of how the selection was made. */
export function notSelectedSummary(selection: CheckSelection): string {
  return selection.profile === 'custom' ? 'not run: not in this scan\'s check list (--checks)' : `not run: not part of the ${selection.profile} profile`;
}

/**
 * A service with every check outside the selection `skipped` (never `pass`): whatever a
 * probe judged for it (one probe may decide several checks) or a post-pass added.
 */
export function applySelection(service: ServiceResult, selection: CheckSelection): ServiceResult {
  if (selection.profile === 'full' || !service.checks.some((c) => !selection.runs(c.id))) return service;
  const why = notSelectedSummary(selection);
  return {
    ...service,
    checks: service.checks.map((c) => (selection.runs(c.id) ? c : { id: c.id, status: 'skipped', severity: c.severity, summary: why, evidence: {}, attack: [...c.attack] })),
  };
}

function oneLine(s: string): string {
  // Most summaries are one line already: no regular expression for them (run ~20 times per service).
  if (s.indexOf('\n') === -1 && s.indexOf('\r') === -1) return s.trim();
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `fail` counts per severity over the services (shared/fails.ts). */
export { countFails };

/** Report order: host (numeric, IPv4 before IPv6), then port. */
export function compareServices(a: ServiceResult, b: ServiceResult): number {
  return compareHosts(a.host, b.host) || a.port - b.port;
}

/**
 * The `scan --json` document. `services` must already hold only what the report lists
 * (open ones, plus closed/filtered with --all); they are sorted here.
 * `summary.services` counts the open services (closed/filtered ports are not services).
 */
export function assembleReport(version: string, meta: ScanMeta, services: ServiceResult[]): ScanReport {
  // compareServices' order, with each distinct host parsed once (not once per comparison):
  // hosts that compare equal share a rank, and the sort is stable, so the order is the same.
  const hosts = [...new Set(services.map((s) => s.host))].sort(compareHosts);
  const rank = new Map<string, number>();
  hosts.forEach((h, i) => rank.set(h, i > 0 && compareHosts(hosts[i - 1]!, h) === 0 ? rank.get(hosts[i - 1]!)! : i));
  const sorted = [...services].sort((a, b) => rank.get(a.host)! - rank.get(b.host)! || a.port - b.port);
  return {
    tool: { name: 'collimator', version },
    scan: meta,
    services: sorted,
    summary: { services: sorted.filter((s) => s.state === 'open').length, fail: countFails(sorted) },
  };
}
