/**
 * A re-check of a server that stopped answering can be cancelled from the Fix & verify
 * screen, with the keyboard, and records nothing. The server is a loopback listener that
 * accepts connections and never answers (a hung host: uncancelled, the re-check waits
 * for its reply timeouts); its earlier scan is written to the test database first.
 * The second test walks to another server and back while a re-check runs (it takes
 * about 1.5 s of the ~7 s the uncancelled re-check lasts). Loopback only.
 */
import { createServer, type Socket } from 'node:net';
import type { Page } from '@playwright/test';
import { CATALOG } from '../../shared/catalog';
import type { CollimatorApi } from '../../shared/contract';
import { openStore } from '../../electron/store';
import { expect, expectAccessible, snap, test } from './fixtures/app';

/** A finished scan, from a trusted network, that found each of 127.0.0.1:`ports` open with a failing check. */
function seedScanOf(dbPath: string, ports: number[]): void {
  const store = openStore(dbPath);
  try {
    const at = new Date(Date.now() - 60_000).toISOString();
    store.beginScan({ id: 'silent-servers', startedAt: at, vantage: { label: 'Loopback (test)', untrusted: false }, targets: ['127.0.0.1'], ports, toolVersion: '0.1.0' });
    const c = CATALOG['dicom.any-calling-ae'];
    for (const port of ports) {
      store.saveService('silent-servers', {
        host: '127.0.0.1',
        port,
        state: 'open',
        protocol: 'dicom',
        checks: [{ id: 'dicom.any-calling-ae', status: 'fail', severity: c.severity, summary: 'Any calling AE title was accepted.', evidence: {}, attack: [...c.attack] }],
      });
    }
    store.finishScan('silent-servers', new Date(Date.now() - 30_000).toISOString(), false);
  } finally {
    store.close();
  }
}

/** A loopback listener that accepts connections and never answers. */
async function silentListener(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function openFixScreen(app: Page, key: string): Promise<void> {
  await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Servers/ }).click();
  await app.getByRole('button', { name: `Open ${key}` }).click();
  await app.getByRole('button', { name: 'Fix this server' }).click();
  await expect(app.getByRole('heading', { level: 1, name: `Fix ${key}` })).toBeVisible();
}

test('a re-check of a server that does not answer is cancelled from the screen; nothing is recorded', async ({ app, dbPath }) => {
  const silent = await silentListener();
  const { port } = silent;
  const key = `127.0.0.1:${port}`;
  try {
    seedScanOf(dbPath, [port]);
    await app.reload(); // the app reopens the latest scan: this one
    await openFixScreen(app, key);

    // Start it from the keyboard.
    const start = app.getByRole('button', { name: 'Re-check this server' });
    await start.focus();
    await app.keyboard.press('Enter');
    const running = app.getByTestId('verify-running');
    await expect(running).toContainText(`Re-checking ${key}`);
    await expect(app.getByRole('button', { name: 'Re-checking…' })).toBeDisabled();
    // Focus moved on from the disabled button to Cancel, so Enter again cancels.
    const cancel = app.getByRole('button', { name: 'Cancel re-check' });
    await expect(cancel).toBeFocused();
    await snap(app, '25-verify-running-cancellable');

    const pressedAt = Date.now();
    await app.keyboard.press('Enter');
    const cancelled = app.getByTestId('verify-cancelled');
    await expect(cancelled).toBeVisible();
    expect(Date.now() - pressedAt).toBeLessThan(20_000); // generous: the machine is shared
    await expect(cancelled).toContainText('Re-check cancelled.');
    await expect(cancelled).toContainText('Nothing was changed: no result was recorded');
    await expect(running).toBeHidden();
    await expect(cancel).toBeHidden();
    await expect(start).toBeEnabled();
    await expect(start).toBeFocused();
    // No result shown, none listed, none stored.
    await expect(app.getByTestId('verification')).toHaveCount(0);
    await expect(app.getByTestId('verify-history-row')).toHaveCount(0);
    const stored = await app.evaluate(
      (ref) => (globalThis as unknown as { collimator: CollimatorApi }).collimator.remediation.verifications(ref),
      { host: '127.0.0.1', port },
    );
    expect(stored).toEqual({ ok: true, value: [] });
    // And main holds no re-check of it any more.
    const again = await app.evaluate(
      (ref) => (globalThis as unknown as { collimator: CollimatorApi }).collimator.remediation.cancelVerify(ref),
      { host: '127.0.0.1', port },
    );
    expect(again).toEqual({ ok: true, value: { cancelled: false } });
    await snap(app, '26-verify-cancelled');
    await expectAccessible(app, 'Fix & verify (re-check cancelled)');
  } finally {
    await silent.close();
  }
});

test('a re-check runs on while another server is open, and can still be cancelled when its server is reopened', async ({ app, dbPath }) => {
  const a = await silentListener();
  const b = await silentListener();
  const keyA = `127.0.0.1:${a.port}`;
  const keyB = `127.0.0.1:${b.port}`;
  try {
    seedScanOf(dbPath, [a.port, b.port]);
    await app.reload();
    await openFixScreen(app, keyA);
    await app.getByRole('button', { name: 'Re-check this server' }).click();
    await expect(app.getByTestId('verify-running')).toContainText(`Re-checking ${keyA}`);

    // B's screen: nothing of B's runs (A's re-check is A's own).
    await openFixScreen(app, keyB);
    await expect(app.getByRole('button', { name: 'Re-check this server' })).toBeEnabled();
    await expect(app.getByRole('button', { name: 'Cancel re-check' })).toHaveCount(0);
    await expect(app.getByTestId('verify-running')).toHaveCount(0);

    // Back on A: still running, and Cancel stops exactly it.
    await openFixScreen(app, keyA);
    await expect(app.getByTestId('verify-running')).toContainText(`Re-checking ${keyA}`);
    await app.getByRole('button', { name: 'Cancel re-check' }).click();
    await expect(app.getByTestId('verify-cancelled')).toBeVisible();
    await expect(app.getByTestId('verify-history-row')).toHaveCount(0);
  } finally {
    await a.close();
    await b.close();
  }
});
