/**
 * Known signers in the browser, against the real handlers (web bridge, real store): the
 * Records screen shows "known signer" on each record and signature, imports an
 * organisation's signed trust list that revokes a reviewer's key (the badges follow),
 * refuses a list whose signature does not hold (nothing changes), and exports the keys
 * known now for an auditor. The records are signed beforehand through the records
 * repository with in-memory keys: the signing flow is another spec's subject.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from '@playwright/test';
import { formatFingerprint } from '../../electron/records/keys';
import { createRecordsRepo } from '../../electron/records/repo';
import { signTrustDoc, TRUST_FORMAT, trustDocText, type TrustOperator } from '../../electron/records/trust-list-signed';
import { realDeps } from '../../electron/services/real-deps';
import { packageVersion } from '../../electron/services/version';
import { openStore } from '../../electron/store';
import { startWebBridge } from '../../electron/web-bridge/server';
import { draftFor, operatorKey, seedStory } from '../unit/records/fixtures';
import { expect, expectAccessible, snap, test } from './fixtures/app';
import { DIST } from './fixtures/paths';

const org = operatorKey('Example Hospital', 'organisation');
const ada = operatorKey('Ada Admin', 'PACS administrator');
const bob = operatorKey('Bob Owner', 'clinical system owner');

function orgList(operators: TrustOperator[]): string {
  return trustDocText(signTrustDoc({ format: TRUST_FORMAT, organisation: { name: org.name, publicKey: org.publicKey, fingerprint: org.fingerprint }, issuedAt: '2025-02-01T00:00:00.000Z', operators }, org));
}
const entry = (k: typeof ada, extra: Partial<TrustOperator> = {}): TrustOperator => ({ name: k.name, role: k.role, publicKey: k.publicKey, fingerprint: k.fingerprint, validFrom: '2025-01-01T00:00:00.000Z', ...extra });

function nav(page: Page, name: RegExp): Locator {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

test('known signers: badges on records and signatures, an organisation list imported, a broken one refused, the list exported', async ({ page, dbPath }) => {
  test.skip(test.info().project.name === 'electron', 'this test runs its own web bridge over a database it seeds');
  const store = openStore(dbPath);
  seedStory(store);
  const repo = createRecordsRepo(store.db);
  const rec = repo.signoff(draftFor(store, ada, { createdAt: '2025-03-01T12:00:00.000Z' }), ada);
  repo.cosign(rec.id, bob, '2025-03-02T09:00:00.000Z');
  store.close();
  const bridge = await startWebBridge({ dbPath, staticDir: DIST, deps: realDeps(packageVersion()) });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  try {
    await page.goto(bridge.launchUrl);
    await nav(page, /^Records/).click();
    const row = page.getByTestId('record-row').first();
    await expect(row.getByTestId('signer-trust')).toHaveAttribute('data-signer', 'known');
    await expect(row).toContainText('Known signer');
    const panel = page.getByTestId('trust-list');
    await expect(panel.getByTestId('trust-entry')).toHaveCount(2);

    // The organisation's list revokes Bob's key: the record's badge follows.
    await panel.getByLabel(/Import a trust list/).setInputFiles({ name: 'team.trust', mimeType: 'application/json', buffer: Buffer.from(orgList([entry(ada), entry(bob, { revoked: true, revokedAt: '2025-02-15T00:00:00.000Z' })])) });
    await expect(panel.getByTestId('trust-import')).toContainText('team.trust');
    await expect(panel.getByTestId('trust-import')).toContainText('signed by Example Hospital');
    await expect(row.getByTestId('signer-trust')).toHaveAttribute('data-signer', 'revoked');
    await expect(row).toContainText('Key revoked');
    await snap(page, '70-known-signers', true);
    await expectAccessible(page, 'Records (known signers)');

    // A list edited after signing is refused, and nothing changes.
    const edited = JSON.parse(orgList([entry(ada)])) as { operators: Array<{ role: string }> };
    edited.operators[0]!.role = 'chief executive';
    await panel.getByLabel(/Import a trust list/).setInputFiles({ name: 'edited.trust', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edited)) });
    await expect(panel.getByRole('alert')).toContainText('edited.trust was not imported; nothing changed.');
    await expect(panel.getByRole('alert')).toContainText('does not hold');
    await expect(panel.getByTestId('trust-import')).toHaveCount(1);

    // Export for an auditor: the keys known now, Bob's revoked key left out.
    const wait = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export for an auditor' }).click();
    const d: Download = await wait;
    const text = await readFile(await d.path(), 'utf8');
    expect(d.suggestedFilename()).toBe('collimator-trust-list.txt');
    expect(text).toContain(formatFingerprint(ada.fingerprint));
    expect(text).not.toContain(formatFingerprint(bob.fingerprint));

    // Each signature of the record says whose key it is.
    await row.getByRole('button', { name: /Open record/ }).click();
    const sigs = page.getByTestId('signature-row');
    await expect(sigs.nth(0).getByTestId('signer-trust')).toHaveAttribute('data-signer', 'known');
    await expect(sigs.nth(0)).toContainText('Ada Admin (PACS administrator), on team.trust');
    await expect(sigs.nth(1).getByTestId('signer-trust')).toHaveAttribute('data-signer', 'revoked');
    await snap(page, '71-record-signers', true);
    await expectAccessible(page, 'Record (signers)');
    expect(problems).toEqual([]);
  } finally {
    await bridge.close();
  }
});
