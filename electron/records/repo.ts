/**
 * The records repository over migration 003: appending signed records to the hash
 * chain, co-signing, listing, the audit log and the operator registry. Each write is one
 * IMMEDIATE transaction, and the chain head is read inside it, so two processes signing
 * at once cannot fork the chain (the second waits, then extends the first's record).
 * The database's triggers refuse any UPDATE or DELETE of what is written here.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { isFindingToFix } from '../../shared/fails';
import { serverKey } from '../../shared/host';
import { RecordsError } from './errors';
import { claimBytes } from './claims';
import { checkRecord, recordHash, type Problem } from './integrity';
import { canonicalBytes } from './jcs';
import { formatFingerprint, verifySignature, type OperatorIdentity, type SigningKey } from './keys';
import { osUser } from './os-user';
import type { RecordBody, RecordDraft, RecordListItem, RecordSignature, SignatureKind, StoredRecord } from './types';

export type { RecordListItem } from './types';

export type AuditAction = 'signoff' | 'cosign' | 'export' | 'operator-added';

/** One line of the audit log. */
export interface AuditEntry {
  seq: number;
  /** ISO-8601 UTC. */
  at: string;
  action: AuditAction;
  actor: string;
  recordId: string | null;
  detail: Record<string, unknown>;
}

/** A known operator. */
export interface OperatorRecord extends OperatorIdentity {
  createdAt: string;
  /** True when the app holds this operator's private key (sealed with the OS keychain). */
  hasSealedKey: boolean;
  /** The OS user who added the operator (the audit log's `addedBy`); null for operators added before it was logged. */
  addedBy: string | null;
}

export interface RecordsRepo {
  /** Signs `draft` with the operator's key and appends it to the chain. */
  signoff(draft: RecordDraft, signer: SigningKey): StoredRecord;
  /** Adds a reviewer's signature over the same bytes. The stored record must verify first. */
  cosign(id: string, reviewer: SigningKey, at: string): StoredRecord;
  get(id: string): StoredRecord | undefined;
  /** The full id of the record whose id is `idOrPrefix` or starts with it (8+ characters). */
  resolveId(idOrPrefix: string): string;
  /** Every record in chain order (oldest first). */
  all(): StoredRecord[];
  list(): RecordListItem[];
  /** Every problem in the stored chain: each record intact, each link right. Empty when whole. */
  verifyChain(): Problem[];
  /** Appends an audit line (exports; sign-offs and co-signatures log themselves). */
  audit(action: AuditAction, actor: string, recordId: string | null, detail: Record<string, unknown>, at?: string): void;
  auditLog(): AuditEntry[];
  /** Registers a key-file operator (public key only); refuses a key already registered under another name. */
  registerOperator(op: OperatorIdentity, at: string, sealed?: { key: Buffer; with: 'safe-storage' }): void;
  operators(): OperatorRecord[];
  /** The sealed private key of an app-held operator, if any. */
  sealedKey(fingerprint: string): Buffer | undefined;
}

interface RecordRow {
  position: number;
  id: string;
  host: string;
  port: number;
  prev_hash: string | null;
  hash: string;
  canonical: Buffer;
}
interface SignatureRow {
  record_id: string;
  kind: SignatureKind;
  name: string;
  role: string;
  public_key: string;
  fingerprint: string;
  signature: string;
  signed_at: string;
  claim_signature: string | null;
}
interface OperatorRow {
  fingerprint: string;
  name: string;
  role: string;
  public_key: string;
  created_at: string;
  sealed_private_key: Buffer | null;
}

const toSignature = (r: SignatureRow): RecordSignature => ({
  kind: r.kind, name: r.name, role: r.role, publicKey: r.public_key, fingerprint: r.fingerprint, signature: r.signature, signedAt: r.signed_at,
  claimSignature: r.claim_signature ?? '',
});

/** Names compare without case and outer spaces: "Ada Admin" and "ada admin " are one person. */
const samePerson = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export interface RecordsRepoOptions {
  /** The OS user acting, for the audit log's operator-added lines (this process's user by default). */
  actor?: () => string;
}

export function createRecordsRepo(db: Database.Database, opts: RecordsRepoOptions = {}): RecordsRepo {
  const actor = opts.actor ?? osUser;
  const q = {
    head: db.prepare<[], { position: number; hash: string }>('SELECT position, hash FROM records ORDER BY position DESC LIMIT 1'),
    insertRecord: db.prepare('INSERT INTO records (position, id, host, port, created_at, supersedes, prev_hash, hash, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    insertSignature: db.prepare(
      'INSERT INTO record_signatures (record_id, kind, name, role, public_key, fingerprint, signature, signed_at, claim_signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertAudit: db.prepare('INSERT INTO audit_log (at, action, actor, record_id, detail) VALUES (?, ?, ?, ?, ?)'),
    get: db.prepare<[string], RecordRow>('SELECT position, id, host, port, prev_hash, hash, canonical FROM records WHERE id = ?'),
    byPrefix: db.prepare<[string, string], { id: string }>('SELECT id FROM records WHERE substr(id, 1, length(?)) = ? LIMIT 2'),
    all: db.prepare<[], RecordRow>('SELECT position, id, host, port, prev_hash, hash, canonical FROM records ORDER BY position'),
    signaturesOf: db.prepare<[string], SignatureRow>('SELECT * FROM record_signatures WHERE record_id = ? ORDER BY seq'),
    allSignatures: db.prepare<[], SignatureRow>('SELECT * FROM record_signatures ORDER BY seq'),
    supersededBy: db.prepare<[string], { id: string }>('SELECT id FROM records WHERE supersedes = ? ORDER BY position'),
    allSupersedes: db.prepare<[], { id: string; supersedes: string }>('SELECT id, supersedes FROM records WHERE supersedes IS NOT NULL ORDER BY position'),
    audit: db.prepare<[], { seq: number; at: string; action: AuditAction; actor: string; record_id: string | null; detail: string }>('SELECT * FROM audit_log ORDER BY seq'),
    operator: db.prepare<[string], OperatorRow>('SELECT * FROM operators WHERE fingerprint = ?'),
    operators: db.prepare<[], OperatorRow>('SELECT * FROM operators ORDER BY name, created_at'),
    addedBy: db.prepare<[], { fingerprint: string | null; added_by: unknown }>(
      "SELECT json_extract(detail, '$.fingerprint') AS fingerprint, json_extract(detail, '$.addedBy') AS added_by FROM audit_log WHERE action = 'operator-added' ORDER BY seq",
    ),
    insertOperator: db.prepare('INSERT INTO operators (fingerprint, name, role, public_key, created_at, sealed_private_key, sealed_with) VALUES (?, ?, ?, ?, ?, ?, ?)'),
  };

  const toStored = (r: RecordRow, sigs: RecordSignature[], supersededBy: string[]): StoredRecord => ({
    position: r.position, id: r.id, hash: r.hash, prevHash: r.prev_hash, canonical: r.canonical,
    body: JSON.parse(r.canonical.toString('utf8')) as RecordBody, signatures: sigs, supersededBy,
  });

  const get = (id: string): StoredRecord | undefined => {
    const r = q.get.get(id);
    return r === undefined ? undefined : toStored(r, q.signaturesOf.all(id).map(toSignature), q.supersededBy.all(id).map((x) => x.id));
  };

  const audit = (action: AuditAction, actor: string, recordId: string | null, detail: Record<string, unknown>, at = new Date().toISOString()): void => {
    q.insertAudit.run(at, action, actor.slice(0, 200) || 'unknown', recordId, JSON.stringify(detail));
  };

  /** Registers the signer, or checks that its key is not registered to someone else. */
  const ensureOperator = (op: OperatorIdentity, at: string, sealed?: { key: Buffer; with: 'safe-storage' }): void => {
    const row = q.operator.get(op.fingerprint);
    if (row !== undefined) {
      if (!samePerson(row.name, op.name)) {
        throw new RecordsError('invalid', `the key ${formatFingerprint(op.fingerprint.slice(0, 16))} … is registered in this database to ${JSON.stringify(row.name)}; it cannot sign as ${JSON.stringify(op.name)}`);
      }
      return;
    }
    q.insertOperator.run(op.fingerprint, op.name, op.role, op.publicKey, at, sealed?.key ?? null, sealed?.with ?? null);
    // The actor is the OS user who added the operator (not the name they chose): records
    // they sign can then say who brought this key into the app, and when.
    const by = actor();
    audit('operator-added', by, null, { fingerprint: op.fingerprint, name: op.name, role: op.role, keyHeld: sealed === undefined ? 'key file' : sealed.with, addedBy: by }, at);
  };

  const insertSignature = (recordId: string, kind: SignatureKind, key: SigningKey, bytes: Buffer, at: string): void => {
    const pub = Buffer.from(key.publicKey, 'base64');
    const sig = key.sign(bytes);
    const claim = claimBytes(recordHash(bytes), { kind, name: key.name, role: key.role, signedAt: at });
    const claimSig = key.sign(claim);
    // A key that does not produce verifiable signatures must never leave a record behind.
    if (!verifySignature(pub, bytes, sig) || !verifySignature(pub, claim, claimSig)) {
      throw new RecordsError('integrity', 'the key produced a signature that does not verify; nothing was signed');
    }
    q.insertSignature.run(recordId, kind, key.name, key.role, key.publicKey, key.fingerprint, sig.toString('base64'), at, claimSig.toString('base64'));
  };

  const signoffTx = db.transaction((draft: RecordDraft, signer: SigningKey): StoredRecord => {
    if (draft.supersedes !== null) {
      const old = q.get.get(draft.supersedes);
      if (old === undefined) throw new RecordsError('not-found', `record ${draft.supersedes} (to supersede) is not in this database`);
      if (old.host !== draft.server.host || old.port !== draft.server.port) {
        throw new RecordsError('invalid', `record ${old.id} is about ${serverKey(old)}, not ${serverKey(draft.server)}: a correction is about the same server`);
      }
      const later = q.supersededBy.all(old.id)[0];
      if (later !== undefined) throw new RecordsError('invalid', `record ${old.id} is already superseded by ${later.id}; supersede that one instead`);
    }
    ensureOperator(signer, draft.createdAt);
    const head = q.head.get();
    const body: RecordBody = { ...draft, chain: { position: (head?.position ?? 0) + 1, prev: head?.hash ?? null } };
    const bytes = canonicalBytes(body);
    const hash = recordHash(bytes);
    q.insertRecord.run(body.chain.position, body.id, body.server.host, body.server.port, body.createdAt, body.supersedes, body.chain.prev, hash, bytes);
    insertSignature(body.id, 'operator', signer, bytes, draft.createdAt);
    audit('signoff', signer.name, body.id, { fingerprint: signer.fingerprint, server: serverKey(body.server), position: body.chain.position, hash }, draft.createdAt);
    return get(body.id)!;
  });

  const cosignTx = db.transaction((id: string, reviewer: SigningKey, at: string): StoredRecord => {
    const rec = get(id);
    if (rec === undefined) throw new RecordsError('not-found', `no record ${id} in this database`);
    const { problems } = checkRecord({ where: `record ${id}`, canonical: rec.canonical, hash: rec.hash, signatures: rec.signatures });
    if (problems.length > 0) throw new RecordsError('integrity', `record ${id} in this database does not verify (${problems[0]!.message}); not co-signing it`);
    const same = rec.signatures.find((s) => s.fingerprint === reviewer.fingerprint);
    if (same !== undefined) throw new RecordsError('invalid', `record ${id} is already signed with this key (by ${same.name}); a co-signature must come from a second person`);
    const sameName = rec.signatures.find((s) => samePerson(s.name, reviewer.name));
    if (sameName !== undefined) throw new RecordsError('invalid', `record ${id} is already signed by ${sameName.name}; a co-signature must come from a second person`);
    ensureOperator(reviewer, at);
    insertSignature(id, 'reviewer', reviewer, rec.canonical, at);
    audit('cosign', reviewer.name, id, { fingerprint: reviewer.fingerprint, hash: rec.hash }, at);
    return get(id)!;
  });

  const all = (): StoredRecord[] => {
    const sigs = new Map<string, RecordSignature[]>();
    for (const s of q.allSignatures.all()) {
      const list = sigs.get(s.record_id) ?? [];
      list.push(toSignature(s));
      sigs.set(s.record_id, list);
    }
    const by = new Map<string, string[]>();
    for (const r of q.allSupersedes.all()) by.set(r.supersedes, [...(by.get(r.supersedes) ?? []), r.id]);
    return q.all.all().map((r) => toStored(r, sigs.get(r.id) ?? [], by.get(r.id) ?? []));
  };

  return {
    signoff(draft, signer) {
      if (draft.operator.fingerprint !== signer.fingerprint || draft.operator.name !== signer.name) {
        throw new RecordsError('invalid', 'the record names another operator than the key signing it');
      }
      return signoffTx.immediate(draft, signer);
    },
    cosign: (id, reviewer, at) => cosignTx.immediate(id, reviewer, at),
    get,
    resolveId(idOrPrefix) {
      const t = idOrPrefix.trim().toLowerCase();
      if (q.get.get(t) !== undefined) return t;
      if (t.length < 8) throw new RecordsError('not-found', `no record ${JSON.stringify(idOrPrefix)} in this database (give the id, or its first 8 characters or more)`);
      const rows = q.byPrefix.all(t, t);
      if (rows.length === 0) throw new RecordsError('not-found', `no record ${JSON.stringify(idOrPrefix)} in this database`);
      if (rows.length > 1) throw new RecordsError('invalid', `${JSON.stringify(idOrPrefix)} matches several records; give more of the id`);
      return rows[0]!.id;
    },
    all,
    list() {
      return all().map((r): RecordListItem => {
        const b = r.body;
        const reviewers = r.signatures.filter((s) => s.kind === 'reviewer').map((s) => ({ name: s.name, role: s.role, fingerprint: s.fingerprint, signedAt: s.signedAt }));
        return {
          position: r.position, id: r.id, host: b.server.host, port: b.server.port, createdAt: b.createdAt, operator: b.operator, reviewers,
          passed: b.verification === null ? null : b.verification.passed, counts: b.verification?.counts ?? null,
          findings: b.before.findings.filter(isFindingToFix).length,
          supersedes: b.supersedes, supersededBy: r.supersededBy, hash: r.hash, note: b.note,
        };
      });
    },
    verifyChain() {
      const problems: Problem[] = [];
      let prev: StoredRecord | undefined;
      for (const r of all()) {
        const where = `record ${r.position} (id ${r.id})`;
        const { body, problems: own } = checkRecord({ where, canonical: r.canonical, hash: r.hash, signatures: r.signatures });
        problems.push(...own);
        if (body !== undefined) {
          if (body.id !== r.id) problems.push({ kind: 'record-shape', where, message: `the signed id is ${body.id}` });
          if (body.chain.position !== r.position) problems.push({ kind: 'chain', where, message: `the signed position is ${body.chain.position}, the database says ${r.position}` });
          const expected = prev === undefined ? null : recordHash(prev.canonical);
          if (body.chain.prev !== expected) problems.push({ kind: 'chain', where: `chain link into ${where}`, message: 'the signed previous hash is not the hash of the record before it' });
        }
        prev = r;
      }
      return problems;
    },
    audit,
    auditLog: () => q.audit.all().map((r) => ({ seq: r.seq, at: r.at, action: r.action, actor: r.actor, recordId: r.record_id, detail: JSON.parse(r.detail) as Record<string, unknown> })),
    registerOperator: (op, at, sealed) => db.transaction(() => ensureOperator(op, at, sealed)).immediate(),
    operators() {
      const addedBy = new Map<string, string>();
      for (const a of q.addedBy.all()) if (typeof a.fingerprint === 'string' && typeof a.added_by === 'string') addedBy.set(a.fingerprint, a.added_by);
      return q.operators.all().map((r) => ({
        name: r.name, role: r.role, publicKey: r.public_key, fingerprint: r.fingerprint, createdAt: r.created_at, hasSealedKey: r.sealed_private_key !== null,
        addedBy: addedBy.get(r.fingerprint) ?? null,
      }));
    },
    sealedKey: (fp) => q.operator.get(fp)?.sealed_private_key ?? undefined,
  };
}

/** A new record id (UUID v4, lower case). */
export function newRecordId(): string {
  return randomUUID();
}
