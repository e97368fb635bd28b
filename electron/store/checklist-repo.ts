/**
 * Checklists: an append-only event log per server (host, port). Setting a step or an
 * attestation appends an event; the current state of an item is its latest event, and
 * the log is the history of who changed what when. Nothing is ever updated or deleted
 * (migration 006 makes the database refuse it). Each event keeps what the admin was
 * shown when making it (`shown`), so a record can quote it later.
 */
import type Database from 'better-sqlite3';
import { MANUAL_CHECK_IDS, type ManualCheckId } from '../../shared/catalog';
import type { AttestationState, ChecklistEvent, ServerChecklist, ServerRef, ShownItem, StepState } from '../../shared/remediation';
import { StoreError } from './errors';
import { requirePort, requireTimestamp, runSql, toJson } from './repo-util';

/** One change to record. */
export interface ChecklistChange {
  kind: 'step' | 'attestation';
  /** A step id, or a manual check id for an attestation. */
  item: string;
  done: boolean;
  /** Who made the change (1-100 characters). */
  actor: string;
  note: string;
  /** ISO-8601 UTC. */
  at: string;
  /**
   * What the admin was shown for the item at this moment, rendered by the main process
   * (electron/remediation/shown.ts); null only when nothing could be rendered (no scan).
   */
  shown: ShownItem | null;
}

export interface ChecklistRepo {
  /** Appends one change; returns it as recorded. */
  append: (server: ServerRef, change: ChecklistChange) => ChecklistEvent;
  /** The server's checklist: current states and the whole history. */
  get: (server: ServerRef) => ServerChecklist;
  /** Step ids whose latest state is done. */
  doneSteps: (server: ServerRef) => Set<string>;
}

interface Row {
  seq: number;
  kind: 'step' | 'attestation';
  item: string;
  done: number;
  actor: string;
  at: string;
  note: string;
  shown: string | null;
}

const toEvent = (r: Row): ChecklistEvent => ({
  seq: r.seq, kind: r.kind, item: r.item, done: r.done === 1, by: r.actor, at: r.at, note: r.note,
  shown: r.shown === null ? null : (JSON.parse(r.shown) as ShownItem),
});

export function createChecklistRepo(db: Database.Database): ChecklistRepo {
  const q = {
    insert: db.prepare<[string, number, string, string, number, string, string, string, string | null]>(
      'INSERT INTO checklist_events (host, port, kind, item, done, actor, at, note, shown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    history: db.prepare<[string, number], Row>('SELECT seq, kind, item, done, actor, at, note, shown FROM checklist_events WHERE host = ? AND port = ? ORDER BY seq'),
  };

  const get = (server: ServerRef): ServerChecklist => {
    const history = q.history.all(server.host, server.port).map(toEvent);
    const steps = new Map<string, StepState>();
    const attestations = new Map<ManualCheckId, AttestationState>();
    for (const e of history) {
      if (e.kind === 'step') steps.set(e.item, { stepId: e.item, done: e.done, by: e.by, at: e.at, note: e.note, shown: e.shown });
      else attestations.set(e.item as ManualCheckId, { id: e.item as ManualCheckId, attested: e.done, by: e.by, at: e.at, note: e.note, shown: e.shown });
    }
    return { server: { host: server.host, port: server.port }, steps: [...steps.values()], attestations: [...attestations.values()], history };
  };

  return {
    append(server, c) {
      requirePort(server.port);
      requireTimestamp(c.at, 'at');
      if (server.host.length === 0) throw new StoreError('a checklist needs a host');
      if (c.actor.trim().length === 0 || c.actor.length > 100) throw new StoreError('say who made the change (1 to 100 characters)');
      if (c.item.length === 0 || c.item.length > 200) throw new StoreError('a checklist item id is 1 to 200 characters');
      if (c.kind === 'attestation' && !(MANUAL_CHECK_IDS as readonly string[]).includes(c.item)) {
        throw new StoreError(`${JSON.stringify(c.item)} is not a manual attestation (${MANUAL_CHECK_IDS.join(', ')})`);
      }
      const shown = c.shown === null ? null : toJson(c.shown, 'what the admin was shown');
      const { lastInsertRowid } = runSql('cannot record the checklist change', {}, () =>
        q.insert.run(server.host, server.port, c.kind, c.item, c.done ? 1 : 0, c.actor.trim(), c.at, c.note, shown),
      );
      return {
        seq: Number(lastInsertRowid), kind: c.kind, item: c.item, done: c.done, by: c.actor.trim(), at: c.at, note: c.note,
        shown: shown === null ? null : (JSON.parse(shown) as ShownItem),
      };
    },
    get,
    doneSteps: (server) => new Set(get(server).steps.filter((s) => s.done).map((s) => s.stepId)),
  };
}
