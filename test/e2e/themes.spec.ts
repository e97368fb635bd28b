/**
 * Light and dark: the theme follows the system (prefers-color-scheme) until the admin
 * picks one in the top bar, which a reload keeps; every screen is screenshotted in both
 * themes at 1366x850 (test-results/screenshots, for a reviewer) and axe finds nothing
 * serious in either. Printing shows the screen without the top bar and the sidebar.
 * A synthetic scan (10.200.x addresses, never contacted) gives the screens content.
 */
import type { Page } from '@playwright/test';
import { expect, expectAccessible, snap, test } from './fixtures/app';

test.use({ seedServices: 12, viewport: { width: 1366, height: 850 } });

const theme = (page: Page): Promise<string | null> => page.locator('html').getAttribute('data-theme');

/** Walks every screen, screenshotting and checking each. */
async function everyScreen(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Screens' });
  const heading = (title: string | RegExp) => page.getByRole('heading', { level: 1, name: title });
  const visit = async (file: string, title: string | RegExp): Promise<void> => {
    await expect(heading(title)).toBeVisible();
    await snap(page, `t-${name}-${file}`);
    await expectAccessible(page, `${title} (${name})`);
  };
  await nav.getByRole('button', { name: /^1?Scope/ }).click();
  await visit('01-scope', 'Scope & scan');
  await nav.getByRole('button', { name: /^2?Servers/ }).click();
  await expect(page.getByTestId('server-row').first()).toBeVisible();
  await visit('02-servers', 'Servers');
  const key = (await page.getByTestId('server-row').first().getAttribute('data-key')) ?? '';
  await page.getByRole('button', { name: `Open ${key}` }).click();
  await visit('03-server', key);
  await page.getByRole('button', { name: 'Fix this server' }).click();
  await expect(page.getByTestId('findings')).toBeVisible();
  await visit('04-fix', `Fix ${key}`);
  await page.getByRole('button', { name: 'Sign off this server' }).click();
  await visit('05-signoff', /^Sign off/);
  for (const [button, title, file] of [
    ['Records', 'Records', '06-records'],
    ['Maintenance windows', 'Maintenance windows', '07-windows'],
    ['Inventory', 'Inventory', '08-inventory'],
    ['Scan history', 'Scan history', '09-history'],
  ] as const) {
    await nav.getByRole('button', { name: new RegExp(`^${button}`) }).click();
    await visit(file, title);
  }
}

test('the theme follows the system until chosen; the choice survives a reload', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => theme(app)).toBe('dark');
  await app.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => theme(app)).toBe('light');

  const control = app.getByRole('combobox', { name: 'Theme' });
  await expect(control).toHaveValue('system');
  await control.selectOption('dark');
  await expect.poll(() => theme(app)).toBe('dark');
  // The page really is dark: the screen's background.
  const bg = await app.locator('html').evaluate((m: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(m).backgroundColor);
  expect(bg).toBe('rgb(15, 21, 25)');
  await app.reload();
  await expect(app.getByRole('heading', { level: 1, name: 'Scope & scan' })).toBeVisible();
  await expect.poll(() => theme(app)).toBe('dark');
  await expect(app.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  // A system change does not override the admin's choice.
  await app.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => theme(app)).toBe('dark');
  await app.getByRole('combobox', { name: 'Theme' }).selectOption('system');
  await expect.poll(() => theme(app)).toBe('light');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen in the ${scheme} theme: screenshots and axe`, async ({ app }) => {
    test.setTimeout(240_000);
    await app.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => theme(app)).toBe(scheme);
    await everyScreen(app, scheme);
  });
}

test('printing shows the screen without the top bar and the sidebar', async ({ app }) => {
  await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Scan history/ }).click();
  await expect(app.getByTestId('history-row')).toHaveCount(1);
  await app.emulateMedia({ media: 'print' });
  await expect(app.locator('header.topbar')).toBeHidden();
  await expect(app.getByRole('navigation', { name: 'Screens' })).toBeHidden();
  await expect(app.getByRole('heading', { level: 1, name: 'Scan history' })).toBeVisible();
  await expect(app.getByTestId('history-row')).toBeVisible();
  // The sortable headers' words are printed, not hidden with their buttons.
  await expect(app.getByRole('columnheader', { name: /Started/ })).toBeVisible();
  await app.emulateMedia({ media: 'screen' });
  await expect(app.locator('header.topbar')).toBeVisible();
});
