/**
 * After a fix (issue 13): an old Shodan download shows the server's DICOM port from the
 * internet, a newer one no longer does. In the browser, against the real handlers (web
 * bridge, real store): the Internet view's closed row gets "Attach to the server's
 * record", which then says "attached"; the Server screen's internet card says attached
 * too; a record signed after carries the closure and the record view shows it.
 * Documentation addresses only (data, never dialled).
 */
import type { Locator, Page } from '@playwright/test';
import { importFiles } from '../../electron/internet/import';
import { createRecordsRepo } from '../../electron/records/repo';
import { realDeps } from '../../electron/services/real-deps';
import { packageVersion } from '../../electron/services/version';
import { openStore } from '../../electron/store';
import { startWebBridge } from '../../electron/web-bridge/server';
import { NEW, OLD, shodanJsonl } from '../unit/internet/fixtures';
import { draftFor, HOST, operatorKey, PORT, seedStory } from '../unit/records/fixtures';
import { expect, expectAccessible, snap, test } from './fixtures/app';
import { DIST } from './fixtures/paths';

const PUBLIC = '203.0.113.77';

function nav(page: Page, name: RegExp): Locator {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

/** The server scanned and fixed; an old export shows its DICOM port from the internet, a newer one no longer does. */
async function seed(dbPath: string): Promise<void> {
  const store = openStore(dbPath);
  seedStory(store);
  const svc = (port: number, at: string) => ({ port, kind: 'dicom' as const, tls: false, product: 'Orthanc', version: '1.12.3', observedAt: at });
  await importFiles(store, [{ name: 'shodan-2025-01.json', bytes: Buffer.from(shodanJsonl([{ host: PUBLIC, services: [svc(PORT, OLD), { ...svc(443, OLD), kind: 'web' as const }] }])) }]);
  await importFiles(store, [{ name: 'shodan-2026-11.json', bytes: Buffer.from(shodanJsonl([{ host: PUBLIC, services: [{ ...svc(443, NEW), kind: 'web' as const }] }])) }]);
  store.internet.setMapping(PUBLIC, HOST, '2026-11-30T00:00:00.000Z');
  store.close();
}

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  return problems;
}

test('internet closure: attach it on the Internet view, see it attached, and in the next signed record', async ({ page, dbPath }) => {
  test.skip(test.info().project.name === 'electron', 'this test runs its own web bridge over a database it seeds');
  await seed(dbPath);
  const bridge = await startWebBridge({ dbPath, staticDir: DIST, deps: realDeps(packageVersion()) });
  const problems = watch(page);
  // The person at the keyboard, as the Fix screen remembers them.
  await page.addInitScript({ content: "localStorage.setItem('collimator.operatorName', 'Ada Admin');" });
  try {
    await page.goto(bridge.launchUrl);
    await nav(page, /^Internet view/).click();
    const screen = page.getByTestId('internet-screen');
    const closed = screen.locator(`[data-testid="internet-row"][data-key="${PUBLIC}:${PORT}"]`);
    await expect(closed).toContainText('(absent)');
    // A laptop's window, light and dark: every column has room, the row's action sits in its "Closed outside" cell.
    await page.setViewportSize({ width: 1366, height: 850 });
    await expect(screen.getByRole('columnheader', { name: /Closed outside/ })).toBeVisible();
    const box = await screen.getByRole('columnheader', { name: /Closed outside/ }).boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
    await closed.scrollIntoViewIfNeeded();
    await snap(page, '86-internet-closed-row');
    await page.emulateMedia({ colorScheme: 'dark' });
    await snap(page, '87-internet-closed-row-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    // Only closed rows have the button.
    await expect(screen.locator(`[data-testid="internet-row"][data-key="${PUBLIC}:443"]`).getByTestId('attach-closure')).toHaveCount(0);
    await closed.getByRole('button', { name: "Attach to the server's record" }).click();
    await expect(closed.getByTestId('closure-attached')).toContainText('attached');
    await expect(closed.getByTestId('attach-closure')).toHaveCount(0);
    await expectAccessible(page, 'Internet view (closure attached)');

    // The Server screen's internet card says so too.
    await nav(page, /^Servers/).click();
    await page.getByRole('button', { name: `Open ${HOST}:${PORT}` }).click();
    await expect(page.getByTestId('internet-finding')).toContainText('closed as seen from the internet');
    await expect(page.getByTestId('internet-finding-attach').getByTestId('closure-attached')).toContainText('attached');

    // Signed after (the keychain is not what this is about: the repository signs with a key in memory).
    const db = openStore(dbPath);
    try {
      const ada = operatorKey('Ada Admin', 'PACS administrator');
      createRecordsRepo(db.db).signoff(draftFor(db, ada, { createdAt: new Date().toISOString() }), ada);
    } finally {
      db.close();
    }
    await nav(page, /^Records/).click();
    await page.getByTestId('record-row').first().getByRole('button', { name: 'Open record 1' }).click();
    const section = page.getByTestId('record-internet');
    await expect(section.getByTestId('record-internet-closure')).toHaveCount(1);
    await expect(section).toContainText(`Closed as seen from the internet: ${PUBLIC}:${PORT} by Shodan on ${NEW.slice(0, 10)} (no longer listed; file shodan-2026-11.json, sha256`);
    await expect(section).toContainText(`last seen open ${OLD.slice(0, 10)} by Shodan`);
    await expect(section).toContainText('Attached by Ada Admin');
    await expectAccessible(page, 'Record (closure seen from the internet)');
    expect(problems, 'the page logged errors').toEqual([]);
  } finally {
    await bridge.close();
  }
});

test('internet closure: from the Server screen card, once the person at the keyboard is named', async ({ page, dbPath }) => {
  test.skip(test.info().project.name === 'electron', 'this test runs its own web bridge over a database it seeds');
  await seed(dbPath);
  const bridge = await startWebBridge({ dbPath, staticDir: DIST, deps: realDeps(packageVersion()) });
  const problems = watch(page);
  try {
    await page.goto(bridge.launchUrl);
    await nav(page, /^Servers/).click();
    await page.getByRole('button', { name: `Open ${HOST}:${PORT}` }).click();
    const card = page.getByTestId('internet-finding-attach');
    // Nobody named yet: nothing is attached, and it says why.
    await card.getByRole('button', { name: "Attach to the server's record" }).click();
    await expect(card.getByTestId('attach-closure-error')).toContainText('Say who you are first');
    await expect(card.getByTestId('closure-attached')).toHaveCount(0);
    await page.evaluate(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('collimator.operatorName', 'Sam Ortiz'));
    await page.reload();
    await nav(page, /^Servers/).click();
    await page.getByRole('button', { name: `Open ${HOST}:${PORT}` }).click();
    await card.getByRole('button', { name: "Attach to the server's record" }).click();
    await expect(card.getByTestId('closure-attached')).toContainText('attached');
    await expect(card.getByTestId('closure-attached')).toHaveAttribute('title', /^Attached by Sam Ortiz on /);
    // The Internet view's row says attached too.
    await nav(page, /^Internet view/).click();
    await expect(page.locator(`[data-testid="internet-row"][data-key="${PUBLIC}:${PORT}"]`).getByTestId('closure-attached')).toBeVisible();
    expect(problems, 'the page logged errors').toEqual([]);
  } finally {
    await bridge.close();
  }
});
