/**
 * Known signers, as a user runs them (node bin/collimator.mjs), every file made by the
 * real command: an organisation key, a signed trust list of operators (one of them
 * revoked, one whose validity ended), operator keys, an impostor key made with the same
 * name and role as a listed operator, signed and co-signed records exported to files,
 * then `records verify --trust-list` naming each signer known, unknown, revoked or
 * expired. Also: plain fingerprint lists, --expect-signer, a tampered list, a list of
 * another organisation, and passphrase files others can read.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFingerprint } from '../../electron/records/keys';
import { chromiumPath } from '../../electron/records/pdf';
import { openStore } from '../../electron/store';
import type { VerifyReport } from '../../shared/records';
import { whichBinary } from '../peers/harness';
import { seedStory } from '../unit/records/fixtures';
import { snapshot } from '../unit/store/helpers';
import { runCli, tempDir, type CliResult } from './spawn';

const tmp = tempDir('trust');
const dir = tmp.dir;
const db = path.join(dir, 'db', 'records.db');
const f = (name: string): string => path.join(dir, name);
const cli = (args: readonly string[]): Promise<CliResult> => runCli(args, { safeDir: dir, deadlineMs: 120_000 });
const pass = ['--passphrase-file', f('pass')];

async function ok(args: readonly string[]): Promise<CliResult> {
  const r = await cli(args);
  if (r.code !== 0) throw new Error(`collimator ${args.join(' ')}: exit ${String(r.code)}: ${r.stderr}`);
  return r;
}

/** The fingerprint `keys new --json` printed for a key file. */
async function newKey(file: string, name: string, role: string): Promise<string> {
  const r = await ok(['keys', 'new', '--out', f(file), '--name', name, '--role', role, ...pass, '--json']);
  return (JSON.parse(r.stdout) as { fingerprint: string }).fingerprint;
}

/** The id `signoff` printed. */
async function signoff(server: string, key: string): Promise<string> {
  return (await ok(['signoff', server, '--db', db, '--key', f(key), ...pass])).stdout.trim();
}

const fp: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  fs.mkdirSync(path.dirname(db));
  const store = openStore(db);
  seedStory(store);
  seedStory(store, '127.0.0.2', 104);
  seedStory(store, '127.0.0.3', 104);
  store.close();
  fs.writeFileSync(f('pass'), 'a long enough passphrase\n', { mode: 0o600 });

  const org = await ok(['keys', 'new', '--org', '--name', 'Example Hospital', '--out', f('org.key'), ...pass, '--json']);
  fp.org = (JSON.parse(org.stdout) as { fingerprint: string }).fingerprint;
  fp.ada = await newKey('ada.key', 'Ada Admin', 'PACS administrator');
  fp.bob = await newKey('bob.key', 'Bob Owner', 'clinical system owner');
  fp.carol = await newKey('carol.key', 'Carol Former', 'PACS administrator');
  fp.dave = await newKey('dave.key', 'Dave Contractor', 'integration engineer');
  // The impostor: a fresh key made with exactly the name and role of a listed operator.
  fp.mallory = await newKey('impostor.key', 'Ada Admin', 'PACS administrator');

  await ok(['trust', 'new', '--org-key', f('org.key'), '--out', f('team.trust'), ...pass]);
  for (const k of ['ada', 'bob', 'carol']) await ok(['trust', 'add', f('team.trust'), '--org-key', f('org.key'), '--key', f(`${k}.key`), ...pass]);
  // Dave's contract ended before anything was signed.
  await ok(['trust', 'add', f('team.trust'), '--org-key', f('org.key'), '--key', f('dave.key'), '--valid-from', '2024-01-01', '--valid-until', '2024-12-31', ...pass]);
  await ok(['trust', 'revoke', f('team.trust'), '--org-key', f('org.key'), '--fingerprint', formatFingerprint(fp.carol), ...pass]);

  ids.known = await signoff('127.0.0.1:11112', 'ada.key');
  await ok(['cosign', ids.known, '--db', db, '--key', f('bob.key'), ...pass]);
  ids.impostor = await signoff('127.0.0.2:104', 'impostor.key');
  ids.stale = await signoff('127.0.0.3:104', 'carol.key');
  await ok(['cosign', ids.stale, '--db', db, '--key', f('dave.key'), ...pass]);
  for (const name of ['known', 'impostor', 'stale'] as const) {
    await ok(['records', 'export', ids[name]!, '--format', 'json', '--out', f(`${name}.json`), '--db', db]);
  }
}, 600_000);
afterAll(() => tmp.rm());

const verify = (file: string, ...args: string[]): Promise<CliResult> => cli(['records', 'verify', f(file), ...args]);
const statuses = (r: CliResult): Array<[string, string | null, string | null]> =>
  (JSON.parse(r.stdout) as VerifyReport).records.flatMap((x) => x.signatures.map((s) => [s.signer?.status ?? 'none', s.signer?.name ?? null, s.signer?.role ?? null] as [string, string | null, string | null]));

describe('keys new --org and trust new/add/revoke/show', () => {
  it('the organisation key has the role "organisation"; --org needs a name and takes no role', async () => {
    expect((await ok(['keys', 'show', f('org.key')])).stdout).toMatch(/^Example Hospital, organisation\n/);
    const noName = await cli(['keys', 'new', '--org', '--out', f('x.key'), ...pass]);
    expect([noName.code, noName.stderr]).toEqual([2, 'collimator: --name is required\n']);
    const role = await cli(['keys', 'new', '--org', '--name', 'X', '--role', 'boss', '--out', f('x.key'), ...pass]);
    expect(role.code).toBe(2);
    expect(fs.existsSync(f('x.key'))).toBe(false);
  });

  it('shows the signed list: the organisation, each operator, the revoked and the time-limited one', async () => {
    const r = await ok(['trust', 'show', f('team.trust')]);
    expect(r.stdout).toContain(`collimator.trust/1 of Example Hospital, organisation key ${formatFingerprint(fp.org!)}`);
    expect(r.stdout).toContain('4 key(s)');
    expect(r.stdout).toContain(`${formatFingerprint(fp.ada!)}  Ada Admin, PACS administrator  valid from `);
    expect(r.stdout).toMatch(new RegExp(`${formatFingerprint(fp.carol!)}  Carol Former, .*REVOKED \\d{4}-`));
    expect(r.stdout).toContain(`${formatFingerprint(fp.dave!)}  Dave Contractor, integration engineer  valid from 2024-01-01T00:00:00.000Z until 2024-12-31T00:00:00.000Z`);
    const doc = JSON.parse(fs.readFileSync(f('team.trust'), 'utf8')) as { format: string; organisation: { fingerprint: string }; operators: Array<{ name: string; publicKey: string; revoked?: boolean }> };
    expect(doc.format).toBe('collimator.trust/1');
    expect(doc.organisation.fingerprint).toBe(fp.org);
    expect(doc.operators.map((o) => [o.name, o.revoked ?? false])).toEqual([['Ada Admin', false], ['Bob Owner', false], ['Carol Former', true], ['Dave Contractor', false]]);
  });

  it('refuses, writing nothing: an operator key as the organisation key, a key listed twice, a list of another organisation, trust new over a file', async () => {
    const before = fs.readFileSync(f('team.trust'));
    const cases: Array<[string[], RegExp]> = [
      [['trust', 'add', f('team.trust'), '--org-key', f('ada.key'), '--key', f('impostor.key'), ...pass], /ada\.key is an operator key, not an organisation key/],
      [['trust', 'add', f('team.trust'), '--org-key', f('org.key'), '--key', f('ada.key'), ...pass], /is already on .*team\.trust as "Ada Admin"/],
      [['trust', 'add', f('team.trust'), '--org-key', f('org.key'), '--public-key', 'AAAA', '--name', 'X', ...pass], /--public-key must be the base64 of a 32-byte/],
      [['trust', 'add', f('team.trust'), '--org-key', f('org.key'), '--key', f('impostor.key'), '--valid-from', 'yesterday', ...pass], /--valid-from must be an ISO-8601 date/],
      [['trust', 'new', '--org-key', f('org.key'), '--out', f('team.trust'), ...pass], /already exists/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
    expect(fs.readFileSync(f('team.trust')).equals(before)).toBe(true);
  });
});

describe('records verify --trust-list', () => {
  it('names known signers by the name and role on the list; --require-known-signers exits 0', async () => {
    const r = await verify('known.json', '--trust-list', f('team.trust'), '--require-known-signers');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('known signer: Ada Admin (PACS administrator), on ');
    expect(r.stdout).toContain('known signer: Bob Owner (clinical system owner), on ');
    expect(r.stdout).toContain('signers: every signer is a known operator');
    expect(r.stdout).toMatch(/INTACT: /);
    const j = await verify('known.json', '--trust-list', f('team.trust'), '--require-known-signers', '--json');
    expect(statuses(j)).toEqual([['known', 'Ada Admin', 'PACS administrator'], ['known', 'Bob Owner', 'clinical system owner']]);
    expect((JSON.parse(j.stdout) as VerifyReport).signers).toEqual({ checked: true, allKnown: true, lists: [{ source: f('team.trust'), kind: 'signed', organisation: { name: 'Example Hospital', fingerprint: fp.org }, issuedAt: expect.any(String) as unknown, entries: 4 }] });
  });

  it('a key made with the same name and role is an unknown signer: intact, but exit 1 when known signers are required', async () => {
    const plain = await verify('impostor.json', '--trust-list', f('team.trust'));
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/signature 1: operator Ada Admin \(PACS administrator\), .*holds\n\s+UNKNOWN SIGNER: key [0-9a-f ]+ … is on no trust list/);
    expect(plain.stdout).toContain('signers: NOT every signer is a known operator');
    const strict = await verify('impostor.json', '--trust-list', f('team.trust'), '--require-known-signers');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/INTACT, BUT NOT EVERY SIGNER IS A KNOWN OPERATOR \(1 problem\):\n {2}- \[signer\] record 1 \(id .*\), signature 1 \(operator Ada Admin\): unknown signer: /);
    const j = await verify('impostor.json', '--trust-list', f('team.trust'), '--require-known-signers', '--json');
    expect(j.code).toBe(1);
    const report = JSON.parse(j.stdout) as VerifyReport;
    expect([report.ok, report.signers.allKnown, statuses(j)]).toEqual([false, false, [['unknown', null, null]]]);
    expect(report.problems.map((p) => p.kind)).toEqual(['signer']);
  });

  it('a revoked key and a key used outside its validity are named so', async () => {
    const r = await verify('stale.json', '--trust-list', f('team.trust'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/REVOKED KEY: Carol Former \(PACS administrator\): the key was revoked on \d{4}-.*team\.trust\)/);
    expect(r.stdout).toMatch(/EXPIRED KEY: Dave Contractor \(integration engineer\): signed \d{4}-.*, after the key's validity ended \(2024-12-31T00:00:00\.000Z\)/);
    const j = await verify('stale.json', '--trust-list', f('team.trust'), '--require-known-signers', '--json');
    expect(j.code).toBe(1);
    expect(statuses(j)).toEqual([['revoked', 'Carol Former', 'PACS administrator'], ['expired', 'Dave Contractor', 'integration engineer']]);
  });

  it('without a list, says plainly that signers were not checked; --require-known-signers then exits 1', async () => {
    const r = await verify('impostor.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('signers: NOT checked against known operators (no --trust-list)');
    expect((JSON.parse((await verify('impostor.json', '--json')).stdout) as VerifyReport).signers).toEqual({ checked: false, lists: [], allKnown: null });
    const strict = await verify('known.json', '--require-known-signers');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/\[signer\] the signers: not checked against known operators: --require-known-signers needs --trust-list LIST or --expect-signer FINGERPRINT/);
  });

  it('a plain fingerprint list (comments, grouped or bare) and --expect-signer work the same way', async () => {
    fs.writeFileSync(f('team.txt'), `# Example Hospital operators\n\n${formatFingerprint(fp.ada!)}   # Ada\n${fp.bob!.toUpperCase()}\n`);
    const r = await verify('known.json', '--trust-list', f('team.txt'), '--require-known-signers');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/known signer: a listed key, on .*team\.txt/);
    expect(r.stdout).toContain('plain fingerprint list; 2 key(s)');
    const one = await verify('known.json', '--expect-signer', fp.ada!, '--require-known-signers', '--json');
    expect(one.code).toBe(1);
    expect(statuses(one)).toEqual([['known', null, null], ['unknown', null, null]]);
    const both = await verify('known.json', '--expect-signer', fp.ada!, '--expect-signer', formatFingerprint(fp.bob!), '--require-known-signers');
    expect(both.code).toBe(0);
  });

  it('refuses a list whose organisation signature does not hold, a malformed list, or a list no --trust-org names: one line, exit 2', async () => {
    const doc = JSON.parse(fs.readFileSync(f('team.trust'), 'utf8')) as { operators: Array<{ fingerprint: string; revoked?: boolean; revokedAt?: string }> };
    const carol = doc.operators.find((o) => o.fingerprint === fp.carol)!;
    delete carol.revoked;
    delete carol.revokedAt;
    fs.writeFileSync(f('edited.trust'), JSON.stringify(doc));
    fs.writeFileSync(f('typo.txt'), `${fp.ada!}\nnot a fingerprint\n`);
    const cases: Array<[string[], string | RegExp]> = [
      [['--trust-list', f('edited.trust')], `collimator: trust list ${f('edited.trust')} is not usable: the organisation signature (key ${formatFingerprint(fp.org!)}) does not hold: the list was changed after it was signed, or signed by another key\n`],
      [['--trust-list', f('typo.txt')], `collimator: trust list ${f('typo.txt')} is not usable: line 2 is not a key fingerprint (64 hex digits, as collimator keys show prints them) nor a # comment\n`],
      [['--trust-list', f('none.trust')], `collimator: trust list ${f('none.trust')} does not exist\n`],
      [['--trust-list', f('ada.key')], /is not usable: format is "collimator-operator-key\/1", not collimator\.trust\/1\n$/],
      [['--trust-list', f('team.trust'), '--trust-org', fp.ada!], /team\.trust is signed by Example Hospital's key .*, which no --trust-org names\n$/],
      [['--expect-signer', 'abcd'], 'collimator: --expect-signer "abcd" is not a key fingerprint (64 hex digits)\n'],
    ];
    for (const [args, message] of cases) {
      const r = await verify('stale.json', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      if (typeof message === 'string') expect(r.stderr).toBe(message);
      else expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    const pinned = await verify('known.json', '--trust-list', f('team.trust'), '--trust-org', formatFingerprint(fp.org!), '--require-known-signers');
    expect(pinned.code).toBe(0);
  });
});

describe('a passphrase file others can read', () => {
  it('is refused with one line before anything is signed or written', async () => {
    fs.writeFileSync(f('open.pass'), 'a long enough passphrase\n', { mode: 0o644 });
    fs.chmodSync(f('open.pass'), 0o644);
    const before = snapshot(db);
    const r = await cli(['signoff', '127.0.0.1:11112', '--db', db, '--key', f('ada.key'), '--passphrase-file', f('open.pass')]);
    expect([r.code, r.stderr]).toEqual([2, `collimator: --passphrase-file ${f('open.pass')} is accessible by group and others (mode 0644); make it private first: chmod 600 ${f('open.pass')}\n`]);
    expect(snapshot(db)).toEqual(before);
    const k = await cli(['keys', 'new', '--out', f('open.key'), '--name', 'X', '--passphrase-file', f('open.pass')]);
    expect(k.code).toBe(2);
    expect(fs.existsSync(f('open.key'))).toBe(false);
  });
});

const noPdf = !fs.existsSync(chromiumPath()) ? `no Chromium at ${chromiumPath()}` : whichBinary('pdftotext') ? undefined : 'pdftotext missing (apt poppler-utils)';

describe.skipIf(noPdf)('records export --format pdf --trust-list', () => {
  /** The text of the real PDF the CLI wrote, whitespace flattened. */
  const pdfText = (file: string): string => execFileSync('pdftotext', [f(file), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

  it("the banner says all signers known, UNKNOWN SIGNER present, or (without a list) signers NOT checked", async () => {
    await ok(['records', 'export', ids.known!, '--format', 'pdf', '--out', f('known.pdf'), '--db', db, '--trust-list', f('team.trust')]);
    expect(pdfText('known.pdf')).toContain('Signatures verify, all signers known');
    // The impostor's key has a listed name and role, not a listed key.
    await ok(['records', 'export', ids.impostor!, '--format', 'pdf', '--out', f('impostor.pdf'), '--db', db, '--trust-list', f('team.trust')]);
    expect(pdfText('impostor.pdf')).toContain('Signatures verify, but UNKNOWN SIGNER present');
    // A revoked and an expired signer are not known either; one list of each form, repeated.
    fs.writeFileSync(f('plain-ada.txt'), `# Ada only\n${formatFingerprint(fp.ada!)}\n`);
    await ok(['records', 'export', '--all', '--format', 'pdf', '--out', f('chain.pdf'), '--db', db, '--trust-list', f('team.trust'), '--trust-list', f('plain-ada.txt')]);
    expect(pdfText('chain.pdf')).toContain('UNKNOWN SIGNER present');
    await ok(['records', 'export', ids.known!, '--format', 'pdf', '--out', f('unchecked.pdf'), '--db', db]);
    const unchecked = pdfText('unchecked.pdf');
    expect(unchecked).toContain('Signers were NOT checked against a list of known operators');
    expect(unchecked).not.toMatch(/all signers known|UNKNOWN SIGNER/);
  }, 180_000);

  it('refuses, writing nothing: a list with --format json, a list that does not read', async () => {
    for (const [args, message] of [
      [['--format', 'json', '--trust-list', f('team.trust')], /^collimator: --trust-list goes with --format pdf/],
      [['--format', 'pdf', '--trust-list', f('no-such.trust')], /no-such\.trust/],
    ] as Array<[string[], RegExp]>) {
      const r = await cli(['records', 'export', ids.known!, ...args, '--out', f('refused.out'), '--db', db]);
      expect([r.code, r.stderr.split('\n').filter(Boolean).length]).toEqual([2, 1]);
      expect(r.stderr).toMatch(message);
      expect(fs.existsSync(f('refused.out'))).toBe(false);
    }
  });
});
