/**
 * Hostile peers against a real scan (issue 7): for each misbehaving server on
 * loopback, a scan of it together with the practice lab must END within its
 * deadline, report the peer as `unknown` (or its checks `inconclusive` with the
 * reason) and never as what it is not, keep memory bounded while the peer streams,
 * close every connection it opened, and judge the lab's servers exactly as usual.
 */
import dimse from 'dcmjs-dimse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeLab, type PracticeLab } from '../../electron/practice-lab/practice';
import { CASES } from './cases';
import { startHostilePeer, type PeerTls } from './peers';
import { expectAllClosed, expectLabJudged, expectReasons, guardedScan, HEAP_GROWTH_CAP, hostileOptions, RSS_GROWTH_CAP, serviceAt } from './scan-guard';
import { makePeerTls } from './tls-material';

/** Each file's peers live on their own 127.x.y.0/24, away from other test files' addresses. */
const NET = `127.${66 + (process.pid % 40)}.${process.pid % 250}`;

/** Far above the deadlines in play (4 s per service): this catches hangs, it does not time the scan. */
const GUARD_MS = 30_000;

describe('hostile peers: each scan ends, judges honestly, stays bounded, and judges the other targets right', () => {
  let lab: PracticeLab;
  let tls: PeerTls;

  beforeAll(async () => {
    dimse.log.setLevel('silent'); // the lab's library logs every PDU at info level
    lab = await startPracticeLab({ host: '127.0.0.1' });
    tls = makePeerTls();
  });

  afterAll(async () => {
    await lab?.stop();
  });

  CASES.forEach((c, i) => {
    it(`a peer that ${c.what} (${c.kind})`, async () => {
      const peer = await startHostilePeer(c.kind, { host: `${NET}.${i + 1}`, tls, lifetimeMs: 60_000 });
      try {
        const { report, growth } = await guardedScan(
          { targets: [lab.targets[0]!, peer.host], ports: [...lab.ports, peer.port], options: hostileOptions(lab) },
          GUARD_MS,
        );
        expect(report.scan.cancelled).toBeUndefined();
        const s = serviceAt(report, peer.host, peer.port);
        expect(s.state).toBe('open');
        c.expectService(s);
        expectReasons(s);
        expect(peer.stats.accepted).toBeGreaterThan(0);
        expect(growth.heapUsed).toBeLessThan(HEAP_GROWTH_CAP);
        expect(growth.rss).toBeLessThan(RSS_GROWTH_CAP);
        expectLabJudged(report, lab);
        await expectAllClosed(peer.stats);
      } finally {
        await peer.stop();
      }
    });
  });
});
