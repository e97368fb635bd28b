/**
 * A long scan shows live progress and stops when the admin cancels it. The scope is
 * loopback only (127.0.0.0/16 on ports nothing listens on): the engine's connection
 * rate limit makes the sweep take minutes, long enough to cancel on a loaded machine
 * (a /20 took ~20 s, which a busy CI runner could spend before the Cancel click), and
 * nothing leaves the machine.
 */
import { expect, expectAccessible, listScanIds, snap, test } from './fixtures/app';

const count = (text: string): number => Number(text.replace(/\D/g, ''));

test('a long scan shows progress and can be cancelled', async ({ app }) => {
  await app.getByLabel('Targets').fill('127.0.0.0/16');
  await app.getByLabel('Ports').fill('1, 3, 5, 7, 9, 11, 13, 15, 17, 19');
  await app.getByLabel('This computer’s network').fill('Loopback (test)');
  await app.getByRole('button', { name: 'Start scan' }).click();

  const progress = app.getByTestId('scan-progress');
  await expect(progress).toHaveAttribute('data-status', 'running');
  // Progress moves while it runs: something was tried, not everything.
  await expect.poll(async () => count(await app.getByTestId('stat-done').innerText())).toBeGreaterThan(0);
  const [tried, total] = (await app.getByTestId('stat-done').innerText()).split('/').map(count);
  expect(total).toBe(65536 * 10);
  expect(tried).toBeLessThan(total ?? 0);
  await expect(app.getByRole('button', { name: 'Start scan' })).toBeDisabled();
  await expect(app.getByText(/Scanning \d+%/)).toBeVisible();
  await snap(app, '10-scope-scanning');

  await app.getByRole('button', { name: 'Cancel scan' }).click();
  await expect(app.getByTestId('scan-cancelled')).toBeVisible();
  await expect(progress).toHaveAttribute('data-status', 'cancelled');
  const [triedAtEnd, totalAtEnd] = (await app.getByTestId('stat-done').innerText()).split('/').map(count);
  expect(triedAtEnd).toBeLessThan(totalAtEnd ?? 0);
  // The bar shows how much was covered, not a finished 100 %.
  const covered = Number(await app.getByRole('progressbar', { name: 'Scan progress' }).getAttribute('aria-valuenow'));
  expect(covered).toBeLessThan(100);
  await expect(app.getByRole('button', { name: 'Start scan' })).toBeEnabled();
  await snap(app, '11-scope-cancelled');
  await expectAccessible(app, 'Scope & scan (cancelled)');

  // The history says so too, and the scan is stored once.
  expect(await listScanIds(app)).toHaveLength(1);
  await app.getByRole('button', { name: 'Scan history' }).click();
  await expect(app.getByTestId('history-row').first().locator('[data-state]')).toHaveAttribute('data-state', 'cancelled');
});
