/**
 * Issue 17, the practice lab walked as an admin would in a maintenance window, at a
 * laptop's 1366x850 and a desktop's 1920x1080, every screen visited in the light AND the
 * dark theme (screenshot + axe in each): practice lab → scan → the worst server → Fix →
 * "Apply this to the practice server" (the lab server really is reconfigured) → tick the
 * steps (one per action, each listing the findings it addresses) → re-check shows
 * `fixed` → a maintenance window over it → sign-off → the record → its PDF.
 * The steps count is the same everywhere: Fix screen, maintenance window, sign-off
 * review, signed record, and the PDF's text (pdftotext).
 *
 * Signing needs the OS keychain, which does not exist outside Electron: this spec starts
 * its own web bridge with a stand-in (fixtures/keychain.ts), as records.spec.ts does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { startWebBridge } from '../../electron/web-bridge/server';
import { realDeps } from '../../electron/services/real-deps';
import { packageVersion } from '../../electron/services/version';
import { expect, expectAccessible, snap, test } from './fixtures/app';
import { memoryKeychain } from './fixtures/keychain';
import { DIST } from './fixtures/paths';

const PASS = 'dana correct horse battery';
const THEMES = ['light', 'dark'] as const;

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  return problems;
}

function nav(page: Page, name: RegExp): Locator {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

async function labAddress(lab: Locator, name: string): Promise<string> {
  const text = await lab.getByRole('listitem').filter({ hasText: name }).getByTestId('lab-address').innerText();
  return text.trim().replace(/^.*@/, '');
}

/** `N of M` as two numbers. */
function count(text: string): { done: number; total: number } {
  const m = /(\d+) of (\d+)/.exec(text);
  if (!m) throw new Error(`no "N of M" in ${JSON.stringify(text)}`);
  return { done: Number(m[1]), total: Number(m[2]) };
}

for (const viewport of [
  { width: 1366, height: 850 },
  { width: 1920, height: 1080 },
]) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('lab → scan → worst server → fix → apply to the practice server → fixed → window → sign-off → record → PDF', async ({ page, dbPath }) => {
      test.skip(test.info().project.name === 'electron', 'runs its own web bridge with a stand-in keychain');
      test.setTimeout(420_000);
      const size = `${viewport.width}x${viewport.height}`;
      /** Screenshot and axe of the screen as it is, in both themes (the system preference, as the app follows it). */
      const visit = async (name: string, whole = false): Promise<void> => {
        for (const scheme of THEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(scheme);
          await snap(page, `pf-${size}-${scheme}-${name}`, whole);
          await expectAccessible(page, `${name} (${scheme}, ${size})`);
        }
        await page.emulateMedia({ colorScheme: 'light' });
      };

      const bridge = await startWebBridge({ dbPath, staticDir: DIST, deps: realDeps(packageVersion(), { secretBox: memoryKeychain() }) });
      const problems = watchProblems(page);
      const tmp = await mkdtemp(path.join(tmpdir(), 'collimator-pf-'));
      try {
        await page.goto(bridge.launchUrl);
        await expect(page.getByRole('heading', { level: 1, name: 'Scope & scan' })).toBeVisible();

        // The practice lab, scanned.
        await page.getByRole('button', { name: 'Start practice lab' }).click();
        const lab = page.getByTestId('lab-panel');
        await expect(lab.getByRole('list', { name: 'Practice lab servers' })).toBeVisible({ timeout: 60_000 });
        const openPacs = await labAddress(lab, 'Open PACS');
        await page.getByRole('button', { name: 'Start scan' }).click();
        await expect(page.getByTestId('scan-done')).toBeVisible({ timeout: 180_000 });
        await visit('01-scan-done');

        // The worst server heads the list (sorted by risk): the open PACS.
        await page.getByRole('button', { name: 'Review servers' }).click();
        await expect(page.getByTestId('server-row').first()).toHaveAttribute('data-key', openPacs);
        await visit('02-servers');
        await page.getByRole('button', { name: `Open ${openPacs}` }).click();
        await expect(page.getByRole('heading', { level: 1, name: openPacs })).toBeVisible();
        await visit('03-server');

        // Fix: each action once, listing the findings it addresses; no "tick this step too".
        await page.getByRole('button', { name: 'Fix this server' }).click();
        await expect(page.getByRole('heading', { level: 1, name: `Fix ${openPacs}` })).toBeVisible();
        await expect(page.getByTestId('checklist')).toBeVisible();
        await page.getByLabel('Who is doing this').fill('Dana Reyes');
        await expect(page.getByText(/tick this step too/)).toHaveCount(0);
        const steps = page.getByTestId('step');
        const ids = await Promise.all((await steps.all()).map((st) => st.getAttribute('data-step')));
        expect(new Set(ids).size).toBe(ids.length);
        const findings = await page.getByTestId('playbook').count();
        expect(findings).toBeGreaterThanOrEqual(5);
        // The access change closes several findings at once, and says which.
        const access = page.locator('[data-testid="step"][data-step^="action/dicom-access/"][data-step$="/config"]');
        await expect(access).toHaveCount(1);
        await expect(access.getByTestId('step-addresses')).toContainText('Accepts any calling AE title');
        await expect(access.getByTestId('step-addresses')).toContainText(/findings, one change/);
        const before = count(await page.getByTestId('fix-progress-count').innerText());
        expect(before.done).toBe(0);
        // Fewer boxes than one per finding per step: the grouping is real.
        expect(before.total).toBeLessThan(findings * 3);

        // Apply it to the practice server (main reconfigures that lab server, and only it).
        const apply = page.getByTestId('practice-apply');
        await expect(apply).toBeVisible();
        await apply.getByRole('button', { name: 'Apply this to the practice server' }).click();
        await expect(page.getByTestId('practice-applied')).toContainText('only calls to OPENPACS are answered');
        await expect(page.getByTestId('practice-applied')).toContainText('no TLS server');

        // Tick the access steps (the inventory check, the window notice, the product's allow-list).
        const toTick = page.locator('[data-testid="step"][data-step^="action/dicom-access/"]');
        const n = await toTick.count();
        expect(n).toBeGreaterThanOrEqual(3);
        for (let i = 0; i < n; i++) {
          const st = toTick.nth(i);
          await st.getByRole('checkbox').check();
          await expect(st).toHaveAttribute('data-done', 'true');
        }
        const screen = count(await page.getByTestId('fix-progress-count').innerText());
        expect(screen).toEqual({ done: n, total: before.total });
        await visit('04-fix-applied', true);

        // Re-check: the access findings are fixed; plaintext honestly still fails (no TLS in the lab).
        await page.getByRole('button', { name: 'Re-check this server' }).click();
        const verification = page.getByTestId('verification');
        await expect(verification).toBeVisible({ timeout: 120_000 });
        for (const id of ['dicom.any-calling-ae', 'dicom.any-called-ae', 'dicom.query-open', 'dicom.retrieve-open', 'dicom.store-open']) {
          await expect(verification.locator(`[data-testid="verify-check"][data-check="${id}"]`)).toHaveAttribute('data-verdict', 'fixed');
        }
        await expect(verification.locator('[data-testid="verify-check"][data-check="dicom.plaintext"]')).toHaveAttribute('data-verdict', 'still-failing');
        await visit('05-fix-rechecked', true);

        // A maintenance window over the server counts the same steps.
        await nav(page, /^Maintenance windows/).click();
        await expect(page.getByRole('heading', { level: 1, name: 'Maintenance windows' })).toBeVisible();
        await page.getByRole('button', { name: 'Plan a window' }).first().click();
        const form = page.getByTestId('window-form');
        await form.getByLabel('Name').fill('Practice: close the open PACS');
        await form.locator('.win-server-list li').filter({ hasText: openPacs }).getByRole('checkbox').check();
        await form.getByRole('button', { name: 'Create window' }).click();
        const detail = page.getByTestId('window-detail');
        await expect(detail.getByTestId('window-server')).toHaveCount(1);
        expect(count(await detail.getByTestId('window-steps').innerText())).toEqual(screen);
        expect(count(await detail.locator(`[data-testid="window-server"][data-key="${openPacs}"] .wsteps`).innerText())).toEqual(screen);
        await visit('06-window', true);

        // Sign-off: the review and the record say the same count.
        await detail.getByRole('button', { name: `Fix ${openPacs}` }).click();
        await expect(page.getByRole('heading', { level: 1, name: `Fix ${openPacs}` })).toBeVisible();
        expect(count(await page.getByTestId('fix-progress-count').innerText())).toEqual(screen);
        await page.getByRole('button', { name: 'Sign off this server' }).click();
        await expect(page.getByRole('heading', { level: 1, name: `Sign off ${openPacs}` })).toBeVisible();
        const add = page.getByTestId('operator-add');
        await add.getByLabel('Role').fill('PACS administrator');
        await add.getByLabel('Passphrase', { exact: true }).fill(PASS);
        await add.getByLabel('Passphrase again').fill(PASS);
        await add.getByRole('button', { name: 'Add operator' }).click();
        await expect(page.getByTestId('operator-picker').first().getByRole('radio')).toBeChecked();
        await page.getByLabel('Note on the record').fill('Practice run: access closed on the practice server; plaintext stays (no TLS in the lab).');
        await page.getByRole('button', { name: 'Review what will be signed' }).click();
        const review = page.getByTestId('signoff-review');
        await expect(review).toBeVisible();
        expect(count(await review.getByTestId('record-steps').locator('h3').first().innerText())).toEqual(screen);
        await expect(review.getByTestId('record-verification').locator('tr[data-check="dicom.any-calling-ae"]')).toHaveAttribute('data-verdict', 'fixed');
        await expect(review.getByTestId('step-addresses').first()).toBeVisible();
        await visit('07-signoff-review', true);
        await review.getByLabel(/I reviewed this record/).check();
        await review.getByLabel('Passphrase of Dana Reyes').fill(PASS);
        await page.getByRole('button', { name: 'Sign as Dana Reyes' }).click();

        await expect(page.getByRole('heading', { level: 1, name: `Record 1: ${openPacs}` })).toBeVisible();
        await expect(page.getByTestId('record-integrity')).toHaveAttribute('data-intact', 'true');
        expect(count(await page.getByTestId('record-steps').locator('h3').first().innerText())).toEqual(screen);
        await visit('08-record', true);

        // The PDF, read back as text.
        const wait = page.waitForEvent('download');
        await page.getByRole('button', { name: 'Export PDF' }).click();
        const pdfBytes = await readFile(await (await wait).path());
        expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const pdfFile = path.join(tmp, 'record.pdf');
        await writeFile(pdfFile, pdfBytes);
        const text = execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
        expect(text).toContain(`${screen.done} of ${screen.total} steps done`);
        expect(text).toContain('Addresses: ');
        expect(text).toContain('failed before, passes now');
        expect(problems, 'the page logged errors').toEqual([]);
      } finally {
        await bridge.close();
        await rm(tmp, { recursive: true, force: true });
      }
    });
  });
}
