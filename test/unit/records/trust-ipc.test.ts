/**
 * The known-signers channels end to end through the real dispatcher, zod schemas,
 * handlers, records service and store (a real SQLite file): the app's trust list is its
 * operators plus imported lists; records and checked files show each signer's status;
 * an imported organisation list can revoke a key; a list that does not verify is refused
 * with nothing stored; imported lists survive a restart; the export is a plain list the
 * CLI's `records verify --trust-list` reads.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvokeArg, InvokeChannel, InvokeValue, Result } from '../../../shared/contract';
import { createDispatcher, type Dispatcher } from '../../../electron/ipc/dispatcher';
import { createHandlers } from '../../../electron/ipc/handlers';
import { buildExport, exportText } from '../../../electron/records/export-json';
import { formatFingerprint, type SigningKey } from '../../../electron/records/keys';
import { chromiumPath } from '../../../electron/records/pdf';
import { createRecordsRepo } from '../../../electron/records/repo';
import { parseTrustList } from '../../../electron/records/trust-list';
import { signTrustDoc, TRUST_FORMAT, trustDocText, type TrustOperator } from '../../../electron/records/trust-list-signed';
import { createAppServices, type AppServices } from '../../../electron/services/app-services';
import { realDeps } from '../../../electron/services/real-deps';
import { openStore } from '../../../electron/store';
import { whichBinary } from '../../peers/harness';
import { draftFor, operatorKey, seedStory } from './fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-trust-ipc-'));
const db = path.join(dir, 'app.db');
const org = operatorKey('Example Hospital', 'organisation');
const ada = operatorKey('Ada Admin', 'PACS administrator');
const bob = operatorKey('Bob Owner', 'clinical system owner');
let services: AppServices;
let dispatcher: Dispatcher;
let recordId = '';

function open(): void {
  services = createAppServices({ dbPath: db, version: '0.1.0', transport: 'web', emit: () => undefined }, realDeps('0.1.0', {}));
  dispatcher = createDispatcher(createHandlers(services));
}

beforeAll(() => {
  const store = openStore(db);
  seedStory(store);
  const repo = createRecordsRepo(store.db);
  const r = repo.signoff(draftFor(store, ada, { createdAt: '2025-03-01T12:00:00.000Z' }), ada);
  repo.cosign(r.id, bob, '2025-03-02T09:00:00.000Z');
  recordId = r.id;
  store.close();
  open();
});
afterAll(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call<C extends InvokeChannel>(channel: C, arg?: InvokeArg<C>): Promise<Result<InvokeValue<C>>> {
  return (await dispatcher.dispatch(channel, arg)) as Result<InvokeValue<C>>;
}
async function ok<C extends InvokeChannel>(channel: C, arg?: InvokeArg<C>): Promise<InvokeValue<C>> {
  const r = await call(channel, arg);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function entry(k: SigningKey, extra: Partial<TrustOperator> = {}): TrustOperator {
  return { name: k.name, role: k.role, publicKey: k.publicKey, fingerprint: k.fingerprint, validFrom: '2025-01-01T00:00:00.000Z', ...extra };
}
const orgList = (operators: TrustOperator[]): string =>
  trustDocText(signTrustDoc({ format: TRUST_FORMAT, organisation: { name: org.name, publicKey: org.publicKey, fingerprint: org.fingerprint }, issuedAt: '2025-02-01T00:00:00.000Z', operators }, org));

describe('trust channels', () => {
  it("the app's list starts as its operators; records and their signatures show known signers", async () => {
    const list = await ok('trust:list');
    expect(list.imports).toEqual([]);
    expect(list.entries.map((e) => [e.name, e.source, e.revoked])).toEqual([['Ada Admin', "this app's operators", false], ['Bob Owner', "this app's operators", false]]);
    const rows = await ok('records:list');
    expect(rows[0]!.signers!.map((s) => [s.status, s.name])).toEqual([['known', 'Ada Admin'], ['known', 'Bob Owner']]);
    const d = await ok('records:get', { id: recordId });
    expect(d.signatures.map((s) => [s.kind, s.signer?.status, s.signer?.source])).toEqual([['operator', 'known', "this app's operators"], ['reviewer', 'known', "this app's operators"]]);
  });

  it('a file signed elsewhere with a key made under a known name shows an unknown signer', async () => {
    const other = openStore(':memory:');
    seedStory(other);
    const impostor = operatorKey('Ada Admin', 'PACS administrator');
    createRecordsRepo(other.db).signoff(draftFor(other, impostor, { createdAt: '2025-03-01T12:00:00.000Z' }), impostor);
    const foreignFile = exportText(buildExport(createRecordsRepo(other.db).all(), 'chain', { toolVersion: '0.1.0', exportedAt: '2025-03-03T08:00:00.000Z' }));
    other.close();
    const report = await ok('records:verify-file', { text: foreignFile });
    expect(report.ok).toBe(true);
    expect(report.records[0]!.signatures[0]!.signer).toMatchObject({ status: 'unknown', name: null });
    expect(report.signers).toMatchObject({ checked: true, allKnown: false });
  });

  it('an imported organisation list names keys and can revoke one of the app\'s own operators', async () => {
    const after = await ok('trust:import', { name: 'team.trust', text: orgList([entry(ada, { name: 'Ada Admin-Smith' }), entry(bob, { revoked: true, revokedAt: '2025-02-15T00:00:00.000Z' })]) });
    expect(after.imports).toEqual([{ id: 1, source: 'team.trust', kind: 'signed', organisation: { name: 'Example Hospital', fingerprint: org.fingerprint }, issuedAt: '2025-02-01T00:00:00.000Z', entries: 2, importedAt: expect.any(String) as unknown, problem: null }]);
    const d = await ok('records:get', { id: recordId });
    expect(d.signatures.map((s) => [s.signer?.status, s.signer?.name, s.signer?.source])).toEqual([['known', 'Ada Admin-Smith', 'team.trust'], ['revoked', 'Bob Owner', 'team.trust']]);
  });

  it('refuses a list that does not verify, or bad arguments, in one line with nothing stored', async () => {
    const edited = JSON.parse(orgList([entry(ada)])) as { operators: Array<{ role: string }> };
    edited.operators[0]!.role = 'chief executive';
    for (const [arg, code, message] of [
      [{ name: 'edited.trust', text: JSON.stringify(edited) }, 'invalid-argument', /^trust list edited\.trust is not usable: the organisation signature .* does not hold/],
      [{ name: 'typo.txt', text: 'not a fingerprint\n' }, 'invalid-argument', /line 1 is not a key fingerprint/],
      [{ name: 'again.trust', text: orgList([entry(ada, { name: 'Ada Admin-Smith' }), entry(bob, { revoked: true, revokedAt: '2025-02-15T00:00:00.000Z' })]) }, 'invalid-argument', /already imported \(as team\.trust\)/],
      [{ name: '', text: ada.fingerprint }, 'invalid-argument', /^name: /],
      [{ name: 'x', text: ada.fingerprint, extra: 1 }, 'invalid-argument', /extra|unrecognized/i],
    ] as Array<[InvokeArg<'trust:import'>, string, RegExp]>) {
      const r = await call('trust:import', arg);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
      expect(r.error.message).not.toMatch(/\n/);
    }
    expect((await ok('trust:list')).imports).toHaveLength(1);
    const none = await call('trust:remove', { id: 99 });
    expect(none.ok ? undefined : none.error.code).toBe('not-found');
  });

  it('exports the keys known now as a plain list (the revoked key left out) that the CLI reads', async () => {
    const file = await ok('trust:export');
    expect(file).toMatchObject({ fileName: 'collimator-trust-list.txt', mediaType: 'text/plain', keys: 1 });
    expect(file.text).toContain(`# Ada Admin-Smith, PACS administrator (team.trust)\n${formatFingerprint(ada.fingerprint)}\n`);
    expect(file.text).not.toContain(formatFingerprint(bob.fingerprint));
    expect(parseTrustList(file.text, 'export.txt').entries.map((e) => e.fingerprint)).toEqual([ada.fingerprint]);
  });

  it('keeps imported lists across a restart, and removing one restores the operators-only verdict', async () => {
    await services.close();
    open();
    expect((await ok('trust:list')).imports.map((i) => i.source)).toEqual(['team.trust']);
    const after = await ok('trust:remove', { id: 1 });
    expect(after.imports).toEqual([]);
    const d = await ok('records:get', { id: recordId });
    expect(d.signatures.map((s) => s.signer?.status)).toEqual(['known', 'known']);
  });

  it('a stored list edited in the database is shown as broken and counts for nothing (as if removed)', async () => {
    await ok('trust:import', { name: 'revocations.trust', text: orgList([entry(bob, { revoked: true })]) });
    expect((await ok('records:get', { id: recordId })).signatures[1]!.signer?.status).toBe('revoked');
    await services.close();
    const raw = openStore(db);
    raw.db.prepare("UPDATE trust_imports SET text = replace(text, '\"revoked\": true', '\"revoked\": false')").run();
    raw.close();
    open();
    const list = await ok('trust:list');
    expect(list.imports[0]!.problem).toMatch(/organisation signature .* does not hold/);
    expect((await ok('records:get', { id: recordId })).signatures[1]!.signer?.status).toBe('known');
  });
});

const noPdf = !fs.existsSync(chromiumPath()) ? `no Chromium at ${chromiumPath()}` : whichBinary('pdftotext') ? undefined : 'pdftotext missing (apt poppler-utils)';

/** The text of the PDF `records:export` makes of the record, whitespace flattened. */
async function exportedPdfText(name: string): Promise<string> {
  const file = await ok('records:export', { format: 'pdf', ids: [recordId] });
  const out = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(out, Buffer.from(file.base64, 'base64'));
  return execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe.skipIf(noPdf)("the PDF's banner judges the signers against the app's trust list", () => {
  it('says all signers known while both are, and UNKNOWN SIGNER present once a list revokes one', async () => {
    const known = await exportedPdfText('known');
    expect(known).toContain('Signatures verify, all signers known');
    expect(known).not.toMatch(/NOT checked|UNKNOWN SIGNER/);
    await ok('trust:import', { name: 'bob-revoked.trust', text: orgList([entry(bob, { revoked: true, revokedAt: '2025-02-20T00:00:00.000Z' })]) });
    const unknown = await exportedPdfText('unknown');
    expect(unknown).toContain('Signatures verify, but UNKNOWN SIGNER present');
    expect(unknown).not.toContain('all signers known');
  });
});
