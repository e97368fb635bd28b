/**
 * "Closed as seen from the internet" attached to a server as evidence (issue 13,
 * migration 15): append-only, one row per attachment. `attach` runs the caller's
 * decision (is the closure still shown by the reconcile table?) and the insert in ONE
 * immediate transaction, so what was checked is what is written, even with another
 * process (the CLI beside the app) importing at the same time. Works on a Store's `db`,
 * like the records repository.
 */
import type Database from 'better-sqlite3';
import { serverKey } from '../../shared/host';
import type { AttachedInternetClosure } from '../../shared/internet';
import type { ServerRef } from '../../shared/remediation';
import { StoreError } from './errors';
import { requirePort, requireTimestamp, runSql } from './repo-util';

/** What is attached (its number is the database's). */
export type NewInternetClosure = Omit<AttachedInternetClosure, 'seq'>;

export interface InternetClosuresRepo {
  /**
   * Calls `decide` inside one immediate transaction and appends what it returns; a
   * throw from `decide` (a refusal) writes nothing. Refused as well when the same
   * import's closure of that public host:port is attached to that server already.
   */
  attach(decide: () => NewInternetClosure): AttachedInternetClosure;
  /** The server's attached closures, oldest first (every server's when none is named). */
  list(server?: ServerRef): AttachedInternetClosure[];
}

interface Row {
  seq: number;
  host: string;
  port: number;
  public_host: string;
  public_port: number;
  closed_at: string;
  how: AttachedInternetClosure['how'];
  source: AttachedInternetClosure['source'];
  import_id: string;
  file_name: string;
  file_sha256: string;
  last_open_at: string;
  last_open_source: AttachedInternetClosure['lastOpenSource'];
  attached_at: string;
  attached_by: string;
}

const COLS = 'host, port, public_host, public_port, closed_at, how, source, import_id, file_name, file_sha256, last_open_at, last_open_source, attached_at, attached_by';

function fromRow(r: Row): AttachedInternetClosure {
  return {
    seq: r.seq, host: r.host, port: r.port, publicHost: r.public_host, publicPort: r.public_port, closedAt: r.closed_at, how: r.how, source: r.source,
    importId: r.import_id, fileName: r.file_name, fileSha256: r.file_sha256, lastOpenAt: r.last_open_at, lastOpenSource: r.last_open_source,
    attachedAt: r.attached_at, attachedBy: r.attached_by,
  };
}

export function createInternetClosuresRepo(db: Database.Database): InternetClosuresRepo {
  const q = {
    insert: db.prepare(`INSERT INTO internet_closures (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    same: db.prepare<[string, number, string, number, string], Row>(`SELECT seq, ${COLS} FROM internet_closures WHERE host = ? AND port = ? AND public_host = ? AND public_port = ? AND import_id = ?`),
    bySeq: db.prepare<[number | bigint], Row>(`SELECT seq, ${COLS} FROM internet_closures WHERE seq = ?`),
    ofServer: db.prepare<[string, number], Row>(`SELECT seq, ${COLS} FROM internet_closures WHERE host = ? AND port = ? ORDER BY seq`),
    all: db.prepare<[], Row>(`SELECT seq, ${COLS} FROM internet_closures ORDER BY seq`),
  };
  const attachTx = db.transaction((decide: () => NewInternetClosure): AttachedInternetClosure => {
    const c = decide();
    requirePort(c.port);
    requirePort(c.publicPort, 'publicPort');
    requireTimestamp(c.attachedAt, 'attachedAt');
    if (c.attachedBy.trim() === '') throw new StoreError('say who attaches it (a name)');
    if (!/^[0-9a-f]{64}$/.test(c.fileSha256)) throw new StoreError('the file hash must be a hex SHA-256');
    const before = q.same.get(c.host, c.port, c.publicHost, c.publicPort, c.importId);
    if (before) throw new StoreError(`${serverKey({ host: c.publicHost, port: c.publicPort })} closed on ${c.closedAt.slice(0, 10)} is already attached to this server (by ${before.attached_by}, ${before.attached_at})`);
    const info = runSql('cannot attach the closure', {}, () =>
      q.insert.run(c.host, c.port, c.publicHost, c.publicPort, c.closedAt, c.how, c.source, c.importId, c.fileName, c.fileSha256, c.lastOpenAt, c.lastOpenSource, c.attachedAt, c.attachedBy),
    );
    return fromRow(q.bySeq.get(info.lastInsertRowid)!);
  });
  return {
    attach: (decide) => attachTx.immediate(decide),
    list: (server) => (server === undefined ? q.all.all() : q.ofServer.all(server.host, server.port)).map(fromRow),
  };
}
