/**
 * `collimator export` as a user runs it (node bin/collimator.mjs), on a database filled by
 * a real scan of the practice lab (`collimator lab --scan --db`, loopback only): the
 * Navigator layer and the DefectDojo file are written, valid and match the stored scan;
 * bad usage exits 2 with one line and writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../shared/catalog';
import type { DefectDojoReport, NavigatorLayer } from '../../shared/exports';
import { serverKey } from '../../shared/host';
import type { ScanReport } from '../../shared/types';
import { defectDojoFile, defectDojoFinding } from '../unit/exports/defectdojo-schema';
import { navigatorLayer45 } from '../unit/exports/navigator-schema';
import { snapshot } from '../unit/store/helpers';
import { runCli, tempDir } from './spawn';

const tmp = tempDir('export');
const dir = tmp.dir;
const db = path.join(dir, 'db', 'lab.db');
const f = (name: string): string => path.join(dir, name);
const cli = (args: readonly string[]) => runCli(args, { safeDir: dir, deadlineMs: 180_000 });
let report: ScanReport;

beforeAll(async () => {
  fs.mkdirSync(path.dirname(db));
  const r = await cli(['lab', '--scan', '--json', '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  report = JSON.parse(r.stdout) as ScanReport;
  expect(report.services.length).toBeGreaterThanOrEqual(2);
}, 200_000);
afterAll(() => tmp.rm());

/** Failing checks above info of the scan, as `<check>@<host:port>`. */
function failing(): string[] {
  return report.services.flatMap((s) => s.checks.filter((c) => c.status === 'fail' && CATALOG[c.id].severity !== 'info').map((c) => `${c.id}@${serverKey(s)}`)).sort();
}

describe('collimator export', () => {
  it('--format defectdojo writes one finding per failing check per host:port of the scan', async () => {
    const r = await cli(['export', '--format', 'defectdojo', '--out', f('dojo.json'), '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^collimator: wrote .*dojo\\.json \\(defectdojo: ${report.services.length} servers, ${failing().length} open findings, 0 fixed\\)\\n$`));
    const doc = JSON.parse(fs.readFileSync(f('dojo.json'), 'utf8')) as DefectDojoReport;
    expect(defectDojoFile.safeParse(doc).success).toBe(true);
    expect(doc.findings.map((x) => x.unique_id_from_tool).sort()).toEqual(failing());
    expect(failing().length).toBeGreaterThan(0);
    for (const x of doc.findings) {
      expect(defectDojoFinding.safeParse(x).error?.issues ?? []).toEqual([]);
      const [check, key] = x.unique_id_from_tool.split('@') as [keyof typeof CATALOG, string];
      const s = report.services.find((v) => serverKey(v) === key)!;
      const c = s.checks.find((v) => v.id === check)!;
      expect(x.service).toBe(key);
      expect(x.endpoints).toEqual([{ ...(s.protocol === 'http' || s.protocol === 'https' ? { protocol: s.protocol } : {}), host: s.host, port: s.port }]);
      expect(x.severity.toLowerCase()).toBe(c.severity);
      expect(x.title).toBe(`${CATALOG[check].title} on ${key}`);
      expect(x.date).toBe(report.scan.startedAt.slice(0, 10));
      expect(x).toMatchObject({ active: true, verified: false, is_mitigated: false, vuln_id_from_tool: check });
      expect(x.description).toContain(`**${c.summary}**`);
      expect(x.mitigation).toContain(`collimator verify ${key}`);
    }
  });

  it('--format navigator writes a layer 4.5 scoring the techniques of those findings', async () => {
    const r = await cli(['export', '--format', 'navigator', '--out', f('layer.json'), '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const layer = JSON.parse(fs.readFileSync(f('layer.json'), 'utf8')) as NavigatorLayer;
    expect(navigatorLayer45.safeParse(layer).error?.issues ?? []).toEqual([]);
    const expected = new Map<string, number>();
    for (const id of failing()) for (const t of CATALOG[id.split('@')[0] as keyof typeof CATALOG].attack) expected.set(t, (expected.get(t) ?? 0) + 1);
    expect(Object.fromEntries(layer.techniques.map((t) => [t.techniqueID, t.score]))).toEqual(Object.fromEntries(expected));
    for (const t of layer.techniques) expect(t.comment).toMatch(/open findings? on \d+ servers?: /);
  });

  it('--scan ID exports that scan; the same ids come back', async () => {
    const r = await cli(['export', '--format', 'defectdojo', '--out', f('dojo-scan.json'), '--db', db, '--scan', report.scan.id]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(fs.readFileSync(f('dojo-scan.json'), 'utf8')) as DefectDojoReport;
    expect(doc.findings.map((x) => x.unique_id_from_tool).sort()).toEqual(failing());
    expect(doc.description).toContain(`(scan ${report.scan.id})`);
  });

  it('--format csv writes the reconcile table: an imported observation of a scanned port is seen outside and inside, another outside only', async () => {
    const lab = report.services[0]!;
    // Data only: an import never dials (the lab's loopback port, and a documentation address).
    const censys = `${JSON.stringify({ ip: lab.host, services: [{ port: lab.port, transport_protocol: 'TCP', protocol: 'DICOM', scan_time: '2026-11-20T09:30:00Z' }] })}\n${JSON.stringify({ ip: '203.0.113.40', services: [{ port: 11112, transport_protocol: 'TCP', protocol: 'DICOM', scan_time: '2026-11-20T09:30:00Z' }] })}\n`;
    fs.writeFileSync(f('censys.jsonl'), censys);
    const imp = await cli(['import', f('censys.jsonl'), '--db', db, '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    const r = await cli(['export', '--format', 'csv', '--out', f('reconcile.csv'), '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^collimator: wrote .*reconcile\.csv \(csv: \d+ host:port rows? of the reconcile table\)\n$/);
    const [header, ...rows] = fs.readFileSync(f('reconcile.csv'), 'utf8').trimEnd().split('\r\n').map((l) => l.split(','));
    expect(header!.slice(0, 4)).toEqual(['host', 'port', 'inside_host', 'status']);
    const row = (host: string, port: number) => rows.find((x) => x[0] === host && x[1] === String(port));
    expect(row(lab.host, lab.port)?.[3]).toBe('outside-and-inside');
    expect(row('203.0.113.40', 11112)?.[3]).toBe('outside-only');
    expect(rows.filter((x) => x[3] === 'inside-only').length).toBe(report.services.length - 1);
  });

  it.each([
    [['export', '--format', 'csv', '--out', f('x.csv'), '--scan', 'x'], 'collimator: --scan goes with navigator or defectdojo: the reconcile table covers every import and scan\n'],
    [['export', '--format', 'navigator', '--out', f('x.json'), '--stale-days', '3'], 'collimator: --stale-days goes with --format csv\n'],
    [['export', '--out', f('x.json')], 'collimator: export needs --format navigator, defectdojo or csv\n'],
    [['export', '--format', 'stix', '--out', f('x.json')], 'collimator: --format must be navigator, defectdojo or csv, not "stix"\n'],
    [['export', '--format', 'navigator'], 'collimator: export needs --out FILE\n'],
  ])('bad usage %j exits 2 with one line', async (args, line) => {
    const r = await cli([...args, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(line);
    expect(fs.existsSync(f('x.csv')) || fs.existsSync(f('x.json'))).toBe(false);
  });

  it('an unknown scan, a missing database, an existing file: exit 2, nothing written or changed', async () => {
    const before = snapshot(db);
    const unknown = await cli(['export', '--format', 'navigator', '--out', f('none.json'), '--db', db, '--scan', 'no-such-scan']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^collimator: no scan no-such-scan in the database/);
    expect(fs.existsSync(f('none.json'))).toBe(false);
    const missing = await cli(['export', '--format', 'navigator', '--out', f('none.json'), '--db', f('nowhere.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`collimator: no database at ${f('nowhere.db')}: nothing to export (give --db)\n`);
    expect(fs.existsSync(f('nowhere.db'))).toBe(false);
    fs.writeFileSync(f('keep.json'), 'mine');
    const exists = await cli(['export', '--format', 'navigator', '--out', f('keep.json'), '--db', db]);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toBe(`collimator: ${f('keep.json')} already exists (add --force to replace it)\n`);
    expect(fs.readFileSync(f('keep.json'), 'utf8')).toBe('mine');
    const forced = await cli(['export', '--format', 'navigator', '--out', f('keep.json'), '--db', db, '--force']);
    expect(forced.code).toBe(0);
    expect(navigatorLayer45.safeParse(JSON.parse(fs.readFileSync(f('keep.json'), 'utf8'))).success).toBe(true);
    // The exports only read the database.
    expect(snapshot(db).bytes.equals(before.bytes)).toBe(true);
  });
});
