/**
 * The whole story against a real Orthanc, through the real command: scan, the playbook's
 * fix applied for real (Orthanc restarted with the generated config), the checklist
 * steps recorded, verify, sign, co-sign, export JSON and PDF, and `records verify` on
 * the exported file alone. Page 1 of the PDF is kept under test-results/records/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyFile, writeNewKeyFile } from '../../electron/records/key-file';
import { formatFingerprint } from '../../electron/records/keys';
import { shownAttestation, shownStep } from '../../electron/remediation/shown';
import { openStore } from '../../electron/store';
import { renderChecklist } from '../../shared/playbooks';
import { peerSkipReason, startOrthanc, whichBinary, type OrthancServer } from '../peers/harness';
import { runCli, tempDir } from './spawn';

const tmp = tempDir('records-lab');
const f = (name: string): string => path.join(tmp.dir, name);
afterAll(() => tmp.rm());

const skip = peerSkipReason('orthanc', 'chromium') ?? (whichBinary('pdftotext') && whichBinary('pdftoppm') ? undefined : 'pdftotext/pdftoppm missing (apt poppler-utils)');

describe.skipIf(skip)('round trip: scan, fix, verify, sign, co-sign, export, verify the file', () => {
  let orthanc: OrthancServer;
  beforeAll(async () => {
    orthanc = await startOrthanc({ preset: 'insecure', name: 'orthanc-records-roundtrip' });
  });
  afterAll(async () => {
    await orthanc?.stop();
  });

  it('produces a record that verifies offline, and a PDF showing the server, verdicts and fingerprints', async () => {
    const db = f('lab.db');
    const run = (args: readonly string[]) => runCli(args, { safeDir: tmp.dir, deadlineMs: 120_000 });
    const endpoint = `127.0.0.1:${orthanc.port}`;
    const inventory = f('inventory.csv');
    fs.writeFileSync(inventory, `ae_title,host,port,role,description\nORTHANC,127.0.0.1,${orthanc.port},pacs,under test\nCT1,127.0.0.1,11113,CT modality,\n`);

    // 1. Scan: the insecure Orthanc accepts unknown callers.
    const scan = await run(['scan', '127.0.0.1', '--ports', String(orthanc.port), '--db', db, '--inventory', inventory, '--vantage', 'radiology VLAN', '--timeout', '3000']);
    expect(scan.code).toBe(0);

    // 2. The fix: the Orthanc variant of the playbook, applied for real, its steps ticked (as the app's checklist does).
    const store = openStore(db);
    const latest = store.latestService('127.0.0.1', orthanc.port)!;
    expect(latest.service.checks.find((c) => c.id === 'dicom.any-calling-ae')?.status).toBe('fail');
    const nodes = [{ aeTitle: 'ORTHANC', host: '127.0.0.1', port: orthanc.port, role: 'pacs', description: '' }, { aeTitle: 'CT1', host: '127.0.0.1', port: 11113, role: 'CT modality', description: '' }];
    const checklist = renderChecklist({ service: latest.service, inventory: nodes, vantage: latest.vantage });
    const playbook = checklist.playbooks.find((p) => p.checkId === 'dicom.any-calling-ae')!;
    const variant = playbook.variants.find((v) => v.id === 'orthanc')!;
    const snippet = variant.steps.find((s) => s.snippet?.id === 'orthanc-access')!.snippet!;
    let minute = 0;
    const at = (): string => new Date(Date.now() + minute++ * 1000).toISOString();
    for (const step of [...playbook.steps, ...variant.steps]) {
      const shown = shownStep(store, { host: '127.0.0.1', port: orthanc.port }, step.id);
      store.checklists.append({ host: '127.0.0.1', port: orthanc.port }, { kind: 'step', item: step.id, done: true, actor: 'Ada Admin', note: step.snippet ? `applied ${step.snippet.id}` : '', at: at(), shown });
    }
    store.checklists.append({ host: '127.0.0.1', port: orthanc.port }, { kind: 'attestation', item: 'manual.patch-level', done: true, actor: 'Ada Admin', note: 'Orthanc 1.10.1 (Debian 12)', at: at(), shown: shownAttestation('manual.patch-level') });
    store.close();
    await orthanc.restart(JSON.parse(snippet.code) as Record<string, unknown>);

    // 3. Verify: the access checks are fixed; plaintext DICOM is still failing (honestly so).
    const verify = await run(['verify', endpoint, '--db', db, '--inventory', inventory, '--json', '--timeout', '3000']);
    expect(verify.code).toBe(1);
    const verdicts = Object.fromEntries((JSON.parse(verify.stdout) as { checks: Array<{ id: string; verdict: string }> }).checks.map((c) => [c.id, c.verdict]));
    expect(verdicts['dicom.any-calling-ae']).toBe('fixed');
    expect(verdicts['dicom.plaintext']).toBe('still-failing');

    // 4. Keys, sign, co-sign.
    const ada = createKeyFile({ name: 'Ada Admin', role: 'PACS administrator', passphrase: 'ada passphrase 1', scrypt: { N: 2 ** 14, r: 8, p: 1 } });
    const bob = createKeyFile({ name: 'Bob Owner', role: 'clinical system owner', passphrase: 'bob passphrase 1', scrypt: { N: 2 ** 14, r: 8, p: 1 } });
    writeNewKeyFile(f('ada.key'), ada);
    writeNewKeyFile(f('bob.key'), bob);
    fs.writeFileSync(f('ada.pass'), 'ada passphrase 1\n', { mode: 0o600 });
    fs.writeFileSync(f('bob.pass'), 'bob passphrase 1\n', { mode: 0o600 });
    const sign = await run(['signoff', endpoint, '--db', db, '--key', f('ada.key'), '--passphrase-file', f('ada.pass'), '--note', 'AE access restricted to the inventory; TLS planned for the next window', '--json']);
    expect(sign.stderr).toBe('');
    expect(sign.code).toBe(0);
    const id = (JSON.parse(sign.stdout) as { id: string }).id;
    const cosign = await run(['cosign', id, '--db', db, '--key', f('bob.key'), '--passphrase-file', f('bob.pass')]);
    expect(cosign.code).toBe(0);

    // The record holds the whole story.
    const s2 = openStore(db, { readonly: true });
    const row = s2.db.prepare('SELECT canonical FROM records WHERE id = ?').get(id) as { canonical: Buffer };
    s2.close();
    const body = JSON.parse(row.canonical.toString('utf8')) as {
      before: { findings: Array<{ id: string; status: string; evidence: object }> };
      checklist: { steps: Array<{ id: string; by: string; text: string | null }> };
      attestations: Array<{ id: string }>;
      verification: { passed: boolean; checks: Array<{ id: string; verdict: string; afterEvidence: object | null }> };
    };
    expect(body.before.findings.find((x) => x.id === 'dicom.any-calling-ae')).toMatchObject({ status: 'fail' });
    expect(body.checklist.steps.map((x) => x.id)).toEqual([...playbook.steps, ...variant.steps].map((x) => x.id));
    expect(body.checklist.steps.every((x) => x.by === 'Ada Admin' && x.text !== null)).toBe(true);
    expect(body.attestations.map((x) => x.id)).toEqual(['manual.patch-level']);
    expect(body.verification.passed).toBe(false);
    expect(body.verification.checks.find((c) => c.id === 'dicom.any-calling-ae')).toMatchObject({ verdict: 'fixed', afterEvidence: expect.any(Object) as unknown });

    // 5. Export JSON and PDF; verify the JSON with nothing else, from another folder.
    expect((await run(['records', 'export', id, '--format', 'json', '--out', f('record.json'), '--db', db])).code).toBe(0);
    expect((await run(['records', 'export', id, '--format', 'pdf', '--out', f('record.pdf'), '--db', db])).code).toBe(0);
    const elsewhere = tempDir('records-lab-offline');
    try {
      fs.copyFileSync(f('record.json'), path.join(elsewhere.dir, 'record.json'));
      const v = await runCli(['records', 'verify', 'record.json'], { safeDir: elsewhere.dir, cwd: elsewhere.dir });
      expect(v.stdout).toMatch(/signature 1: operator Ada Admin .* holds/);
      expect(v.stdout).toMatch(/signature 2: reviewer Bob Owner .* holds/);
      expect(v.stdout).toMatch(/^INTACT/m);
      expect(v.code).toBe(0);
    } finally {
      elsewhere.rm();
    }

    // 6. The PDF reads as a report.
    const text = execFileSync('pdftotext', ['-layout', f('record.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(endpoint);
    expect(text).toContain('Accepts any calling AE title');
    expect(text).toMatch(/HIGH fail pass FIXED/);
    expect(text).toMatch(/DICOM without TLS HIGH fail fail STILL FAILING/);
    expect(text).toMatch(/VERIFICATION FAILED/);
    for (const k of [ada, bob]) expect(text).toContain(formatFingerprint(k.fingerprint).slice(0, 39));
    const artifacts = path.resolve('test-results/records');
    fs.mkdirSync(artifacts, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', f('record.pdf'), path.join(artifacts, 'roundtrip-page1')]);
    fs.copyFileSync(f('record.pdf'), path.join(artifacts, 'roundtrip.pdf'));
    expect(fs.statSync(path.join(artifacts, 'roundtrip-page1.png')).size).toBeGreaterThan(5000);
  }, 300_000);
});
