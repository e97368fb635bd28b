/** Maintenance windows: a name, a start and an end, and the servers in it. Survive restarts because they live here. */
import type Database from 'better-sqlite3';
import type { MaintenanceWindow, MaintenanceWindowAction, MaintenanceWindowEvent, MaintenanceWindowValues } from '../../shared/remediation';
import { StoreError } from './errors';
import { requirePort, requireTimestamp, runSql } from './repo-util';

// The tables keep the names migration 002 shipped (`maintenance_windows` and
// `window_servers` with its `window_id`): migrations are append-only and hash-pinned,
// so `window_*` in the SQL below means a maintenance window, never the app's window.

export interface MaintenanceWindowsRepo {
  /** Creates a window with its servers in one transaction. */
  create: (w: MaintenanceWindow) => void;
  /** Every window, latest start first. */
  list: () => MaintenanceWindow[];
  get: (id: string) => MaintenanceWindow | undefined;
  /**
   * Writes the window's new name, times, closing time and (when `serversChanged`) servers,
   * and appends `event` to its history, in one transaction (issue 17, migration 9).
   */
  change: (next: MaintenanceWindow, event: Omit<MaintenanceWindowEvent, 'seq'>, serversChanged: boolean) => void;
  /** The window's history, oldest first. */
  history: (id: string) => MaintenanceWindowEvent[];
}

interface EventRow {
  seq: number;
  at: string;
  action: MaintenanceWindowAction;
  actor: string;
  detail: string;
}

interface EventDetail {
  before?: MaintenanceWindowValues;
  after?: MaintenanceWindowValues;
  minutes?: number;
  reason?: string;
}

interface Row {
  id: string;
  name: string;
  starts_at: string;
  ends_at: string;
  created_at: string;
  closed_at: string | null;
}

export function createMaintenanceWindowsRepo(db: Database.Database): MaintenanceWindowsRepo {
  const q = {
    insert: db.prepare('INSERT INTO maintenance_windows (id, name, starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?)'),
    insertServer: db.prepare('INSERT INTO window_servers (window_id, position, host, port) VALUES (?, ?, ?, ?)'),
    list: db.prepare<[], Row>('SELECT * FROM maintenance_windows ORDER BY starts_at DESC, rowid DESC'),
    get: db.prepare<[string], Row>('SELECT * FROM maintenance_windows WHERE id = ?'),
    servers: db.prepare<[string], { host: string; port: number }>('SELECT host, port FROM window_servers WHERE window_id = ? ORDER BY position'),
    update: db.prepare('UPDATE maintenance_windows SET name = ?, starts_at = ?, ends_at = ?, closed_at = ? WHERE id = ?'),
    deleteServers: db.prepare('DELETE FROM window_servers WHERE window_id = ?'),
    insertEvent: db.prepare('INSERT INTO maintenance_window_events (window_id, at, action, actor, detail) VALUES (?, ?, ?, ?, ?)'),
    events: db.prepare<[string], EventRow>('SELECT seq, at, action, actor, detail FROM maintenance_window_events WHERE window_id = ? ORDER BY seq'),
  };
  const toWindow = (r: Row): MaintenanceWindow => ({
    id: r.id,
    name: r.name,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    createdAt: r.created_at,
    servers: q.servers.all(r.id).map((s) => ({ host: s.host, port: s.port })),
    ...(r.closed_at === null ? {} : { closedAt: r.closed_at }),
  });
  const changeTx = db.transaction((next: MaintenanceWindow, event: Omit<MaintenanceWindowEvent, 'seq'>, serversChanged: boolean) => {
    const changed = q.update.run(next.name, next.startsAt, next.endsAt, next.closedAt ?? null, next.id).changes;
    if (changed !== 1) throw new StoreError(`no maintenance window ${next.id}`);
    if (serversChanged) {
      q.deleteServers.run(next.id);
      next.servers.forEach((sv, i) => q.insertServer.run(next.id, i, sv.host, sv.port));
    }
    const detail: EventDetail = {};
    if (event.before) detail.before = event.before;
    if (event.after) detail.after = event.after;
    if (event.minutes !== undefined) detail.minutes = event.minutes;
    if (event.reason) detail.reason = event.reason;
    q.insertEvent.run(next.id, event.at, event.action, event.by, JSON.stringify(detail));
  });
  const validate = (w: MaintenanceWindow): void => {
    requireTimestamp(w.startsAt, 'startsAt');
    requireTimestamp(w.endsAt, 'endsAt');
    requireTimestamp(w.createdAt, 'createdAt');
    if (w.closedAt !== undefined) requireTimestamp(w.closedAt, 'closedAt');
    if (w.endsAt <= w.startsAt) throw new StoreError('a maintenance window must end after it starts');
    if (w.name.trim() === '' || w.name.length > 200) throw new StoreError('a maintenance window needs a name (1 to 200 characters)');
    for (const sv of w.servers) requirePort(sv.port);
  };
  const createTx = db.transaction((w: MaintenanceWindow) => {
    q.insert.run(w.id, w.name, w.startsAt, w.endsAt, w.createdAt);
    w.servers.forEach((s, i) => q.insertServer.run(w.id, i, s.host, s.port));
  });
  return {
    create(w) {
      validate(w);
      runSql(`cannot create window ${w.name}`, {
        SQLITE_CONSTRAINT_PRIMARYKEY: `a server is listed twice in window ${w.name}`,
      }, () => createTx.immediate(w));
    },
    list: () => q.list.all().map(toWindow),
    get(id) {
      const r = q.get.get(id);
      return r === undefined ? undefined : toWindow(r);
    },
    change(next, event, serversChanged) {
      validate(next);
      requireTimestamp(event.at, 'at');
      if (event.by.trim() === '' || event.by.length > 200) throw new StoreError('say who changes the window (1 to 200 characters)');
      runSql(`cannot change window ${next.name}`, {
        SQLITE_CONSTRAINT_PRIMARYKEY: `a server is listed twice in window ${next.name}`,
      }, () => changeTx.immediate(next, event, serversChanged));
    },
    history: (id) =>
      q.events.all(id).map((r) => {
        const d = JSON.parse(r.detail) as EventDetail;
        const e: MaintenanceWindowEvent = { seq: r.seq, at: r.at, action: r.action, by: r.actor };
        if (d.before) e.before = d.before;
        if (d.after) e.after = d.after;
        if (d.minutes !== undefined) e.minutes = d.minutes;
        if (d.reason) e.reason = d.reason;
        return e;
      }),
  };
}
