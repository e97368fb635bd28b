/**
 * `collimator scan --profile discovery` and `--checks LIST` (issue 16) as a child
 * process against the real practice lab. Each lab server is reached through a counting
 * relay on loopback, so the test sees what was SENT: discovery opens one association
 * per DICOM port (the full catalog more on a server that refuses a random called AE
 * title, plus its query and retrieve), and every check outside the selection is
 * `skipped`, never `pass`; the JSON and the database say which checks ran.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeLab, type PracticeLab } from '../../electron/practice-lab/practice';
import { openStore } from '../../electron/store';
import { CHECK_IDS } from '../../shared/catalog';
import { DISCOVERY_CHECKS } from '../../shared/check-selection';
import type { ScanReport } from '../../shared/types';
import { runCli, tempDir } from './spawn';

/** A loopback relay to one lab server that counts the connections opening with an A-ASSOCIATE-RQ (PDU type 0x01). */
interface CountingRelay {
  port: number;
  associations(): number;
  close(): Promise<void>;
}

async function countingRelay(targetPort: number): Promise<CountingRelay> {
  let associations = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    client.once('data', (b: Buffer) => {
      if (b[0] === 0x01) associations++;
    });
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    associations: () => associations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const tmp = tempDir('scan-checks');
let lab: PracticeLab;
/** lab server name → its relay. */
const relays = new Map<string, CountingRelay>();
beforeAll(async () => {
  lab = await startPracticeLab({ host: '127.0.0.1' });
  for (const s of lab.servers) relays.set(s.name, await countingRelay(s.port));
});
afterAll(async () => {
  for (const r of relays.values()) await r.close();
  await lab?.stop();
  tmp.rm();
});

function relayOf(name: string): CountingRelay {
  const r = [...relays.entries()].find(([n]) => n.startsWith(name))?.[1];
  if (!r) throw new Error(`no lab server named ${name}`);
  return r;
}

/** Scan argv for the relays, without called AE titles (a first inventory knows none). */
function relayArgv(): string[] {
  return ['127.0.0.1', '--ports', [...relays.values()].map((r) => r.port).join(',')];
}

function counts(): Map<string, number> {
  return new Map([...relays.entries()].map(([n, r]) => [n, r.associations()]));
}

function delta(before: Map<string, number>, name: string): number {
  const [key] = [...relays.keys()].filter((n) => n.startsWith(name));
  return relayOf(name).associations() - (before.get(key!) ?? 0);
}

describe('collimator scan --profile discovery', () => {
  const db = path.join(tmp.dir, 'discovery.db');
  let doc: ScanReport;
  let code: number | null;
  let before: Map<string, number>;
  beforeAll(async () => {
    before = counts();
    const r = await runCli(['scan', ...relayArgv(), '--profile', 'discovery', '--json', '--db', db], { safeDir: tmp.dir });
    code = r.code;
    doc = JSON.parse(r.stdout) as ScanReport;
  });

  it('says which checks ran: profile discovery and its list, in catalog order', () => {
    expect(code).toBe(0);
    expect(doc.scan.profile).toBe('discovery');
    expect(doc.scan.checks).toEqual(CHECK_IDS.filter((id) => DISCOVERY_CHECKS.includes(id)));
  });

  it('reports every check outside the profile as skipped, never pass, and judges the ones inside it', () => {
    const dicom = doc.services.filter((s) => s.protocol === 'dicom');
    expect(dicom.length).toBeGreaterThanOrEqual(4);
    for (const s of doc.services) {
      for (const c of s.checks) {
        if (!DISCOVERY_CHECKS.includes(c.id)) {
          expect(c.status, `${s.port} ${c.id}`).toBe('skipped');
          expect(c.summary).toMatch(/discovery profile/);
        }
      }
    }
    for (const s of dicom) {
      expect(s.checks.find((c) => c.id === 'dicom.detected')?.status).toBe('fail');
      expect(s.checks.find((c) => c.id === 'dicom.plaintext')?.status).toBe('fail');
      expect(['pass', 'fail']).toContain(s.checks.find((c) => c.id === 'dicom.any-called-ae')?.status);
    }
  });

  it('opened one association per DICOM port, no more (no called AE guessed, no query, retrieve or store)', () => {
    for (const name of ['Open PACS', 'Locked-down PACS', 'Modality with open storage', 'Archive that checks only its own AE title']) {
      expect(delta(before, name), name).toBe(1);
    }
  });

  it('stores the selection with the scan', () => {
    const store = openStore(db);
    try {
      const stored = store.getScan(doc.scan.id);
      expect(stored?.scan.profile).toBe('discovery');
      expect(stored?.scan.checks).toEqual(doc.scan.checks);
      expect(stored?.services.flatMap((s) => s.checks).filter((c) => c.status === 'skipped').length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});

describe('collimator scan, the full catalog on the same servers (the reference)', () => {
  it('sends more than discovery: the locked-down PACS is tried with guessed titles, the open one queried', async () => {
    const before = counts();
    const r = await runCli(['scan', ...relayArgv(), '--json', '--db', path.join(tmp.dir, 'full.db')], { safeDir: tmp.dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ScanReport;
    expect(doc.scan.profile).toBe('full');
    expect(delta(before, 'Locked-down PACS')).toBeGreaterThan(1);
    expect(delta(before, 'Open PACS')).toBeGreaterThanOrEqual(1);
    const open = doc.services.find((s) => s.port === relayOf('Open PACS').port);
    expect(open?.checks.find((c) => c.id === 'dicom.query-open')?.status).toBe('fail');
  });
});

describe('collimator scan --checks LIST', () => {
  it('runs the ids and prefixes given (prefix ends in *), the rest skipped', async () => {
    const r = await runCli(['scan', ...relayArgv(), '--checks', 'dicom.any-c*,exposure.untrusted-reach', '--json', '--db', path.join(tmp.dir, 'list.db')], { safeDir: tmp.dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ScanReport;
    expect(doc.scan.profile).toBe('custom');
    expect(doc.scan.checks).toEqual(['dicom.any-calling-ae', 'dicom.any-called-ae', 'exposure.untrusted-reach']);
    const open = doc.services.find((s) => s.port === relayOf('Open PACS').port);
    expect(open?.checks.find((c) => c.id === 'dicom.any-calling-ae')?.status).toBe('fail');
    expect(open?.checks.find((c) => c.id === 'dicom.detected')?.status).toBe('skipped');
    expect(open?.checks.find((c) => c.id === 'dicom.query-open')?.status).toBe('skipped');
  });

  it.each([
    [['--checks', 'dicom.nope'], /^collimator: --checks: unknown check "dicom\.nope"/],
    [['--checks', 'nothing.*'], /^collimator: --checks: no check starts with "nothing\."/],
    [['--profile', 'fast'], /^collimator: --profile: unknown profile "fast" \(known: full, discovery\)/],
    [['--profile', 'discovery', '--checks', 'dicom.*'], /^collimator: --profile, --checks: give a profile or a check list, not both/],
  ])('refuses %j in one line, exit 2, nothing written', async (flags, message) => {
    const db = path.join(tmp.dir, `bad-${flags.join('-').replace(/\W/g, '')}.db`);
    const r = await runCli(['scan', '127.0.0.1', '--ports', '1', '--db', db, ...flags], { safeDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });
});
