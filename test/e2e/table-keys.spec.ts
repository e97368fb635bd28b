/**
 * The one table (renderer/components/DataTable.tsx) from the keyboard: arrow keys,
 * Home/End and Page Down move between rows (rendering the far end of a virtualised list
 * on the way), Enter opens the row; a sortable header says how it sorts. A synthetic
 * scan (10.200.x addresses, never contacted) gives 400 services.
 */
import { expect, test } from './fixtures/app';

test.use({ seedServices: 400, viewport: { width: 1366, height: 850 } });

test('rows are reached and opened from the keyboard; headers sort', async ({ app }) => {
  await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Servers/ }).click();
  const rows = app.getByTestId('server-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);

  const row = (i: number) => app.locator(`[data-testid="server-row"][aria-rowindex="${i + 1}"]`);
  await rows.first().focus();
  await expect(row(1)).toBeFocused();
  await app.keyboard.press('ArrowDown');
  await expect(row(2)).toBeFocused();
  await app.keyboard.press('PageDown');
  await expect(row(12)).toBeFocused();
  await app.keyboard.press('End');
  await expect(row(400)).toBeFocused();
  await expect(row(400)).toBeInViewport();
  await app.keyboard.press('Home');
  await expect(row(1)).toBeFocused();
  const key = (await row(1).getAttribute('data-key')) ?? '';
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: key })).toBeVisible();

  // A table that keeps its own sort: History, by services.
  await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Scan history/ }).click();
  const services = app.getByRole('columnheader', { name: /Services/ });
  await expect(services).not.toHaveAttribute('aria-sort');
  await services.getByRole('button').click();
  await expect(services).toHaveAttribute('aria-sort', 'ascending');
  await services.getByRole('button').click();
  await expect(services).toHaveAttribute('aria-sort', 'descending');
  await expect(app.getByRole('columnheader', { name: /Started/ })).not.toHaveAttribute('aria-sort');
});
