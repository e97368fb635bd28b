/**
 * The exports (issue 13) field by field, on a real SQLite store holding three scans and a
 * re-check of five servers (fixtures.ts): the ATT&CK Navigator layer against the layer
 * format 4.5 (navigator-schema.ts, written from MITRE's LAYERFORMATv4_5.md), the
 * DefectDojo file against what its Generic Findings Import parser accepts
 * (defectdojo-schema.ts); open, fixed and re-opened findings; one scan's export; the
 * channels through the real dispatcher and zod schemas.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_TECHNIQUES } from '../../../shared/catalog';
import type { DefectDojoFinding, DefectDojoReport, NavigatorLayer } from '../../../shared/exports';
import { buildContext, renderPlaybook } from '../../../shared/playbooks';
import { createDispatcher } from '../../../electron/ipc/dispatcher';
import { createHandlers } from '../../../electron/ipc/handlers';
import { buildExport, collectFindings, ExportError } from '../../../electron/exports/service';
import { SEVERITY_COLORS } from '../../../electron/exports/navigator';
import { createAppServices } from '../../../electron/services/app-services';
import { realDeps } from '../../../electron/services/real-deps';
import { openStore, type Store } from '../../../electron/store';
import { defectDojoFile, defectDojoFinding } from './defectdojo-schema';
import { GUEST, OPEN_PACS, ORTHANC, RADIOLOGY, seedHistory, TLS, WEB } from './fixtures';
import { navigatorLayer45 } from './navigator-schema';

const AT = '2025-04-01T08:00:00.000Z';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collimator-exports-'));
const dbFile = path.join(dir, 'history.db');
let store: Store;

beforeAll(() => {
  store = openStore(dbFile);
  seedHistory(store);
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function layer(req: { scanId?: string } = {}): NavigatorLayer {
  return JSON.parse(buildExport(store, 'navigator', req, { toolVersion: '0.1.0', exportedAt: AT }).text) as NavigatorLayer;
}
function dojo(req: { scanId?: string } = {}): DefectDojoReport {
  return JSON.parse(buildExport(store, 'defectdojo', req, { toolVersion: '0.1.0', exportedAt: AT }).text) as DefectDojoReport;
}
function byId(report: DefectDojoReport): Map<string, DefectDojoFinding> {
  return new Map(report.findings.map((f) => [f.unique_id_from_tool, f]));
}

describe('the findings an export covers', () => {
  it('walks every server through its scans and re-checks: open, fixed, re-opened; never an informational check', () => {
    const data = collectFindings(store);
    expect(data.scans).toBe(3);
    expect(data.servers.map((s) => `${s.host}:${s.port}@${s.scanId}`)).toEqual([
      '127.0.0.1:8042@scan-2', '127.0.0.1:11112@scan-1', '127.0.0.2:104@scan-1', '198.51.100.7:104@scan-3', '::1:2762@scan-2',
    ]);
    const got = data.findings.map((f) => [`${f.check}@${f.server.host}:${f.server.port}`, f.status, f.since, f.fixedAt ?? null, f.byRecheck]);
    expect(got).toEqual([
      ['web.plaintext@127.0.0.1:8042', 'fixed', '2025-03-01T10:00:00.000Z', '2025-03-05T10:00:00.000Z', false],
      ['dicom.any-calling-ae@127.0.0.1:11112', 'fixed', '2025-03-01T10:00:00.000Z', '2025-03-01T12:00:00.000Z', true],
      // Refused in scan-2, open again in scan-3: a new run of fails.
      ['dicom.query-open@198.51.100.7:104', 'open', '2025-03-08T10:00:00.000Z', null, false],
      // Not listed in scan-3: the fail of scan-2 stands.
      ['dicom.retrieve-open@198.51.100.7:104', 'open', '2025-03-01T10:00:00.000Z', null, false],
      ['dicom.plaintext@198.51.100.7:104', 'open', '2025-03-01T10:00:00.000Z', null, false],
      ['exposure.untrusted-reach@::1:2762', 'open', '2025-03-05T10:00:00.000Z', null, false],
      ['tls.certificate@::1:2762', 'open', '2025-03-01T10:00:00.000Z', null, false],
      ['tls.client-auth-absent@::1:2762', 'open', '2025-03-01T10:00:00.000Z', null, false],
    ]);
    expect(data.findings.some((f) => f.check === 'dicom.detected' || f.check === 'web.detected')).toBe(false);
  });

  it('one scan: its servers as they stood, with its own re-checks', () => {
    const data = collectFindings(store, { scanId: 'scan-1' });
    expect(data.scanId).toBe('scan-1');
    expect(data.scans).toBe(1);
    expect(data.servers).toHaveLength(5);
    expect(data.servers.every((s) => s.scanId === 'scan-1')).toBe(true);
    const status = Object.fromEntries(data.findings.map((f) => [`${f.check}@${f.server.port}`, f.status]));
    expect(status).toEqual({
      'web.plaintext@8042': 'open',
      'dicom.any-calling-ae@11112': 'fixed',
      'dicom.query-open@104': 'open',
      'dicom.retrieve-open@104': 'open',
      'dicom.plaintext@104': 'open',
      'tls.certificate@2762': 'open',
      'tls.client-auth-absent@2762': 'open',
    });
    const two = collectFindings(store, { scanId: 'scan-2' });
    expect(two.servers.map((s) => s.port).sort()).toEqual([104, 2762, 8042]);
    expect(two.findings.find((f) => f.check === 'dicom.query-open')?.fixedAt).toBe('2025-03-05T10:00:00.000Z');
  });

  it('refuses an unknown scan and an empty database, in one line, writing nothing', () => {
    expect(() => collectFindings(store, { scanId: 'no-such-scan' })).toThrow(ExportError);
    expect(() => collectFindings(store, { scanId: 'no-such-scan' })).toThrow(/^no scan no-such-scan in the database/);
    const empty = openStore(':memory:');
    try {
      let err: unknown;
      try {
        collectFindings(empty);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ExportError);
      expect((err as ExportError).code).toBe('not-found');
      expect((err as Error).message).toMatch(/holds no scans/);
    } finally {
      empty.close();
    }
  });
});

describe('ATT&CK Navigator layer', () => {
  it('is a valid layer of format 4.5 (MITRE LAYERFORMATv4_5.md)', () => {
    const l = layer();
    const parsed = navigatorLayer45.safeParse(l);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(l.versions).toEqual({ layer: '4.5', navigator: '5.1.0', attack: '16' });
    expect(l.domain).toBe('enterprise-attack');
    expect(l.name).toBe('Collimator: open findings');
    // The schema refuses what the format does not allow: it can fail.
    expect(navigatorLayer45.safeParse({ ...l, versions: { ...l.versions, layer: '4.4' } }).success).toBe(false);
    expect(navigatorLayer45.safeParse({ ...l, techniques: [{ ...l.techniques[0], techniqueID: 'T12' }] }).success).toBe(false);
    expect(navigatorLayer45.safeParse({ ...l, gradient: { ...l.gradient, maxValue: 0 } }).success).toBe(false);
    expect(navigatorLayer45.safeParse({ ...l, score: 1 }).success).toBe(false);
  });

  it('scores each technique by its open findings, colours it by the highest severity open, names the servers', () => {
    const l = layer();
    const t = Object.fromEntries(l.techniques.map((x) => [x.techniqueID, x]));
    // T1133: query + retrieve on the open PACS, untrusted reach on the TLS server; any-calling-ae fixed.
    expect(t.T1133?.score).toBe(3);
    expect(t.T1133?.color).toBe(SEVERITY_COLORS.critical);
    expect(t.T1133?.comment).toBe(
      `${ATTACK_TECHNIQUES.T1133}: 3 open findings on 2 servers: 198.51.100.7:104 (dicom.query-open, dicom.retrieve-open); [::1]:2762 (exposure.untrusted-reach). 1 finding fixed.`,
    );
    expect(t.T1133?.metadata.slice(0, 3)).toEqual([
      { name: 'open findings', value: '3' },
      { name: 'servers with open findings', value: '2' },
      { name: 'fixed findings', value: '1' },
    ]);
    expect(t.T1133?.metadata).toContainEqual({ name: '198.51.100.7:104', value: 'dicom.query-open (critical), dicom.retrieve-open (critical)' });
    expect(t.T1133?.metadata).toContainEqual({ name: '[::1]:2762', value: 'exposure.untrusted-reach (high)' });
    expect(t.T1213?.score).toBe(2);
    expect(t.T1190?.score).toBe(1);
    expect(t.T1190?.color).toBe(SEVERITY_COLORS.high);
    // Sniffing: the TLS server's two findings and the plaintext PACS; the web server's plain HTTP is fixed.
    expect(t.T1040?.score).toBe(3);
    expect(t.T1040?.color).toBe(SEVERITY_COLORS.high);
    expect(t.T1040?.comment).toMatch(/on 2 servers: .*1 finding fixed\.$/);
    expect(t.T1557?.score).toBe(3);
    // Nothing else: no technique without a finding, none from informational checks.
    expect(Object.keys(t).sort()).toEqual(['T1040', 'T1133', 'T1190', 'T1213', 'T1557']);
    // Highest score first; the gradient spans the scores.
    expect(l.techniques.map((x) => x.score)).toEqual([...l.techniques.map((x) => x.score)].sort((a, b) => b - a));
    expect(l.gradient).toEqual({ colors: ['#ffffff', SEVERITY_COLORS.medium, SEVERITY_COLORS.critical], minValue: 0, maxValue: 3 });
    expect(l.legendItems.map((i) => i.color)).toEqual([SEVERITY_COLORS.critical, SEVERITY_COLORS.high, SEVERITY_COLORS.medium, SEVERITY_COLORS.low, SEVERITY_COLORS.none]);
    expect(l.metadata).toContainEqual({ name: 'servers', value: '5' });
    expect(l.metadata).toContainEqual({ name: 'open findings', value: '6' });
    expect(l.description).toContain('5 DICOM/web servers');
  });

  it('a technique whose findings are all fixed stays, score 0, in the "nothing open" colour', () => {
    const l = layer({ scanId: 'scan-1' });
    // As of scan-1 the PACS query is open; the any-calling fix does not empty T1133.
    expect(l.techniques.find((x) => x.techniqueID === 'T1133')?.score).toBe(2);
    expect(l.techniques.some((x) => x.techniqueID === 'T1190')).toBe(false);
    expect(l.metadata).toContainEqual({ name: 'scan', value: 'scan-1' });
    const fixedOnly = openStore(':memory:');
    try {
      fixedOnly.beginScan({ id: 'a', startedAt: '2025-01-01T00:00:00.000Z', vantage: RADIOLOGY, targets: ['127.0.0.1'], ports: [8042], toolVersion: '0.1.0' });
      fixedOnly.saveService('a', { ...WEB, state: 'open', protocol: 'http', checks: [{ id: 'web.plaintext', status: 'fail', severity: 'high', summary: 'plain', evidence: {}, attack: ['T1040', 'T1557'] }] });
      fixedOnly.finishScan('a', '2025-01-01T00:01:00.000Z', false);
      fixedOnly.beginScan({ id: 'b', startedAt: '2025-01-02T00:00:00.000Z', vantage: RADIOLOGY, targets: ['127.0.0.1'], ports: [8042], toolVersion: '0.1.0' });
      fixedOnly.saveService('b', { ...WEB, state: 'open', protocol: 'http', checks: [{ id: 'web.plaintext', status: 'pass', severity: 'high', summary: 'https', evidence: {}, attack: ['T1040', 'T1557'] }] });
      fixedOnly.finishScan('b', '2025-01-02T00:01:00.000Z', false);
      const f = JSON.parse(buildExport(fixedOnly, 'navigator', {}, { toolVersion: '0.1.0', exportedAt: AT }).text) as NavigatorLayer;
      expect(f.techniques.map((x) => [x.techniqueID, x.score, x.color])).toEqual([
        ['T1040', 0, SEVERITY_COLORS.none],
        ['T1557', 0, SEVERITY_COLORS.none],
      ]);
      expect(f.techniques[0]?.comment).toBe(`${ATTACK_TECHNIQUES.T1040}: no open finding; 1 finding fixed.`);
      expect(f.gradient.maxValue).toBeGreaterThan(f.gradient.minValue);
      expect(navigatorLayer45.safeParse(f).success).toBe(true);
    } finally {
      fixedOnly.close();
    }
  });
});

describe('DefectDojo Generic Findings Import', () => {
  it('every finding is one the parser accepts; the file names the test type', () => {
    const d = dojo();
    expect(defectDojoFile.safeParse(d).success).toBe(true);
    for (const f of d.findings) {
      const r = defectDojoFinding.safeParse(f);
      expect(r.error?.issues ?? [], f.unique_id_from_tool).toEqual([]);
    }
    // The parser's allowed set can fail: a key outside it is refused.
    expect(defectDojoFinding.safeParse({ ...d.findings[0], cvss: 9 }).success).toBe(false);
    expect(d).toMatchObject({ name: 'Collimator', type: 'Collimator', version: '0.1.0', dynamic_tool: true, static_tool: false });
    expect(d.findings).toHaveLength(8);
  });

  it('an open finding, field by field', () => {
    const f = byId(dojo()).get('tls.certificate@[::1]:2762')!;
    expect(f.title).toBe('Certificate not trustworthy on [::1]:2762');
    expect(f.severity).toBe('Medium');
    expect(f.date).toBe('2025-03-01');
    expect(f.vuln_id_from_tool).toBe('tls.certificate');
    expect(f.service).toBe('[::1]:2762');
    expect(f.endpoints).toEqual([{ host: '::1', port: 2762 }]);
    expect(f.active).toBe(true);
    expect(f.verified).toBe(false);
    expect(f.is_mitigated).toBe(false);
    expect('mitigated' in f).toBe(false);
    expect(f.dynamic_finding).toBe(true);
    expect(f.static_finding).toBe(false);
    expect(f.tags).toEqual(['collimator', 'tls', 'dicom-tls']);
    expect(f.description).toContain('**The certificate is self-signed**');
    expect(f.description).toContain('`tls.certificate` (Certificate not trustworthy) on [::1]:2762 (dicom-tls, DCMTK 3.6.8, AE title SECUREPACS)');
    expect(f.description).toContain(`ATT&CK: T1040 ${ATTACK_TECHNIQUES.T1040}; T1557 ${ATTACK_TECHNIQUES.T1557}.`);
    expect(f.steps_to_reproduce).toContain('Failing since 2025-03-01T10:00:00.000Z; last seen failing 2025-03-05T10:00:00.000Z (newest scan of the server: scan-2, from "guest Wi-Fi", an untrusted network).');
    expect(f.steps_to_reproduce).toContain('"selfSigned": true');
    expect(f.references.split('\n')).toEqual([
      `T1040 ${ATTACK_TECHNIQUES.T1040}: https://attack.mitre.org/techniques/T1040/`,
      `T1557 ${ATTACK_TECHNIQUES.T1557}: https://attack.mitre.org/techniques/T1557/`,
      'Collimator check tls.certificate: docs/checks.md',
    ]);
    // The mitigation is the playbook filled in for this server: its steps, how to confirm, the re-check.
    const server = collectFindings(store).servers.find((s) => s.host === TLS.host)!;
    const pb = renderPlaybook('tls.certificate', buildContext({ service: server, inventory: [], vantage: GUEST }));
    for (const s of pb.steps) expect(f.mitigation).toContain(s.text);
    expect(pb.steps.length).toBeGreaterThan(0);
    expect(f.mitigation).toContain(`Confirm: ${pb.confirm}`);
    expect(f.mitigation).toContain('`collimator verify [::1]:2762`');
  });

  it('a finding fixed and verified by a re-check: mitigated with its date, inactive', () => {
    const f = byId(dojo()).get('dicom.any-calling-ae@127.0.0.1:11112')!;
    expect(f).toMatchObject({ severity: 'High', active: false, verified: true, is_mitigated: true, mitigated: '2025-03-01T12:00:00.000Z', date: '2025-03-01', service: '127.0.0.1:11112' });
    expect(f.endpoints).toEqual([{ host: '127.0.0.1', port: 11112 }]);
    expect(f.steps_to_reproduce).toContain('Seen fixed 2025-03-01T12:00:00.000Z by a re-check.');
    // Orthanc was seen: its variant carries its snippet.
    expect(f.mitigation).toContain('**Orthanc** (fits what the scan saw):');
    expect(f.mitigation).toContain('"DicomCheckCalledAet": true');
    const web = byId(dojo()).get('web.plaintext@127.0.0.1:8042')!;
    expect(web).toMatchObject({ active: false, verified: false, is_mitigated: true, mitigated: '2025-03-05T10:00:00.000Z' });
    expect(web.endpoints).toEqual([{ protocol: 'http', host: '127.0.0.1', port: 8042 }]);
  });

  it('unique_id_from_tool is the same finding in every export; a re-opened finding dates from its new run', () => {
    const then = byId(dojo({ scanId: 'scan-1' }));
    const now = byId(dojo());
    for (const id of ['tls.certificate@[::1]:2762', 'dicom.retrieve-open@198.51.100.7:104', 'dicom.any-calling-ae@127.0.0.1:11112']) {
      expect(then.get(id)?.title).toBe(now.get(id)?.title);
      expect(then.get(id)?.description).toBe(now.get(id)?.description);
    }
    expect(then.get('web.plaintext@127.0.0.1:8042')?.active).toBe(true);
    expect(now.get('web.plaintext@127.0.0.1:8042')?.active).toBe(false);
    expect(then.get('dicom.query-open@198.51.100.7:104')?.date).toBe('2025-03-01');
    expect(now.get('dicom.query-open@198.51.100.7:104')).toMatchObject({ date: '2025-03-08', severity: 'Critical', active: true });
    expect(now.has('exposure.untrusted-reach@[::1]:2762')).toBe(true);
    expect(then.has('exposure.untrusted-reach@[::1]:2762')).toBe(false);
    // Informational checks are never exported.
    expect([...now.keys()].some((k) => k.startsWith('dicom.detected@') || k.startsWith('web.detected@'))).toBe(false);
    expect([...now.values()].map((f) => f.service)).toContain(`${OPEN_PACS.host}:${OPEN_PACS.port}`);
    expect(now.has(`dicom.any-calling-ae@${ORTHANC.host}:${ORTHANC.port}`)).toBe(true);
  });

  it('counts and names the file', () => {
    const f = buildExport(store, 'defectdojo', {}, { toolVersion: '0.1.0', exportedAt: AT });
    expect(f).toMatchObject({ fileName: 'collimator-defectdojo-2025-04-01.json', mediaType: 'application/json', servers: 5, open: 6, fixed: 2 });
    expect(buildExport(store, 'navigator', {}, { toolVersion: '0.1.0', exportedAt: AT }).fileName).toBe('collimator-attack-layer-2025-04-01.json');
  });
});

describe('the exports:* channels', () => {
  it('answer the file text through the real dispatcher; arguments are validated; an unknown scan is not-found', async () => {
    const services = createAppServices({ dbPath: dbFile, version: '0.1.0', transport: 'web', emit: () => undefined }, realDeps('0.1.0', {}));
    try {
      const dispatcher = createDispatcher(createHandlers(services));
      const nav = await dispatcher.dispatch('exports:navigator', {});
      expect(nav.ok).toBe(true);
      if (!nav.ok) return;
      const value = nav.value as { text: string; fileName: string };
      expect(navigatorLayer45.safeParse(JSON.parse(value.text)).success).toBe(true);
      expect(value.fileName).toMatch(/^collimator-attack-layer-\d{4}-\d{2}-\d{2}\.json$/);
      const dd = await dispatcher.dispatch('exports:defectdojo', { scanId: 'scan-1' });
      expect(dd.ok && (JSON.parse((dd.value as { text: string }).text) as DefectDojoReport).findings).toHaveLength(7);
      expect(await dispatcher.dispatch('exports:defectdojo', { scanId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(await dispatcher.dispatch('exports:navigator', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect(await dispatcher.dispatch('exports:navigator', { scanId: 7 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    } finally {
      await services.close();
    }
  });
});
