/**
 * Issue 16: "a first inventory sweep of a large network, then the full catalog on what
 * it found." A discovery scan of the practice lab; its servers offer "Run every check on
 * the N services found"; one click fills the scope form with the hosts and open ports
 * found (nothing else) and starts a full-catalog scan through scan:start, whose checks
 * really run (not skipped). What ran is read from the stored scans (scan:get through
 * the page's own API).
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

test('after a discovery scan, one click runs every check on the services it found', async ({ app }) => {
  test.setTimeout(420_000);
  await app.setViewportSize({ width: 1366, height: 850 });

  await app.getByRole('button', { name: 'Start practice lab' }).click();
  const lab = app.getByTestId('lab-panel');
  await expect(lab.getByRole('list', { name: 'Practice lab servers' })).toBeVisible({ timeout: 60_000 });
  const openPacs = await labAddress(lab, 'Open PACS');
  const labCount = await lab.getByRole('listitem').count();

  // Discovery, with three more ports where nothing listens: the follow-up leaves them out.
  await app.getByRole('radio', { name: /^Discovery/ }).check();
  const ports = app.getByLabel('Ports');
  await ports.fill(`${await ports.inputValue()}, 1-3`);
  await app.getByRole('button', { name: 'Start scan' }).click();
  const done = app.getByTestId('scan-done');
  await expect(done).toBeVisible({ timeout: 180_000 });
  const [discoveryId] = await listScanIds(app);
  const discovery = await getScan(app, discoveryId!);
  expect(discovery.scan.profile).toBe('discovery');
  const open = discovery.services.filter((s) => s.state === 'open');
  expect(open).toHaveLength(labCount);
  const foundHosts = [...new Set(open.map((s) => s.host))];
  const foundPorts = [...new Set(open.map((s) => s.port))].sort((a, b) => a - b);
  expect(discovery.scan.ports.length).toBeGreaterThan(foundPorts.length);

  // The finished scan offers it; so does its Servers screen, saying what it will try.
  const label = `Run every check on the ${labCount} services found`;
  await expect(app.getByTestId('discovery-follow-up').getByRole('button', { name: label })).toBeVisible();
  await snap(app, 'discovery-follow-up-done');
  await done.getByRole('button', { name: 'Review servers' }).click();
  const notice = app.getByTestId('discovery-follow-up');
  await expect(notice).toContainText('only the discovery checks ran');
  await expect(notice).toContainText(foundPorts.join(', '));
  await expect(check(app, 'dicom.query-open')).toHaveCount(0); // the list, not a server
  await snap(app, 'discovery-follow-up-servers');
  await expectAccessible(app, 'Servers (discovery scan, follow-up offered)');
  await app.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => app.locator('html').getAttribute('data-theme')).toBe('dark');
  await snap(app, 'discovery-follow-up-servers-dark');
  await expectAccessible(app, 'Servers (discovery scan, follow-up offered, dark)');
  await app.emulateMedia({ colorScheme: 'light' });

  // One click: the form shows the follow-up's scope, and the scan runs.
  await notice.getByRole('button', { name: label }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Scope & scan' })).toBeVisible();
  await expect(app.getByLabel('Targets')).toHaveValue(foundHosts.join('\n'));
  await expect(app.getByLabel('Ports')).toHaveValue(foundPorts.join(', '));
  await expect(app.getByRole('radio', { name: /^Full catalog/ })).toBeChecked();
  await expect(app.getByTestId('scan-progress')).toBeVisible();
  await expect(done).toBeVisible({ timeout: 240_000 });
  const [tried, total] = (await app.getByTestId('stat-done').innerText()).split('/').map((s) => Number(s.replace(/\D/g, '')));
  expect(total).toBe(foundHosts.length * foundPorts.length);
  expect(tried).toBe(total);
  // A full scan offers no follow-up.
  await expect(app.getByTestId('follow-up-scan')).toHaveCount(0);
  await snap(app, 'discovery-follow-up-finished');

  // The new scan ran the whole catalog on exactly what the discovery found.
  const ids = await listScanIds(app);
  expect(ids).toHaveLength(2);
  const full = await getScan(app, ids.find((id) => id !== discoveryId)!);
  expect(full.scan.profile).toBe('full');
  expect([...full.scan.targets].sort()).toEqual([...foundHosts].sort());
  expect(full.scan.ports).toEqual(foundPorts);
  expect(full.scan.checks).toContain('dicom.query-open');
  expect(full.services.filter((s) => s.state === 'open').map((s) => `${s.host}|${s.port}`).sort()).toEqual(open.map((s) => `${s.host}|${s.port}`).sort());
  for (const s of full.services) {
    for (const c of s.checks) expect(c.summary, `${s.port} ${c.id}`).not.toContain('not part of the discovery profile');
  }
  const pacs = full.services.find((s) => `${s.host}:${s.port}` === openPacs || `[${s.host}]:${s.port}` === openPacs)!;
  expect(pacs.checks.find((c) => c.id === 'dicom.query-open')!.status).toBe('fail');

  // And on the server: query now judged, not skipped.
  await done.getByRole('button', { name: 'Review servers' }).click();
  await expect(app.getByTestId('discovery-follow-up')).toHaveCount(0);
  await app.getByRole('button', { name: `Open ${openPacs}` }).click();
  await expect(app.getByRole('heading', { level: 1, name: openPacs })).toBeVisible();
  await expect(check(app, 'dicom.query-open')).toHaveAttribute('data-status', 'fail');
  await expect(check(app, 'dicom.retrieve-open')).not.toHaveAttribute('data-status', 'skipped');
});
