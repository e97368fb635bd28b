/**
 * The trust list library: the signed `collimator.trust/1` form (round trip, every edit
 * refused), the plain fingerprint form, and the verdict on a signer (known, unknown,
 * expired, revoked) across several lists; then the verdicts on a checked export.
 */
import { describe, expect, it } from 'vitest';
import { buildExport, exportText } from '../../../electron/records/export-json';
import { formatFingerprint, type SigningKey } from '../../../electron/records/keys';
import { createRecordsRepo } from '../../../electron/records/repo';
import { classifySigner, fingerprintsList, parseTrustList, TrustListError, type TrustList } from '../../../electron/records/trust-list';
import { signTrustDoc, TRUST_FORMAT, trustDocText, type TrustOperator, type UnsignedTrustDoc } from '../../../electron/records/trust-list-signed';
import { checkSigners } from '../../../electron/records/trust-list-verify';
import { verifyExportText } from '../../../electron/records/verify-export';
import { openStore } from '../../../electron/store';
import { draftFor, operatorKey, seedStory } from './fixtures';

const org = operatorKey('Example Hospital', 'organisation');
const ada = operatorKey('Ada Admin', 'PACS administrator');
const bob = operatorKey('Bob Owner', 'clinical system owner');
const carol = operatorKey('Carol Former', 'PACS administrator');

function entry(k: SigningKey, extra: Partial<TrustOperator> = {}): TrustOperator {
  return { name: k.name, role: k.role, publicKey: k.publicKey, fingerprint: k.fingerprint, validFrom: '2025-01-01T00:00:00.000Z', ...extra };
}

function listDoc(operators: TrustOperator[], by: SigningKey = org): UnsignedTrustDoc {
  return { format: TRUST_FORMAT, organisation: { name: by.name, publicKey: by.publicKey, fingerprint: by.fingerprint }, issuedAt: '2025-02-01T00:00:00.000Z', operators };
}

/** A parsed list as a test edits it. */
type Doc = { operators: Array<Record<string, unknown>>; [member: string]: unknown };

const signed = (operators: TrustOperator[]): string => trustDocText(signTrustDoc(listDoc(operators), org));
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TrustListError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('the signed form', () => {
  const text = signed([entry(ada), entry(bob, { validUntil: '2025-06-30T00:00:00.000Z' }), entry(carol, { revoked: true, revokedAt: '2025-03-01T00:00:00.000Z' })]);

  it('reads back with the organisation, every operator and their validity', () => {
    const list = parseTrustList(text, 'team.trust');
    expect(list).toMatchObject({ source: 'team.trust', kind: 'signed', organisation: { name: 'Example Hospital', fingerprint: org.fingerprint }, issuedAt: '2025-02-01T00:00:00.000Z' });
    expect(list.entries.map((e) => [e.name, e.validUntil, e.revoked])).toEqual([['Ada Admin', null, false], ['Bob Owner', '2025-06-30T00:00:00.000Z', false], ['Carol Former', null, true]]);
    // Layout does not matter: the signature is over the canonical form.
    expect(parseTrustList(JSON.stringify(JSON.parse(text)), 'x').entries).toHaveLength(3);
    expect(parseTrustList(`\uFEFF${text}`, 'x').entries).toHaveLength(3);
  });

  it.each<[string, (d: Doc) => void, RegExp]>([
    ["an operator's role", (d) => (d.operators[0]!.role = 'chief executive'), /organisation signature .* does not hold/],
    ['a revocation removed', (d) => delete d.operators[2]!.revoked, /organisation signature .* does not hold/],
    ['a validity extended', (d) => (d.operators[1]!.validUntil = '2099-01-01T00:00:00.000Z'), /organisation signature .* does not hold/],
    ['an operator added', (d) => d.operators.push({ ...entry(operatorKey('Mallory', 'PACS administrator')) }), /organisation signature .* does not hold/],
    ['the organisation key swapped', (d) => (d.organisation = { name: 'Example Hospital', publicKey: ada.publicKey, fingerprint: ada.fingerprint }), /organisation signature .* does not hold/],
    ['the signature removed', (d) => delete d.signature, /signature is missing/],
    ['an unknown member', (d) => (d.trustEveryone = true), /unknown member "trustEveryone"/],
    ['an unknown operator member', (d) => (d.operators[0]!.admin = true), /operator 1 has unknown member "admin"/],
    ['a fingerprint not of its key', (d) => (d.operators[0]!.fingerprint = bob.fingerprint), /operator 1 \(Ada Admin\): its fingerprint is not the SHA-256 of its public key/],
    ['a time that is not ISO UTC', (d) => (d.operators[0]!.validFrom = '01/01/2025'), /validFrom is not an ISO-8601 UTC time/],
    ['another format', (d) => (d.format = 'collimator.trust/2'), /format is "collimator.trust\/2", not collimator\.trust\/1/],
  ])('refuses %s, in one line naming the list', (_what, edit, message) => {
    const d = JSON.parse(text) as Doc;
    edit(d);
    const m = errorOf(() => parseTrustList(JSON.stringify(d), 'team.trust'));
    expect(m).toMatch(/^trust list team\.trust is not usable: /);
    expect(m).toMatch(message);
    expect(m).not.toMatch(/\n/);
  });

  it('refuses a key listed twice, revoked false with a revocation time, validity ending before it starts (even when signed)', () => {
    expect(errorOf(() => parseTrustList(signed([entry(ada), entry(ada)]), 'l'))).toMatch(/operator 2 \(Ada Admin\): its key is listed twice/);
    expect(errorOf(() => parseTrustList(signed([entry(ada, { revoked: false, revokedAt: '2025-03-01T00:00:00.000Z' })]), 'l'))).toMatch(/revoked is false but revokedAt is set/);
    expect(errorOf(() => parseTrustList(signed([entry(ada, { validUntil: '2024-01-01T00:00:00.000Z' })]), 'l'))).toMatch(/validUntil is before validFrom/);
  });

  it('cannot be signed by a key other than the one it names', () => {
    expect(() => signTrustDoc(listDoc([entry(ada)]), ada)).toThrow(TrustListError);
  });
});

describe('the plain form', () => {
  it('takes one fingerprint per line, grouped or bare, any case, with # comments, blank lines and CRLF', () => {
    const text = `# our operators\r\n\r\n${formatFingerprint(ada.fingerprint)}  # Ada\r\n${bob.fingerprint.toUpperCase()}\r\n${ada.fingerprint.replace(/(..)(?=.)/g, '$1:')}\r\n`;
    const list = parseTrustList(text, 'team.txt');
    expect(list).toMatchObject({ kind: 'fingerprints', organisation: null });
    expect(list.entries.map((e) => [e.fingerprint, e.name])).toEqual([[ada.fingerprint, null], [bob.fingerprint, null]]);
    expect(parseTrustList('# nobody yet\n', 'x').entries).toEqual([]);
  });

  it('names the first line that is not a fingerprint', () => {
    expect(errorOf(() => parseTrustList(`${ada.fingerprint}\n\n${ada.fingerprint.slice(1)}\n`, 'team.txt'))).toBe(
      'trust list team.txt is not usable: line 3 is not a key fingerprint (64 hex digits, as collimator keys show prints them) nor a # comment',
    );
    expect(errorOf(() => parseTrustList('{"format": ', 'x'))).toMatch(/^trust list x is not usable: not JSON/);
  });
});

describe('the verdict on a signer', () => {
  const team = parseTrustList(signed([entry(ada), entry(bob, { validUntil: '2025-06-30T00:00:00.000Z' }), entry(carol, { revokedAt: '2025-03-01T00:00:00.000Z' })]), 'team.trust');
  const at = (k: SigningKey, signedAt: string, lists: TrustList[] = [team]) => classifySigner(lists, { fingerprint: k.fingerprint, signedAt });

  it('known: with the name and role from the list, not from the signature', () => {
    expect(at(ada, '2025-03-01T12:00:00.000Z')).toEqual({ status: 'known', name: 'Ada Admin', role: 'PACS administrator', source: 'team.trust', detail: 'Ada Admin (PACS administrator), on team.trust' });
  });

  it('unknown: a key no list names (even with a listed name), and everything when there is no list', () => {
    const impostor = operatorKey('Ada Admin', 'PACS administrator');
    expect(at(impostor, '2025-03-01T12:00:00.000Z')).toMatchObject({ status: 'unknown', name: null, role: null, source: null, detail: expect.stringMatching(/is on no trust list \(team\.trust\)/) as unknown });
    expect(at(ada, '2025-03-01T12:00:00.000Z', [])).toMatchObject({ status: 'unknown', detail: expect.stringMatching(/^not checked/) as unknown });
  });

  it('expired: signed before valid-from or after valid-until', () => {
    expect(at(ada, '2024-12-31T23:59:59.000Z')).toMatchObject({ status: 'expired', name: 'Ada Admin', detail: expect.stringMatching(/before the key was valid \(from 2025-01-01/) as unknown });
    expect(at(bob, '2025-07-01T00:00:00.000Z')).toMatchObject({ status: 'expired', name: 'Bob Owner', detail: expect.stringMatching(/after the key's validity ended \(2025-06-30/) as unknown });
    expect(at(bob, '2025-06-30T00:00:00.000Z').status).toBe('known');
    expect(at(bob, 'last tuesday')).toMatchObject({ status: 'expired', detail: expect.stringMatching(/is not a time/) as unknown });
  });

  it('revoked: whatever the signing time (revokedAt alone is enough)', () => {
    expect(at(carol, '2025-01-15T00:00:00.000Z')).toMatchObject({ status: 'revoked', name: 'Carol Former', detail: expect.stringMatching(/revoked on 2025-03-01/) as unknown });
  });

  it('across lists: a revocation anywhere wins; a list where the key is valid wins over one where it expired', () => {
    const plain = parseTrustList(`${carol.fingerprint}\n${bob.fingerprint}\n`, 'old.txt');
    expect(at(carol, '2025-04-01T00:00:00.000Z', [plain, team]).status).toBe('revoked');
    expect(at(bob, '2025-09-01T00:00:00.000Z', [team, plain])).toMatchObject({ status: 'known', name: null, source: 'old.txt' });
    expect(at(ada, '2025-04-01T00:00:00.000Z', [fingerprintsList([formatFingerprint(ada.fingerprint)], '--expect-signer')])).toMatchObject({ status: 'known', source: '--expect-signer' });
    expect(() => fingerprintsList(['abc'], '--expect-signer')).toThrow(/--expect-signer "abc" is not a key fingerprint/);
  });
});

describe('the verdicts on a checked export', () => {
  const store = openStore(':memory:');
  seedStory(store);
  const repo = createRecordsRepo(store.db);
  const r = repo.signoff(draftFor(store, ada, { createdAt: '2025-03-01T12:00:00.000Z' }), ada);
  repo.cosign(r.id, carol, '2025-03-02T09:00:00.000Z');
  const text = exportText(buildExport(repo.all(), 'chain', { toolVersion: '0.1.0', exportedAt: '2025-03-03T08:00:00.000Z' }));
  store.close();
  const team = parseTrustList(signed([entry(ada), entry(carol, { revoked: true })]), 'team.trust');

  it('without require: every signature gets its verdict and the report still verifies', () => {
    const report = verifyExportText(text);
    checkSigners(report, [team], { require: false });
    expect(report.ok).toBe(true);
    expect(report.records[0]!.signatures.map((s) => s.signer?.status)).toEqual(['known', 'revoked']);
    expect(report.signers).toMatchObject({ checked: true, allKnown: false, lists: [{ source: 'team.trust', kind: 'signed', entries: 2 }] });
  });

  it('with require: each signer that is not known is a problem', () => {
    const report = verifyExportText(text);
    checkSigners(report, [team], { require: true });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ kind: 'signer', where: `record 1 (id ${r.id}), signature 2 (reviewer Carol Former)`, message: 'revoked signer: Carol Former (PACS administrator): the key was revoked (team.trust)' }]);
  });

  it('a signature that does not hold is never known, even with a listed fingerprint', () => {
    const d = JSON.parse(text) as { records: Array<{ signatures: Array<{ name: string }> }> };
    d.records[0]!.signatures[0]!.name = 'Someone Else';
    const report = verifyExportText(JSON.stringify(d));
    checkSigners(report, [team], { require: false });
    expect(report.records[0]!.signatures[0]!.signer).toMatchObject({ status: 'unknown', detail: expect.stringMatching(/does not hold/) as unknown });
    expect(report.ok).toBe(false);
  });
});
