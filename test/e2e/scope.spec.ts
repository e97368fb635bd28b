/**
 * Scope & scan: bad input shows one clear line and starts nothing; the empty
 * screens tell the admin what to do.
 */
import { parseScope } from '../../electron/engine/scope';
import { expect, expectAccessible, listScanIds, snap, test } from './fixtures/app';

test('the first screen is readable and accessible before anything runs', async ({ app }) => {
  await expect(app.getByRole('button', { name: 'Start practice lab' })).toBeVisible();
  await expect(app.getByLabel('Ports')).toHaveValue('104, 11112, 4242, 2761, 2762, 80, 443, 8042, 8080, 8443');
  await expect(app.getByText('No scan running.')).toBeVisible();
  await snap(app, '01-scope-empty');
  await expectAccessible(app, 'Scope & scan (empty)');

  await app.getByRole('button', { name: /^Servers/ }).click();
  await expect(app.getByRole('heading', { name: 'No scan open yet' })).toBeVisible();
  await snap(app, '02-servers-empty');
  await expectAccessible(app, 'Servers (empty)');

  await app.getByRole('button', { name: 'Scan history' }).click();
  await expect(app.getByRole('heading', { name: 'No scans yet' })).toBeVisible();
  await expectAccessible(app, 'Scan history (empty)');
});

test('a form mistake is named in one line and nothing is sent', async ({ app }) => {
  await app.getByLabel('Targets').fill('127.0.0.1');
  await app.getByLabel('Ports').fill('104, http');
  await app.getByRole('button', { name: 'Start scan' }).click();
  const error = app.getByTestId('scan-error');
  await expect(error).toContainText('Nothing was started.');
  await expect(error).toContainText('Port "http" is not a port number');
  expect(await listScanIds(app)).toEqual([]);
  await expect(app.getByLabel('Targets')).toHaveAttribute('aria-invalid', 'true');
});

for (const bad of [
  { target: '300.1.1.1', why: 'not an address' },
  { target: '192.0.2.1', why: 'a public address (documentation range) without authorization' },
]) {
  test(`the engine's refusal of ${bad.target} (${bad.why}) is shown and starts nothing`, async ({ app }) => {
    // Preflight, with no network: the engine must refuse this scope before any traffic.
    // If it did not, this test stops here instead of letting the UI send a packet off loopback.
    let resolverCalled = false;
    const noDns = (): Promise<string[]> => {
      resolverCalled = true;
      return Promise.resolve([]);
    };
    await expect(parseScope([bad.target], { allowLarge: false, allowPublic: false }, noDns)).rejects.toThrow();
    expect(resolverCalled, 'the refusal must come before any name lookup').toBe(false);

    const before = await listScanIds(app);
    await app.getByLabel('Targets').fill(bad.target);
    await app.getByLabel('Ports').fill('104');
    await app.getByRole('button', { name: 'Start scan' }).click();
    const error = app.getByTestId('scan-error');
    await expect(error).toBeVisible();
    await expect(error).toContainText('Nothing was started.');
    await expect(error).toContainText(bad.target.split('.')[0] ?? bad.target);
    // One line: the message is a single sentence, not a stack or a JSON dump.
    const text = (await error.innerText()).trim();
    expect(text.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(2);
    expect(await listScanIds(app)).toEqual(before);
    await expect(app.getByTestId('scan-progress')).toHaveCount(0);
    await snap(app, `03-scope-refused-${bad.target.replace(/\W/g, '_')}`);
    await expectAccessible(app, `Scope & scan (refused ${bad.target})`);
  });
}

test.describe('at a laptop’s 1366x850', () => {
  test.use({ viewport: { width: 1366, height: 850 } });

  for (const bad of [
    { target: '127.0.0.0/8', says: /16,777,216 addresses/, hint: /“Scan a scope larger than usual”/, not: /public/ },
    // Refused before any lookup (the preflight above proves it for 192.0.2.1): no traffic leaves loopback.
    { target: '192.0.2.1', says: /192\.0\.2\.1/, hint: /authorised to test/, not: /\/16|larger than usual/ },
  ]) {
    test(`a refused scope (${bad.target}) takes focus, in plain words, above the sticky Start bar`, async ({ app }) => {
      // The long form: More options open, so the message would sit below the fold.
      await app.getByText('More options').click();
      await app.getByLabel('Targets').fill(bad.target);
      await app.getByLabel('Ports').fill('104');
      const before = await listScanIds(app);
      await app.getByRole('button', { name: 'Start scan' }).click();
      const error = app.getByRole('alert').filter({ hasText: 'Nothing was started.' });
      await expect(error).toBeVisible();
      await expect(error).toBeFocused();
      await expect(error).toContainText(bad.says);
      await expect(error).toContainText(bad.hint);
      await expect(error).not.toContainText(bad.not);
      await expect(error).toBeInViewport({ ratio: 1 });
      // Not covered: what is painted at the message's centre (and its bottom edge) is the message.
      const box = await error.boundingBox();
      if (!box) throw new Error('the message has no box');
      for (const y of [box.y + box.height / 2, box.y + box.height - 4]) {
        const covered = await app.evaluate(
          ({ x, y: at }) => {
            const d = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { closest(s: string): unknown } | null } }).document;
            return d.elementFromPoint(x, at)?.closest('[data-testid="scan-error"]') == null;
          },
          { x: box.x + box.width / 2, y },
        );
        expect(covered, `the message is covered at y=${Math.round(y)}`).toBe(false);
      }
      expect(await listScanIds(app)).toEqual(before);
      await snap(app, `03-scope-refused-laptop-${bad.target.replace(/\W/g, '_')}`);
      await expectAccessible(app, `Scope & scan (refused ${bad.target}, laptop)`);
    });
  }
});
