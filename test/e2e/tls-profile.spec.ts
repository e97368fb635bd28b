/**
 * Issue 15 in the browser: scan a real TLS server (node:tls on loopback, certificates
 * made by openssl at test time) that accepts TLS 1.0 and AES-CBC-SHA next to a B.12
 * suite, through the form and the real handlers; the Server screen shows the profile
 * verdict first and the accepted suites in a table.
 */
import type { Socket } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { expect, expectAccessible, snap, test } from './fixtures/app';
import { makeCertSet, type CertSet } from '../peers/tls-certs';

let certs: CertSet;
let server: Server;
let port = 0;
const sockets = new Set<Socket>();

test.beforeAll(async () => {
  certs = makeCertSet();
  server = createServer({ key: certs.valid.keyPem, cert: certs.valid.certPem, minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:@SECLEVEL=0', honorCipherOrder: true }, (s) => s.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'));
  server.on('tlsClientError', () => undefined);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});

test.afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server?.close(r));
  certs?.remove();
});

test('a TLS port: the profile verdict first, then the accepted suites', async ({ app }) => {
  test.setTimeout(120_000);
  await app.getByLabel('Targets').fill('127.0.0.1');
  await app.getByLabel('Ports').fill(String(port));
  await app.getByRole('button', { name: 'Start scan' }).click();
  await expect(app.getByTestId('scan-done')).toBeVisible({ timeout: 90_000 });
  await app.getByRole('button', { name: 'Review servers' }).click();
  await app.getByRole('button', { name: `Open 127.0.0.1:${port}` }).click();
  await expect(app.getByRole('heading', { level: 1, name: `127.0.0.1:${port}` })).toBeVisible();

  const panel = app.getByTestId('tls-profile');
  await expect(panel.getByTestId('tls-profile-verdict')).toContainText('meets only retired BCP 195: accepts TLS 1.0 and TLS 1.1');
  const table = panel.getByRole('table', { name: 'Accepted cipher suites' });
  await expect(table.getByRole('row').filter({ hasText: 'TLS_RSA_WITH_AES_128_CBC_SHA' })).toHaveCount(3);
  await expect(table.getByRole('row').filter({ hasText: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' })).toContainText('ECDHE');
  await expect(table.getByRole('row').filter({ hasText: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' })).toHaveCount(1);
  // The panel comes before the server's facts and its check cards.
  const order = await app.locator('[data-testid="tls-profile"], section[aria-label="About this server"]').evaluateAll((els: { getAttribute(name: string): string | null }[]) =>
    els.map((e) => e.getAttribute('data-testid') ?? 'facts'),
  );
  expect(order).toEqual(['tls-profile', 'facts']);
  await expect(app.locator('[data-check="tls.profile"]')).toHaveAttribute('data-status', 'fail');
  await expect(app.locator('[data-check="tls.weak-cipher"]')).toHaveAttribute('data-status', 'fail');
  await snap(app, '40-server-tls-profile', true);
  await expectAccessible(app, 'Server (TLS profile)');
});
