/** Maintenance windows: a name, a start and an end, and the servers in it. Survive restarts because they live here. */
import type Database from 'better-sqlite3';
import type { MaintenanceWindow } from '../../shared/remediation';
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
}

interface Row {
  id: string;
  name: string;
  starts_at: string;
  ends_at: string;
  created_at: string;
}

export function createMaintenanceWindowsRepo(db: Database.Database): MaintenanceWindowsRepo {
  const q = {
    insert: db.prepare('INSERT INTO maintenance_windows (id, name, starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?)'),
    insertServer: db.prepare('INSERT INTO window_servers (window_id, position, host, port) VALUES (?, ?, ?, ?)'),
    list: db.prepare<[], Row>('SELECT * FROM maintenance_windows ORDER BY starts_at DESC, rowid DESC'),
    get: db.prepare<[string], Row>('SELECT * FROM maintenance_windows WHERE id = ?'),
    servers: db.prepare<[string], { host: string; port: number }>('SELECT host, port FROM window_servers WHERE window_id = ? ORDER BY position'),
  };
  const toWindow = (r: Row): MaintenanceWindow => ({
    id: r.id,
    name: r.name,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    createdAt: r.created_at,
    servers: q.servers.all(r.id).map((s) => ({ host: s.host, port: s.port })),
  });
  const createTx = db.transaction((w: MaintenanceWindow) => {
    q.insert.run(w.id, w.name, w.startsAt, w.endsAt, w.createdAt);
    w.servers.forEach((s, i) => q.insertServer.run(w.id, i, s.host, s.port));
  });
  return {
    create(w) {
      requireTimestamp(w.startsAt, 'startsAt');
      requireTimestamp(w.endsAt, 'endsAt');
      requireTimestamp(w.createdAt, 'createdAt');
      if (w.endsAt <= w.startsAt) throw new StoreError('a maintenance window must end after it starts');
      if (w.name.trim() === '' || w.name.length > 200) throw new StoreError('a maintenance window needs a name (1 to 200 characters)');
      for (const s of w.servers) requirePort(s.port);
      runSql(`cannot create window ${w.name}`, {
        SQLITE_CONSTRAINT_PRIMARYKEY: `a server is listed twice in window ${w.name}`,
      }, () => createTx.immediate(w));
    },
    list: () => q.list.all().map(toWindow),
    get(id) {
      const r = q.get.get(id);
      return r === undefined ? undefined : toWindow(r);
    },
  };
}
