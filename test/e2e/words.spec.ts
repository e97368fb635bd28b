/**
 * Words that match what they describe (issue 17 item 7, renderer side): an info finding
 * is "Noted", never a red Fail, and is not in the fail count (the count equals the
 * heading's); the name field is not red before anything was typed; the undo of a
 * snippet reads as words, not "Rollback: Undo". A synthetic scan (10.200.x, never
 * contacted) gives the server.
 */
import { expect, expectAccessible, test } from './fixtures/app';

test.use({ seedServices: 12, viewport: { width: 1366, height: 850 } });

test('info is noted, counts match the heading, the name field waits for a blur', async ({ app }) => {
  await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Servers/ }).click();
  const row = app.getByTestId('server-row').first();
  await expect(row).toBeVisible();
  const key = (await row.getAttribute('data-key')) ?? '';
  await app.getByRole('button', { name: `Open ${key}` }).click();
  const h1 = app.getByRole('heading', { level: 1, name: key });
  await expect(h1).toBeVisible();

  const detected = app.locator('[data-testid="check"][data-check="dicom.detected"]');
  await expect(detected.locator('.badge[data-status]').first()).toHaveText(/Noted/);
  await expect(detected).not.toContainText('Fail');

  // "N checks fail" in the heading's line, and "N fail" in the counts: the same N.
  const line = await app.locator('.screen-head p').innerText();
  const heading = Number(/(\d+) checks? fails?/.exec(line)?.[1] ?? 'NaN');
  const failing = await app.locator('[data-testid="check"] .badge[data-status="fail"]').count();
  expect(heading).toBe(failing);
  await expect(app.getByLabel('Checks by status')).toContainText(`${heading} fail`);
  await expect(app.getByLabel('Checks by status')).toContainText('1 noted');

  await app.getByRole('button', { name: 'Fix this server' }).click();
  await expect(app.getByRole('heading', { level: 1, name: `Fix ${key}` })).toBeVisible();
  const who = app.getByLabel('Who is doing this');
  await expect(who).toHaveValue('');
  await expect(who).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(app, 'Fix & verify (nothing typed)');
  await who.focus();
  await who.blur();
  await expect(who).toHaveAttribute('aria-invalid', 'true');

  await expect(app.locator('details.rollback > summary').first()).toHaveText(/^Undo this change/);
  await expect(app.locator('details.rollback > summary', { hasText: 'Rollback' })).toHaveCount(0);
  await expect(app.locator('details.rollback > summary', { hasText: /: Undo$/ })).toHaveCount(0);
});
