/**
 * One source of truth in the renderer, and a reload that keeps its place:
 * - an inventory import shows on the Fix & verify screen reached from the sidebar (no
 *   "the inventory lists no peers", the new peer's AE title in the snippets), with no
 *   detour through the Server screen;
 * - a reload comes back to the same screen with the same server (Server, Fix & verify).
 * A synthetic scan (10.200.x addresses, never contacted) gives the servers.
 */
import { expect, expectAccessible, test } from './fixtures/app';

test.use({ seedServices: 12, viewport: { width: 1366, height: 850 } });

const CSV = ['ae_title,host,port,role,description', 'CT_ROOM9,10.200.3.29,104,Modality,CT in room 9', ''].join('\n');

test('an inventory import reaches the Fix screen from the sidebar; a reload keeps the screen and the server', async ({ app }) => {
  test.setTimeout(180_000);
  const nav = app.getByRole('navigation', { name: 'Screens' });
  const heading = (name: string) => app.getByRole('heading', { level: 1, name });

  await nav.getByRole('button', { name: /^Servers/ }).click();
  const row = app.getByTestId('server-row').first();
  await expect(row).toBeVisible();
  const key = (await row.getAttribute('data-key')) ?? '';
  await app.getByRole('button', { name: `Open ${key}` }).click();
  await expect(heading(key)).toBeVisible();

  // A reload on the Server screen comes back to this server.
  await app.reload();
  await expect(heading(key)).toBeVisible();
  await expect(nav.locator('[aria-current="page"]')).toHaveText(new RegExp(`^3Server${key.replace(/[.[\]]/g, '\\$&')}$`));

  await app.getByRole('button', { name: 'Fix this server' }).click();
  await expect(heading(`Fix ${key}`)).toBeVisible();
  await expect(app.getByText(/the inventory lists no peers/i)).toBeVisible();
  await expect(app.getByTestId('checklist')).not.toContainText('CT_ROOM9');

  // Import the inventory, then come back through the sidebar only.
  await nav.getByRole('button', { name: /^Inventory/ }).click();
  const importer = app.getByTestId('inventory-import');
  await importer.getByLabel('Inventory file').setInputFiles({ name: 'nodes.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await importer.getByRole('button', { name: 'Import' }).click();
  await expect(app.getByTestId('node-row')).toHaveCount(1);
  await nav.getByRole('button', { name: /Fix & verify/ }).click();
  await expect(heading(`Fix ${key}`)).toBeVisible();
  await expect(app.getByText(/the inventory lists no peers/i)).toHaveCount(0);
  await expect(app.getByTestId('checklist')).toContainText('CT_ROOM9');

  // A reload on the Fix screen keeps the screen, the server and the peers.
  await app.reload();
  await expect(heading(`Fix ${key}`)).toBeVisible();
  await expect(app.getByTestId('checklist')).toContainText('CT_ROOM9');
  await expect(nav.getByRole('button', { name: /Fix & verify/ })).toHaveAttribute('aria-current', 'page');
  await expectAccessible(app, 'Fix & verify (after a reload)');

  // The reference screens come back too.
  await nav.getByRole('button', { name: /^Scan history/ }).click();
  await expect(heading('Scan history')).toBeVisible();
  await app.reload();
  await expect(heading('Scan history')).toBeVisible();
});
