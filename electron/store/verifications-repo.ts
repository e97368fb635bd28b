/** Verifications: each re-probe with its verdicts and both observations (the evidence), never changed once saved. */
import type Database from 'better-sqlite3';
import type { ServerRef, Verification, VerificationRecord } from '../../shared/remediation';
import type { ServiceResult } from '../../shared/types';
import { requirePort, requireTimestamp, runSql, toJson } from './repo-util';

export interface VerificationsRepo {
  /** Saves a verification; throws StoreError on a duplicate id or a bad time. */
  save: (v: VerificationRecord) => void;
  /** One verification with its evidence; undefined when unknown. */
  get: (id: string) => VerificationRecord | undefined;
  /** A server's verifications, newest first (at most `limit`, default 50). */
  list: (server: ServerRef, limit?: number) => Verification[];
  /** The newest verification of a server whose re-probe started within [from, to] (ISO-8601). */
  latestBetween: (server: ServerRef, from: string, to: string) => Verification | undefined;
}

interface Row {
  result: string;
  before_service: string;
  after_service: string;
}

export function createVerificationsRepo(db: Database.Database): VerificationsRepo {
  const q = {
    insert: db.prepare(
      `INSERT INTO verifications (id, host, port, before_scan_id, before_at, after_at, after_finished_at, vantage_label, vantage_untrusted, passed, result, before_service, after_service)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    get: db.prepare<[string], Row>('SELECT result, before_service, after_service FROM verifications WHERE id = ?'),
    list: db.prepare<[string, number, number], { result: string }>(
      'SELECT result FROM verifications WHERE host = ? AND port = ? ORDER BY after_at DESC, rowid DESC LIMIT ?',
    ),
    between: db.prepare<[string, number, string, string], { result: string }>(
      'SELECT result FROM verifications WHERE host = ? AND port = ? AND after_at >= ? AND after_at <= ? ORDER BY after_at DESC, rowid DESC LIMIT 1',
    ),
  };
  return {
    save(v) {
      requirePort(v.service.port);
      requireTimestamp(v.after.at, 'after.at');
      requireTimestamp(v.after.finishedAt, 'after.finishedAt');
      const { beforeService, afterService, ...result } = v;
      runSql(`cannot save verification ${v.id}`, { SQLITE_CONSTRAINT_PRIMARYKEY: `verification ${v.id} already exists` }, () =>
        q.insert.run(
          v.id, v.service.host, v.service.port, v.before.scanId, v.before.at, v.after.at, v.after.finishedAt,
          v.after.vantage.label, v.after.vantage.untrusted ? 1 : 0, v.passed ? 1 : 0,
          toJson(result, 'verification'), toJson(beforeService, 'before service'), toJson(afterService, 'after service'),
        ),
      );
    },
    get(id) {
      const r = q.get.get(id);
      if (r === undefined) return undefined;
      return { ...(JSON.parse(r.result) as Verification), beforeService: JSON.parse(r.before_service) as ServiceResult, afterService: JSON.parse(r.after_service) as ServiceResult };
    },
    list: (server, limit = 50) => q.list.all(server.host, server.port, limit).map((r) => JSON.parse(r.result) as Verification),
    latestBetween(server, from, to) {
      const r = q.between.get(server.host, server.port, from, to);
      return r === undefined ? undefined : (JSON.parse(r.result) as Verification);
    },
  };
}
