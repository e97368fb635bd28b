/**
 * The Internet view with thousands of reconcile rows (issue 13): a generated Shodan
 * download (documentation addresses only, never dialled) of a few thousand services
 * imported through the page; the table stays a small window of rows in the page
 * (virtualised), says its size through aria-rowcount, scrolls to its end, moves with
 * the keys (Home, End, Page Down, arrows) and narrows with the search. No timed
 * assertion: "responsive" is that every step answers within the usual expect wait.
 */
import type { Locator, Page } from '@playwright/test';
import { realDeps } from '../../electron/services/real-deps';
import { packageVersion } from '../../electron/services/version';
import { startWebBridge } from '../../electron/web-bridge/server';
import { makeHosts, shodanJsonl } from '../unit/internet/fixtures';
import { expect, expectAccessible, snap, test } from './fixtures/app';
import { expectRowCount, scrollToRow } from './fixtures/internet';
import { DIST } from './fixtures/paths';

function nav(page: Page, name: RegExp): Locator {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}
const fmt = new Intl.NumberFormat('en-US');
const focusedIndex = (page: Page): Promise<string | null> => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('aria-rowindex') ?? null);

test('internet view: thousands of rows scroll, move with the keys and filter, a window of them in the page', async ({ page, dbPath }) => {
  test.skip(test.info().project.name === 'electron', 'this test runs its own web bridge over a database it seeds');
  test.setTimeout(240_000);
  const hosts = makeHosts(9000);
  const services = hosts.reduce((n, h) => n + h.services.length, 0);
  expect(services).toBeGreaterThan(3000);
  const tlsServices = hosts.reduce((n, h) => n + h.services.filter((s) => s.kind === 'dicom-tls').length, 0);

  await page.setViewportSize({ width: 1366, height: 850 });
  const bridge = await startWebBridge({ dbPath, staticDir: DIST, deps: realDeps(packageVersion()) });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  try {
    await page.goto(bridge.launchUrl);
    await nav(page, /^Internet view/).click();
    const screen = page.getByTestId('internet-screen');
    const form = screen.getByTestId('internet-import');
    await form.getByLabel('Export files').setInputFiles({ name: 'shodan-large.json', mimeType: 'application/json', buffer: Buffer.from(shodanJsonl(hosts)) });
    await form.getByRole('button', { name: 'Import' }).click();
    await expect(form.getByTestId('internet-import-done')).toContainText(`Imported ${fmt.format(services)} observations (shodan).`, { timeout: 120_000 });

    // Every row counted, a window of them in the page.
    await expectRowCount(screen, services);
    const rows = screen.getByTestId('internet-row');
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeLessThan(60);
    await expect(rows.first()).toHaveAttribute('aria-rowindex', '2');
    await screen.getByRole('heading', { name: 'Reconcile' }).scrollIntoViewIfNeeded();
    await snap(page, '81-internet-large');
    await expectAccessible(page, `Internet view (${fmt.format(services)} rows)`);

    // The keys: End to the last row (rendered and focused), Home back, Page Down ten on.
    await rows.first().focus();
    await page.keyboard.press('End');
    await expect.poll(() => focusedIndex(page)).toBe(String(services + 1));
    await expect(screen.locator(`[data-testid="internet-row"][aria-rowindex="${services + 1}"]`)).toBeVisible();
    expect(await rows.count()).toBeLessThan(60);
    await page.keyboard.press('Home');
    await expect.poll(() => focusedIndex(page)).toBe('2');
    await page.keyboard.press('PageDown');
    await expect.poll(() => focusedIndex(page)).toBe('12');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedIndex(page)).toBe('13');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedIndex(page)).toBe('12');

    // Scrolling: half-way, then the end, still a window of rows.
    const scroller = screen.getByTestId('internet-scroll');
    await scroller.evaluate((el: { scrollTop: number; scrollHeight: number }) => {
      el.scrollTop = el.scrollHeight / 2;
    });
    const middle = Math.floor(services / 2);
    await expect(screen.locator(`[data-testid="internet-row"][aria-rowindex="${middle}"]`)).toBeAttached();
    expect(await rows.count()).toBeLessThan(60);
    await scroller.evaluate((el: { scrollTop: number; scrollHeight: number }) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect(screen.locator(`[data-testid="internet-row"][aria-rowindex="${services + 1}"]`)).toBeVisible();
    expect(await rows.count()).toBeLessThan(60);
    await snap(page, '82-internet-large-end');

    // A row near the end, found by scrolling from the top a screenful at a time.
    const last = hosts[hosts.length - 1]!;
    const key = last.host.includes(':') ? `[${last.host}]:${last.services[0]!.port}` : `${last.host}:${last.services[0]!.port}`;
    await expect(await scrollToRow(screen, key)).toContainText('outside only');

    // The search goes through every row, not only those in the page.
    await screen.getByTestId('internet-search').fill('dicom-tls');
    await expect(screen.locator('.search-count')).toHaveText(`${fmt.format(tlsServices)} of ${fmt.format(services)} shown`);
    await expect(screen.getByRole('table', { name: 'Reconcile table' })).toHaveAttribute('aria-rowcount', String(tlsServices + 1));
    for (const text of await rows.allInnerTexts()) expect(text).toContain('dicom-tls');
    await screen.getByTestId('internet-search').press('Escape');
    await expectRowCount(screen, services);

    // Dark.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    await snap(page, '83-internet-large-dark');
    await expectAccessible(page, `Internet view (${fmt.format(services)} rows, dark)`);
    expect(problems).toEqual([]);
  } finally {
    await bridge.close();
  }
});
