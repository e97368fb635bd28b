/**
 * A tarpit on hundreds of loopback addresses that accepts and holds every connection,
 * then, after 2000 of them, vanishes (closes everything, stops listening). The scan
 * must end, report what it could, leave no connection of its own open, never have
 * held more than its bounds allow, and still judge the practice lab right.
 *
 * Timing independent of machine load (issue 16): nothing here races a short wall
 * clock. The scan runs with a real scan's own timeouts (the engine's defaults: 3 s
 * connect, 5 s per reply, 60 s per service), so the lab's honest servers answer in
 * time on a loaded machine; the tarpit ends the hoarding by its own trigger (the
 * 2000th connection), which closes every held connection and so ends every wait on
 * it. The only clocks are hang detectors (the tarpit's 120 s lifetime, the 150 s guard).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeLabProcess, type PracticeLabProcess } from './practice-lab-process';
import { startConnectionHoarder } from './peers';
import { defaultProbeOptions } from '../../electron/engine/options';
import { expectAllClosed, expectLabJudged, expectReasons, guardedScan, HEAP_GROWTH_CAP, labCalledAes, RSS_GROWTH_CAP } from './scan-guard';

const A = 106 + (process.pid % 40);
const B = process.pid % 200;
/** 800 addresses: 127.A.B.1 - 127.A.(B+3).32. */
const HOSTS = Array.from({ length: 800 }, (_, i) => `127.${A}.${B + Math.floor((i + 1) / 256)}.${(i + 1) % 256}`).filter((h) => !h.endsWith('.0'));
const MAX_HELD = 2000;
const SWEEP_CONCURRENCY = 256;
const PROBE_CONCURRENCY = 128;

describe('a tarpit that hoards thousands of connections, then vanishes', () => {
  // The lab runs in its own process: the tarpit's thousands of sockets share this one's event loop with the scanner only.
  let lab: PracticeLabProcess;
  beforeAll(async () => {
    lab = await startPracticeLabProcess();
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('the scan ends, says nothing false about the tarpit, closes its own connections, and judges the lab', async () => {
    const tarpit = await startConnectionHoarder({ hosts: HOSTS, maxHeld: MAX_HELD, lifetimeMs: 120_000 });
    try {
      const { report, growth } = await guardedScan(
        {
          targets: [lab.targets[0]!, `${HOSTS[0]}-${HOSTS[HOSTS.length - 1]}`],
          ports: [...lab.ports, tarpit.port],
          // A real scan's timeouts, not the hostile suite's shared 1 s (see the top of this file).
          options: defaultProbeOptions({ calledAes: labCalledAes(lab) }),
          concurrency: SWEEP_CONCURRENCY,
          probeConcurrency: PROBE_CONCURRENCY,
          includeClosed: true,
        },
        150_000,
      );
      // It really hoarded its 2000 and vanished mid-scan.
      await tarpit.stopped;
      expect(tarpit.stopReason()).toBe('max-held');
      expect(tarpit.stats.accepted).toBe(MAX_HELD);
      // The scanner closes what it opens: it never held anywhere near all of them at once.
      expect(tarpit.stats.maxOpen).toBeLessThan(SWEEP_CONCURRENCY + 2 * PROBE_CONCURRENCY + 64);

      const listening = new Set(HOSTS);
      const pit = report.services.filter((s) => s.port === tarpit.port && listening.has(s.host));
      // Every address is accounted for: open while the tarpit lived; refused or reset
      // (closed / filtered) once it vanished, some of them in its accept queue as it went.
      expect(pit.length).toBe(HOSTS.length);
      const open = pit.filter((s) => s.state === 'open');
      expect(open.length).toBeGreaterThan(0);
      expect(pit.every((s) => s.state === 'open' || s.state === 'closed' || s.state === 'filtered')).toBe(true);
      // None is called DICOM or web; whatever could not be learned says why.
      for (const s of open) {
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
  }, 180_000);
});
