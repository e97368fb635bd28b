/**
 * Signed records in the browser, against the real handlers: review what will be signed,
 * sign with the operator's key unlocked by their passphrase, read the record's status
 * (signatures with fingerprints, chain link, who added each signer), co-sign with a
 * second person's passphrase, export JSON and PDF, and check the exported file as an
 * auditor would, intact and then tampered with.
 *
 * The app keeps operators' private keys sealed by their passphrase and the OS keychain
 * (Electron safeStorage), which does not exist outside Electron. The first test
 * therefore starts its own web bridge with a stand-in keychain: an AES-256-GCM box with
 * a key held in this process's memory. Only that outer seal differs; the passphrase
 * layer, key pairs, signatures, hash chain, record building, exports and checks are the
 * real ones. The second test uses the plain bridge (as `npm run dev:web` does): no
 * keychain, so operators bring key files made by the real `collimator keys new`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Download, Locator, Page } from '@playwright/test';
import type { CollimatorApi } from '../../shared/contract';
import { startWebBridge } from '../../electron/web-bridge/server';
import { realDeps } from '../../electron/services/real-deps';
import { packageVersion } from '../../electron/services/version';
import { expect, expectAccessible, snap, test } from './fixtures/app';
import { makeKeyFile } from './fixtures/key-files';
import { memoryKeychain } from './fixtures/keychain';
import { DIST, SCREENSHOTS } from './fixtures/paths';

const DANA_PASS = 'dana correct horse battery';
const SAM_PASS = 'sam staple lantern orbit';

/** Fails the test on page errors and console errors, as the app fixture does. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  return problems;
}

async function snapPart(page: Page, part: Locator, name: string): Promise<void> {
  const size = page.viewportSize();
  const extra = await page.locator('main').evaluate((m: { scrollHeight: number; clientHeight: number }) => m.scrollHeight - m.clientHeight);
  if (size) await page.setViewportSize({ width: size.width, height: size.height + Math.max(0, extra) });
  try {
    await part.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
  } finally {
    if (size) await page.setViewportSize(size);
  }
}

async function labAddress(lab: Locator, name: string): Promise<string> {
  const text = await lab.getByRole('listitem').filter({ hasText: name }).getByTestId('lab-address').innerText();
  return text.trim().replace(/^.*@/, '');
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const wait = page.waitForEvent('download');
  await click();
  const d: Download = await wait;
  const file = await d.path();
  return { name: d.suggestedFilename(), bytes: await readFile(file) };
}

function nav(page: Page, name: RegExp): Locator {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

test('sign off a re-checked server, co-sign, export, and check the file', async ({ page, dbPath }) => {
  test.skip(test.info().project.name === 'electron', 'this test runs its own web bridge (a stand-in keychain); the Electron project has the real one');
  test.setTimeout(300_000);
  const bridge = await startWebBridge({ dbPath, staticDir: DIST, deps: realDeps(packageVersion(), { secretBox: memoryKeychain() }) });
  const problems = watchProblems(page);
  try {
    await page.goto(bridge.launchUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Scope & scan' })).toBeVisible();

    // Something to sign: the open PACS of the practice lab, a step done, MFA attested, re-checked.
    await page.getByRole('button', { name: 'Start practice lab' }).click();
    const lab = page.getByTestId('lab-panel');
    await expect(lab.getByRole('list', { name: 'Practice lab servers' })).toBeVisible({ timeout: 60_000 });
    const openPacs = await labAddress(lab, 'Open PACS');
    await page.getByRole('button', { name: 'Start scan' }).click();
    await expect(page.getByTestId('scan-done')).toBeVisible({ timeout: 180_000 });
    await page.getByRole('button', { name: 'Review servers' }).click();
    await page.getByRole('button', { name: `Open ${openPacs}` }).click();
    await page.getByRole('button', { name: 'Fix this server' }).click();
    await page.getByLabel('Who is doing this').fill('Dana Reyes');
    const firstStep = page.locator('[data-testid="step"][data-step="action/dicom-access/inventory"]');
    await firstStep.getByRole('button', { name: 'Add a note' }).click();
    await firstStep.getByLabel('Note for this step').fill('Peers confirmed with the radiology lead.');
    await firstStep.getByRole('checkbox').check();
    await expect(firstStep).toHaveAttribute('data-done', 'true');
    const mfa = page.locator('[data-testid="attestation"][data-attestation="manual.mfa"]');
    await mfa.getByLabel(/What you checked/).fill('The web interface sits behind the VPN portal, which asks for a TOTP code.');
    await mfa.getByRole('button', { name: /^Attest/ }).click();
    await expect(mfa).toHaveAttribute('data-attested', 'true');
    await page.getByRole('button', { name: 'Re-check this server' }).click();
    await expect(page.getByTestId('verification')).toBeVisible({ timeout: 120_000 });

    // Sign-off: nobody can sign yet, but the record can be reviewed; add yourself (the app makes the key pair).
    await page.getByRole('button', { name: 'Sign off this server' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Sign off ${openPacs}` })).toBeVisible();
    const picker = page.getByTestId('operator-picker').first();
    await expect(picker).toContainText('Nobody can sign from this app yet');
    await page.getByRole('button', { name: 'Review what will be signed' }).click();
    await expect(page.getByTestId('signoff-review')).toContainText('Accepts any calling AE title');
    await expect(page.getByTestId('signoff-no-signer')).toContainText('Choose who signs');
    const add = page.getByTestId('operator-add');
    await expect(add.getByLabel('Name')).toHaveValue('Dana Reyes');
    await add.getByLabel('Role').fill('PACS administrator');
    await add.getByLabel('Passphrase', { exact: true }).fill(DANA_PASS);
    await add.getByLabel('Passphrase again').fill(`${DANA_PASS}!`);
    await add.getByRole('button', { name: 'Add operator' }).click();
    await expect(page.getByTestId('operator-error')).toContainText('The two passphrases differ');
    await add.getByLabel('Passphrase', { exact: true }).fill(DANA_PASS);
    await add.getByLabel('Passphrase again').fill(DANA_PASS);
    await add.getByRole('button', { name: 'Add operator' }).click();
    const dana = picker.getByRole('radio');
    await expect(dana).toBeChecked();
    const ops = await page.evaluate(() => (globalThis as unknown as { collimator: CollimatorApi }).collimator.operators.list());
    if (!ops.ok) throw new Error(ops.error.message);
    const danaFp = ops.value.find((o) => o.name === 'Dana Reyes')?.fingerprint ?? '';
    expect(danaFp).toMatch(/^[0-9a-f]{64}$/);
    await expect(picker.locator(`[data-fingerprint="${danaFp}"]`)).toBeVisible();
    await page.getByLabel('Note on the record').fill('Lab exercise: access not yet restricted; re-check shows it still open.');
    await snap(page, '50-signoff-who');
    await expectAccessible(page, 'Sign-off (who signs)');

    // Review exactly what will be signed: findings, steps with who, attestation, re-check, warnings.
    await page.getByRole('button', { name: 'Review what will be signed' }).click();
    const review = page.getByTestId('signoff-review');
    await expect(review).toBeVisible();
    await expect(page.getByTestId('signoff-warnings')).toContainText('did not pass');
    await expect(review.getByTestId('record-findings')).toContainText('Accepts any calling AE title');
    await expect(review.getByTestId('record-steps')).toContainText('Done by Dana Reyes');
    await expect(review.getByTestId('record-steps')).toContainText('Peers confirmed with the radiology lead.');
    await expect(review.getByTestId('record-attestations')).toContainText('Multi-factor');
    await expect(review.getByTestId('record-verification').locator('tr[data-check="dicom.any-calling-ae"]')).toHaveAttribute('data-verdict', 'still-failing');
    await expect(review).toContainText('Lab exercise: access not yet restricted');
    const sign = page.getByRole('button', { name: 'Sign as Dana Reyes' });
    await expect(sign).toBeDisabled();
    await snapPart(page, review, '51-signoff-review');
    await expectAccessible(page, 'Sign-off (review)');

    // A changed note is not what was reviewed: the review goes away until it is done again.
    await page.getByLabel('Note on the record').fill('Lab exercise: access not yet restricted; the re-check shows it still open.');
    await expect(review).toHaveCount(0);
    await page.getByRole('button', { name: 'Review what will be signed' }).click();
    await expect(review).toContainText('the re-check shows it still open');
    await review.getByLabel(/I reviewed this record/).check();
    // Every signature asks for the signer's passphrase, now: none, or a wrong one, signs nothing.
    await sign.click();
    await expect(review.getByRole('alert').filter({ hasText: 'Enter the signer’s passphrase' })).toBeVisible();
    await review.getByLabel('Passphrase of Dana Reyes').fill('not the passphrase at all');
    await sign.click();
    await expect(page.getByTestId('sign-error')).toContainText('Wrong passphrase');
    await expect(review.getByLabel('Passphrase of Dana Reyes')).toHaveValue('');
    const none = await page.evaluate(() => (globalThis as unknown as { collimator: CollimatorApi }).collimator.records.list());
    expect(none.ok && none.value).toEqual([]);
    await review.getByLabel('Passphrase of Dana Reyes').fill(DANA_PASS);
    await sign.click();

    // The record: intact, signed with Dana's key, first link of the chain.
    await expect(page.getByRole('heading', { level: 1, name: `Record 1: ${openPacs}` })).toBeVisible();
    await expect(page.getByTestId('record-integrity')).toHaveAttribute('data-intact', 'true');
    const sigs = page.getByTestId('signature-row');
    await expect(sigs).toHaveCount(1);
    await expect(sigs.first()).toHaveAttribute('data-holds', 'true');
    await expect(sigs.first().locator(`[data-fingerprint="${danaFp}"]`)).toBeVisible();
    await expect(page.getByTestId('record-chain')).toHaveAttribute('data-chain-ok', 'true');
    await expect(page.getByTestId('record-chain')).toContainText('First record of this database');
    await expect(sigs.first().getByTestId('signer-added')).toContainText('key kept by this app');

    // A reviewer co-signs the same bytes, with their own passphrase (Dana's does not unlock Sam's key).
    await page.getByRole('button', { name: 'Add a reviewer’s signature' }).click();
    const cosign = page.getByTestId('cosign-form');
    await cosign.getByLabel('Name').fill('Sam Ortiz');
    await cosign.getByLabel('Role').fill('Clinical system owner');
    await cosign.getByLabel('Passphrase', { exact: true }).fill(SAM_PASS);
    await cosign.getByLabel('Passphrase again').fill(SAM_PASS);
    await cosign.getByRole('button', { name: 'Add operator' }).click();
    await expect(cosign.getByRole('radio', { name: /Sam Ortiz/ })).toBeChecked();
    await expect(cosign.getByRole('radio', { name: /Dana Reyes/ })).toHaveCount(0);
    await cosign.getByLabel('Passphrase of Sam Ortiz').fill(DANA_PASS);
    await cosign.getByRole('button', { name: 'Co-sign these same bytes' }).click();
    await expect(page.getByTestId('cosign-error')).toContainText('Wrong passphrase');
    await expect(sigs).toHaveCount(1);
    await cosign.getByLabel('Passphrase of Sam Ortiz').fill(SAM_PASS);
    await cosign.getByRole('button', { name: 'Co-sign these same bytes' }).click();
    await expect(sigs).toHaveCount(2);
    await expect(page.locator('[data-testid="signature-row"][data-kind="reviewer"]')).toContainText('Sam Ortiz');
    await expect(page.locator('[data-testid="signature-row"][data-holds="true"]')).toHaveCount(2);
    await expect(page.getByTestId('record-integrity')).toHaveAttribute('data-intact', 'true');
    await snap(page, '52-record-detail', true);
    await expectAccessible(page, 'Record (detail)');

    // Exports: JSON anyone can check offline, and a PDF to read.
    const json = await downloaded(page, () => page.getByRole('button', { name: 'Export JSON' }).click());
    expect(json.name).toMatch(/^collimator-record-[0-9a-f]{8}\.json$/);
    const exported = JSON.parse(json.bytes.toString('utf8')) as { records: Array<{ signatures: Array<{ signature: string; fingerprint: string }> }> };
    expect(exported.records).toHaveLength(1);
    expect(exported.records[0]?.signatures.map((s) => s.fingerprint)).toContain(danaFp);
    const pdf = await downloaded(page, () => page.getByRole('button', { name: 'Export PDF' }).click());
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The records list, and the exported file checked as an auditor would.
    await nav(page, /^Records/).click();
    const rows = page.getByTestId('record-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('co-signed by Sam Ortiz');
    await expect(rows.first().locator('[data-outcome]')).toHaveAttribute('data-outcome', 'bad');
    const check = page.getByTestId('file-check');
    await check.getByLabel('Record file (JSON)').setInputFiles({ name: json.name, mimeType: 'application/json', buffer: json.bytes });
    await expect(page.getByTestId('file-check-result')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('file-check-result')).toContainText('holds');

    // One character of the operator's signature changed: the check names the signature.
    const sig = exported.records[0]!.signatures[0]!;
    sig.signature = `${sig.signature.charAt(0) === 'A' ? 'B' : 'A'}${sig.signature.slice(1)}`;
    await check.getByLabel('Record file (JSON)').setInputFiles({ name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported, null, 2)) });
    await expect(page.getByTestId('file-check-result')).toHaveAttribute('data-ok', 'false');
    await expect(page.getByTestId('file-problems').locator('li[data-kind="signature"]').first()).toBeVisible();
    await expect(page.getByTestId('file-problems')).toContainText('signature 1');
    await snap(page, '53-records-list-tampered-file', true);
    await expectAccessible(page, 'Records (tampered file)');

    // A record opens from the list.
    await rows.first().getByRole('button', { name: 'Open record 1' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Record 1: ${openPacs}` })).toBeVisible();
    expect(problems, 'the page logged errors').toEqual([]);
  } finally {
    await bridge.close();
  }
});

test.describe('without an OS keychain (the plain web preview)', () => {
  test.use({ seedServices: 3 });

  test('operators with key files (collimator keys new) sign and co-sign; nothing is signed without the passphrase', async ({ app, dbDir }) => {
    test.skip(test.info().project.name === 'electron', 'the Electron app has the OS keychain: this is about the web preview without one');
    test.setTimeout(180_000);
    const dana = await makeKeyFile(dbDir, { name: 'Dana Reyes', role: 'PACS administrator', passphrase: DANA_PASS });
    const sam = await makeKeyFile(dbDir, { name: 'Sam Ortiz', role: 'Clinical system owner', passphrase: SAM_PASS });
    const keyFile = (k: { file: string; text: string }) => ({ name: path.basename(k.file), mimeType: 'application/json', buffer: Buffer.from(k.text) });
    const list = () => app.evaluate(() => (globalThis as unknown as { collimator: CollimatorApi }).collimator.records.list());

    await nav(app, /^Records/).click();
    await expect(app.getByRole('heading', { level: 1, name: 'Records' })).toBeVisible();
    await expect(app.getByTestId('empty-state')).toContainText('No signed records yet');
    await snap(app, '54-records-empty');
    await expectAccessible(app, 'Records (empty)');

    await nav(app, /^Servers/).click();
    await app.getByTestId('server-row').first().getByRole('button', { name: /^Open / }).click();
    await app.getByRole('button', { name: 'Fix this server' }).click();
    await app.getByRole('button', { name: 'Sign off this server' }).click();
    await expect(app.getByRole('heading', { level: 1, name: /^Sign off / })).toBeVisible();

    // The record can be reviewed before anyone is chosen to sign.
    await app.getByRole('button', { name: 'Review what will be signed' }).click();
    await expect(app.getByTestId('signoff-review')).toBeVisible();
    await expect(app.getByTestId('signoff-no-signer')).toBeVisible();

    // No keychain: a key made here is refused, and the form points to the key file instead.
    const add = app.getByTestId('operator-add');
    await add.getByLabel('Name').fill('Dana Reyes');
    await add.getByLabel('Role').fill('PACS administrator');
    await add.getByLabel('Passphrase', { exact: true }).fill(DANA_PASS);
    await add.getByLabel('Passphrase again').fill(DANA_PASS);
    await add.getByRole('button', { name: 'Add operator' }).click();
    await expect(app.getByTestId('operator-error')).toContainText('from a key file');
    await snap(app, '55-signoff-no-keychain');
    await expectAccessible(app, 'Sign-off (no keychain)');

    // Dana adds herself from her key file: a wrong passphrase adds nobody.
    await add.getByRole('radio', { name: 'Use a key file' }).check();
    await add.getByLabel('Key file', { exact: true }).setInputFiles(keyFile(dana));
    await add.getByLabel('Passphrase', { exact: true }).fill(SAM_PASS);
    await add.getByRole('button', { name: 'Add operator' }).click();
    await expect(app.getByTestId('operator-error')).toContainText('Wrong passphrase');
    await add.getByLabel('Passphrase', { exact: true }).fill(DANA_PASS);
    await add.getByRole('button', { name: 'Add operator' }).click();
    const picker = app.getByTestId('operator-picker').first();
    await expect(picker.getByRole('radio', { name: /Dana Reyes/ })).toBeChecked();
    await expect(picker.getByTestId('operator-key-held')).toContainText('signs with their key file');

    await app.getByLabel('Note on the record').fill('Signed with a key file: this computer has no keychain.');
    await app.getByRole('button', { name: 'Review what will be signed' }).click();
    const review = app.getByTestId('signoff-review');
    await expect(review).toContainText('Signed with a key file');
    await review.getByLabel(/I reviewed this record/).check();
    const sign = app.getByRole('button', { name: 'Sign as Dana Reyes' });

    // Without the key file, without the passphrase, with a wrong one: nothing is signed.
    await sign.click();
    await expect(review.getByRole('alert').filter({ hasText: 'Choose the signer’s key file' })).toBeVisible();
    await review.getByLabel('Key file of Dana Reyes').setInputFiles(keyFile(dana));
    await sign.click();
    await expect(review.getByRole('alert').filter({ hasText: 'Enter the signer’s passphrase' })).toBeVisible();
    await review.getByLabel('Passphrase of Dana Reyes').fill(SAM_PASS);
    await sign.click();
    await expect(app.getByTestId('sign-error')).toContainText('Wrong passphrase');
    const before = await list();
    expect(before.ok && before.value).toEqual([]);
    await snapPart(app, review, '56-signoff-key-file');
    await expectAccessible(app, 'Sign-off (key file)');

    await review.getByLabel('Passphrase of Dana Reyes').fill(DANA_PASS);
    await sign.click();
    await expect(app.getByRole('heading', { level: 1, name: /^Record 1: / })).toBeVisible();
    const sigs = app.getByTestId('signature-row');
    await expect(sigs).toHaveCount(1);
    await expect(sigs.first()).toHaveAttribute('data-holds', 'true');
    await expect(sigs.first().getByTestId('signer-added')).toContainText('own key file');

    // Sam co-signs with his own key file: Dana's passphrase does not unlock it.
    await app.getByRole('button', { name: 'Add a reviewer’s signature' }).click();
    const cosign = app.getByTestId('cosign-form');
    await expect(cosign.getByRole('radio', { name: /Dana Reyes/ })).toHaveCount(0);
    const addSam = cosign.getByTestId('operator-add');
    await addSam.getByRole('radio', { name: 'Use a key file' }).check();
    await addSam.getByLabel('Key file', { exact: true }).setInputFiles(keyFile(sam));
    await addSam.getByLabel('Passphrase', { exact: true }).fill(SAM_PASS);
    await addSam.getByRole('button', { name: 'Add operator' }).click();
    await expect(cosign.getByRole('radio', { name: /Sam Ortiz/ })).toBeChecked();
    await cosign.getByLabel('Key file of Sam Ortiz').setInputFiles(keyFile(sam));
    await cosign.getByLabel('Passphrase of Sam Ortiz').fill(DANA_PASS);
    await cosign.getByRole('button', { name: 'Co-sign these same bytes' }).click();
    await expect(app.getByTestId('cosign-error')).toContainText('Wrong passphrase');
    await expect(sigs).toHaveCount(1);
    await cosign.getByLabel('Passphrase of Sam Ortiz').fill(SAM_PASS);
    await cosign.getByRole('button', { name: 'Co-sign these same bytes' }).click();
    await expect(sigs).toHaveCount(2);
    await expect(app.locator('[data-testid="signature-row"][data-kind="reviewer"]')).toContainText('Sam Ortiz');
    await expect(app.locator('[data-testid="signature-row"][data-holds="true"]')).toHaveCount(2);
    await expect(app.getByTestId('record-integrity')).toHaveAttribute('data-intact', 'true');
    await snap(app, '57-record-key-files', true);
    await expectAccessible(app, 'Record (key files)');
  });
});
