/**
 * 10,000 services: the Servers list renders only what is in view (virtualized) and
 * still sorts, filters, scrolls to the end and opens a server. The scan is synthetic,
 * written to the test database through the real store before the app opens.
 */
import { expect, expectAccessible, snap, test } from './fixtures/app';
import { syntheticCriticalCount } from './fixtures/seed';

const SERVICES = 10_000;

test.use({ seedServices: SERVICES });

test('a 10,000-row Servers list stays small in the DOM and scrolls', async ({ app }) => {
  test.setTimeout(180_000);
  // The app reopens the latest scan on start: the synthetic one.
  await app.getByRole('button', { name: /^Servers/ }).click();
  await expect(app.getByTestId('servers-count')).toHaveText('Showing 10,000 of 10,000');
  const rows = app.getByTestId('server-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);
  await expect(rows.first().locator('[data-risk]')).toHaveAttribute('data-risk', 'critical');
  await expect(app.getByRole('table', { name: 'Services found' })).toHaveAttribute('aria-rowcount', String(SERVICES + 1));
  await snap(app, '12-servers-10000');
  await expectAccessible(app, 'Servers (10,000 rows)');

  // Scroll to the very end: the last row is rendered, and still only a window of rows.
  const scroller = app.getByTestId('servers-scroll');
  await scroller.evaluate((el: { scrollTop: number; scrollHeight: number }) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(app.locator(`[data-testid="server-row"][aria-rowindex="${SERVICES + 1}"]`)).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);
  // The riskiest are first, so the end of the list holds services with nothing above info failing... or medium at most.
  await expect(rows.last().locator('[data-risk]')).not.toHaveAttribute('data-risk', 'critical');
  await snap(app, '13-servers-10000-end');

  // Half-way: rows render where the admin scrolls to.
  await scroller.evaluate((el: { scrollTop: number; scrollHeight: number }) => {
    el.scrollTop = el.scrollHeight / 2;
  });
  await expect(app.locator('[data-testid="server-row"][aria-rowindex="5001"]')).toBeAttached();
  expect(await rows.count()).toBeLessThan(60);

  // Filter and sort the whole list, not just what is rendered.
  await app.getByLabel('Failing severity').selectOption('critical');
  const criticals = syntheticCriticalCount(SERVICES);
  await expect(app.getByTestId('servers-count')).toHaveText(`Showing ${criticals.toLocaleString('en-US')} of 10,000`);
  await app.getByRole('button', { name: /^Host/ }).click();
  await expect(rows.first()).toHaveAttribute('data-key', '10.200.0.1:11112');

  // And a row still opens its server.
  await rows.first().getByRole('button').click();
  await expect(app.getByRole('heading', { level: 1, name: '10.200.0.1:11112' })).toBeVisible();
  await expect(app.locator('[data-check="dicom.query-open"]')).toHaveAttribute('data-status', 'fail');
});
