/**
 * `collimator scan` as a child process against real loopback servers (the practice
 * lab, and a silent peer for Ctrl-C): the JSON document's shape, the table, --fail-on,
 * what lands in the database, and a cancelled scan.
 */
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labScanArgv } from '../../electron/cli/commands/lab';
import { startPracticeLab, type PracticeLab } from '../../electron/practice-lab/practice';
import { openStore } from '../../electron/store';
import { checksFor, SEVERITIES } from '../../shared/catalog';
import type { ScanReport } from '../../shared/types';
import { runCli, startCli, tempDir } from './spawn';

const tmp = tempDir('scan');
let lab: PracticeLab;
beforeAll(async () => {
  lab = await startPracticeLab({ host: '127.0.0.1' });
});
afterAll(async () => {
  await lab?.stop();
  tmp.rm();
});

function dbPath(name: string): string {
  return path.join(tmp.dir, `${name}.db`);
}

function storedScans(db: string): ReturnType<ReturnType<typeof openStore>['listScans']> {
  const store = openStore(db);
  try {
    return store.listScans();
  } finally {
    store.close();
  }
}

describe('collimator scan --json against the practice lab', () => {
  let r: Awaited<ReturnType<typeof runCli>>;
  let doc: ScanReport;
  const db = dbPath('json');
  beforeAll(async () => {
    r = await runCli(['scan', ...labScanArgv(lab), '--json', '--db', db], { safeDir: tmp.dir });
    doc = JSON.parse(r.stdout) as ScanReport;
  });

  it('exits 0 and prints exactly one JSON document, no progress when stderr is not a terminal', () => {
    expect(r.code).toBe(0);
    expect(r.stdout.trim().startsWith('{')).toBe(true);
    expect(r.stdout.trim().endsWith('}')).toBe(true);
    expect(r.stderr).toBe('');
  });

  it('has tool, scan, services and summary as cli.md shows them', () => {
    expect(doc.tool).toEqual({ name: 'collimator', version: '0.1.0' });
    expect(doc.scan.id).toEqual(expect.any(String));
    expect(new Date(doc.scan.startedAt).toISOString()).toBe(doc.scan.startedAt);
    expect(new Date(doc.scan.finishedAt).toISOString()).toBe(doc.scan.finishedAt);
    expect(doc.scan.vantage.untrusted).toBe(false);
    expect(doc.scan.vantage.label).not.toBe('');
    expect(doc.scan.targets).toEqual(['127.0.0.1']);
    expect(doc.scan.ports).toEqual(lab.ports);
    expect(doc.scan.cancelled).toBeUndefined();
  });

  it('lists every lab server as an open service, each with every check of its protocol', () => {
    expect(doc.services.map((s) => s.port).sort()).toEqual([...lab.ports].sort());
    for (const s of doc.services) {
      expect(s.state).toBe('open');
      expect(s.host).toBe('127.0.0.1');
      expect(s.protocol).toEqual(expect.any(String));
      expect(s.checks.map((c) => c.id).sort()).toEqual(checksFor(s.protocol!).map((c) => c.id).sort());
      for (const c of s.checks) {
        expect(c.summary).not.toBe('');
        expect(c.summary).not.toMatch(/\n/);
      }
    }
    const dicom = doc.services.filter((s) => s.protocol === 'dicom');
    expect(dicom.length).toBe(lab.calledAes.length);
    // The AE titles given with --called-ae were used.
    for (const c of lab.calledAes) expect(dicom.find((s) => s.port === c.port)?.calledAe).toBe(c.aet);
  });

  it('sums the fails it lists', () => {
    expect(doc.summary.services).toBe(doc.services.length);
    for (const sev of SEVERITIES) {
      const n = doc.services.flatMap((s) => s.checks).filter((c) => c.status === 'fail' && c.severity === sev).length;
      expect(doc.summary.fail[sev]).toBe(n);
    }
  });

  it('stored the finished scan with its services', () => {
    const scans = storedScans(db);
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ id: doc.scan.id, finishedAt: doc.scan.finishedAt, services: doc.services.length });
  });
});

describe('collimator scan, table and exit codes', () => {
  it('prints a table with each service and the summary; --fail-on sets exit 1', async () => {
    const r = await runCli(['scan', ...labScanArgv(lab), '--fail-on', 'info', '--db', dbPath('table')], { safeDir: tmp.dir });
    // Every DICOM service has its `dicom.detected` info fail, so --fail-on info must trip.
    expect(r.code).toBe(1);
    for (const port of lab.ports) expect(r.stdout).toContain(`127.0.0.1:${port}  `);
    expect(r.stdout).toMatch(/^\d+ services · fails: \d+ critical, \d+ high, \d+ medium, \d+ low, \d+ info$/m);
    expect(r.stdout).toMatch(/--json/);
    // Progress went to stderr, not into the table.
    expect(r.stderr).toMatch(/swept \d+\/\d+ · found \d+ · probed \d+/);
    expect(r.stdout).not.toMatch(/swept \d+/);
  });

  it('exits 0 with --fail-on above every fail found', async () => {
    // The banner service is not DICOM: no DICOM checks, and nothing at critical on it.
    const banner = lab.servers.find((s) => s.aet === '')!;
    const r = await runCli(['scan', '127.0.0.1', '--ports', String(banner.port), '--json', '--fail-on', 'critical', '--db', dbPath('banner')], { safeDir: tmp.dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ScanReport;
    expect(doc.services.map((s) => s.protocol)).toEqual(['unknown']);
  });
});

describe('collimator scan, Ctrl-C', () => {
  let silent: net.Server;
  let port = 0;
  const sockets = new Set<net.Socket>();
  let connections = 0;
  beforeAll(async () => {
    // A peer that accepts and never answers: identification waits on it, so the scan is mid-flight.
    silent = net.createServer((s) => {
      connections++;
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('stops, stores the scan as cancelled, prints what it had, exits 130', async () => {
    const db = dbPath('cancel');
    const openPacs = lab.calledAes[0]!;
    const scan = startCli(['scan', '127.0.0.1', '--ports', `${openPacs.port},${port}`, '--timeout', '120000', '--json', '--db', db], { safeDir: tmp.dir, deadlineMs: 90_000 });
    try {
      // The sweep's connect, then identification's: the scan is now waiting on the silent peer.
      await new Promise<void>((resolve, reject) => {
        const t = setInterval(() => {
          if (connections >= 2) done();
        }, 50);
        const dl = setTimeout(() => done(new Error('the scan never reached the silent peer')), 60_000);
        function done(e?: Error): void {
          clearInterval(t);
          clearTimeout(dl);
          if (e) reject(e);
          else resolve();
        }
      });
      scan.child.kill('SIGINT');
      const r = await scan.done;
      expect(r.code).toBe(130);
      const doc = JSON.parse(r.stdout) as ScanReport;
      expect(doc.scan.cancelled).toBe(true);
      expect(r.stderr).toMatch(/Ctrl-C: stopping the scan/);
      const scans = storedScans(db);
      expect(scans).toHaveLength(1);
      expect(scans[0]!.id).toBe(doc.scan.id);
      expect(scans[0]!.finishedAt).toBe(doc.scan.finishedAt);
      const store = openStore(db);
      try {
        expect(store.getScan(doc.scan.id)?.scan.cancelled).toBe(true);
      } finally {
        store.close();
      }
    } finally {
      scan.child.kill('SIGKILL');
    }
  });
});
