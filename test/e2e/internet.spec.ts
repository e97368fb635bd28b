/**
 * The Internet view in the browser, against the real handlers (web bridge, real store):
 * a generated Shodan download (documentation addresses only, never dialled) picked and
 * imported with progress, the reconcile table beside an inside scan (outside and
 * inside, outside only, inside only), a NAT mapping,
 * an XML bomb refused with nothing imported, and the table downloaded as CSV
 * and parsed. The table is virtualised past 150 rows: its size is read from
 * aria-rowcount and the search's count, and a row is found by scrolling to it or by
 * searching for it (internet-large.spec.ts: thousands of rows).
 */
import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from '@playwright/test';
import { realDeps } from '../../electron/services/real-deps';
import { packageVersion } from '../../electron/services/version';
import { openStore } from '../../electron/store';
import { startWebBridge } from '../../electron/web-bridge/server';
import { makeHosts, shodanJsonl, XML_BOMB } from '../unit/internet/fixtures';
import { seedScan } from '../unit/records/fixtures';
import { expect, expectAccessible, snap, test } from './fixtures/app';
import { expectRowCount, scrollToRow } from './fixtures/internet';
import { DIST } from './fixtures/paths';

/** Keeps the page's event streams, and after each import's answer is read dispatches a late progress event for it. */
const LATE_PROGRESS_SCRIPT = `(() => {
  const streams = [];
  const Base = window.EventSource;
  window.EventSource = class extends Base {
    constructor(url, init) { super(url, init); streams.push(this); }
  };
  const plainFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const res = await plainFetch(input, init);
    if (!String(input).endsWith('/api/internet:import-finish')) return res;
    const importId = JSON.parse(init.body).arg.importId;
    const late = () => {
      const data = JSON.stringify({ importId, file: 'late.json', fileIndex: 0, files: 1, bytesRead: 1, size: 2, observations: 1 });
      for (const s of streams) s.dispatchEvent(new MessageEvent('internet:progress', { data }));
    };
    const json = res.json.bind(res);
    res.json = async () => {
      const value = await json();
      let chain = Promise.resolve();
      for (let i = 0; i < 40; i++) chain = chain.then(late);
      for (const ms of [0, 1, 5, 20, 100]) setTimeout(late, ms);
      return value;
    };
    return res;
  };
})();`;

function nav(page: Page, name: RegExp): Locator {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

test('internet view: import with progress, reconcile table, NAT mapping, unsafe file refused, CSV downloaded', async ({ page, dbPath }) => {
  test.skip(test.info().project.name === 'electron', 'this test runs its own web bridge over a database it seeds');
  const hosts = makeHosts(300);
  const first = hosts[0]!; // 203.0.113.1: scanned inside too
  const natted = hosts[1]!; // 198.51.100.2: NATed to 10.200.3.3
  const store = openStore(dbPath);
  seedScan(store, 'scan-inside-1', '2026-11-25T10:00:00.000Z', first.host, first.services[0]!.port);
  seedScan(store, 'scan-inside-2', '2026-11-25T10:00:00.000Z', '10.200.3.3', natted.services[0]!.port);
  seedScan(store, 'scan-inside-3', '2026-11-25T10:00:00.000Z', '10.200.3.4', 11112);
  store.close();
  // About 8 MB: several pieces over the bridge, so the progress shows.
  let text = shodanJsonl(hosts);
  const lines = text.trim().split('\n').length;
  const pad = ' '.repeat(Math.ceil((8 * 1024 * 1024) / lines));
  text = text.split('\n').map((l) => (l ? l.replace(/}$/, `,"data_pad":"${pad}"}`) : l)).join('\n');

  const bridge = await startWebBridge({ dbPath, staticDir: DIST, deps: realDeps(packageVersion()) });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  // Progress comes on the event stream, the import's answer on its own request, so the last
  // progress event can arrive after the answer (a CI run once sat on "Reading shodan.json
  // (1 of 1): 844 observations" for a minute after the import had finished). This page
  // delivers such a late event at many moments right after each import's answer is read.
  // (Plain JavaScript: it runs in the page, before the app's scripts.)
  await page.addInitScript({ content: LATE_PROGRESS_SCRIPT });
  try {
    await page.goto(bridge.launchUrl);
    await nav(page, /^Internet view/).click();
    const screen = page.getByTestId('internet-screen');
    await expectRowCount(screen, 3); // the inside scans only, before any import
    await expect(screen.getByTestId('internet-row')).toHaveCount(3); // a short list is whole in the page
    await expect(screen.getByTestId('internet-row').first()).toContainText('inside only');

    // An XML bomb is refused whole.
    const form = screen.getByTestId('internet-import');
    await form.getByLabel('Export files').setInputFiles({ name: 'bomb.xml', mimeType: 'text/xml', buffer: Buffer.from(XML_BOMB) });
    await form.getByRole('button', { name: 'Import' }).click();
    await expect(form.getByTestId('internet-import-error')).toContainText('DTD with declarations');
    await expect(form.getByTestId('internet-import-error')).toContainText('nothing imported');
    await expectRowCount(screen, 3);

    // The Shodan download, with progress.
    await form.getByLabel('Export files').setInputFiles({ name: 'shodan.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    // Watched from before the click: a quick import may show its bar only for a moment.
    const progress = form.getByTestId('internet-progress').getByRole('progressbar', { name: 'Import progress' }).waitFor({ state: 'visible', timeout: 30_000 });
    await form.getByRole('button', { name: 'Import' }).click();
    await progress;
    const services = hosts.reduce((n, h) => n + h.services.length, 0);
    await expect(form.getByTestId('internet-import-done')).toContainText(`Imported ${new Intl.NumberFormat('en-US').format(services)} observations (shodan).`, { timeout: 60_000 });
    // The late progress events (above) changed nothing.
    await page.waitForTimeout(300);
    await expect(form.getByTestId('internet-progress')).toHaveCount(0);
    await expect(form.getByTestId('internet-import-done')).toBeVisible();

    // The table: every outside service plus the inside-only one (the NATed service not yet mapped).
    // Past 150 rows only a window of them is in the page.
    await expectRowCount(screen, services + 2);
    expect(services + 2).toBeGreaterThan(150);
    expect(await screen.getByTestId('internet-row').count()).toBeLessThan(60);
    const key = `${first.host}:${first.services[0]!.port}`;
    await expect(await scrollToRow(screen, key)).toContainText('outside and inside');
    const nkey = `${natted.host}:${natted.services[0]!.port}`;
    await expect(await scrollToRow(screen, nkey)).toContainText('outside only');
    // The inside-only one, found by searching.
    await screen.getByTestId('internet-search').fill('inside only');
    await expect(screen.getByTestId('internet-row')).toHaveCount(2); // 10.200.3.3 (not mapped yet) and 10.200.3.4
    await expect(screen.locator('.search-count')).toHaveText(`2 of ${new Intl.NumberFormat('en-US').format(services + 2)} shown`);
    await screen.getByTestId('internet-search').fill('');

    // Map the public address to the inside one.
    await screen.getByRole('textbox', { name: 'Public address' }).fill(natted.host);
    await screen.getByRole('textbox', { name: 'Inside address' }).fill('10.200.3.3');
    await screen.getByRole('button', { name: 'Map' }).click();
    await expect(screen.getByTestId('internet-mappings')).toContainText(`${natted.host} → 10.200.3.3`);
    await expect(await scrollToRow(screen, nkey)).toContainText('outside and inside');
    await expectRowCount(screen, services + 1);
    await snap(page, '80-internet-view', true);
    await expectAccessible(page, 'Internet view');

    // The CSV.
    const wait = page.waitForEvent('download');
    await screen.getByTestId('internet-csv').click();
    const d: Download = await wait;
    expect(d.suggestedFilename()).toMatch(/^collimator-internet-view-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = (await readFile(await d.path(), 'utf8')).split('\r\n').filter(Boolean).map((l) => l.split(','));
    expect(csv[0]!.slice(0, 4)).toEqual(['host', 'port', 'inside_host', 'status']);
    expect(csv).toHaveLength(services + 2);
    const row = csv.find((c) => c[0] === natted.host && c[1] === String(natted.services[0]!.port))!;
    expect(row.slice(0, 5)).toEqual([natted.host, String(natted.services[0]!.port), '10.200.3.3', 'outside-and-inside', natted.services[0]!.kind]);
    expect(csv.filter((c) => c[3] === 'inside-only').map((c) => c[0])).toEqual(['10.200.3.4']);
    expect(problems).toEqual([]);
  } finally {
    await bridge.close();
  }
});
