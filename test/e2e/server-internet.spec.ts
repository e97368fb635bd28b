/**
 * The Server screen's internet card (issue 13): the practice lab scanned from the page,
 * then a Shodan download imported in the Internet view that saw a documentation
 * address (203.0.113.10, data only: never dialled) on the Open PACS's port, and that
 * address mapped to the lab's loopback address. The Open PACS then shows "Seen from the
 * internet (imported)": the exposure.internet check failing, its source, when it was
 * observed, what was seen, and ATT&CK T1190 / T1133; light and dark, axe-clean. A
 * server the import did not name shows no such card.
 */
import type { Locator, Page } from '@playwright/test';
import { shodanJsonl } from '../unit/internet/fixtures';
import { expect, expectAccessible, snap, test } from './fixtures/app';

async function labAddress(lab: Locator, name: string): Promise<string> {
  const text = await lab.getByRole('listitem').filter({ hasText: name }).getByTestId('lab-address').innerText();
  return text.trim().replace(/^.*@/, '');
}
function nav(page: Page, name: RegExp): Locator {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}
/** `127.0.0.1:4242` or `[::1]:4242` → host and port. */
function split(key: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(key)!;
  return { host: m[1]!, port: Number(m[2]) };
}

const PUBLIC = '203.0.113.10';

test('a server seen from the internet: the imported finding on its screen, light and dark', async ({ app }) => {
  test.setTimeout(300_000);
  await app.setViewportSize({ width: 1366, height: 850 });

  await app.getByRole('button', { name: 'Start practice lab' }).click();
  const lab = app.getByTestId('lab-panel');
  await expect(lab.getByRole('list', { name: 'Practice lab servers' })).toBeVisible({ timeout: 60_000 });
  const openPacs = await labAddress(lab, 'Open PACS');
  const lockedPacs = await labAddress(lab, 'Locked-down PACS');
  const pacs = split(openPacs);
  await app.getByRole('button', { name: 'Start scan' }).click();
  await expect(app.getByTestId('scan-done')).toBeVisible({ timeout: 180_000 });

  // Shodan saw the Open PACS's port on a public (documentation) address three days ago.
  const observedAt = new Date(Date.now() - 3 * 86_400_000);
  observedAt.setUTCMilliseconds(0);
  const day = observedAt.toISOString().slice(0, 10);
  const file = shodanJsonl([
    { host: PUBLIC, services: [{ port: pacs.port, kind: 'dicom', tls: false, product: 'Orthanc', version: '1.12.3', observedAt: observedAt.toISOString(), dicom: 'accepts' }] },
  ]);
  await nav(app, /^Internet view/).click();
  const screen = app.getByTestId('internet-screen');
  const form = screen.getByTestId('internet-import');
  await form.getByLabel('Export files').setInputFiles({ name: 'shodan.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByTestId('internet-import-done')).toContainText('Imported 1 observations (shodan).');
  await screen.getByRole('textbox', { name: 'Public address' }).fill(PUBLIC);
  await screen.getByRole('textbox', { name: 'Inside address' }).fill(pacs.host);
  await screen.getByRole('button', { name: 'Map' }).click();
  await expect(screen.locator(`[data-testid="internet-row"][data-key="${PUBLIC}:${pacs.port}"]`)).toContainText('outside and inside');

  // The Open PACS: the card, beside the scan's checks.
  await nav(app, /^Servers/).click();
  await app.getByRole('button', { name: `Open ${openPacs}` }).click();
  await expect(app.getByRole('heading', { level: 1, name: openPacs })).toBeVisible();
  const card = app.getByTestId('internet-finding');
  await expect(card.getByRole('heading', { level: 2, name: 'Seen from the internet (imported)' })).toBeVisible();
  const check = card.locator('[data-testid="check"][data-check="exposure.internet"]');
  await expect(check).toHaveAttribute('data-status', 'fail');
  // What was seen, by whom, when, and where.
  await expect(check.locator('.check-summary')).toHaveText(`reachable from the internet: Shodan saw DICOM (Orthanc 1.12.3) on ${day} at ${PUBLIC}`);
  const evidence = check.locator('.evidence-box');
  await expect(evidence).toHaveAttribute('open', '');
  await expect(evidence).toContainText('shodan');
  await expect(evidence).toContainText(day);
  await expect(evidence).toContainText(PUBLIC);
  await expect(check.getByTestId('technique')).toHaveCount(2);
  await expect(check.locator('[data-technique="T1190"]')).toContainText('Exploit Public-Facing Application');
  await expect(check.locator('[data-technique="T1133"]')).toContainText('External Remote Services');
  await card.scrollIntoViewIfNeeded();
  await snap(app, '84-server-internet-card');
  await expectAccessible(app, 'Server (seen from the internet)');

  await app.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => app.locator('html').getAttribute('data-theme')).toBe('dark');
  await card.scrollIntoViewIfNeeded();
  await snap(app, '85-server-internet-card-dark');
  await expectAccessible(app, 'Server (seen from the internet, dark)');
  await app.emulateMedia({ colorScheme: 'light' });

  // A server the import did not name has no such card.
  await nav(app, /^Servers/).click();
  await app.getByRole('button', { name: `Open ${lockedPacs}` }).click();
  await expect(app.getByRole('heading', { level: 1, name: lockedPacs })).toBeVisible();
  await expect(app.locator('[data-check="dicom.detected"]').first()).toBeVisible();
  await expect(app.getByTestId('internet-finding')).toHaveCount(0);
});
