/**
 * `collimator verify` end to end: the real command (node bin/collimator.mjs) against a
 * real Orthanc and a loopback listener, with the database `scan` wrote.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import { renderChecklist } from '../../shared/playbooks';
import { peerSkipReason, startOrthanc, type OrthancServer } from '../peers/harness';
import { runCli, tempDir } from './spawn';

interface VerifyDoc {
  service: { host: string; port: number };
  before: { scanId: string; at: string };
  after: { at: string };
  checks: Array<{ id: string; before: string; after: string; verdict: string }>;
  passed: boolean;
  id: string;
}

const tmp = tempDir('verify');
afterAll(() => tmp.rm());

describe('collimator verify: bad usage and no earlier scan', () => {
  it('exit 2 with one line, and no database is created', async () => {
    const db = path.join(tmp.dir, 'none.db');
    const r = await runCli(['verify', '127.0.0.1:4242', '--db', db], { safeDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no database at .*none\.db: there is no earlier scan of 127\.0\.0\.1:4242/);
    expect(existsSync(db)).toBe(false);
    expect(r.stdout).toBe('');
    for (const bad of [['verify'], ['verify', '127.0.0.1'], ['verify', '127.0.0.1:0'], ['verify', 'a:1', 'b:2'], ['verify', '127.0.0.1:104', '--ports', '104']]) {
      const u = await runCli([...bad, '--db', db], { safeDir: tmp.dir });
      expect(u.code, bad.join(' ')).toBe(2);
      expect(u.stderr.trim().split('\n'), bad.join(' ')).toHaveLength(1);
    }
  });
});

describe('collimator verify: a service taken off the untrusted network', () => {
  let listener: Server;
  let port: number;
  const open = new Set<Socket>();
  beforeAll(async () => {
    // Something that answers and hangs up (not DICOM): identification ends at once.
    listener = createServer((s) => {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
      s.end('HELLO\r\n');
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
    port = (listener.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => (listener.listening ? listener.close(() => r()) : r())));

  it('scan finds it from an untrusted vantage: still-failing while it answers, fixed and exit 0 once it is gone; another kind of vantage is refused', async () => {
    const db = path.join(tmp.dir, 'gone.db');
    const scan = await runCli(['scan', '127.0.0.1', '--ports', String(port), '--db', db, '--untrusted', '--vantage', 'guest-wifi', '--timeout', '1000'], { safeDir: tmp.dir });
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain('exposure.untrusted-reach');

    // Still reachable: the untrusted kind of vantage is inherited (only the label is new), still-failing, exit 1.
    const still = await runCli(['verify', `127.0.0.1:${port}`, '--db', db, '--vantage', 'office'], { safeDir: tmp.dir });
    expect(still.code).toBe(1);
    expect(still.stdout).toMatch(/^exposure\.untrusted-reach +high +fail +fail +still-failing/m);
    const s = openStore(db);
    expect(s.verifications.list({ host: '127.0.0.1', port }).map((x) => x.after.vantage)).toEqual([{ label: 'office', untrusted: true }]);
    s.close();

    // A scan from a trusted network cannot be verified as if from an untrusted one: exit 2, one line, nothing stored.
    const trustedDb = path.join(tmp.dir, 'trusted.db');
    expect((await runCli(['scan', '127.0.0.1', '--ports', String(port), '--db', trustedDb, '--timeout', '1000'], { safeDir: tmp.dir })).code).toBe(0);
    const refused = await runCli(['verify', `127.0.0.1:${port}`, '--db', trustedDb, '--untrusted'], { safeDir: tmp.dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/ran from a trusted vantage/);
    const t = openStore(trustedDb);
    expect(t.verifications.list({ host: '127.0.0.1', port })).toEqual([]);
    t.close();

    for (const s of open) s.destroy();
    await new Promise<void>((r) => listener.close(() => r()));
    const v = await runCli(['verify', `127.0.0.1:${port}`, '--db', db, '--json', '--timeout', '1000'], { safeDir: tmp.dir });
    expect(v.stderr).toBe('');
    const doc = JSON.parse(v.stdout) as VerifyDoc;
    expect(doc.service).toEqual({ host: '127.0.0.1', port });
    expect(doc.checks).toEqual([expect.objectContaining({ id: 'exposure.untrusted-reach', before: 'fail', after: 'pass', verdict: 'fixed' })]);
    expect(doc.passed).toBe(true);
    expect(v.code).toBe(0);
  }, 120_000);
});

describe.skipIf(peerSkipReason('orthanc'))('collimator verify against Orthanc', () => {
  let orthanc: OrthancServer;
  beforeAll(async () => {
    orthanc = await startOrthanc({ preset: 'insecure', name: 'orthanc-cli-verify' });
  });
  afterAll(async () => {
    await orthanc?.stop();
  });

  it('after the playbook fix: fixed for the AE checks, still-failing for plaintext, exit 1; JSON and table per cli.md', async () => {
    const db = path.join(tmp.dir, 'orthanc.db');
    const inventory = path.join(tmp.dir, 'inventory.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(inventory, `ae_title,host,port,role,description\nORTHANC,127.0.0.1,${orthanc.port},pacs,under test\nCT1,127.0.0.1,11113,CT modality,\n`);
    const scan = await runCli(['scan', '127.0.0.1', '--ports', String(orthanc.port), '--db', db, '--inventory', inventory, '--json', '--timeout', '3000'], { safeDir: tmp.dir });
    expect(scan.code).toBe(0);

    // The fix, from the playbook rendered for what the scan stored.
    const store = openStore(db);
    const latest = store.latestService('127.0.0.1', orthanc.port)!;
    store.close();
    const checklist = renderChecklist({ service: latest.service, inventory: [{ aeTitle: 'ORTHANC', host: '127.0.0.1', port: orthanc.port, role: 'pacs', description: '' }, { aeTitle: 'CT1', host: '127.0.0.1', port: 11113, role: 'CT modality', description: '' }], vantage: latest.vantage });
    const snippet = checklist.playbooks.find((p) => p.checkId === 'dicom.any-calling-ae')!.variants.find((v) => v.id === 'orthanc')!.steps.find((s) => s.snippet?.id === 'orthanc-access')!.snippet!;
    await orthanc.restart(JSON.parse(snippet.code) as Record<string, unknown>);

    const v = await runCli(['verify', `127.0.0.1:${orthanc.port}`, '--db', db, '--inventory', inventory, '--json', '--timeout', '3000'], { safeDir: tmp.dir });
    expect(v.code).toBe(1);
    const doc = JSON.parse(v.stdout) as VerifyDoc;
    expect(doc.before.scanId).toBe(latest.scanId);
    expect(Date.parse(doc.after.at)).toBeGreaterThan(Date.parse(doc.before.at));
    const verdicts = Object.fromEntries(doc.checks.map((c) => [c.id, [c.before, c.after, c.verdict]]));
    expect(verdicts['dicom.any-calling-ae']).toEqual(['fail', 'pass', 'fixed']);
    expect(verdicts['dicom.query-open']).toEqual(['fail', 'pass', 'fixed']);
    expect(verdicts['dicom.retrieve-open']).toEqual(['fail', 'pass', 'fixed']);
    expect(verdicts['dicom.store-open']).toEqual(['fail', 'pass', 'fixed']);
    expect(verdicts['dicom.plaintext']).toEqual(['fail', 'fail', 'still-failing']);
    expect(doc.passed).toBe(false);

    // The table: the same verdicts in words, one line per check.
    const t = await runCli(['verify', `127.0.0.1:${orthanc.port}`, '--db', db, '--inventory', inventory, '--timeout', '3000'], { safeDir: tmp.dir });
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/^CHECK +SEVERITY +BEFORE +AFTER +VERDICT/m);
    expect(t.stdout).toMatch(/^dicom\.any-calling-ae +high +fail +pass +fixed/m);
    expect(t.stdout).toMatch(/^dicom\.plaintext +high +fail +fail +still-failing/m);
    expect(t.stdout).toMatch(/NOT PASSED/);

    const s = openStore(db);
    expect(s.verifications.list({ host: '127.0.0.1', port: orthanc.port })).toHaveLength(2);
    s.close();
  }, 120_000);
});
