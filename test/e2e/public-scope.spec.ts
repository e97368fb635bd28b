/**
 * Issue 11, in Chromium through the web bridge:
 * - the session token reaches the page only through the launch address's fragment:
 *   the page opened without it can call nothing, and with it the token leaves the
 *   address bar at once (a reload of the tab still works);
 * - public addresses are confirmed at the bridge's terminal (here, streams the test
 *   reads and types into), never by the page: refused, nothing starts; the page's
 *   own `allowPublic` is refused by the contract; confirmed with the printed code,
 *   the scan starts. The public example is 192.0.2.1 (RFC 5737, documentation), and
 *   the confirmed scan runs on a scripted engine: nothing is ever dialled.
 *
 * These specs start their own bridge (with a terminal the test controls), so they run
 * on the web transport only.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { Page } from '@playwright/test';
import type { CollimatorApi, ScanStartRequest } from '../../shared/contract';
import type { ScanReport } from '../../shared/types';
import type { ScanRequest } from '../../electron/engine/scan';
import { realDeps } from '../../electron/services/real-deps';
import { startWebBridge, type WebBridge } from '../../electron/web-bridge/server';
import { terminalPublicScopeConfirmer } from '../../electron/web-bridge/terminal-confirm';
import { expect, listScanIds, snap, test } from './fixtures/app';
import { DIST } from './fixtures/paths';

test.skip(({ transport }) => transport !== 'web', 'starts its own web bridge with a terminal the test controls');

interface Terminal {
  input: PassThrough;
  output: PassThrough;
  printed(): string;
  /** Waits for the next question and returns its code. */
  nextCode(): Promise<string>;
}

function terminal(): Terminal {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  let seen = 0;
  output.on('data', (c: Buffer) => (printed += c.toString('utf8')));
  return {
    input,
    output,
    printed: () => printed,
    async nextCode() {
      let code = '';
      await expect
        .poll(() => {
          const all = [...printed.matchAll(/type (\d{4}) and Enter/g)];
          if (all.length > seen) code = all[seen]![1]!;
          return all.length > seen;
        }, { message: 'the bridge asks at its terminal' })
        .toBe(true);
      seen += 1;
      return code;
    },
  };
}

/** The real engine's helpers, with a scripted runScan that records the request and dials nothing. */
function scriptedDeps(requests: ScanRequest[]) {
  const deps = realDeps('e2e');
  deps.engine = {
    ...deps.engine,
    runScan: (req, hooks) => {
      requests.push(req);
      hooks.onStart?.({ id: req.scanId!, startedAt: new Date().toISOString(), hosts: 1, ports: req.ports });
      const report: ScanReport = {
        tool: { name: 'collimator', version: 'e2e' },
        scan: { id: req.scanId!, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), vantage: req.options.vantage, targets: req.targets, ports: req.ports },
        services: [],
        summary: { services: 0, fail: { info: 0, low: 0, medium: 0, high: 0, critical: 0 } },
      };
      return Promise.resolve(report);
    },
  };
  return deps;
}

async function withBridge(dbPath: string, fn: (b: WebBridge, t: Terminal, requests: ScanRequest[]) => Promise<void>): Promise<void> {
  const t = terminal();
  const requests: ScanRequest[] = [];
  const bridge = await startWebBridge({ dbPath, staticDir: DIST, deps: scriptedDeps(requests), confirmPublicScope: terminalPublicScopeConfirmer(t) });
  try {
    await fn(bridge, t, requests);
  } finally {
    await bridge.close();
  }
}

async function startScan(page: Page, target: string): Promise<void> {
  await page.getByLabel('Targets').fill(target);
  await page.getByLabel('Ports').fill('104');
  await page.getByRole('button', { name: 'Start scan' }).click();
}

test('the token: only in the launch address, gone from the address bar, kept for a reload', async ({ page, dbPath }) => {
  await withBridge(dbPath, async (bridge) => {
    // Opened as a local process could (a plain GET /): the page has no token and can call nothing.
    const bare = await page.context().newPage();
    const problems: string[] = [];
    bare.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    await bare.goto(bridge.url);
    const refused = await bare.evaluate(() => (globalThis as unknown as { collimator: CollimatorApi }).collimator.scan.list());
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await bare.content()).not.toContain(bridge.token);
    expect(problems.join('\n')).toMatch(/no token/);
    await bare.close();

    await page.goto(bridge.launchUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Scope & scan' })).toBeVisible();
    expect(page.url()).toBe(bridge.url);
    expect(await listScanIds(page)).toEqual([]);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Scope & scan' })).toBeVisible();
    expect(await listScanIds(page)).toEqual([]);
  });
});

test('a public target is asked at the terminal: refused there, nothing starts', async ({ page, dbPath }) => {
  await withBridge(dbPath, async (bridge, t, requests) => {
    await page.goto(bridge.launchUrl);
    await expect(page.getByTestId('public-scope-hint')).toBeAttached();
    await startScan(page, '192.0.2.1');
    await t.nextCode();
    expect(t.printed()).toMatch(/PUBLIC[^\n]*\n {2}192\.0\.2\.1\n/);
    t.input.write('no\n');
    const error = page.getByTestId('scan-error');
    await expect(error).toContainText('Nothing was started.');
    await expect(error).toContainText('192.0.2.1');
    await expect(error).toContainText('not confirmed');
    expect(requests).toEqual([]);
    expect(await listScanIds(page)).toEqual([]);
    await snap(page, 'public-scope-refused');

    // The page saying "authorised" itself is refused by the contract, and nobody is asked.
    const before = t.printed();
    const forged = await page.evaluate(
      (req) => (globalThis as unknown as { collimator: CollimatorApi }).collimator.scan.start({ ...req, allowPublic: true } as unknown as ScanStartRequest),
      { targets: ['192.0.2.1'], ports: [104], calledAes: [], vantage: { label: 'e2e', untrusted: false }, scanId: randomUUID() } satisfies ScanStartRequest,
    );
    expect(forged).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(t.printed()).toBe(before);
    expect(requests).toEqual([]);
  });
});

test('a public target confirmed with the code printed at the terminal starts the scan (scripted engine, nothing dialled)', async ({ page, dbPath }) => {
  await withBridge(dbPath, async (bridge, t, requests) => {
    await page.goto(bridge.launchUrl);
    await startScan(page, '192.0.2.1');
    const code = await t.nextCode();
    t.input.write(`${code}\n`);
    await expect.poll(() => requests.length).toBe(1);
    expect(requests[0]).toMatchObject({ targets: ['192.0.2.1'], allowPublic: true });
    await expect.poll(() => listScanIds(page)).toHaveLength(1);
    await expect(page.getByTestId('scan-error')).toHaveCount(0);
  });
});
