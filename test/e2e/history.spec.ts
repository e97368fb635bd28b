/**
 * Scans kept side by side (issue 17, item 9): History shows the ports and counts of each
 * scan, and a newer scan that found nothing does not wipe the Servers worklist: the
 * worklist stays, with a note naming the empty scan and a way to open it.
 */
import net from 'node:net';
import type { CollimatorApi, ScanSummary } from '../../shared/contract';
import { portsText } from '../../renderer/store/selectors/history';
import { expect, expectAccessible, snap, test } from './fixtures/app';

/** A loopback port nothing listens on (taken from the kernel, then let go). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('an empty scan keeps the worklist; History shows the ports and counts of each scan', async ({ app }) => {
  test.setTimeout(240_000);
  await app.getByRole('button', { name: 'Start practice lab' }).click();
  await expect(app.getByTestId('lab-panel').getByRole('list', { name: 'Practice lab servers' })).toBeVisible({ timeout: 60_000 });
  await app.getByRole('button', { name: 'Start scan' }).click();
  await expect(app.getByTestId('scan-done')).toBeVisible({ timeout: 180_000 });
  await app.getByRole('button', { name: 'Review servers' }).click();
  const rows = app.getByTestId('server-row');
  const found = await rows.count();
  expect(found).toBeGreaterThanOrEqual(2);

  // A scan of a port where nothing listens.
  const port = await closedPort();
  await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Scope & scan/ }).click();
  await app.getByLabel('Targets').fill('127.0.0.1');
  await app.getByLabel('Ports').fill(String(port));
  await app.getByLabel('Known AE titles').fill('');
  await app.getByRole('button', { name: 'Start scan' }).click();
  await expect(app.getByTestId('scan-progress')).toHaveAttribute('data-status', 'finished', { timeout: 120_000 });
  await app.getByRole('button', { name: 'Review servers' }).click();

  // The worklist is still the lab's, and the empty scan is named.
  await expect(app.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();
  const note = app.getByTestId('empty-newer');
  await expect(note).toBeVisible();
  await expect(note).toContainText('The newest scan found no services');
  await expect(note).toContainText(`(ports ${port})`);
  await expect(rows).toHaveCount(found);
  await snap(app, '21-servers-kept-after-empty-scan');
  await expectAccessible(app, 'Servers (kept after an empty scan)');

  // History: both scans, each with its ports, services and findings to fix.
  const list = await app.evaluate(() => (globalThis as unknown as { collimator: CollimatorApi }).collimator.scan.list());
  if (!list.ok) throw new Error(list.error.message);
  const [empty, lab] = list.value as [ScanSummary, ScanSummary];
  expect(empty.services).toBe(0);
  expect(lab.services).toBe(found);
  await app.getByRole('button', { name: 'Scan history' }).click();
  const history = app.getByTestId('history-row');
  await expect(history).toHaveCount(2);
  const emptyRow = history.and(app.locator(`[data-scan="${empty.id}"]`));
  const labRow = history.and(app.locator(`[data-scan="${lab.id}"]`));
  await expect(emptyRow.getByTestId('history-ports')).toHaveText(String(port));
  await expect(labRow.getByTestId('history-ports')).toHaveText(portsText(lab.ports));
  await expect(labRow.getByTestId('history-ports')).toHaveAttribute('title', `${lab.ports.length} ports: ${portsText(lab.ports)}`);
  await expect(emptyRow.getByTestId('history-services')).toHaveText('0');
  await expect(labRow.getByTestId('history-services')).toHaveText(String(found));
  const toFix = (Object.keys(lab.fail) as (keyof typeof lab.fail)[]).filter((s) => s !== 'info').reduce((n, s) => n + lab.fail[s], 0);
  expect(toFix).toBeGreaterThan(0);
  await expect(labRow.getByTestId('history-fails')).toHaveAttribute('data-count', String(toFix));
  await expect(emptyRow.getByTestId('history-fails')).toHaveAttribute('data-count', '0');
  await snap(app, '22-history-ports-and-counts');
  await expectAccessible(app, 'Scan history (two scans)');

  // Opening the empty scan on purpose shows it as it is.
  await emptyRow.getByRole('button', { name: /^Open the scan/ }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();
  await expect(app.getByText('No services found')).toBeVisible();
  await expect(note).toHaveCount(0);
  // And the lab's scan again, from History.
  await app.getByRole('button', { name: 'Scan history' }).click();
  await labRow.getByRole('button', { name: /^Open the scan/ }).click();
  await expect(rows).toHaveCount(found);
  await expect(note).toHaveCount(0);
});
