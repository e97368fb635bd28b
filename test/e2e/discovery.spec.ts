/**
 * The discovery profile from the scope form (issue 16), and port ranges in the form
 * (issue 17): an admin starts the practice lab, picks "Discovery", adds a range to the
 * ports, scans, and reads skipped checks on a server. What ran is what the report and
 * the stored scan say (scan:get through the page's own API). A check list that names
 * no check is a form error; nothing is started.
 */
import type { Locator, Page } from '@playwright/test';
import type { CollimatorApi } from '../../shared/contract';
import type { ScanReport } from '../../shared/types';
import { expect, expectAccessible, listScanIds, snap, test } from './fixtures/app';

function check(page: Page, id: string): Locator {
  return page.locator(`[data-testid="check"][data-check="${id}"]`);
}

async function labAddress(lab: Locator, name: string): Promise<string> {
  const text = await lab.getByRole('listitem').filter({ hasText: name }).getByTestId('lab-address').innerText();
  return text.trim().replace(/^.*@/, '');
}

async function getScan(page: Page, id: string): Promise<ScanReport> {
  const r = await page.evaluate((scanId) => (globalThis as unknown as { collimator: CollimatorApi }).collimator.scan.get({ scanId }), id);
  if (!r.ok) throw new Error(`scan:get failed: ${r.error.message}`);
  return r.value;
}

test('a discovery scan of the practice lab from the scope form: skipped checks, a port range', async ({ app }) => {
  test.setTimeout(240_000);

  await app.getByRole('button', { name: 'Start practice lab' }).click();
  const lab = app.getByTestId('lab-panel');
  await expect(lab.getByRole('list', { name: 'Practice lab servers' })).toBeVisible({ timeout: 60_000 });
  const openPacs = await labAddress(lab, 'Open PACS');
  const labCount = await lab.getByRole('listitem').count();

  // A bad check list is a form error: nothing starts.
  await app.getByLabel('Advanced: only these checks').fill('dicom.nope');
  await app.getByRole('button', { name: 'Start scan' }).click();
  await expect(app.getByTestId('scan-error')).toContainText('unknown check "dicom.nope"');
  expect(await listScanIds(app)).toHaveLength(0);
  await app.getByLabel('Advanced: only these checks').fill('');

  // The discovery profile, and a range among the ports (loopback ports 1-3: nothing listens there).
  await app.getByRole('radio', { name: /^Discovery/ }).check();
  const ports = app.getByLabel('Ports');
  await ports.fill(`${await ports.inputValue()}, 1-3`);
  await snap(app, 'discovery-scope-form');
  await expectAccessible(app, 'Scope & scan (discovery chosen)');

  await app.getByRole('button', { name: 'Start scan' }).click();
  await expect(app.getByTestId('scan-done')).toBeVisible({ timeout: 180_000 });
  const [tried, total] = (await app.getByTestId('stat-done').innerText()).split('/').map((s) => Number(s.replace(/\D/g, '')));
  // Every lab port and the three of the range were tried on the lab's one address.
  expect(total).toBe(labCount + 3);
  expect(tried).toBe(total);
  const found = Number((await app.getByTestId('stat-found').innerText()).replace(/\D/g, ''));
  expect(found).toBe(labCount);

  // The stored scan says which checks ran; the rest are skipped, never pass.
  const ids = await listScanIds(app);
  expect(ids).toHaveLength(1);
  const report = await getScan(app, ids[0]!);
  expect(report.scan.profile).toBe('discovery');
  expect(report.scan.checks).toContain('dicom.any-called-ae');
  expect(report.scan.checks).not.toContain('dicom.query-open');
  for (const s of report.services) {
    for (const c of s.checks) if (!report.scan.checks!.includes(c.id)) expect(c.status, `${s.port} ${c.id}`).toBe('skipped');
  }

  // The admin sees it on the server: detected and judged, query and retrieve skipped.
  await app.getByRole('button', { name: 'Review servers' }).click();
  await app.getByRole('button', { name: `Open ${openPacs}` }).click();
  await expect(app.getByRole('heading', { level: 1, name: openPacs })).toBeVisible();
  await expect(check(app, 'dicom.any-called-ae')).toHaveAttribute('data-status', 'fail');
  await expect(check(app, 'dicom.query-open')).toHaveAttribute('data-status', 'skipped');
  await expect(check(app, 'dicom.query-open')).toContainText('not part of the discovery profile');
  await expect(check(app, 'dicom.retrieve-open')).toHaveAttribute('data-status', 'skipped');
  await snap(app, 'discovery-server-open-pacs', true);
  await expectAccessible(app, 'Server (discovery scan)');
});
