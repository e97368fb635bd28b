/**
 * The first-run path: start the practice lab from the UI, scan it, watch the
 * progress, open servers and read the right checks (spec/checks.md):
 * the open PACS fails dicom.any-calling-ae, the locked-down PACS passes it because
 * the stranger was rejected with "calling AE title not recognized".
 */
import type { Locator, Page } from '@playwright/test';
import { ATTACK_NOTICE, ATTACK_TECHNIQUES } from '../../shared/catalog';
import { expect, expectAccessible, listScanIds, snap, test } from './fixtures/app';

/** host:port of a lab server, read from the lab panel as the admin sees it. */
async function labAddress(lab: Locator, name: string): Promise<string> {
  const text = await lab.getByRole('listitem').filter({ hasText: name }).getByTestId('lab-address').innerText();
  return text.trim().replace(/^.*@/, '');
}

function check(page: Page, id: string): Locator {
  return page.locator(`[data-testid="check"][data-check="${id}"]`);
}

test('start the practice lab, scan it, and read the findings', async ({ app }) => {
  test.setTimeout(240_000);

  // One click starts the lab and fills in the form.
  await app.getByRole('button', { name: 'Start practice lab' }).click();
  const lab = app.getByTestId('lab-panel');
  await expect(lab.getByRole('list', { name: 'Practice lab servers' })).toBeVisible({ timeout: 60_000 });
  await expect(app.getByText('Practice lab running')).toBeVisible();
  const openPacs = await labAddress(lab, 'Open PACS');
  const lockedPacs = await labAddress(lab, 'Locked-down PACS');
  const labCount = await lab.getByRole('listitem').count();
  expect(labCount).toBeGreaterThanOrEqual(2);
  await expect(app.getByLabel('Targets')).toHaveValue(/127\.0\.0\.1|::1/);
  await expect(app.getByLabel('Known AE titles')).toHaveValue(/SECUREPACS@/);
  await snap(app, '04-scope-lab-ready');
  await expectAccessible(app, 'Scope & scan (lab ready)');

  // Scan it and watch the progress panel to the end.
  await app.getByRole('button', { name: 'Start scan' }).click();
  const progress = app.getByTestId('scan-progress');
  await expect(progress).toBeVisible();
  await expect(app.getByTestId('scan-done')).toBeVisible({ timeout: 180_000 });
  await expect(progress).toHaveAttribute('data-status', 'finished');
  await expect(app.getByRole('progressbar', { name: 'Scan progress' })).toHaveAttribute('aria-valuenow', '100');
  const [tried, total] = (await app.getByTestId('stat-done').innerText()).split('/').map((s) => Number(s.replace(/\D/g, '')));
  expect(total).toBeGreaterThan(0);
  expect(tried).toBe(total);
  const found = Number((await app.getByTestId('stat-found').innerText()).replace(/\D/g, ''));
  expect(found).toBe(labCount);
  await snap(app, '05-scope-scan-finished');
  await expectAccessible(app, 'Scope & scan (finished)');

  // Servers: every service, riskiest first.
  await app.getByRole('button', { name: 'Review servers' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();
  const rows = app.getByTestId('server-row');
  await expect(rows).toHaveCount(found);
  await expect(rows.first().locator('[data-risk]')).toHaveAttribute('data-risk', 'critical');
  await expect(rows.first()).toHaveAttribute('data-key', openPacs);
  await snap(app, '06-servers-lab');
  await expectAccessible(app, 'Servers');

  // Sorting by host marks the column; the text filter finds a server by its AE title.
  await app.getByRole('button', { name: /^Port/ }).click();
  await expect(app.getByRole('columnheader', { name: /^Port/ })).toHaveAttribute('aria-sort', 'ascending');
  const ports = await rows.evaluateAll((els: { getAttribute(name: string): string | null }[]) =>
    els.map((e) => Number((e.getAttribute('data-key') ?? '').split(':').pop())),
  );
  expect(ports).toEqual([...ports].sort((a, b) => a - b));
  await app.getByLabel('Search').fill('SECUREPACS');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-key', lockedPacs);
  await app.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(found);

  // The open PACS: a stranger's association is accepted.
  await app.getByRole('button', { name: `Open ${openPacs}` }).click();
  await expect(app.getByRole('heading', { level: 1, name: openPacs })).toBeVisible();
  const anyCalling = check(app, 'dicom.any-calling-ae');
  await expect(anyCalling).toHaveAttribute('data-status', 'fail');
  await expect(anyCalling.locator('[data-status="fail"]')).toHaveText(/Fail/);
  await expect(anyCalling).toContainText('High');
  await expect(anyCalling).toContainText(`T1133 ${ATTACK_TECHNIQUES.T1133}`);
  await expect(anyCalling).toContainText(/Calling AE title used/);
  await expect(check(app, 'dicom.detected')).toHaveAttribute('data-status', 'fail');
  await expect(app.getByText(ATTACK_NOTICE, { exact: false })).toBeVisible();
  await snap(app, '07-server-open-pacs', true);
  await expectAccessible(app, 'Server (open PACS)');

  // The locked-down PACS: the stranger is rejected, and the reason is decoded to words.
  await app.getByRole('button', { name: '← All servers' }).click();
  await app.getByRole('button', { name: `Open ${lockedPacs}` }).click();
  await expect(app.getByRole('heading', { level: 1, name: lockedPacs })).toBeVisible();
  const lockedCalling = check(app, 'dicom.any-calling-ae');
  await expect(lockedCalling).toHaveAttribute('data-status', 'pass');
  // Evidence of a passing check is folded; the admin opens it to read why it passed.
  await lockedCalling.locator('summary', { hasText: 'Evidence' }).click();
  await expect(lockedCalling.getByText(/calling AE title not recognized/).first()).toBeVisible();
  await expect(lockedCalling).toContainText('Severity if failing');
  await expect(check(app, 'dicom.plaintext')).toHaveAttribute('data-status', 'fail');
  await snap(app, '08-server-locked-pacs', true);
  await expectAccessible(app, 'Server (locked-down PACS)');

  // The scan is in the history and reopens.
  await app.getByRole('button', { name: 'Scan history' }).click();
  const history = app.getByTestId('history-row');
  await expect(history).toHaveCount(1);
  await expect(history.first().locator('[data-state]')).toHaveAttribute('data-state', 'finished');
  expect(await listScanIds(app)).toHaveLength(1);
  await snap(app, '09-history');
  await expectAccessible(app, 'Scan history');
  await history.first().getByRole('button', { name: /^Open the scan/ }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();
  await expect(rows).toHaveCount(found);
});
