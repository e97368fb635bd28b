/**
 * Acknowledgements that a checklist step cuts off recently seen peers (issue 14,
 * migration 009): one row per checklist change, append-only. The service writes the
 * change and its acknowledgement in one transaction (`appendWith`).
 */
import type Database from 'better-sqlite3';
import type { CutOffAcknowledgement } from '../../shared/peers';
import type { ServerRef } from '../../shared/remediation';
import type { ChecklistChange, ChecklistRepo } from './checklist-repo';
import type { ChecklistEvent } from '../../shared/remediation';
import { requirePort, runSql, toJson } from './repo-util';

export interface CutOffAcksRepo {
  /** Appends the checklist change and, when `ack` is given, its acknowledgement, in one transaction. */
  appendWith(server: ServerRef, change: ChecklistChange, ack: Pick<CutOffAcknowledgement, 'peers' | 'recentDays'> | null): { event: ChecklistEvent; ack: CutOffAcknowledgement | null };
  /** The server's acknowledgements, oldest first. */
  list(server: ServerRef): CutOffAcknowledgement[];
}

interface Row {
  seq: number;
  step_id: string;
  peers: string;
  recent_days: number;
  actor: string;
  at: string;
}

export function createCutOffAcksRepo(db: Database.Database, checklists: ChecklistRepo): CutOffAcksRepo {
  const q = {
    insert: db.prepare<[number, string, number, string, string, number]>('INSERT INTO cut_off_acknowledgements (seq, host, port, step_id, peers, recent_days) VALUES (?, ?, ?, ?, ?, ?)'),
    list: db.prepare<[string, number], Row>(
      `SELECT a.seq, a.step_id, a.peers, a.recent_days, e.actor, e.at FROM cut_off_acknowledgements a JOIN checklist_events e ON e.seq = a.seq
       WHERE a.host = ? AND a.port = ? ORDER BY a.seq`,
    ),
  };
  const toAck = (r: Row): CutOffAcknowledgement => ({
    seq: r.seq, stepId: r.step_id, peers: JSON.parse(r.peers) as CutOffAcknowledgement['peers'], recentDays: r.recent_days, by: r.actor, at: r.at,
  });
  const appendTx = db.transaction((server: ServerRef, change: ChecklistChange, ack: Pick<CutOffAcknowledgement, 'peers' | 'recentDays'> | null) => {
    const event = checklists.append(server, change);
    if (ack === null) return { event, ack: null };
    requirePort(server.port);
    const peers = toJson(ack.peers, 'the acknowledged peers');
    runSql('cannot record the acknowledgement', {}, () => q.insert.run(event.seq, server.host, server.port, change.item, peers, ack.recentDays));
    return { event, ack: { seq: event.seq, stepId: change.item, peers: JSON.parse(peers) as CutOffAcknowledgement['peers'], recentDays: ack.recentDays, by: event.by, at: event.at } };
  });
  return {
    appendWith: (server, change, ack) => appendTx(server, change, ack),
    list: (server) => q.list.all(server.host, server.port).map(toAck),
  };
}
