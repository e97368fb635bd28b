/**
 * Exports for other tools (issue 13) in the browser, against the real handlers: scan the
 * practice lab from the UI, press "Export ATT&CK Navigator layer" and "Export to
 * DefectDojo" on the Servers screen, and read the downloaded files: a valid Navigator
 * layer (format 4.5) scoring the techniques of the scan's findings, and a DefectDojo
 * Generic Findings Import file with one finding per failing check per host:port.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { CATALOG } from '../../shared/catalog';
import type { CollimatorApi } from '../../shared/contract';
import type { DefectDojoReport, NavigatorLayer } from '../../shared/exports';
import { serverKey } from '../../shared/host';
import type { ScanReport } from '../../shared/types';
import { defectDojoFile, defectDojoFinding } from '../unit/exports/defectdojo-schema';
import { navigatorLayer45 } from '../unit/exports/navigator-schema';
import { expect, expectAccessible, listScanIds, snap, test } from './fixtures/app';

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const wait = page.waitForEvent('download');
  await click();
  const d: Download = await wait;
  return { name: d.suggestedFilename(), text: await readFile(await d.path(), 'utf8') };
}

async function storedScan(page: Page, scanId: string): Promise<ScanReport> {
  const r = await page.evaluate((id) => (globalThis as unknown as { collimator: CollimatorApi }).collimator.scan.get({ scanId: id }), scanId);
  if (!r.ok) throw new Error(`scan:get failed: ${r.error.message}`);
  return r.value;
}

test('scan the practice lab, export the ATT&CK Navigator layer and the DefectDojo file', async ({ app }) => {
  test.setTimeout(240_000);
  await app.getByRole('button', { name: 'Start practice lab' }).click();
  await expect(app.getByTestId('lab-panel').getByRole('list', { name: 'Practice lab servers' })).toBeVisible({ timeout: 60_000 });
  await app.getByRole('button', { name: 'Start scan' }).click();
  await expect(app.getByTestId('scan-done')).toBeVisible({ timeout: 180_000 });
  await app.getByRole('button', { name: 'Review servers' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();

  const [scanId] = await listScanIds(app);
  const report = await storedScan(app, scanId!);
  const failing = report.services
    .flatMap((s) => s.checks.filter((c) => c.status === 'fail' && CATALOG[c.id].severity !== 'info').map((c) => ({ id: `${c.id}@${serverKey(s)}`, s, c })))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  expect(failing.length).toBeGreaterThan(0);

  // The Navigator layer.
  const layerFile = await downloaded(app, () => app.getByRole('button', { name: 'Export ATT&CK Navigator layer' }).click());
  expect(layerFile.name).toMatch(/^collimator-attack-layer-\d{4}-\d{2}-\d{2}\.json$/);
  const layer = JSON.parse(layerFile.text) as NavigatorLayer;
  expect(navigatorLayer45.safeParse(layer).error?.issues ?? []).toEqual([]);
  expect(layer).toMatchObject({ domain: 'enterprise-attack', versions: { layer: '4.5' } });
  const expected = new Map<string, number>();
  for (const f of failing) for (const t of CATALOG[f.c.id].attack) expected.set(t, (expected.get(t) ?? 0) + 1);
  expect(Object.fromEntries(layer.techniques.map((t) => [t.techniqueID, t.score]))).toEqual(Object.fromEntries(expected));
  for (const t of layer.techniques) {
    const servers = [...new Set(failing.filter((f) => CATALOG[f.c.id].attack.includes(t.techniqueID as never)).map((f) => serverKey(f.s)))];
    for (const k of servers) expect(t.comment).toContain(k);
  }
  const notice = app.getByTestId('export-notice');
  await expect(notice).toContainText(`Saved ${layerFile.name}`);
  await expect(notice).toContainText(`${report.services.length} servers, ${failing.length} open findings, 0 fixed`);

  // The DefectDojo file.
  const dojoFile = await downloaded(app, () => app.getByRole('button', { name: 'Export to DefectDojo' }).click());
  expect(dojoFile.name).toMatch(/^collimator-defectdojo-\d{4}-\d{2}-\d{2}\.json$/);
  const dojo = JSON.parse(dojoFile.text) as DefectDojoReport;
  expect(defectDojoFile.safeParse(dojo).success).toBe(true);
  expect(dojo.findings.map((f) => f.unique_id_from_tool).sort()).toEqual(failing.map((f) => f.id));
  for (const f of dojo.findings) {
    expect(defectDojoFinding.safeParse(f).error?.issues ?? []).toEqual([]);
    const { s, c } = failing.find((x) => x.id === f.unique_id_from_tool)!;
    expect(f).toMatchObject({ service: serverKey(s), severity: `${c.severity[0]!.toUpperCase()}${c.severity.slice(1)}`, active: true, is_mitigated: false, vuln_id_from_tool: c.id });
    expect(f.endpoints[0]).toMatchObject({ host: s.host, port: s.port });
    expect(f.date).toBe(report.scan.startedAt.slice(0, 10));
    expect(f.mitigation).toContain(`collimator verify ${serverKey(s)}`);
  }
  await expect(notice).toContainText(`Saved ${dojoFile.name}`);
  await snap(app, '20-servers-exported');
  await expectAccessible(app, 'Servers (exported)');
});
