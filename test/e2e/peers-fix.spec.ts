/**
 * Issue 14 on the Fix screen, in Chromium against the real handlers and store: each
 * allow-list step shows which confirmed peers it keeps and which it would cut off
 * (before the admin applies it); a step that cuts off a peer seen in the last 30 days
 * is marked done only after a checkbox naming that peer is ticked, and the
 * acknowledgement is kept (a reload shows it); the re-check's "legitimate peers still
 * accepted" shows each peer's verdict and reason.
 *
 * Stand-ins, said plainly: the learned peers come from a ConfirmedPeer list given to the
 * remediation service (the seam `learnedPeers` of electron/remediation/peers-fix.ts),
 * because the log parsers and their store table are another part of issue 14; and the
 * verification shown is written through the real store (the real associations behind it
 * run in test/peers/remediation-peers.test.ts). Addresses are 10.200.0.0/16 data: nothing
 * here touches the network.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { createRemediationService } from '../../electron/remediation/service';
import { realDeps, scanStoreOn } from '../../electron/services/real-deps';
import { openStore } from '../../electron/store';
import { startWebBridge } from '../../electron/web-bridge/server';
import { CATALOG, type CheckId, type CheckStatus } from '../../shared/catalog';
import type { ConfirmedPeer } from '../../shared/peers';
import type { VerificationRecord } from '../../shared/remediation';
import type { CheckResult, ServiceResult } from '../../shared/types';
import { expectAccessible, snap } from './fixtures/app';
import { DIST, SCREENSHOTS } from './fixtures/paths';

const HOST = '10.200.14.2';
const PORT = 11112;
const KEY = `${HOST}:${PORT}`;
const day = 86_400_000;
const LEARNED: ConfirmedPeer[] = [
  { callingAe: 'US_ROOM2', address: '10.200.14.12', lastSeen: new Date(Date.now() - 1 * day).toISOString(), source: 'learned' },
  // A real DICOM title with a space: the snippets will not write it, so every allow-list cuts it off.
  { callingAe: 'CT ROOM3', address: '10.200.14.13', lastSeen: new Date(Date.now() - 3 * day).toISOString(), source: 'learned' },
  { callingAe: 'OLD_MR', address: '10.200.14.14', lastSeen: new Date(Date.now() - 200 * day).toISOString(), source: 'learned' },
];

const result = (id: CheckId, status: CheckStatus): CheckResult => ({ id, status, severity: CATALOG[id].severity, summary: `${id}: ${status} (seeded)`, evidence: {}, attack: [...CATALOG[id].attack] });

function seed(dbPath: string): void {
  const store = openStore(dbPath);
  try {
    const service: ServiceResult = {
      host: HOST, port: PORT, state: 'open', protocol: 'dicom', product: { name: 'Orthanc', version: '1.10.1' }, calledAe: 'MAINPACS', calledAeSource: 'inventory',
      checks: [result('dicom.detected', 'fail'), result('dicom.any-calling-ae', 'fail'), result('dicom.query-open', 'fail')],
    };
    const scanAt = new Date(Date.now() - 3_600_000).toISOString();
    store.beginScan({ id: 'seeded-peers', startedAt: scanAt, vantage: { label: 'Imaging VLAN', untrusted: false }, targets: [HOST], ports: [PORT], toolVersion: '0.1.0' });
    store.saveService('seeded-peers', service);
    store.finishScan('seeded-peers', scanAt, false);
    store.inventory.importNodes(
      [
        { aeTitle: 'MAINPACS', host: HOST, port: PORT, role: 'pacs', description: 'this server' },
        { aeTitle: 'CT_ROOM1', host: '10.200.14.11', port: 104, role: 'CT modality', description: 'room 1' },
        { aeTitle: 'WS_NAMED', host: 'ws1.example.org', port: 104, role: 'reading workstation', description: '' },
      ],
      { replace: false, at: scanAt },
    );
    const at = new Date(Date.now() - 600_000).toISOString();
    const after: ServiceResult = { ...service, checks: [result('dicom.detected', 'fail'), result('dicom.any-calling-ae', 'pass'), result('dicom.query-open', 'pass')] };
    const v: VerificationRecord = {
      id: randomUUID(),
      service: { host: HOST, port: PORT },
      before: { scanId: 'seeded-peers', at: scanAt, vantage: { label: 'Imaging VLAN', untrusted: false }, state: 'open', protocol: 'dicom' },
      after: { at, finishedAt: at, vantage: { label: 'Imaging VLAN', untrusted: false }, state: 'open', protocol: 'dicom' },
      checks: (['dicom.any-calling-ae', 'dicom.query-open'] as const).map((id) => ({
        id, severity: CATALOG[id].severity, before: 'fail', after: 'pass', verdict: 'fixed', note: 'fail then pass',
        evidence: { before: { summary: `${id} fail`, evidence: {} }, after: { summary: `${id} pass`, evidence: {} } },
      })),
      unverified: [],
      counts: { fixed: 2, 'still-failing': 0, regressed: 0, 'still-passing': 0, inconclusive: 0 },
      passed: false,
      peers: [
        { callingAe: 'CT_ROOM1', address: '10.200.14.11', source: 'inventory', verdict: 'still-accepted', reason: 'an association calling as CT_ROOM1 to MAINPACS was accepted', outcome: 'success', detail: 'association accepted', addressBound: false, from: '10.200.14.50' },
        {
          callingAe: 'US_ROOM2', address: '10.200.14.12', source: 'learned', verdict: 'regressed', outcome: 'association-rejected', detail: 'x', addressBound: false, from: '10.200.14.50',
          reason: 'the server refused US_ROOM2 (10.200.14.12): rejected (permanent) by the DICOM service user (the application): calling AE title not recognized (1/1/3); the fix cut this peer off',
        },
      ],
      beforeService: service,
      afterService: after,
    };
    store.verifications.save(v);
  } finally {
    store.close();
  }
}

const test = base.extend<{ app: Page }>({
  app: async ({ page }, use, testInfo) => {
    testInfo.skip(testInfo.project.name === 'electron', 'the learned-peers stand-in is given to the web bridge\'s services; the Electron app has no such seam');
    const dir = await mkdtemp(path.join(tmpdir(), 'collimator-e2e-peers-'));
    const dbPath = path.join(dir, 'collimator.db');
    seed(dbPath);
    const version = '0.1.0';
    const deps = realDeps(version);
    const bridge = await startWebBridge({
      dbPath,
      staticDir: DIST,
      version,
      deps: {
        ...deps,
        openStore: (file) => {
          const store = openStore(file);
          return { ...scanStoreOn(store, version), remediation: createRemediationService(store, { learnedPeers: () => LEARNED }) };
        },
      },
    });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    try {
      await page.goto(bridge.launchUrl);
      await expect(page.getByRole('heading', { level: 1, name: 'Scope & scan' })).toBeVisible();
      await use(page);
      expect(problems.filter((p) => !/status of 400/.test(p)), 'the page logged errors').toEqual([]);
    } finally {
      await bridge.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
});

function step(page: Page, stepId: string) {
  return page.locator(`[data-testid="step"][data-step="${stepId}"]`);
}

async function openFix(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Servers/ }).click();
  await page.getByRole('button', { name: `Open ${KEY}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: KEY })).toBeVisible();
  await page.getByRole('button', { name: 'Fix this server' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Fix ${KEY}` })).toBeVisible();
}

test('each step shows the peers it keeps and cuts off; a recent cut-off needs the peer acknowledged', async ({ app }) => {
  test.setTimeout(120_000);
  await openFix(app);
  await app.getByLabel('Product on this server').selectOption('orthanc');
  const config = step(app, 'action/dicom-access/orthanc/config');
  const peers = config.getByTestId('step-peers');
  await expect(peers.getByTestId('peers-kept')).toContainText('CT_ROOM1 (10.200.14.11)');
  await expect(peers.getByTestId('peers-kept')).toContainText('US_ROOM2 (10.200.14.12)');
  await expect(peers.getByTestId('peers-kept')).toContainText('OLD_MR');
  await expect(peers.getByTestId('peers-cut')).toContainText('CT ROOM3 (10.200.14.13)');
  await expect(peers.getByTestId('peers-cut')).not.toContainText('CT_ROOM1');
  // The learned peers are in the snippet the admin copies (the one the space rules out is not).
  const code = app.locator('[data-snippet="orthanc-access"]').getByTestId('snippet-code');
  await expect(code).toContainText('"AET": "US_ROOM2"');
  await expect(code).not.toContainText('CT ROOM3');
  const warning = config.getByTestId('cutoff-warning');
  await expect(warning).toContainText('would cut off a peer seen in the last 30 days');

  // The firewall: a peer listed by host name is not in the rules, and says why.
  await app.getByLabel('Firewall rules for').selectOption('linux-nftables');
  const nft = step(app, 'action/firewall/linux-nftables').getByTestId('peers-cut');
  await expect(nft).toContainText('WS_NAMED (ws1.example.org)');
  await expect(nft).toContainText('host name');

  await app.getByLabel('Who is doing this').fill('Dana Reyes');
  // Not acknowledged: the tick is refused, nothing is saved.
  await config.getByRole('checkbox', { name: /Turn on the called AE check/ }).click();
  await expect(config.getByTestId('ack-missing')).toBeVisible();
  await expect(config).toHaveAttribute('data-done', 'false');
  await snap(app, '60-fix-peers-cut-off-warning', true);
  await config.screenshot({ path: path.join(SCREENSHOTS, '60b-fix-step-peers.png'), animations: 'disabled' });
  await expectAccessible(app, 'Fix (peers a step cuts off)');

  await warning.getByLabel(/I know this step cuts off CT ROOM3 \(10\.200\.14\.13\)/).check();
  await config.getByRole('checkbox', { name: /Turn on the called AE check/ }).check();
  await expect(config).toHaveAttribute('data-done', 'true');
  const acked = config.getByTestId('cutoff-acknowledged');
  await expect(acked).toContainText('Acknowledged by Dana Reyes');
  await expect(acked).toContainText('CT ROOM3 (10.200.14.13)');

  // Kept in the database with the change: a reload shows it.
  await app.reload();
  await openFix(app);
  await app.getByLabel('Product on this server').selectOption('orthanc');
  await expect(step(app, 'action/dicom-access/orthanc/config')).toHaveAttribute('data-done', 'true');
  await expect(step(app, 'action/dicom-access/orthanc/config').getByTestId('cutoff-acknowledged')).toContainText('CT ROOM3');

  // The re-check: each confirmed peer's verdict and reason.
  const verification = app.getByTestId('verification');
  await expect(verification).toBeVisible();
  const accepted = verification.getByTestId('peers-accepted');
  await expect(accepted.locator('[data-testid="peer-accepted"][data-peer="CT_ROOM1"]')).toHaveAttribute('data-verdict', 'still-accepted');
  const cut = accepted.locator('[data-testid="peer-accepted"][data-peer="US_ROOM2"]');
  await expect(cut).toHaveAttribute('data-verdict', 'regressed');
  await expect(cut).toContainText('calling AE title not recognized');
  await expect(accepted).toContainText('1 peer is cut off by the fix');
  await snap(app, '61-verify-peers-still-accepted', true);
  await accepted.screenshot({ path: path.join(SCREENSHOTS, '61b-verify-peers.png'), animations: 'disabled' });
  await expectAccessible(app, 'Fix (legitimate peers still accepted)');
});
