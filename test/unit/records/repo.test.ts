/** The records repository: building, signing, chaining, co-signing, and the database refusing edits. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDraft, storeSource, type RecordSource } from '../../../electron/records/build';
import { RecordsError } from '../../../electron/records/errors';
import { checkRecord, recordHash } from '../../../electron/records/integrity';
import { canonicalize } from '../../../electron/records/jcs';
import { createRecordsRepo, type RecordsRepo } from '../../../electron/records/repo';
import { openStore, type Store } from '../../../electron/store';
import { draftFor, HOST, operatorKey, PORT, seedScan, seedStory } from './fixtures';

let store: Store;
let repo: RecordsRepo;
beforeEach(() => {
  store = openStore(':memory:');
  repo = createRecordsRepo(store.db, { actor: () => 'pacs-admin' });
});
afterEach(() => store.close());

const ada = operatorKey('Ada Admin', 'PACS administrator');
const bob = operatorKey('Bob Owner', 'clinical system owner');

describe('building a record from the store', () => {
  it('holds the findings before with evidence, the steps with who/when and text, the attestation, the verification and the window', () => {
    const { stepIds } = seedStory(store);
    const d = draftFor(store, ada);
    expect(d.server).toEqual({ host: HOST, port: PORT, protocol: 'dicom', product: expect.objectContaining({ name: 'Orthanc', version: '1.10.1' }) as unknown, calledAe: 'ORTHANC' });
    expect(d.before.scanId).toBe(`scan-${HOST}-${PORT}`);
    const finding = d.before.findings.find((f) => f.id === 'dicom.any-calling-ae')!;
    expect(finding).toMatchObject({ status: 'fail', severity: 'high', title: 'Accepts any calling AE title', evidence: { callingAe: 'CLM5F3A9', accepted: true } });
    expect(finding.attack).toEqual([{ id: 'T1133', name: 'External Remote Services' }, { id: 'T1213', name: 'Data from Information Repositories' }]);
    expect(d.checklist.steps.map((s) => [s.id, s.done, s.by, s.at])).toEqual([
      [stepIds[0], true, 'Ada Admin', '2025-03-01T11:00:00.000Z'],
      [stepIds[1], true, 'Ada Admin', '2025-03-01T11:05:00.000Z'],
    ]);
    expect(d.checklist.steps[0]!.text).toEqual(expect.any(String));
    expect(d.checklist.steps[0]!.note).toBe('edited orthanc.json');
    expect(d.checklist.progress).toEqual({ done: 2, total: expect.any(Number) as unknown });
    expect(d.checklist.history).toHaveLength(3);
    expect(d.format).toBe('collimator.record/4');
    expect(d.checklist.notTicked!.map((s) => s.id)).not.toContain(stepIds[0]);
    expect(d.checklist.notTicked).toHaveLength(d.checklist.progress!.total - 2);
    expect(d.attestations).toEqual([{ id: 'manual.patch-level', title: 'Vendor patch level', attested: true, by: 'Ada Admin', at: '2025-03-01T11:10:00.000Z', note: 'Orthanc 1.10.1, vendor bulletin 2025-02' }]);
    expect(d.verification).toMatchObject({ id: `ver-${HOST}-${PORT}`, passed: true, at: '2025-03-01T12:00:00.000Z' });
    const fixed = d.verification!.checks.find((c) => c.id === 'dicom.any-calling-ae')!;
    expect(fixed).toMatchObject({ before: 'fail', after: 'pass', verdict: 'fixed', beforeEvidence: { evidence: { accepted: true } }, afterEvidence: { evidence: { accepted: false } } });
    expect(d.maintenanceWindow).toEqual({ id: `win-${HOST}-${PORT}`, name: 'March maintenance', startsAt: '2025-03-01T09:00:00.000Z', endsAt: '2025-03-01T13:00:00.000Z' });
    expect(d.vantage).toEqual({ label: 'radiology VLAN', untrusted: false });
    // The draft is plain JSON: it canonicalizes without loss.
    expect(JSON.parse(canonicalize(d))).toEqual(d);
  });

  it('without a verification: the latest scan, verification null, no window outside its time', () => {
    seedScan(store, 'only-scan', '2025-04-01T10:00:00.000Z');
    const d = draftFor(store, ada, { createdAt: '2025-04-01T10:30:00.000Z' });
    expect(d.before.scanId).toBe('only-scan');
    expect(d.verification).toBeNull();
    expect(d.maintenanceWindow).toBeNull();
    expect(d.checklist).toMatchObject({ steps: [], progress: { done: 0, total: expect.any(Number) as unknown }, history: [] });
    // Every counted step is listed as never ticked.
    expect(d.checklist.notTicked).toHaveLength(d.checklist.progress!.total);
  });

  it('refuses a server that was never scanned', () => {
    expect(() => draftFor(store, ada, { host: '127.0.0.9' })).toThrow(/127\.0\.0\.9:11112 has never been scanned in this database/);
  });

  it('uses only the source port (a fake source, no SQL)', () => {
    const source: RecordSource = { ...storeSource(store), latestScan: () => undefined, latestVerification: () => undefined };
    expect(() => buildDraft(source, { host: HOST, port: PORT }, { id: 'x', createdAt: '2025-01-01T00:00:00.000Z', toolVersion: '0', operator: { name: 'a', role: '', fingerprint: 'f' }, note: '', supersedes: null })).toThrow(/never been scanned/);
  });
});

describe('signing and the chain', () => {
  it('signs the canonical bytes, chains each record to the previous one, and logs it', () => {
    seedStory(store);
    seedStory(store, '127.0.0.2', 104);
    const r1 = repo.signoff(draftFor(store, ada), ada);
    const r2 = repo.signoff(draftFor(store, ada, { host: '127.0.0.2', port: 104 }), ada);
    expect(r1.body.chain).toEqual({ position: 1, prev: null });
    expect(r2.body.chain).toEqual({ position: 2, prev: r1.hash });
    expect(r1.canonical.toString('utf8')).toBe(canonicalize(r1.body));
    expect(r1.hash).toBe(recordHash(r1.canonical));
    expect(r1.signatures).toEqual([expect.objectContaining({ kind: 'operator', name: 'Ada Admin', role: 'PACS administrator', fingerprint: ada.fingerprint, publicKey: ada.publicKey })]);
    expect(checkRecord({ where: 'r1', canonical: r1.canonical, hash: r1.hash, signatures: r1.signatures }).problems).toEqual([]);
    expect(repo.verifyChain()).toEqual([]);
    expect(repo.auditLog().map((a) => [a.action, a.actor, a.recordId])).toEqual([
      ['operator-added', 'pacs-admin', null],
      ['signoff', 'Ada Admin', r1.id],
      ['signoff', 'Ada Admin', r2.id],
    ]);
    expect(repo.operators()).toEqual([expect.objectContaining({ name: 'Ada Admin', fingerprint: ada.fingerprint, hasSealedKey: false, addedBy: 'pacs-admin' })]);
  });

  it('a reviewer co-signs the same bytes; the same person or key cannot co-sign', () => {
    seedStory(store);
    const r = repo.signoff(draftFor(store, ada), ada);
    const after = repo.cosign(r.id, bob, '2025-03-02T09:00:00.000Z');
    expect(after.canonical.equals(r.canonical)).toBe(true);
    expect(after.hash).toBe(r.hash);
    expect(after.signatures.map((s) => [s.kind, s.name, s.signedAt])).toEqual([
      ['operator', 'Ada Admin', '2025-03-01T12:30:00.000Z'],
      ['reviewer', 'Bob Owner', '2025-03-02T09:00:00.000Z'],
    ]);
    expect(checkRecord({ where: 'r', canonical: after.canonical, hash: after.hash, signatures: after.signatures }).problems).toEqual([]);
    expect(() => repo.cosign(r.id, bob, '2025-03-02T09:01:00.000Z')).toThrow(/already signed with this key/);
    expect(() => repo.cosign(r.id, operatorKey('ada admin', ''), '2025-03-02T09:01:00.000Z')).toThrow(/already signed by Ada Admin/);
    expect(() => repo.cosign('no-such-record', bob, '2025-03-02T09:01:00.000Z')).toThrow(RecordsError);
    expect(repo.get(r.id)!.signatures).toHaveLength(2);
  });

  it('a key registered to one person cannot sign as another', () => {
    seedStory(store);
    repo.signoff(draftFor(store, ada), ada);
    const mallory = { ...ada, name: 'Mallory' };
    expect(() => repo.signoff(draftFor(store, mallory), mallory)).toThrow(/registered in this database to "Ada Admin"/);
    expect(repo.all()).toHaveLength(1);
  });

  it('a correction supersedes the record, which stays as it was; only of the same server, only once', () => {
    seedStory(store);
    seedStory(store, '127.0.0.2', 104);
    const r1 = repo.signoff(draftFor(store, ada), ada);
    expect(() => repo.signoff(draftFor(store, ada, { host: '127.0.0.2', port: 104, supersedes: r1.id }), ada)).toThrow(/is about 127\.0\.0\.1:11112, not 127\.0\.0\.2:104/);
    expect(() => repo.signoff(draftFor(store, ada, { supersedes: 'nope' }), ada)).toThrow(/nope \(to supersede\) is not in this database/);
    const r2 = repo.signoff(draftFor(store, ada, { supersedes: r1.id, note: 'corrected note' }), ada);
    expect(repo.get(r1.id)!.supersededBy).toEqual([r2.id]);
    expect(repo.get(r1.id)!.canonical.equals(r1.canonical)).toBe(true);
    expect(() => repo.signoff(draftFor(store, ada, { supersedes: r1.id }), ada)).toThrow(/already superseded by/);
    expect(repo.list().map((l) => [l.id, l.supersedes, l.supersededBy])).toEqual([[r1.id, null, [r2.id]], [r2.id, r1.id, []]]);
  });

  it('resolves ids by unique prefix of 8+ characters', () => {
    seedStory(store);
    const r = repo.signoff(draftFor(store, ada), ada);
    expect(repo.resolveId(r.id)).toBe(r.id);
    expect(repo.resolveId(r.id.slice(0, 8).toUpperCase())).toBe(r.id);
    expect(() => repo.resolveId(r.id.slice(0, 4))).toThrow(/first 8 characters/);
    expect(() => repo.resolveId('ffffffff-nope')).toThrow(/no record/);
  });

  it('a failing signer leaves nothing behind (the transaction rolls back)', () => {
    seedStory(store);
    const broken = { ...ada, sign: () => Buffer.alloc(64) };
    expect(() => repo.signoff(draftFor(store, broken), broken)).toThrow(/does not verify; nothing was signed/);
    expect(repo.all()).toEqual([]);
    expect(repo.auditLog()).toEqual([]);
    expect(repo.operators()).toEqual([]);
  });
});

describe('the database refuses edits', () => {
  let id: string;
  beforeEach(() => {
    seedStory(store);
    id = repo.signoff(draftFor(store, ada), ada).id;
    repo.cosign(id, bob, '2025-03-02T09:00:00.000Z');
  });

  it.each([
    ['UPDATE records SET canonical = x\'00\'', /signed records cannot be changed/],
    ['UPDATE records SET host = \'10.200.0.1\'', /signed records cannot be changed/],
    ['DELETE FROM records', /signed records cannot be deleted/],
    ['UPDATE record_signatures SET name = \'Eve\'', /signatures cannot be changed/],
    ['DELETE FROM record_signatures WHERE kind = \'reviewer\'', /signatures cannot be deleted/],
    ['UPDATE audit_log SET actor = \'Eve\'', /the audit log cannot be changed/],
    ['DELETE FROM audit_log', /the audit log cannot be deleted from/],
  ])('%s', (sql, message) => {
    const before = JSON.stringify([repo.all(), repo.auditLog()]);
    expect(() => store.db.prepare(sql).run()).toThrow(message);
    expect(JSON.stringify([repo.all(), repo.auditLog()])).toBe(before);
  });

  it('refuses a record that does not extend the chain, and a second operator signature', () => {
    const r = repo.get(id)!;
    const ins = store.db.prepare('INSERT INTO records (position, id, host, port, created_at, prev_hash, hash, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    expect(() => ins.run(2, 'forged-1', HOST, PORT, 't', null, 'a'.repeat(64), Buffer.from('{}'))).toThrow(/must extend the hash chain/);
    expect(() => ins.run(3, 'forged-2', HOST, PORT, 't', r.hash, 'b'.repeat(64), Buffer.from('{}'))).toThrow(/must extend the hash chain/);
    const sig = r.signatures[0]!;
    expect(() =>
      store.db.prepare('INSERT INTO record_signatures (record_id, kind, name, role, public_key, fingerprint, signature, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, 'operator', 'Eve', '', bob.publicKey, 'c'.repeat(64), sig.signature, 't'),
    ).toThrow(/exactly one operator signature/);
  });

  it("a record altered behind the triggers' back is found, and not co-signed", () => {
    // Someone with the file drops the trigger and edits the bytes: the chain check and cosign notice.
    store.db.exec('DROP TRIGGER records_no_update');
    store.db.prepare("UPDATE records SET canonical = CAST(replace(CAST(canonical AS TEXT), 'Ada Admin', 'Eve Admin') AS BLOB)").run();
    const problems = repo.verifyChain();
    expect(problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['hash', 'signature']));
    expect(() => repo.cosign(id, operatorKey('Carol', 'auditor'), '2025-03-03T00:00:00.000Z')).toThrow(/does not verify .*not co-signing/);
  });
});
