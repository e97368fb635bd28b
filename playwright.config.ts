/**
 * Browser specs: the real renderer (dist/renderer) in Debian's Chromium, against the
 * real handlers through the loopback web bridge (electron/web-bridge), and the same
 * specs under Playwright's `_electron` (project `electron`). Electron's binary cannot be
 * downloaded on these machines, so that project's tests skip there and say why
 * (test/e2e/fixtures/electron.ts). Never `npx playwright install`: the browser is the
 * apt package.
 */
import { defineConfig } from '@playwright/test';
import type { AppFixtures } from './test/e2e/fixtures/app';

export default defineConfig<Pick<AppFixtures, 'transport'>>({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  // Builds dist/renderer once before the specs (the bridge serves that build).
  globalSetup: './test/e2e/fixtures/global-setup.ts',
  // Two shared cores, real servers, scans with their own rate limits: one spec at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['html', { outputFolder: 'test-results/playwright-report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    // The renderer in Debian's Chromium, over the loopback web bridge.
    { name: 'chromium', use: { transport: 'web' } },
    // The same specs in the Electron app; every test skips, saying why, without an Electron binary.
    { name: 'electron', use: { transport: 'electron' } },
  ],
});
