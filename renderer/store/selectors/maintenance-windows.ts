/**
 * Maintenance windows as the screen shows them: the create form turned into a request,
 * the servers a window can hold, the countdown, and progress across a window's servers.
 * Pure; the current time is always passed in.
 */
import type { ServerRef, MaintenanceWindowCreateRequest, MaintenanceWindowPhase, MaintenanceWindowServerProgress } from '../../../shared/remediation';
import type { ServiceResult } from '../../../shared/types';
import { compareHosts, serviceKey } from './hosts';
import { compareRiskDesc, riskOf, type RiskLevel } from './risk';
import type { Parsed } from './scope';
import { formatDuration } from './remediation';

/** The create form, as typed. Times are `datetime-local` values in the admin's time zone. */
export interface MaintenanceWindowForm {
  name: string;
  /** `YYYY-MM-DDTHH:MM`, local time. */
  start: string;
  end: string;
  /** `host:port` keys of the chosen servers. */
  servers: string[];
}

/** `datetime-local` text for a moment, in local time, to the minute. */
export function toLocalInput(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A `datetime-local` value (local time) as a Date; null when it is not one. */
export function parseLocalInput(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(text.trim())) return null;
  const d = new Date(text.trim());
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A fresh form: starting this minute, two hours long, no servers chosen yet. */
export function defaultMaintenanceWindowForm(now: Date): MaintenanceWindowForm {
  const start = new Date(now);
  start.setSeconds(0, 0);
  return { name: '', start: toLocalInput(start), end: toLocalInput(new Date(start.getTime() + 2 * 3600_000)), servers: [] };
}

/** A server a window can hold: an open service of the scan on screen. */
export interface ServerOption {
  key: string;
  server: ServerRef;
  /** Product and protocol in words, e.g. `Orthanc 1.10.1, DICOM`. */
  detail: string;
  risk: RiskLevel;
  /** Failing checks above info. */
  failing: number;
}

/** Open services of a scan, riskiest first: what a window is usually planned around. */
export function serverOptions(services: readonly ServiceResult[]): ServerOption[] {
  return services
    .filter((s) => s.state === 'open')
    .map((s) => ({ s, risk: riskOf(s) }))
    .sort((a, b) => compareRiskDesc(a.risk, b.risk) || compareHosts(a.s.host, b.s.host) || a.s.port - b.s.port)
    .map(({ s, risk }) => {
      const product = s.product?.name && s.product.name !== 'unknown' ? `${s.product.name}${s.product.version ? ` ${s.product.version}` : ''}` : 'Unidentified';
      return {
        key: serviceKey(s),
        server: { host: s.host, port: s.port },
        detail: `${product}${s.calledAe ? `, AE ${s.calledAe}` : ''}`,
        risk: risk.level,
        failing: risk.failing,
      };
    });
}

/** The form as a `maintenance-window:create` request, or the first thing to correct (one line). */
export function buildMaintenanceWindowRequest(form: MaintenanceWindowForm, options: readonly ServerOption[]): Parsed<MaintenanceWindowCreateRequest> {
  const name = form.name.trim();
  if (!name) return { ok: false, message: 'Give the window a name, e.g. "Saturday night PACS hardening".' };
  const start = parseLocalInput(form.start);
  if (!start) return { ok: false, message: 'Enter when the window starts (date and time).' };
  const end = parseLocalInput(form.end);
  if (!end) return { ok: false, message: 'Enter when the window ends (date and time).' };
  if (end.getTime() <= start.getTime()) return { ok: false, message: 'The window must end after it starts.' };
  const byKey = new Map(options.map((o) => [o.key, o.server]));
  const servers = form.servers.map((k) => byKey.get(k)).filter((s): s is ServerRef => s !== undefined);
  if (servers.length === 0) return { ok: false, message: 'Choose at least one server to work on in this window.' };
  return { ok: true, value: { name, startsAt: start.toISOString(), endsAt: end.toISOString(), servers } };
}

export const PHASE_LABEL: Record<MaintenanceWindowPhase, string> = { upcoming: 'Upcoming', open: 'In progress', ended: 'Ended' };

/** Where a window is in time at `nowMs`, read from its own start and end (same clock as main's). */
export interface Countdown {
  phase: MaintenanceWindowPhase;
  /** Milliseconds until the next edge: the start (upcoming) or the end (open); 0 once ended. */
  remainingMs: number;
  /** `Starts in 12 min 05 s`, `1 h 20 min left`, `Ended`. */
  label: string;
}

export function countdown(w: { startsAt: string; endsAt: string }, nowMs: number): Countdown {
  const start = Date.parse(w.startsAt);
  const end = Date.parse(w.endsAt);
  if (nowMs < start) return { phase: 'upcoming', remainingMs: start - nowMs, label: `Starts in ${formatDuration(start - nowMs)}` };
  if (nowMs <= end) return { phase: 'open', remainingMs: end - nowMs, label: `${formatDuration(end - nowMs)} left` };
  return { phase: 'ended', remainingMs: 0, label: 'Ended' };
}

/** `Sat 1 Mar 2025, 22:00 – 23:30`; `… – 02:00 (next day)` when it ends the next day; full dates otherwise. */
export function maintenanceWindowSpan(w: { startsAt: string; endsAt: string }, locale?: string): string {
  const start = new Date(w.startsAt);
  const end = new Date(w.endsAt);
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const hours = (end.getTime() - start.getTime()) / 3600_000;
  if (day.format(start) === day.format(end)) return `${day.format(start)}, ${time.format(start)} – ${time.format(end)}`;
  const next = new Date(start);
  next.setDate(next.getDate() + 1);
  if (hours >= 0 && hours < 24 && day.format(next) === day.format(end)) return `${day.format(start)}, ${time.format(start)} – ${time.format(end)} (next day)`;
  return `${day.format(start)}, ${time.format(start)} – ${day.format(end)}, ${time.format(end)}`;
}

/** Progress across a window's servers. */
export interface MaintenanceWindowTotals {
  servers: number;
  stepsDone: number;
  stepsTotal: number;
  attestationsDone: number;
  attestationsTotal: number;
  /** Servers re-checked inside the window. */
  verified: number;
  /** Of those, re-checks where every verified check was fixed or still passing. */
  passed: number;
  /** Whole percent of checklist steps done (0 when there are none). */
  percent: number;
}

export function maintenanceWindowTotals(servers: readonly MaintenanceWindowServerProgress[]): MaintenanceWindowTotals {
  const sum = (f: (s: MaintenanceWindowServerProgress) => number): number => servers.reduce((n, s) => n + f(s), 0);
  const stepsDone = sum((s) => s.stepsDone);
  const stepsTotal = sum((s) => s.stepsTotal);
  return {
    servers: servers.length,
    stepsDone,
    stepsTotal,
    attestationsDone: sum((s) => s.attestationsDone),
    attestationsTotal: sum((s) => s.attestationsTotal),
    verified: servers.filter((s) => s.verification !== undefined).length,
    passed: servers.filter((s) => s.verification?.passed === true).length,
    percent: stepsTotal > 0 ? Math.floor((stepsDone / stepsTotal) * 100) : 0,
  };
}
