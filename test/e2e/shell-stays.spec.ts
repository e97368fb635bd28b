/**
 * The shell holds still: on every screen, at a laptop's 1366x850, wheel-scrolling past
 * the end and following every in-page link ("Manual controls", "Verify", the skip link)
 * moves only <main>; the top bar and the sidebar stay in view and the document itself
 * never scrolls (document.scrollingElement.scrollTop stays 0, nothing makes it taller
 * than the window). A synthetic scan gives the Servers, Server and Fix screens content.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';

/** The few DOM shapes the page-side functions use (the specs compile without the DOM library). */
interface Box {
  scrollTop: number;
  scrollLeft: number;
  scrollHeight: number;
  scrollTo(o: { top: number }): void;
}
interface Hit {
  tagName: string;
  closest(sel: string): Hit | null;
}
interface Win {
  innerHeight: number;
  innerWidth: number;
  document: { scrollingElement: Box | null; documentElement: Box; elementFromPoint(x: number, y: number): Hit | null };
}

test.use({ seedServices: 40, viewport: { width: 1366, height: 850 } });

async function expectShellInView(page: Page, where: string): Promise<void> {
  const doc = await page.evaluate(() => {
    const w = globalThis as unknown as Win;
    const se = w.document.scrollingElement ?? w.document.documentElement;
    return { top: se.scrollTop, left: se.scrollLeft, height: se.scrollHeight, view: w.innerHeight };
  });
  expect(doc.top, `${where}: the document scrolled`).toBe(0);
  expect(doc.left, `${where}: the document scrolled sideways`).toBe(0);
  expect(doc.height, `${where}: the document is taller than the window`).toBeLessThanOrEqual(doc.view);
  const bar = await page.locator('header.topbar').boundingBox();
  expect(bar?.y, `${where}: the top bar moved`).toBe(0);
  const nav = await page.getByRole('navigation', { name: 'Screens' }).boundingBox();
  expect(nav?.y, `${where}: the sidebar moved`).toBe(bar?.height);
  // What is painted at the top-left corner and beside the screen is the shell, not blank page.
  const hits = await page.evaluate(() => {
    const w = globalThis as unknown as Win;
    const at = (x: number, y: number): string => {
      const el = w.document.elementFromPoint(x, y);
      return el?.closest('header.topbar') ? 'topbar' : el?.closest('nav.sidebar') ? 'sidebar' : el?.closest('main') ? 'main' : (el?.tagName ?? 'nothing');
    };
    return { top: at(20, 20), side: at(40, w.innerHeight - 20), main: at(w.innerWidth - 40, w.innerHeight - 20) };
  });
  expect(hits, `${where}: what is painted`).toEqual({ top: 'topbar', side: 'sidebar', main: 'main' });
}

/** Wheel past the end of the screen, over the screen and over the sidebar. */
async function wheelAround(page: Page, where: string): Promise<void> {
  await page.mouse.move(900, 500);
  for (let i = 0; i < 6; i += 1) await page.mouse.wheel(0, 2000);
  await expectShellInView(page, `${where} after scrolling down`);
  await page.mouse.move(100, 600);
  await page.mouse.wheel(0, 2000);
  await expectShellInView(page, `${where} after scrolling over the sidebar`);
  await page.mouse.move(900, 500);
  for (let i = 0; i < 6; i += 1) await page.mouse.wheel(0, -2000);
}

/** Follows every same-page link on the screen, and the skip link. */
async function followInPageLinks(page: Page, where: string): Promise<number> {
  const links = page.locator('main a[href^="#"]');
  const n = await links.count();
  for (let i = 0; i < n; i += 1) {
    const link = links.nth(i);
    const href = await link.getAttribute('href');
    await link.click();
    await expectShellInView(page, `${where} after following ${href}`);
    // The link's target is shown inside <main>, and holds focus.
    const id = (href ?? '#').slice(1);
    await expect(page.locator(`[id="${id}"]`)).toBeInViewport();
    await expect(page.locator(`[id="${id}"]`)).toBeFocused();
  }
  await page.keyboard.press('Tab');
  await page.locator('main').evaluate((m: Box) => m.scrollTo({ top: m.scrollHeight }));
  await page.locator('main h1').focus();
  await page.keyboard.press('Shift+Tab');
  await expectShellInView(page, `${where} after keyboard focus moved`);
  return n;
}

async function checkScreen(page: Page, where: string): Promise<number> {
  await expectShellInView(page, where);
  await wheelAround(page, where);
  return followInPageLinks(page, where);
}

test('the top bar and sidebar stay on every screen, whatever scrolls', async ({ app }) => {
  test.setTimeout(180_000);
  const nav = app.getByRole('navigation', { name: 'Screens' });
  const heading = (name: string | RegExp) => app.getByRole('heading', { level: 1, name });

  await checkScreen(app, 'Scope & scan');
  // The skip link lands on the screen's heading without moving the shell.
  await app.getByRole('link', { name: 'Skip to the current screen' }).focus();
  await app.keyboard.press('Enter');
  await expect(heading('Scope & scan')).toBeFocused();
  await expectShellInView(app, 'Scope & scan after the skip link');

  await nav.getByRole('button', { name: /^Servers/ }).click();
  await expect(app.getByTestId('server-row').first()).toBeVisible();
  await checkScreen(app, 'Servers');
  // The long list scrolls in its own box; the shell does not.
  await app.getByTestId('servers-scroll').evaluate((el: Box) => el.scrollTo({ top: el.scrollHeight }));
  await expectShellInView(app, 'Servers scrolled to the end');

  const key = (await app.getByTestId('server-row').first().getAttribute('data-key')) ?? '';
  await app.getByRole('button', { name: `Open ${key}` }).click();
  await expect(heading(key)).toBeVisible();
  await checkScreen(app, 'Server');

  await app.getByRole('button', { name: 'Fix this server' }).click();
  await expect(heading(`Fix ${key}`)).toBeVisible();
  await expect(app.getByTestId('findings')).toBeVisible();
  const fixLinks = await checkScreen(app, 'Fix & verify');
  expect(fixLinks, 'the Fix screen has its "On this page" links').toBeGreaterThanOrEqual(3);

  await app.getByRole('button', { name: 'Sign off this server' }).click();
  await expect(heading(/^Sign off/)).toBeVisible();
  await checkScreen(app, 'Sign-off');

  for (const [button, title] of [
    ['Records', 'Records'],
    ['Maintenance windows', 'Maintenance windows'],
    ['Inventory', 'Inventory'],
    ['Scan history', 'Scan history'],
  ] as const) {
    await nav.getByRole('button', { name: new RegExp(`^${button}`) }).click();
    await expect(heading(title)).toBeVisible();
    await checkScreen(app, title);
  }
});
