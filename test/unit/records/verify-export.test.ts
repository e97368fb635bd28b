/**
 * Tampering with an exported file: every single field, bytes of the signed records, a
 * signature, a key, removed and reordered records. Each must be detected and named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExport, exportText, type RecordsExport } from '../../../electron/records/export-json';
import { recordHash } from '../../../electron/records/integrity';
import { canonicalize } from '../../../electron/records/jcs';
import { createRecordsRepo } from '../../../electron/records/repo';
import type { StoredRecord } from '../../../electron/records/types';
import { expectLastHash, verifyExportText, type VerifyReport } from '../../../electron/records/verify-export';
import { renderVerifyReport } from '../../../electron/records/verify-text';
import { openStore, type Store } from '../../../electron/store';
import { draftFor, operatorKey, seedStory } from './fixtures';

const ada = operatorKey('Ada Admin', 'PACS administrator');
const bob = operatorKey('Bob Owner', 'clinical system owner');
let store: Store;
let records: StoredRecord[];
let text: string;

beforeAll(() => {
  store = openStore(':memory:');
  const repo = createRecordsRepo(store.db);
  seedStory(store);
  seedStory(store, '127.0.0.2', 104);
  const r1 = repo.signoff(draftFor(store, ada), ada);
  repo.cosign(r1.id, bob, '2025-03-02T09:00:00.000Z');
  repo.signoff(draftFor(store, ada, { host: '127.0.0.2', port: 104, createdAt: '2025-03-01T12:40:00.000Z' }), ada);
  const r3 = repo.signoff(draftFor(store, ada, { supersedes: r1.id, note: 'correction: the note named the wrong firewall', createdAt: '2025-03-01T13:00:00.000Z' }), ada);
  repo.cosign(r3.id, bob, '2025-03-02T09:05:00.000Z');
  records = repo.all();
  text = exportText(buildExport(records, 'chain', { toolVersion: '0.1.0', exportedAt: '2025-03-03T08:00:00.000Z' }));
});
afterAll(() => store.close());

const d0 = { get records() { return doc().records; } };
const doc = (): RecordsExport & Record<string, unknown> => JSON.parse(text) as RecordsExport & Record<string, unknown>;
const verify = (d: unknown): VerifyReport => verifyExportText(JSON.stringify(d));

/** Every leaf of `v` with its path (as an array of keys). */
function leaves(v: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(v)) return v.length === 0 ? [path] : v.flatMap((x, i) => leaves(x, [...path, i]));
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    return keys.length === 0 ? [path] : keys.flatMap((k) => leaves((v as Record<string, unknown>)[k], [...path, k]));
  }
  return [path];
}

/** A different value of the same JSON type (or 'x' for null / empty containers). */
function changed(v: unknown): unknown {
  if (typeof v === 'string') return v === '' ? 'x' : `${v.slice(0, -1)}${v.endsWith('x') ? 'y' : 'x'}`;
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return ['x'];
  if (typeof v === 'object' && v !== null) return { x: 1 };
  return 'x';
}

function setAt(root: unknown, path: ReadonlyArray<string | number>, value: unknown): void {
  let cur = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = value;
}

function getAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  return path.reduce<unknown>((cur, k) => (cur as Record<string | number, unknown>)[k], root);
}

describe('an untouched export', () => {
  it('verifies, with every signature holding', () => {
    const report = verifyExportText(text);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.records.map((r) => [r.position, r.signatures.map((s) => [s.kind, s.name, s.holds])])).toEqual([
      [1, [['operator', 'Ada Admin', true], ['reviewer', 'Bob Owner', true]]],
      [2, [['operator', 'Ada Admin', true]]],
      [3, [['operator', 'Ada Admin', true], ['reviewer', 'Bob Owner', true]]],
    ]);
    expect(report.chain).toEqual({ links: 2, fromStart: true });
    expect(renderVerifyReport(report, 'x.json')).toMatch(/INTACT/);
  });

  it('holds the exact database bytes, a readable copy and the chain info', () => {
    const d = doc();
    expect(Buffer.from(d.records[1]!.signed, 'base64').equals(records[1]!.canonical)).toBe(true);
    expect(d.records[1]!.prevHash).toBe(records[0]!.hash);
    expect(d.records[1]!.hash).toBe(recordHash(records[1]!.canonical));
    expect(d.records[0]!.supersededBy).toEqual([records[2]!.id]);
    expect(d.chain).toEqual({ count: 3, positions: [1, 2, 3], lastHash: records[2]!.hash });
  });
});

describe('changing any single field of the file', () => {
  /** Fields that describe the file, not the records: changing them changes no claim about a record. */
  const cosmetic = (p: ReadonlyArray<string | number>): boolean => ['exportedAt', 'tool', 'verify', 'scope'].includes(String(p[0]));

  it('is detected for every leaf, and the problem names the record it is in', () => {
    const d0 = doc();
    const paths = leaves(d0).filter((p) => !cosmetic(p));
    expect(paths.length).toBeGreaterThan(300);
    const undetected: string[] = [];
    const unnamed: string[] = [];
    for (const p of paths) {
      const d = doc();
      setAt(d, p, changed(getAt(d, p)));
      const report = verify(d);
      if (report.ok) undetected.push(p.join('.'));
      else if (p[0] === 'records' && !report.problems.some((x) => x.where.startsWith(`record ${Number(p[1]) + 1} `) || x.where.includes(`record ${Number(p[1]) + 1}`))) unnamed.push(p.join('.'));
    }
    expect(undetected).toEqual([]);
    expect(unnamed).toEqual([]);
  });

  it('names the path of a changed field of the readable copy', () => {
    const d = doc();
    d.records[0]!.record.before.findings[1]!.status = 'pass';
    const report = verify(d);
    expect(report.problems).toEqual([
      { kind: 'parsed-copy', where: `record 1 (id ${records[0]!.id})`, message: 'the readable copy ("record") differs from the signed bytes at record.before.findings[1].status' },
    ]);
  });

  it('a field changed inside the signed bytes, even with the hash and copy redone, breaks that record\'s signatures and the next link', () => {
    const d = doc();
    const body = JSON.parse(Buffer.from(d.records[0]!.signed, 'base64').toString('utf8')) as StoredRecord['body'];
    body.verification!.passed = !body.verification!.passed;
    const bytes = Buffer.from(canonicalize(body), 'utf8');
    d.records[0]!.signed = bytes.toString('base64');
    d.records[0]!.hash = recordHash(bytes);
    d.records[0]!.record = body;
    const report = verify(d);
    const where = report.problems.map((p) => `${p.kind} @ ${p.where}`);
    expect(where).toEqual(expect.arrayContaining([
      expect.stringMatching(/^signature @ record 1 \(id .*\), signature 1 \(operator Ada Admin/),
      expect.stringMatching(/^signature @ record 1 \(id .*\), signature 2 \(reviewer Bob Owner/),
      expect.stringMatching(/^chain @ chain between record 1 \(position 1\) and record 2 \(position 2\)/),
    ]));
    expect(report.problems.every((p) => p.kind !== 'canonical-form')).toBe(true);
  });
});

describe('changing bytes of the signed records', () => {
  it('every 11th byte of record 2, flipped, is detected in record 2', () => {
    const missed: number[] = [];
    const d0 = doc();
    const bytes = Buffer.from(d0.records[1]!.signed, 'base64');
    for (let i = 0; i < bytes.length; i += 11) {
      const d = doc();
      const b = Buffer.from(bytes);
      b[i] = b[i]! ^ 0x01;
      d.records[1]!.signed = b.toString('base64');
      const report = verify(d);
      if (report.ok || !report.problems.some((p) => p.where.startsWith('record 2 '))) missed.push(i);
    }
    expect(missed).toEqual([]);
  });

  it('bytes that are validly signed but not canonical are named as such (and only that)', () => {
    const d = doc();
    const body = JSON.parse(Buffer.from(d.records[1]!.signed, 'base64').toString('utf8')) as unknown;
    const pretty = Buffer.from(JSON.stringify(body, null, 1), 'utf8');
    // An attacker holding Ada's key could sign any bytes; non-canonical ones are still refused.
    d.records[1]!.signed = pretty.toString('base64');
    d.records[1]!.hash = recordHash(pretty);
    const report = verifyExportText(JSON.stringify(d));
    expect(report.problems.some((p) => p.kind === 'canonical-form' && p.where.startsWith('record 2 ') && /not in RFC 8785 canonical form/.test(p.message))).toBe(true);
  });
});

describe('signatures and keys', () => {
  it('a signature copied from another record is named', () => {
    const d = doc();
    d.records[0]!.signatures[1]!.signature = d.records[2]!.signatures[1]!.signature;
    const report = verify(d);
    expect(report.problems).toEqual([
      { kind: 'signature', where: expect.stringMatching(/^record 1 \(id .*\), signature 2 \(reviewer Bob Owner, key [0-9a-f ]+ …\)$/) as unknown, message: 'the signature does not hold over the signed bytes with this public key' },
    ]);
    expect(report.records[0]!.signatures.map((s) => s.holds)).toEqual([true, false]);
  });

  it('a public key swapped for another is named: its fingerprint does not match', () => {
    const d = doc();
    d.records[1]!.signatures[0]!.publicKey = bob.publicKey;
    const report = verify(d);
    expect(report.problems.find((p) => p.kind === 'fingerprint')).toMatchObject({ where: expect.stringMatching(/^record 2 .*signature 1 \(operator Ada Admin/) as unknown, message: expect.stringMatching(/does not match its shown fingerprint/) as unknown });
  });

  it("a key and fingerprint swapped together: the signature fails and it is not the operator's key", () => {
    const d = doc();
    d.records[1]!.signatures[0]!.publicKey = bob.publicKey;
    d.records[1]!.signatures[0]!.fingerprint = bob.fingerprint;
    const kinds = verify(d).problems.map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(['signature', 'operator']));
  });

  it("a reviewer's name or time changed after signing is named (the claim signature)", () => {
    const d = doc();
    d.records[2]!.signatures[1]!.signedAt = '2025-03-01T00:00:00.000Z';
    expect(verify(d).problems).toEqual([
      { kind: 'signature', where: expect.stringMatching(/^record 3 .*signature 2 \(reviewer Bob Owner/) as unknown, message: expect.stringMatching(/claim .* does not hold/) as unknown },
    ]);
  });

  it.each([
    ['name', (s: Record<string, unknown>) => (s.name = 'Mallory Owner')],
    ['role', (s: Record<string, unknown>) => (s.role = 'chief executive')],
    ['signing time', (s: Record<string, unknown>) => (s.signedAt = '2025-03-01T00:00:00.000Z')],
    ['claim signature', (s: Record<string, unknown>) => (s.claimSignature = (d0.records[0]!.signatures[1] as unknown as Record<string, unknown>).claimSignature)],
  ])("the per-signature holds flag is false when only the claim no longer holds (%s changed)", (_what, edit) => {
    const d = doc();
    edit(d.records[2]!.signatures[1] as unknown as Record<string, unknown>);
    const report = verify(d);
    expect(report.ok).toBe(false);
    expect(report.records[2]!.signatures.map((s) => s.holds)).toEqual([true, false]);
    expect(report.records[0]!.signatures.map((s) => s.holds)).toEqual([true, true]);
    expect(renderVerifyReport(report, 'x.json')).toMatch(/signature 2: reviewer .* DOES NOT HOLD/);
  });

  it('a signer name carrying a lone surrogate (escaped in the JSON) is reported as a claim that does not hold, never thrown', () => {
    const d = doc();
    d.records[2]!.signatures[1]!.name = 'Bob \ud800Owner';
    const report = verify(d);
    expect(report.ok).toBe(false);
    expect(report.records[2]!.signatures.map((s) => s.holds)).toEqual([true, false]);
    expect(report.problems).toEqual([
      { kind: 'signature', where: expect.stringMatching(/^record 3 .*signature 2/) as unknown, message: expect.stringMatching(/claim .* does not hold/) as unknown },
    ]);
  });

  it('a removed co-signature is not a forgery, but the remaining ones still verify', () => {
    const d = doc();
    d.records[0]!.signatures.pop();
    expect(verify(d).ok).toBe(true);
    expect(verify(d).records[0]!.signatures).toHaveLength(1);
  });
});

describe('removing and reordering records', () => {
  it('a record removed from the middle is named, also when the manifest is redone', () => {
    const d = doc();
    d.records.splice(1, 1);
    const report = verify(d);
    expect(report.problems).toEqual(expect.arrayContaining([
      { kind: 'chain', where: 'chain between record 1 (position 1) and record 2 (position 3)', message: 'record at position 2 is missing' },
      expect.objectContaining({ kind: 'chain', where: "the file's manifest" }),
    ]));
    d.chain = { count: 2, positions: [1, 3], lastHash: d.chain.lastHash };
    expect(verify(d).problems).toEqual([{ kind: 'chain', where: 'chain between record 1 (position 1) and record 2 (position 3)', message: 'record at position 2 is missing' }]);
  });

  it('the first record removed from a whole-chain file is named', () => {
    const d = doc();
    d.records.shift();
    d.chain = { count: 2, positions: [2, 3], lastHash: d.chain.lastHash };
    expect(verify(d).problems.map((p) => p.message)).toContain('the file claims the whole chain but starts at position 2: record at position 1 is missing');
  });

  it('swapped records are named as out of order', () => {
    const d = doc();
    [d.records[1], d.records[2]] = [d.records[2]!, d.records[1]!];
    const messages = verify(d).problems.map((p) => p.message);
    expect(messages).toContain('records are out of order: position 2 comes after position 3');
  });

  it('a cut-off tail with a redone manifest is found against the known last hash', () => {
    const d = doc();
    d.records.pop();
    d.chain = { count: 2, positions: [1, 2], lastHash: d.records[1]!.hash };
    d.records[0]!.supersededBy = [];
    const t = JSON.stringify(d);
    const report = verifyExportText(t);
    expect(report.ok).toBe(true); // the file alone cannot know what came after it
    expectLastHash(report, t, records[2]!.hash);
    expect(report.ok).toBe(false);
    expect(report.problems[0]!.message).toMatch(/records after it are missing/);
  });
});

describe('files that are not exports', () => {
  it.each([
    ['not JSON', '{"format": ', /not a JSON document/],
    ['another document', '{"format":"something/1"}', /not a Collimator records export/],
    ['no records', JSON.stringify({ format: 'collimator.records-export/1', records: [] }), /holds no records/],
  ])('%s', (_what, t, message) => {
    const report = verifyExportText(t);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'file', message: expect.stringMatching(message) as unknown });
  });
});
