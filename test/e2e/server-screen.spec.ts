/**
 * The Server screen (issue 17 item 8) on a real scan of the practice lab (loopback DICOM
 * servers of the app itself), in Chromium at 1366x850 and 1920x1080, light and dark:
 * failing checks first, not-applicable ones in one expandable line, each association
 * attempt a row of a table (calling AE, called AE, result, reason), ATT&CK techniques
 * with MITRE's description and the address of their page, and "why it matters" beside
 * each finding, the same words as the Fix screen's. Info findings are never a red Fail.
 * Axe finds nothing serious; screenshots go to test-results/screenshots (not committed).
 */
import type { Locator, Page } from '@playwright/test';
import { ATTACK_DESCRIPTIONS } from '../../shared/attack';
import { expect, expectAccessible, snap, test } from './fixtures/app';

async function labAddress(lab: Locator, name: string): Promise<string> {
  const text = await lab.getByRole('listitem').filter({ hasText: name }).getByTestId('lab-address').innerText();
  return text.trim().replace(/^.*@/, '');
}

const cards = (page: Page): Locator => page.locator('section.checks > [data-testid="check"]');
const check = (page: Page, id: string): Locator => page.locator(`[data-testid="check"][data-check="${id}"]`);

/** Status order of the cards shown in full: every fail (and info "noted") before any pass. */
async function statusesInOrder(page: Page): Promise<string[]> {
  return cards(page).evaluateAll((els: { getAttribute(n: string): string | null }[]) => els.map((e) => e.getAttribute('data-status') ?? ''));
}

test('the Server screen: failing first, not applicable folded, evidence tables, ATT&CK and why it matters', async ({ app }) => {
  test.setTimeout(300_000);
  await app.setViewportSize({ width: 1366, height: 850 });
  await app.getByRole('button', { name: 'Start practice lab' }).click();
  const lab = app.getByTestId('lab-panel');
  await expect(lab.getByRole('list', { name: 'Practice lab servers' })).toBeVisible({ timeout: 60_000 });
  const openPacs = await labAddress(lab, 'Open PACS');
  await app.getByRole('button', { name: 'Start scan' }).click();
  await expect(app.getByTestId('scan-done')).toBeVisible({ timeout: 180_000 });
  await app.getByRole('button', { name: 'Review servers' }).click();
  await app.getByRole('button', { name: `Open ${openPacs}` }).click();
  await expect(app.getByRole('heading', { level: 1, name: openPacs })).toBeVisible();

  // Order: the cards in full are fails first (most severe first), nothing not-applicable among them.
  const order = await statusesInOrder(app);
  expect(order.length).toBeGreaterThan(0);
  expect(order).not.toContain('not-applicable');
  const firstNonFail = order.findIndex((s) => s !== 'fail');
  if (firstNonFail >= 0) expect(order.slice(firstNonFail)).not.toContain('fail');
  expect(order[0]).toBe('fail');

  // Not applicable: one folded line naming them; open, their cards show.
  const na = app.getByTestId('not-applicable');
  await expect(na).toBeVisible();
  await expect(na).not.toHaveAttribute('open', '');
  const naCount = Number(/^(\d+) checks? not applicable/.exec((await na.locator(':scope > summary').innerText()).trim())?.[1] ?? 'NaN');
  expect(naCount).toBeGreaterThan(0);
  await expect(na.locator('[data-testid="check"]').first()).toBeHidden();
  await na.locator(':scope > summary').click();
  await expect(na.locator('[data-testid="check"]')).toHaveCount(naCount);
  await expect(na.locator('[data-testid="check"]').first()).toBeVisible();
  await expect(na.locator('[data-testid="check"][data-status]:not([data-status="not-applicable"])')).toHaveCount(0);
  await na.locator(':scope > summary').click();

  // The info finding is noted, never a red Fail.
  const detected = check(app, 'dicom.detected');
  await expect(detected.locator('.badge[data-status]').first()).toHaveAttribute('data-status', 'noted');
  await expect(detected).not.toContainText('✕ Fail');

  // Evidence: the association attempts as a table, one row per attempt.
  const anyCalling = check(app, 'dicom.any-calling-ae');
  await expect(anyCalling).toHaveAttribute('data-status', 'fail');
  const table = anyCalling.getByRole('table', { name: 'Attempts' });
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader')).toHaveText(['Calling AE title', 'Called AE title', 'Result', 'Reason']);
  const attemptRows = table.locator('tbody tr');
  expect(await attemptRows.count()).toBeGreaterThan(0);
  await expect(attemptRows.filter({ hasText: 'Accepted' }).first()).toBeVisible();
  await expect(anyCalling.locator('.evidence')).not.toContainText('outcome: success');

  // ATT&CK: MITRE's description and the page's address, as text to copy.
  // Folded to its id and name (it recurs on many cards); one click shows MITRE's words.
  const t1133 = anyCalling.locator('[data-testid="technique"][data-technique="T1133"]');
  const desc = t1133.getByText(ATTACK_DESCRIPTIONS.T1133.description.slice(0, 80));
  await expect(t1133.locator('summary')).toHaveText(/T1133\s+External Remote Services/);
  await expect(desc).toBeHidden();
  await t1133.locator('summary').click();
  await expect(desc).toBeVisible();
  const url = t1133.getByRole('textbox', { name: "Address of the technique's page at MITRE" });
  await expect(url).toHaveValue('https://attack.mitre.org/techniques/T1133');
  await expect(t1133.getByRole('button', { name: 'Copy address' })).toBeVisible();
  await expect(app.locator('a[href^="http"]')).toHaveCount(0); // no external link the app could not open safely
  await expect(app.locator('.attack-notice')).toContainText('ATT&CK v11');

  // Why it matters, beside the finding: the Fix screen's words for the same check.
  const why = (await anyCalling.getByTestId('check-why').innerText()).replace(/^Why it matters:\s*/, '').trim();
  expect(why.length).toBeGreaterThan(40);

  // Both sizes, both themes: the same order and fold, axe clean, a screenshot of each.
  for (const viewport of [{ width: 1366, height: 850 }, { width: 1920, height: 1080 }] as const) {
    await app.setViewportSize(viewport);
    for (const scheme of ['light', 'dark'] as const) {
      await app.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => app.locator('html').getAttribute('data-theme')).toBe(scheme);
      expect(await statusesInOrder(app)).toEqual(order);
      await expect(na).not.toHaveAttribute('open', '');
      await expect(desc).toBeVisible();
      await snap(app, `server-screen-${viewport.width}x${viewport.height}-${scheme}`, true);
      await expectAccessible(app, `Server (${viewport.width}x${viewport.height}, ${scheme})`);
    }
  }
  await app.emulateMedia({ colorScheme: 'light' });
  await app.setViewportSize({ width: 1366, height: 850 });

  await app.getByRole('button', { name: 'Fix this server' }).click();
  await expect(app.getByRole('heading', { level: 1, name: `Fix ${openPacs}` })).toBeVisible();
  const fixWhy = app.locator('[data-testid="playbook"][data-check="dicom.any-calling-ae"] .playbook-why p').first();
  await expect(fixWhy).toBeVisible();
  expect((await fixWhy.innerText()).replace(/^Why it matters:\s*/, '').trim()).toBe(why);
});
