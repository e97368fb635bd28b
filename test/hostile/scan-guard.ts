/**
 * What every hostile-peer case needs around a real scan: an outer guard that fails
 * the test if the scan does not END (generous: it is a hang detector, not a timing
 * assertion), memory sampled while it runs, the practice lab's expected verdicts,
 * and a wait for the peer to see every connection closed.
 */
import { expect } from 'vitest';
import type { CheckId, CheckStatus } from '../../shared/catalog';
import type { ScanReport, ServiceResult } from '../../shared/types';
import type { PracticeLab } from '../../electron/practice-lab/practice';
import { defaultProbeOptions } from '../../electron/engine/options';
import { runScan, type ScanRequest } from '../../electron/engine/scan';
import type { ProbeOptions } from '../../electron/engine/types';

/**
 * Small timeouts, so every hostile case ends in seconds; not so small that a loaded
 * test machine (two cores shared with other suites) makes the lab's honest servers
 * miss them.
 */
export const HOSTILE_TIMEOUTS = { connectTimeoutMs: 1000, ioTimeoutMs: 1000, targetTimeoutMs: 4000 } as const;

/** The practice lab, in this process (startPracticeLab) or another (startPracticeLabProcess). */
export type LabLike = Pick<PracticeLab, 'servers' | 'targets' | 'ports' | 'calledAes'>;

/** Memory growth while a scan ran, bytes (peak during the scan minus the value before it). */
export interface MemoryGrowth {
  heapUsed: number;
  rss: number;
}

/** Generous bounds: a 4 GiB allocation or an unbounded buffer blows far past them. */
export const HEAP_GROWTH_CAP = 96 * 1024 * 1024;
export const RSS_GROWTH_CAP = 256 * 1024 * 1024;

/** Settle with `work`, or fail with a clear message once `ms` passed (the timer never outlives the race). */
export async function guard<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sample memory every 20 ms while `work` runs. */
export async function sampled<T>(work: () => Promise<T>): Promise<{ value: T; growth: MemoryGrowth }> {
  const before = process.memoryUsage();
  const peak = { heapUsed: before.heapUsed, rss: before.rss };
  const sample = (): void => {
    const m = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.rss = Math.max(peak.rss, m.rss);
  };
  const timer = setInterval(sample, 20);
  try {
    const value = await work();
    sample();
    return { value, growth: { heapUsed: peak.heapUsed - before.heapUsed, rss: peak.rss - before.rss } };
  } finally {
    clearInterval(timer);
  }
}

/** The lab's AE titles as `calledAes` (what `collimator lab` tells the admin to pass). */
export function labCalledAes(lab: LabLike): Map<string, string> {
  return new Map(lab.calledAes.map((c) => [`${c.host}:${c.port}`, c.aet]));
}

/** Probe options of a hostile case: small timeouts, the lab's AE titles known. */
export function hostileOptions(lab: LabLike, extra: Partial<ProbeOptions> = {}): ProbeOptions {
  return defaultProbeOptions({ ...HOSTILE_TIMEOUTS, calledAes: labCalledAes(lab), ...extra });
}

/** runScan under the guard, with memory sampled. */
export async function guardedScan(req: ScanRequest, guardMs: number): Promise<{ report: ScanReport; growth: MemoryGrowth }> {
  const { value, growth } = await sampled(() => guard(runScan(req), guardMs, `scan of ${req.targets.join(' ')}`));
  return { report: value, growth };
}

export function serviceAt(report: ScanReport, host: string, port: number): ServiceResult {
  const s = report.services.find((x) => x.host === host && x.port === port);
  if (!s) throw new Error(`no service ${host}:${port} in the report (have ${report.services.map((x) => `${x.host}:${x.port}`).join(', ')})`);
  return s;
}

export function statusOf(s: ServiceResult, id: CheckId): CheckStatus | undefined {
  return s.checks.find((c) => c.id === id)?.status;
}

/** The verdicts each practice server must get (electron/practice-lab/profiles.ts describes them). */
const LAB_EXPECTED: Record<string, Partial<Record<CheckId, CheckStatus>>> = {
  OPENPACS: {
    'dicom.any-calling-ae': 'fail',
    'dicom.any-called-ae': 'fail',
    'dicom.query-open': 'fail',
    'dicom.retrieve-open': 'fail',
    'dicom.store-open': 'fail',
    'dicom.plaintext': 'fail',
  },
  SECUREPACS: {
    'dicom.any-calling-ae': 'pass',
    'dicom.any-called-ae': 'pass',
    'dicom.query-open': 'pass',
    'dicom.retrieve-open': 'pass',
    'dicom.store-open': 'pass',
    'dicom.plaintext': 'fail',
  },
  CT_SCANNER: {
    'dicom.any-calling-ae': 'fail',
    'dicom.any-called-ae': 'fail',
    'dicom.query-open': 'pass',
    'dicom.retrieve-open': 'pass',
    'dicom.store-open': 'fail',
  },
  ARCHIVE: {
    'dicom.any-calling-ae': 'fail',
    'dicom.any-called-ae': 'pass',
    'dicom.query-open': 'pass',
    'dicom.retrieve-open': 'pass',
    'dicom.store-open': 'pass',
  },
};

/** The other targets of the same scan (the practice lab) were judged as they always are. */
export function expectLabJudged(report: ScanReport, lab: LabLike): void {
  for (const server of lab.servers) {
    const s = serviceAt(report, server.host, server.port);
    if (server.aet === '') {
      expect(s.protocol, `${server.name}`).toBe('unknown');
      continue;
    }
    expect(s.protocol, `${server.name}`).toBe('dicom');
    const want = LAB_EXPECTED[server.aet];
    if (!want) throw new Error(`no expectations for practice server ${server.aet}`);
    const got = Object.fromEntries(Object.keys(want).map((id) => [id, statusOf(s, id as CheckId)]));
    expect(got, `${server.name}`).toEqual(want);
  }
}

/** Every inconclusive check says why (a non-empty summary). */
export function expectReasons(s: ServiceResult): void {
  for (const c of s.checks) if (c.status === 'inconclusive') expect(c.summary.trim(), `${c.id} has no reason`).not.toBe('');
}

/** Wait (bounded) until the peer sees no connection open: the scanner left nothing behind. */
export async function expectAllClosed(stats: { open: number }, withinMs = 3000): Promise<void> {
  const until = Date.now() + withinMs;
  while (stats.open > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  expect(stats.open, 'connections the scanner left open').toBe(0);
}
