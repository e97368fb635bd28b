/**
 * The hostile scenarios again, on a machine kept busy (issue 16: the hoarder failed
 * once under load). CI runs `npm test` and nothing else, so the load is made here: one
 * CPU burner process per core (`node -e` spinning), started before the scans and
 * killed by PID after them. While they burn:
 *
 * - one scan over every hostile peer of cases.ts at once, with the practice lab (in a
 *   process of its own): each peer reported as cases.ts says, every inconclusive check
 *   with its reason, memory bounded, no connection left open, the lab judged right;
 * - the hoarder: a tarpit on 400 loopback addresses that holds 1000 connections, then
 *   vanishes; the scan ends, accounts for every address, and judges the lab right.
 *
 * Timeouts are a real scan's kind (seconds, not the suite's 1 s) so honest servers
 * answer in time on a loaded machine; the burners' own CPU time is checked afterwards,
 * so a run where they did not burn cannot pass as one "under load". Each burner also
 * stops itself after BURN_MAX_MS, so none outlives a crashed test run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import dimse from 'dcmjs-dimse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProbeOptions } from '../../electron/engine/options';
import { CASES } from './cases';
import { startConnectionHoarder, startHostilePeer, type HostilePeer, type PeerTls } from './peers';
import { startPracticeLabProcess, type PracticeLabProcess } from './practice-lab-process';
import { expectAllClosed, expectLabJudged, expectReasons, guardedScan, HEAP_GROWTH_CAP, labCalledAes, RSS_GROWTH_CAP, serviceAt } from './scan-guard';
import { makePeerTls } from './tls-material';

/** This file's addresses, away from the other hostile files' (hostile 66+, cli 146+, hoarder 106+). */
const NET = `127.${186 + (process.pid % 40)}.${process.pid % 250}`;
const PIT_A = 226 + (process.pid % 20);
const PIT_B = process.pid % 200;
/** 400 addresses: 127.PIT_A.PIT_B.1 - 127.PIT_A.(PIT_B+1).144, none ending in .0. */
const PIT_HOSTS = Array.from({ length: 401 }, (_, i) => `127.${PIT_A}.${PIT_B + Math.floor((i + 1) / 256)}.${(i + 1) % 256}`).filter((h) => !h.endsWith('.0'));
const PIT_MAX_HELD = 1000;

/** A real scan's kind of timeouts, shortened only where a hostile peer would keep a service busy (trickle, endless bodies). */
const LOADED_TIMEOUTS = { connectTimeoutMs: 3000, ioTimeoutMs: 3000, targetTimeoutMs: 12_000 } as const;

/** A burner stops itself after this long whatever happens to the test (hang detector of the burners themselves). */
const BURN_MAX_MS = 150_000;

/** CPU time (user + system) a process has used so far, ms, from /proc (Linux; undefined once it is gone). */
function cpuMsOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which sits in parentheses): utime and stime are the 14th and 15th overall.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

describe('the hostile scenarios while every core is busy', () => {
  const cores = Math.max(1, os.availableParallelism());
  const burners: ChildProcess[] = [];
  let lab: PracticeLabProcess;
  let tls: PeerTls;
  const peers: HostilePeer[] = [];

  const killBurners = (): void => {
    for (const b of burners) if (b.exitCode === null && b.signalCode === null && b.pid !== undefined) process.kill(b.pid, 'SIGKILL');
  };
  // Even if vitest tears this worker down without afterAll, the burners go with it.
  process.once('exit', killBurners);

  beforeAll(async () => {
    dimse.log.setLevel('silent');
    lab = await startPracticeLabProcess();
    tls = makePeerTls();
    for (const [i, c] of CASES.entries()) peers.push(await startHostilePeer(c.kind, { host: `${NET}.${i + 1}`, tls, lifetimeMs: 120_000 }));
    for (let i = 0; i < cores; i++) {
      const b = spawn(process.execPath, ['-e', `const end = Date.now() + ${BURN_MAX_MS}; while (Date.now() < end) {}`], { stdio: 'ignore' });
      burners.push(b);
    }
    await Promise.all(burners.map((b) => new Promise<void>((resolve, reject) => b.once('spawn', resolve).once('error', reject))));
  });

  afterAll(async () => {
    killBurners();
    await Promise.all(burners.map((b) => (b.exitCode !== null || b.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => b.once('exit', () => r())))));
    process.off('exit', killBurners);
    await Promise.all(peers.map((p) => p.stop()));
    await lab?.stop();
  });

  /**
   * Runs `work` and measures each burner's CPU time meanwhile, as a share of the wall
   * time: the least busy burner's share is the proof that the machine was loaded (a
   * burner that died or never ran scores 0). On a machine shared with other work the
   * burners get their fair share only (0.4 to 0.5 each here with five other jobs).
   */
  async function burning<T>(work: () => Promise<T>): Promise<{ value: T; leastBusy: number }> {
    const before = burners.map((b) => cpuMsOf(b.pid!) ?? NaN);
    const t0 = performance.now();
    const value = await work();
    const wall = performance.now() - t0;
    const after = burners.map((b) => cpuMsOf(b.pid!) ?? NaN);
    return { value, leastBusy: Math.min(...after.map((ms, i) => (ms - before[i]!) / wall)) };
  }

  /** Below this share of a core, a burner did not load the machine. */
  const MIN_BURN_SHARE = 0.1;

  it('one scan over every hostile peer: each reported honestly, connections closed, the lab judged right', async () => {
    const { value: { report, growth }, leastBusy } = await burning(() =>
      guardedScan(
        {
          targets: [lab.targets[0]!, `${NET}.1-${NET}.${peers.length}`],
          ports: [...lab.ports, ...new Set(peers.map((p) => p.port))],
          options: defaultProbeOptions({ ...LOADED_TIMEOUTS, calledAes: labCalledAes(lab) }),
        },
        90_000,
      ),
    );
    // The burners really took CPU while the scan ran (all of them alive, each busy).
    expect(burners.every((b) => b.exitCode === null && b.signalCode === null)).toBe(true);
    expect(leastBusy, 'share of a core the least busy burner used during the scan').toBeGreaterThan(MIN_BURN_SHARE);

    expect(report.scan.cancelled).toBeUndefined();
    CASES.forEach((c, i) => {
      const peer = peers[i]!;
      const s = serviceAt(report, peer.host, peer.port);
      try {
        expect(s.state).toBe('open');
        c.expectService(s);
        expectReasons(s);
        expect(peer.stats.accepted).toBeGreaterThan(0);
      } catch (e) {
        throw new Error(`${c.kind}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    expect(growth.heapUsed).toBeLessThan(HEAP_GROWTH_CAP);
    expect(growth.rss).toBeLessThan(RSS_GROWTH_CAP);
    expectLabJudged(report, lab);
    for (const p of peers) await expectAllClosed(p.stats);
  }, 120_000);

  it('the hoarder: the scan ends, accounts for every address, and judges the lab right', async () => {
    const tarpit = await startConnectionHoarder({ hosts: PIT_HOSTS, maxHeld: PIT_MAX_HELD, lifetimeMs: 120_000 });
    try {
      const { value: { report, growth }, leastBusy } = await burning(() =>
        guardedScan(
          {
            targets: [lab.targets[0]!, `${PIT_HOSTS[0]}-${PIT_HOSTS[PIT_HOSTS.length - 1]}`],
            ports: [...lab.ports, tarpit.port],
            // As hoarder.test.ts: a real scan's own timeouts; the tarpit ends the hoarding by its own trigger.
            options: defaultProbeOptions({ calledAes: labCalledAes(lab) }),
            concurrency: 128,
            probeConcurrency: 64,
            includeClosed: true,
          },
          100_000,
        ),
      );
      expect(leastBusy, 'share of a core the least busy burner used during the scan').toBeGreaterThan(MIN_BURN_SHARE);
      await tarpit.stopped;
      expect(tarpit.stopReason()).toBe('max-held');
      expect(tarpit.stats.accepted).toBe(PIT_MAX_HELD);
      expect(tarpit.stats.maxOpen).toBeLessThan(128 + 2 * 64 + 64);
      const listening = new Set(PIT_HOSTS);
      const pit = report.services.filter((s) => s.port === tarpit.port && listening.has(s.host));
      expect(pit.length).toBe(PIT_HOSTS.length);
      expect(pit.every((s) => s.state === 'open' || s.state === 'closed' || s.state === 'filtered')).toBe(true);
      for (const s of pit.filter((x) => x.state === 'open')) {
        expect(s.protocol).toBe('unknown');
        expect(s.checks.some((c) => c.id.startsWith('dicom.') || c.id.startsWith('web.'))).toBe(false);
        expectReasons(s);
      }
      expect(growth.heapUsed).toBeLessThan(HEAP_GROWTH_CAP);
      expect(growth.rss).toBeLessThan(RSS_GROWTH_CAP);
      expectLabJudged(report, lab);
      await expectAllClosed(tarpit.stats);
    } finally {
      await tarpit.stop();
    }
  }, 120_000);
});
