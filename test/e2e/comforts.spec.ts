/**
 * The comforts of issue 17 item 9, in Chromium at a laptop's 1366x850 and a desktop's
 * 1920x1080, light and dark: search and sort on Records and Inventory; a maintenance
 * window edited, extended and closed, each change in its history; a toast naming the
 * file for every export; axe finds nothing serious; screenshots for a reviewer
 * (test-results/screenshots, not committed).
 *
 * The data behind the screens is made through the page's own `window.collimator` (the
 * real bridge, handlers and store): a synthetic scan (10.200.x, never contacted), two
 * signed records, three inventory nodes, one open window.
 */
import type { Page } from '@playwright/test';
import { expect, expectAccessible, snap, test } from './fixtures/app';
import { makeKeyFile } from './fixtures/key-files';

test.use({ seedServices: 6 });

const VIEWPORTS = [
  { width: 1366, height: 850 },
  { width: 1920, height: 1080 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
const PASSPHRASE = 'amber lantern crosses the quiet harbour 47';

/** Runs `fn` against `window.collimator` in the page; an error answer fails the test with its words. */
async function api<T>(page: Page, fn: string, arg?: unknown): Promise<T> {
  const r = await page.evaluate(
    async ([path, a]) => {
      const [area, name] = path.split('.') as [string, string];
      const c = (globalThis as unknown as { collimator: Record<string, Record<string, (x?: unknown) => Promise<unknown>>> }).collimator;
      return (await c[area]![name]!(a)) as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    [fn, arg] as const,
  );
  if (!r.ok) throw new Error(`${fn} failed: ${r.error?.message ?? '?'}`);
  return r.value as T;
}

/**
 * Signed records of synthetic servers, by an operator made with `collimator keys new`
 * (no OS keychain on these machines) and registered from the key file.
 */
async function signRecords(page: Page, dir: string, servers: ReadonlyArray<{ host: string; port: number }>): Promise<void> {
  const key = await makeKeyFile(dir, { name: 'Dana Reyes', role: 'PACS admin', passphrase: PASSPHRASE });
  const op = await api<{ fingerprint: string }>(page, 'operators.registerKeyFile', { keyFile: key.text, passphrase: PASSPHRASE });
  for (const s of servers) await api(page, 'records.signoff', { ...s, operator: op.fingerprint, note: `checked ${s.host}`, passphrase: PASSPHRASE, keyFile: key.text });
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Screens' });
const heading = (page: Page, title: string) => page.getByRole('heading', { level: 1, name: title });

async function setScheme(page: Page, scheme: (typeof SCHEMES)[number]): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(scheme);
}

test('records and inventory: search narrows, sort orders, in both themes and sizes', async ({ app, dbDir }) => {
  test.setTimeout(240_000);
  // Two signed records of two servers of the synthetic scan.
  await signRecords(app, dbDir, [{ host: '10.200.0.1', port: 11112 }, { host: '10.200.0.2', port: 104 }]);
  for (const [aeTitle, host, port, role] of [
    ['CT_WEST', '127.0.0.5', 104, 'modality'],
    ['PACS_MAIN', '127.0.0.6', 11112, 'pacs'],
    ['VIEW_3', '127.0.0.7', 4242, 'workstation'],
  ] as const) {
    await api(app, 'inventory.upsert', { aeTitle, host, port, role, description: `${role} node` });
  }

  for (const viewport of VIEWPORTS) {
    await app.setViewportSize(viewport);
    for (const scheme of SCHEMES) {
      await setScheme(app, scheme);
      const tag = `${viewport.width}x${viewport.height}-${scheme}`;

      // Records: both rows; a search by server leaves one; sort by server both ways.
      await nav(app).getByRole('button', { name: /^Records/ }).click();
      await expect(heading(app, 'Records')).toBeVisible();
      const rows = app.getByTestId('record-row');
      await expect(rows).toHaveCount(2);
      const search = app.getByLabel('Search records');
      await search.fill('10.200.0.2:104');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText('10.200.0.2:104');
      await expect(app.getByText('1 of 2 shown')).toBeVisible();
      await search.fill('nobody-by-this-name');
      await expect(rows).toHaveCount(0);
      await expect(app.getByText('No record matches')).toBeVisible();
      await search.press('Escape');
      await expect(rows).toHaveCount(2);
      await app.getByRole('columnheader', { name: /^Server/ }).getByRole('button').click();
      await expect(app.getByRole('columnheader', { name: /^Server/ })).toHaveAttribute('aria-sort', 'ascending');
      await expect(rows.first()).toContainText('10.200.0.1:11112');
      await app.getByRole('columnheader', { name: /^Server/ }).getByRole('button').click();
      await expect(app.getByRole('columnheader', { name: /^Server/ })).toHaveAttribute('aria-sort', 'descending');
      await expect(rows.first()).toContainText('10.200.0.2:104');
      await snap(app, `comforts-records-${tag}`);
      await expectAccessible(app, `Records (${tag})`);

      // Inventory: search by role, by address:port; sort by port.
      await nav(app).getByRole('button', { name: /^Inventory/ }).click();
      await expect(heading(app, 'Inventory')).toBeVisible();
      const nodes = app.getByTestId('node-row');
      await expect(nodes).toHaveCount(3);
      const find = app.getByLabel('Search nodes');
      await find.fill('modality');
      await expect(nodes).toHaveCount(1);
      await expect(nodes.first()).toHaveAttribute('data-ae', 'CT_WEST');
      await find.fill('127.0.0.7:4242');
      await expect(nodes).toHaveCount(1);
      await expect(nodes.first()).toHaveAttribute('data-ae', 'VIEW_3');
      await find.fill('');
      await expect(nodes).toHaveCount(3);
      await app.getByRole('columnheader', { name: /^Port/ }).getByRole('button').click();
      const aes = () => nodes.evaluateAll((els: { getAttribute(n: string): string | null }[]) => els.map((e) => e.getAttribute('data-ae')));
      await expect.poll(aes).toEqual(['CT_WEST', 'VIEW_3', 'PACS_MAIN']);
      await app.getByRole('columnheader', { name: /^Port/ }).getByRole('button').click();
      await expect.poll(aes).toEqual(['PACS_MAIN', 'VIEW_3', 'CT_WEST']);
      await snap(app, `comforts-inventory-${tag}`);
      await expectAccessible(app, `Inventory (${tag})`);
    }
  }
});

test('every export says so with its file name', async ({ app, dbDir }) => {
  test.setTimeout(120_000);
  await signRecords(app, dbDir, [{ host: '10.200.0.1', port: 11112 }]);
  await nav(app).getByRole('button', { name: /^Records/ }).click();
  await expect(app.getByTestId('record-row')).toHaveCount(1);
  const toasts = app.getByTestId('toast');

  for (const button of ['Export the chain (JSON)', 'Summary for a spreadsheet (CSV)', 'Export for an auditor']) {
    const download = app.waitForEvent('download');
    await app.getByRole('button', { name: button }).click();
    const file = (await download).suggestedFilename();
    expect(file.length).toBeGreaterThan(0);
    const toast = toasts.filter({ hasText: file });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText(`Exported ${file}`);
  }
  // The toasts sit in a polite live region, pass axe, and can be dismissed.
  await expect(app.getByTestId('toasts')).toHaveAttribute('aria-live', 'polite');
  await expectAccessible(app, 'Records (toasts showing)');
  await expect(toasts).toHaveCount(0, { timeout: 15_000 }); // they leave by themselves
  const again = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Export the chain (JSON)' }).click();
  const name = (await again).suggestedFilename();
  await expect(toasts).toHaveCount(1);
  await toasts.filter({ hasText: name }).getByRole('button', { name: 'Dismiss' }).click();
  await expect(toasts).toHaveCount(0, { timeout: 2_000 });

  // One record's own PDF, from its page.
  await app.getByTestId('record-row').first().click();
  await expect(app.getByRole('button', { name: 'Export PDF' })).toBeVisible();
  const pdf = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Export PDF' }).click();
  const pdfName = (await pdf).suggestedFilename();
  expect(pdfName).toMatch(/\.pdf$/);
  await expect(toasts.filter({ hasText: pdfName })).toBeVisible();
});

test('a maintenance window is edited, extended and closed, each change in its history', async ({ app }) => {
  test.setTimeout(180_000);
  const now = Date.now();
  await api(app, 'maintenanceWindow.create', {
    name: 'Saturday PACS',
    startsAt: new Date(now - 10 * 60_000).toISOString(),
    endsAt: new Date(now + 60 * 60_000).toISOString(),
    servers: [{ host: '10.200.0.1', port: 11112 }],
  });

  let step = 0;
  for (const viewport of VIEWPORTS) {
    for (const scheme of SCHEMES) {
      await app.setViewportSize(viewport);
      await setScheme(app, scheme);
      await nav(app).getByRole('button', { name: /^Maintenance windows/ }).click();
      await expect(heading(app, 'Maintenance windows')).toBeVisible();
      await app.getByTestId('window-item').first().click();
      const changes = app.getByTestId('window-changes');
      await expect(changes).toBeVisible();
      const history = app.getByTestId('window-history-item');
      const tag = `${viewport.width}x${viewport.height}-${scheme}`;

      if (step === 0) {
        // No name yet: the change is refused in words, and nothing is written.
        await changes.getByRole('button', { name: 'Extend' }).click();
        await app.getByRole('button', { name: /^Extend by 30 min/ }).click();
        await expect(app.getByTestId('window-change-error')).toContainText('Say who you are');
        await expect(history).toHaveCount(0);
        // Edit: a new name, as Dana.
        await changes.getByRole('button', { name: 'Edit' }).click();
        const edit = app.getByTestId('window-edit');
        await edit.getByLabel('Who is doing this').fill('Dana Reyes');
        await edit.getByLabel('Name').fill('Saturday PACS hardening');
        await edit.getByLabel(/^Why/).fill('scope agreed with radiology');
        await snap(app, `comforts-window-edit-${tag}`);
        await expectAccessible(app, `Window edit (${tag})`);
        await edit.getByRole('button', { name: 'Save changes' }).click();
        await expect(app.getByRole('heading', { level: 2, name: 'Saturday PACS hardening' })).toBeVisible();
        await expect(history).toHaveCount(1);
        await expect(history.first()).toHaveAttribute('data-action', 'edited');
        await expect(history.first()).toContainText('Dana Reyes');
        // Only the name changed: the history says so and nothing about the times.
        await expect(history.first()).toContainText('Edited: name “Saturday PACS” → “Saturday PACS hardening” — scope agreed with radiology');
        await expect(history.first()).toContainText('scope agreed with radiology');
        await expect(app.getByTestId('toast').filter({ hasText: 'Window changed' })).toBeVisible();
      } else if (step === 1) {
        // Extend by an hour: the end moves, the history says by how much.
        await changes.getByRole('button', { name: 'Extend' }).click();
        const extend = app.getByTestId('window-extend');
        await extend.getByLabel('1 h', { exact: true }).check();
        await snap(app, `comforts-window-extend-${tag}`);
        await expectAccessible(app, `Window extend (${tag})`);
        await extend.getByRole('button', { name: 'Extend by 1 h' }).click();
        await expect(history).toHaveCount(2);
        await expect(history.nth(1)).toHaveAttribute('data-action', 'extended');
        await expect(history.nth(1)).toContainText('Extended by 1 h');
        const p = await api<{ window: { endsAt: string } }>(app, 'maintenanceWindow.get', { id: await app.getByTestId('window-detail').getAttribute('data-window') });
        expect(Date.parse(p.window.endsAt) - now).toBeGreaterThan(119 * 60_000);
      } else if (step === 2) {
        // Close: two steps, then the window is over and says so.
        await changes.getByRole('button', { name: 'Close window' }).click();
        const close = app.getByTestId('window-close');
        await expect(close).toContainText('The window ends now');
        await close.getByLabel(/^Why/).fill('all servers fixed early');
        await snap(app, `comforts-window-close-${tag}`);
        await expectAccessible(app, `Window close (${tag})`);
        await close.getByRole('button', { name: 'Close the window now' }).click();
        await expect(app.getByTestId('window-closed')).toBeVisible();
        await expect(history).toHaveCount(3);
        await expect(history.nth(2)).toHaveAttribute('data-action', 'closed');
        await expect(history.nth(2)).toContainText('all servers fixed early');
        await expect(app.getByTestId('countdown')).toContainText('Closed');
        await expect(changes.getByRole('button', { name: 'Extend' })).toHaveCount(0);
      } else {
        // Closed stays closed after a reload; the whole history is still there.
        await app.reload();
        await nav(app).getByRole('button', { name: /^Maintenance windows/ }).click();
        await app.getByTestId('window-item').first().click();
        await expect(app.getByTestId('window-closed')).toBeVisible();
        await expect(app.getByTestId('window-history-item')).toHaveCount(3);
        await expect(app.getByTestId('window-item').first().locator('[data-phase]')).toHaveAttribute('data-phase', 'ended');
      }
      await snap(app, `comforts-window-${tag}`);
      await expectAccessible(app, `Maintenance window (${tag})`);
      step += 1;
    }
  }
});
