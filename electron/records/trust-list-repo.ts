/**
 * The app's imported trust lists over migration 007: each kept as the exact text the user
 * imported, so every read checks the organisation signature again (trust-list-app.ts).
 */
import type Database from 'better-sqlite3';
import type { TrustListKind } from '../../shared/trust';

/** One imported list as stored. */
export interface TrustImportRow {
  id: number;
  name: string;
  kind: TrustListKind;
  organisationFingerprint: string | null;
  importedAt: string;
  text: string;
}

export interface TrustListRepo {
  /** Every imported list, oldest first. */
  all(): TrustImportRow[];
  add(row: Omit<TrustImportRow, 'id'>): number;
  /** False when there was no such list. */
  remove(id: number): boolean;
}

interface Row {
  id: number;
  name: string;
  kind: TrustListKind;
  organisation_fingerprint: string | null;
  imported_at: string;
  text: string;
}

export function createTrustListRepo(db: Database.Database): TrustListRepo {
  const q = {
    all: db.prepare<[], Row>('SELECT * FROM trust_imports ORDER BY id'),
    add: db.prepare('INSERT INTO trust_imports (name, kind, organisation_fingerprint, imported_at, text) VALUES (?, ?, ?, ?, ?)'),
    remove: db.prepare('DELETE FROM trust_imports WHERE id = ?'),
  };
  return {
    all: () => q.all.all().map((r) => ({ id: r.id, name: r.name, kind: r.kind, organisationFingerprint: r.organisation_fingerprint, importedAt: r.imported_at, text: r.text })),
    add: (r) => Number(q.add.run(r.name, r.kind, r.organisationFingerprint, r.importedAt, r.text).lastInsertRowid),
    remove: (id) => q.remove.run(id).changes > 0,
  };
}
