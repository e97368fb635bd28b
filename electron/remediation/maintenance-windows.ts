/**
 * Maintenance window progress and summary, computed from what the store holds (so a
 * window resumes after a restart): each server's latest scan, its checklist, its
 * attestations, and the latest verification made inside the window.
 */
import { MANUAL_CHECK_IDS, type CheckId } from '../../shared/catalog';
import { checklistProgress, findingsToFix, PlaybookValueError, renderChecklist } from '../../shared/playbooks';
import type { MaintenanceWindow, ServerRef, MaintenanceWindowPhase, MaintenanceWindowProgress, MaintenanceWindowServerProgress, MaintenanceWindowSummary } from '../../shared/remediation';
import type { Store } from '../store';

/** Where a window is at `now` and how long until its next edge (ms). */
export function maintenanceWindowPhase(w: Pick<MaintenanceWindow, 'startsAt' | 'endsAt'>, now: Date): { phase: MaintenanceWindowPhase; remainingMs: number } {
  const t = now.getTime();
  const start = Date.parse(w.startsAt);
  const end = Date.parse(w.endsAt);
  if (t < start) return { phase: 'upcoming', remainingMs: start - t };
  if (t <= end) return { phase: 'open', remainingMs: end - t };
  return { phase: 'ended', remainingMs: 0 };
}

function serverProgress(store: Store, w: MaintenanceWindow, server: ServerRef): MaintenanceWindowServerProgress {
  const latest = store.latestService(server.host, server.port);
  const checklist = store.checklists.get(server);
  const attested = checklist.attestations.filter((a) => a.attested).length;
  const base: MaintenanceWindowServerProgress = {
    server,
    scanned: latest !== undefined,
    findings: latest ? findingsToFix(latest.service).length : 0,
    stepsDone: 0,
    stepsTotal: 0,
    attestationsDone: attested,
    attestationsTotal: MANUAL_CHECK_IDS.length,
  };
  if (latest) {
    try {
      const rendered = renderChecklist({ service: latest.service, inventory: store.inventory.list(), vantage: latest.vantage });
      // The same count as the Fix screen's and the record's (shared/playbooks/grouping.ts).
      const p = checklistProgress(rendered, checklist.steps);
      base.stepsDone = p.done;
      base.stepsTotal = p.total;
    } catch (e) {
      // A server whose address cannot be written into snippets has no playbook steps to count.
      if (!(e instanceof PlaybookValueError)) throw e;
    }
  }
  const v = store.verifications.latestBetween(server, w.startsAt, w.endsAt);
  if (v) base.verification = { id: v.id, at: v.after.at, counts: v.counts, passed: v.passed };
  return base;
}

export function maintenanceWindowProgress(store: Store, w: MaintenanceWindow, now: Date): MaintenanceWindowProgress {
  return { window: w, ...maintenanceWindowPhase(w, now), servers: w.servers.map((s) => serverProgress(store, w, s)) };
}

/**
 * What the window achieved, per server: from its latest verification inside the window
 * (fixed, regressed, and still open = still failing or inconclusive), or, never verified
 * there, every finding of its latest scan is still open.
 */
export function maintenanceWindowSummary(store: Store, w: MaintenanceWindow, now: Date): MaintenanceWindowSummary {
  const fixed: MaintenanceWindowSummary['fixed'] = [];
  const stillOpen: MaintenanceWindowSummary['stillOpen'] = [];
  const regressed: MaintenanceWindowSummary['regressed'] = [];
  const add = (list: Array<ServerRef & { checks: CheckId[] }>, server: ServerRef, checks: CheckId[]): void => {
    if (checks.length > 0) list.push({ host: server.host, port: server.port, checks });
  };
  for (const server of w.servers) {
    const v = store.verifications.latestBetween(server, w.startsAt, w.endsAt);
    if (v) {
      add(fixed, server, v.checks.filter((c) => c.verdict === 'fixed').map((c) => c.id));
      add(regressed, server, v.checks.filter((c) => c.verdict === 'regressed').map((c) => c.id));
      add(stillOpen, server, v.checks.filter((c) => c.verdict === 'still-failing' || c.verdict === 'inconclusive').map((c) => c.id));
    } else {
      const latest = store.latestService(server.host, server.port);
      if (latest) add(stillOpen, server, findingsToFix(latest.service).map((c) => c.id));
    }
  }
  const total = (l: Array<{ checks: CheckId[] }>): number => l.reduce((n, x) => n + x.checks.length, 0);
  return {
    window: w,
    phase: maintenanceWindowPhase(w, now).phase,
    fixed,
    stillOpen,
    regressed,
    totals: { fixed: total(fixed), stillOpen: total(stillOpen), regressed: total(regressed) },
  };
}
