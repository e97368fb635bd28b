/**
 * The warm-engine row (issue 16): what the admin waits for in the desktop app, which
 * does not start a process per scan. Scans go through the app's own services layer
 * (electron/services: createAppServices with the real deps, ScanManager.start, the
 * `scan:finished` event), in this process, engine already loaded by an untimed first
 * scan of the same set. Timed from `start` to `scan:finished`; also the time to the
 * first finding (the first `scan:service` event: the app shows findings as they come).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../shared/check-selection';
import type { EventChannel, EventPayload } from '../shared/contract';
import { TOOL_VERSION } from '../electron/engine/scan';
import { createAppServices } from '../electron/services/app-services';
import { realDeps } from '../electron/services/real-deps';
import type { TargetSet } from './sets-loopback';
import { median } from './stats';

export interface WarmRow {
  set: string;
  profile: Profile;
  rounds: number;
  /** Each timed round, start to scan:finished, ms. */
  wallMs: number[];
  /** Each timed round, start to the first scan:service, ms (absent when nothing was found). */
  firstFindingMs: number[];
  /** Each timed round, which service was the first finding (`host:port`). */
  firstFindingAt: string[];
  medianMs: number;
  medianFirstFindingMs: number | undefined;
  failures: string[];
}

export async function warmEngine(set: TargetSet, profile: Profile, rounds: number, log: (line: string) => void): Promise<WarmRow> {
  const dir = mkdtempSync(join(tmpdir(), 'collimator-bench-warm-'));
  const waiting = new Map<string, { firstAt?: number; first?: string; done: (e: EventPayload<'scan:finished'>) => void }>();
  const emit = <E extends EventChannel>(channel: E, payload: EventPayload<E>): void => {
    const p = payload as { scanId?: string };
    const w = p.scanId === undefined ? undefined : waiting.get(p.scanId);
    if (!w) return;
    if (channel === 'scan:service' && w.firstAt === undefined) {
      w.firstAt = performance.now();
      const s = (payload as EventPayload<'scan:service'>).service;
      w.first = `${s.host}:${s.port}`;
    }
    if (channel === 'scan:finished') w.done(payload as EventPayload<'scan:finished'>);
  };
  const services = createAppServices({ dbPath: join(dir, 'warm.db'), version: TOOL_VERSION, transport: 'web', emit }, realDeps(TOOL_VERSION));
  const row: WarmRow = { set: set.name, profile, rounds, wallMs: [], firstFindingMs: [], firstFindingAt: [], medianMs: NaN, medianFirstFindingMs: undefined, failures: [] };
  const once = async (): Promise<{ ms: number; firstMs?: number; first?: string; error?: string }> => {
    const scanId = randomUUID();
    const t0 = performance.now();
    let state!: { firstAt?: number; first?: string; done: (e: EventPayload<'scan:finished'>) => void };
    const finished = new Promise<EventPayload<'scan:finished'>>((resolve) => {
      state = { done: resolve };
      waiting.set(scanId, state);
    });
    try {
      await services.scans.start({
        scanId,
        targets: set.collimatorTargets,
        ports: set.ports,
        calledAes: [],
        vantage: { label: 'bench', untrusted: false },
        ...(profile === 'full' ? {} : { profile }),
      });
      const end = await finished;
      const ms = performance.now() - t0;
      return { ms, ...(state.firstAt !== undefined ? { firstMs: state.firstAt - t0, first: state.first } : {}), ...(end.error !== undefined ? { error: end.error } : {}) };
    } finally {
      waiting.delete(scanId);
    }
  };
  try {
    // Untimed: loads the engine and warms the JIT, as a running app already has.
    await once();
    for (let r = 0; r < rounds; r++) {
      const failed = (e: unknown): { ms: number; firstMs?: number; first?: string; error?: string } => ({ ms: NaN, error: e instanceof Error ? e.message : String(e) });
      const got = await once().catch(failed);
      if (got.error !== undefined) row.failures.push(`round ${r + 1}: ${got.error}`);
      row.wallMs.push(got.ms);
      if (got.firstMs !== undefined) row.firstFindingMs.push(got.firstMs);
      if (got.first !== undefined) row.firstFindingAt.push(got.first);
      log(`  ${set.name} round ${r + 1}/${rounds} warm ${profile.padEnd(9)} ${(got.ms / 1000).toFixed(2)} s${got.firstMs !== undefined ? ` (first finding ${(got.firstMs / 1000).toFixed(2)} s, ${got.first ?? '?'})` : ''}`);
    }
  } finally {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  }
  row.medianMs = median(row.wallMs);
  row.medianFirstFindingMs = row.firstFindingMs.length ? median(row.firstFindingMs) : undefined;
  return row;
}
