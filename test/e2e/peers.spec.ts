/**
 * Peers learned from logs in the browser, against the real handlers (web bridge, real
 * store): on the Inventory screen a real Orthanc's log (test/fixtures/peers, written by
 * Orthanc 1.10 in this lab) is picked, and a capture of real associations is dropped; the
 * peers are listed with their outcome, and the ones not in the inventory are proposed for
 * adding. On a Server screen (a synthetic scan, 10.200.x, never contacted) a dropped
 * dcmqrscp log shows that log's peers, and not those of the other server's port.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, snap, test } from './fixtures/app';
import { ROOT } from './fixtures/paths';

const FIX = path.join(ROOT, 'test', 'fixtures', 'peers');

/** Drops a file on the panel's drop zone as a person dragging it from the file manager would. */
async function dropFile(page: Page, file: string, name: string): Promise<void> {
  const data = [...readFileSync(file)];
  // The page's own DataTransfer and File (this file is compiled without the DOM types).
  type Dom = { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: unknown[], name: string) => unknown };
  const transfer = await page.evaluateHandle(
    ({ data, name }: { data: number[]; name: string }) => {
      const dom = globalThis as unknown as Dom;
      const dt = new dom.DataTransfer();
      dt.items.add(new dom.File([new Uint8Array(data)], name));
      return dt;
    },
    { data, name },
  );
  const zone = page.getByTestId('peers-drop');
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

test('inventory: a picked Orthanc log and a dropped capture list the peers; unknown ones are proposed', async ({ app }) => {
  await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Inventory/ }).click();
  const panel = app.getByTestId('peers-panel');
  await expect(panel.getByText('No peers learned yet.')).toBeVisible();

  await panel.getByLabel('Log or capture files').setInputFiles(path.join(FIX, 'orthanc-1.10-verbose.log'));
  await expect(panel.getByTestId('peers-learned')).toContainText('115 lines read, 18 understood, 0 malformed');
  const rows = panel.getByTestId('peer-row');
  await expect(rows).toHaveCount(4);
  await expect(panel.locator('[data-testid="peer-row"][data-calling="INTRUDER"]')).toContainText('refused');
  await expect(panel.locator('[data-testid="peer-row"][data-calling="WS_1"]')).toContainText('127.0.0.9');

  await dropFile(app, path.join(FIX, 'storescp-two-callers.pcapng'), 'dicom.pcapng');
  await expect(panel.getByTestId('peers-learned')).toContainText('dicom.pcapng');
  await expect(rows).toHaveCount(6);
  await expect(panel.locator('[data-testid="peer-row"][data-calling="MR_2"]')).toContainText('127.0.0.1:41031/STORESCP');
  // Nothing in the inventory: every accepted caller is proposed, the refused ones are not.
  const propose = panel.getByTestId('peers-propose-add');
  await expect(propose).toContainText('WS_1');
  await expect(propose).toContainText('MR_2');
  await expect(propose).not.toContainText('INTRUDER');
  await expectAccessible(app, 'inventory with learned peers');
  await snap(app, '70-peers-inventory', true);

  // A file that is no log: said plainly, nothing invented.
  await dropFile(app, path.join(FIX, 'README.md'), 'notes.txt');
  await expect(panel.getByTestId('peers-problems')).toContainText('no line of a known log format');
  await expect(rows).toHaveCount(6);
});

test.describe('server screen', () => {
  test.use({ seedServices: 1 });

  test("a dropped dcmqrscp log shows its peers on the server's screen", async ({ app }) => {
    await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Servers/ }).click();
    await app.getByRole('button', { name: 'Open 10.200.0.1:11112' }).click();
    await expect(app.getByRole('heading', { level: 1, name: '10.200.0.1:11112' })).toBeVisible();
    const panel = app.getByTestId('peers-panel');
    await dropFile(app, path.join(FIX, 'dcmqrscp-3.6.7-v-d.log'), 'dcmqrscp.log');
    await expect(panel.getByTestId('peers-learned')).toContainText('0 malformed');
    // DCMTK logs do not name their port: they show on every server's screen, as ?:?.
    await expect(panel.getByTestId('peer-row')).toHaveCount(3);
    await expect(panel.locator('[data-testid="peer-row"][data-calling="INTRUDER"]')).toContainText('?:?/QR');
    await expect(panel.locator('[data-testid="peer-row"][data-calling="CT_ROOM3"]')).toContainText('echo');
  });
});
