/**
 * Maintenance window progress and summary, computed from what the store holds (so a
 * window resumes after a restart): each server's latest scan, its checklist, its
 * attestations, and the latest verification made inside the window.
 */
import { MANUAL_CHECK_IDS, type CheckId } from '../../shared/catalog';
import { checklistProgress, findingsToFix, PlaybookValueError, renderChecklist } from '../../shared/playbooks';
import { serverKey } from '../../shared/host';
import type { MaintenanceWindow, ServerRef, MaintenanceWindowPhase, MaintenanceWindowProgress, MaintenanceWindowServerProgress, MaintenanceWindowSummary } from '../../shared/remediation';
import type { MaintenanceWindowEvent, MaintenanceWindowValues } from '../../shared/remediation';
import type { Store } from '../store';
import { RemediationError } from './errors';

/** Where a window is at `now` and how long until its next edge (ms). A closed window has ended. */
export function maintenanceWindowPhase(w: Pick<MaintenanceWindow, 'startsAt' | 'endsAt' | 'closedAt'>, now: Date): { phase: MaintenanceWindowPhase; remainingMs: number } {
  if (w.closedAt !== undefined) return { phase: 'ended', remainingMs: 0 };
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
  return {
    window: w,
    ...maintenanceWindowPhase(w, now),
    servers: w.servers.map((s) => serverProgress(store, w, s)),
    history: store.maintenanceWindows.history(w.id),
  };
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

// ---- edit, extend, close (issue 17) --------------------------------------------------
// Pure: each turns a window and a request (times already in UTC) into the window to
// store and the history entry to append; the service writes both in one transaction.

/** A change to store: the window as it will be, its history entry, and whether its servers changed. */
export interface MaintenanceWindowChange {
  next: MaintenanceWindow;
  event: Omit<MaintenanceWindowEvent, 'seq'>;
  serversChanged: boolean;
}

function values(w: MaintenanceWindow, withServers: boolean): MaintenanceWindowValues {
  const v: MaintenanceWindowValues = { name: w.name, startsAt: w.startsAt, endsAt: w.endsAt };
  if (withServers) v.servers = w.servers.map(serverKey);
  return v;
}

function notClosed(w: MaintenanceWindow): void {
  if (w.closedAt !== undefined) throw new RemediationError('invalid-argument', `maintenance window ${JSON.stringify(w.name)} was closed at ${w.closedAt}: it cannot be changed`);
}

function entry(action: MaintenanceWindowEvent['action'], by: string, now: Date, reason: string | undefined): Omit<MaintenanceWindowEvent, 'seq'> {
  const e: Omit<MaintenanceWindowEvent, 'seq'> = { at: now.toISOString(), action, by: by.trim() };
  const r = reason?.trim();
  if (r) e.reason = r;
  return e;
}

const sameServers = (a: readonly ServerRef[], b: readonly ServerRef[]): boolean =>
  a.length === b.length && a.every((s, i) => s.host === b[i]?.host && s.port === b[i]?.port);

/** New name, times or servers; what is left out stays. Refused when closed or when nothing changes. */
export function editMaintenanceWindow(
  w: MaintenanceWindow,
  req: { by: string; name?: string; startsAt?: string; endsAt?: string; servers?: ServerRef[]; reason?: string },
  now: Date,
): MaintenanceWindowChange {
  notClosed(w);
  const next: MaintenanceWindow = {
    ...w,
    name: req.name?.trim() ?? w.name,
    startsAt: req.startsAt ?? w.startsAt,
    endsAt: req.endsAt ?? w.endsAt,
    servers: req.servers ?? w.servers,
  };
  const serversChanged = !sameServers(next.servers, w.servers);
  if (next.name === w.name && next.startsAt === w.startsAt && next.endsAt === w.endsAt && !serversChanged) {
    throw new RemediationError('invalid-argument', 'nothing to change: the name, times and servers are as they were');
  }
  if (next.endsAt <= next.startsAt) throw new RemediationError('invalid-argument', 'a maintenance window must end after it starts');
  const event = entry('edited', req.by, now, req.reason);
  event.before = values(w, serversChanged);
  event.after = values(next, serversChanged);
  return { next, event, serversChanged };
}

/** The end moves `minutes` later (an ended window reopens). Refused when closed. */
export function extendMaintenanceWindow(w: MaintenanceWindow, req: { by: string; minutes: number; reason?: string }, now: Date): MaintenanceWindowChange {
  notClosed(w);
  if (!Number.isInteger(req.minutes) || req.minutes < 1) throw new RemediationError('invalid-argument', 'extend by a whole number of minutes, at least 1');
  const next: MaintenanceWindow = { ...w, endsAt: new Date(Date.parse(w.endsAt) + req.minutes * 60_000).toISOString() };
  const event = entry('extended', req.by, now, req.reason);
  event.before = values(w, false);
  event.after = values(next, false);
  event.minutes = req.minutes;
  return { next, event, serversChanged: false };
}

/** Closed now: an open window ends now; an upcoming one will not start. Refused when closed or already over. */
export function closeMaintenanceWindow(w: MaintenanceWindow, req: { by: string; reason?: string }, now: Date): MaintenanceWindowChange {
  notClosed(w);
  const { phase } = maintenanceWindowPhase(w, now);
  if (phase === 'ended') throw new RemediationError('invalid-argument', `maintenance window ${JSON.stringify(w.name)} already ended at ${w.endsAt}: there is nothing to close`);
  const at = now.toISOString();
  const next: MaintenanceWindow = { ...w, closedAt: at, ...(phase === 'open' && at > w.startsAt ? { endsAt: at } : {}) };
  const event = entry('closed', req.by, now, req.reason);
  event.before = values(w, false);
  event.after = values(next, false);
  return { next, event, serversChanged: false };
}
