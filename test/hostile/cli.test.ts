/**
 * The `collimator` command as a whole process against hostile peers: one scan over
 * every peer at once must exit normally with one honest JSON document, and a scan
 * killed with SIGKILL half-way must leave a database that opens cleanly and holds the
 * services finished before the kill.
 */
import path from 'node:path';
import dimse from 'dcmjs-dimse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeLab, type PracticeLab } from '../../electron/practice-lab/practice';
import { openStore } from '../../electron/store';
import type { ScanReport } from '../../shared/types';
import { runCli, startCli, tempDir } from '../cli/spawn';
import { CASES } from './cases';
import { startHostilePeer, type HostilePeer, type PeerTls } from './peers';
import { expectLabJudged, guard, serviceAt } from './scan-guard';
import { makePeerTls } from './tls-material';

const NET = `127.${146 + (process.pid % 40)}.${process.pid % 250}`;
const tmp = tempDir('hostile');

let lab: PracticeLab;
let tls: PeerTls;
beforeAll(async () => {
  dimse.log.setLevel('silent');
  lab = await startPracticeLab({ host: '127.0.0.1' });
  tls = makePeerTls();
});
afterAll(async () => {
  await lab?.stop();
  tmp.rm();
});

/** `--called-ae` for each lab server, as `collimator lab` prints them. */
function labCalledAeArgs(): string[] {
  return lab.calledAes.flatMap((c) => ['--called-ae', `${c.aet}@${c.host}:${c.port}`]);
}

describe('collimator scan over every hostile peer at once', () => {
  const peers: HostilePeer[] = [];
  afterAll(async () => {
    await Promise.all(peers.map((p) => p.stop()));
  });

  it('exits 0 with one JSON document: each peer reported honestly, the lab judged right', async () => {
    for (const [i, c] of CASES.entries()) peers.push(await startHostilePeer(c.kind, { host: `${NET}.${i + 1}`, tls, lifetimeMs: 120_000 }));
    const ports = [...lab.ports, ...peers.map((p) => p.port)];
    const r = await runCli(
      ['scan', lab.targets[0]!, `${NET}.1-${NET}.${peers.length}`, '--ports', ports.join(','), '--json', '--timeout', '1000', '--db', path.join(tmp.dir, 'all.db'), ...labCalledAeArgs()],
      { safeDir: tmp.dir, deadlineMs: 150_000 },
    );
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.scan.cancelled).toBeUndefined();
    CASES.forEach((c, i) => {
      const peer = peers[i]!;
      const s = serviceAt(report, peer.host, peer.port);
      try {
        c.expectService(s);
      } catch (e) {
        throw new Error(`${c.kind}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    expectLabJudged(report, lab);
  }, 160_000);
});

describe('kill -9 in the middle of a scan', () => {
  const silent: HostilePeer[] = [];
  afterAll(async () => {
    await Promise.all(silent.map((p) => p.stop()));
  });

  it('the database opens cleanly afterwards and holds the services finished before the kill', async () => {
    // Fast peers (the lab: done in a second or two) and slow ones (silent: ~20 s each with --timeout 4000).
    for (let i = 0; i < 4; i++) silent.push(await startHostilePeer('silent', { host: `${NET}.${100 + i}`, lifetimeMs: 120_000 }));
    const db = path.join(tmp.dir, 'killed.db');
    const ports = [...lab.ports, ...silent.map((p) => p.port)];
    const cli = startCli(
      ['scan', lab.targets[0]!, `${NET}.100-${NET}.103`, '--ports', ports.join(','), '--json', '--timeout', '4000', '--db', db, ...labCalledAeArgs()],
      { safeDir: tmp.dir, deadlineMs: 120_000 },
    );

    // Poll the database read-only until every lab service is saved (bounded), then kill.
    const saved = await guard(
      (async (): Promise<number> => {
        for (;;) {
          if (cli.child.exitCode !== null) throw new Error(`the scan ended before the kill: ${cli.stderr()}`);
          try {
            const ro = openStore(db, { readonly: true });
            try {
              const n = ro.listScans()[0]?.services ?? 0;
              if (n >= lab.servers.length) return n;
            } finally {
              ro.close();
            }
          } catch {
            // not created or not migrated yet
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      })(),
      60_000,
      'waiting for the lab services to be saved',
    );
    expect(silent.every((p) => p.stats.open > 0), 'the slow peers are still being probed').toBe(true);
    cli.child.kill('SIGKILL');
    const end = await cli.done;
    expect(end.signal).toBe('SIGKILL');

    const store = openStore(db);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const [scan] = store.listScans();
      expect(scan?.finishedAt).toBeNull(); // killed: never finished
      expect(scan?.services).toBeGreaterThanOrEqual(saved);
      const report = store.getScan(scan!.id)!;
      for (const server of lab.servers) {
        const s = serviceAt(report, server.host, server.port);
        expect(s.protocol).toBe(server.aet === '' ? 'unknown' : 'dicom');
        expect(s.checks.length).toBeGreaterThan(0);
      }
      expectLabJudged(report, lab);
    } finally {
      store.close();
    }

    // And the same database takes the next scan.
    const again = await runCli(['scan', ...lab.targets, '--ports', lab.ports.join(','), '--json', '--db', db, ...labCalledAeArgs()], { safeDir: tmp.dir });
    expect(again.code, again.stderr).toBe(0);
    const after = openStore(db, { readonly: true });
    try {
      expect(after.listScans().length).toBe(2);
    } finally {
      after.close();
    }
  }, 150_000);
});
