/**
 * Scale: `collimator scan` (the whole process) over growing blocks of loopback
 * addresses on the default ports, nothing listening: every dial is answered by a
 * reset. Reports wall time, dials per second and peak RSS per block; memory should
 * stay flat as the block grows (the scope is streamed, never listed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORTS } from '../electron/engine/ports';
import { trackPid, untrackPid } from './children';
import { timedRun } from './proc';

const BIN = fileURLToPath(new URL('../bin/collimator.mjs', import.meta.url));

export interface ScaleRow {
  block: string;
  addresses: number;
  dials: number;
  wallMs: number;
  cpuMs?: number;
  peakRss?: number;
  dialsPerSecond: number;
  ok: boolean;
  error?: string;
}

/** The flags every scale run uses (reported with the results). */
export const SCALE_FLAGS = ['--rate', '100000', '--concurrency', '1024'];

export async function scale(prefixes: readonly number[], log: (line: string) => void): Promise<ScaleRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'collimator-bench-scale-'));
  const rows: ScaleRow[] = [];
  try {
    for (const bits of prefixes) {
      const block = `127.1.0.0/${bits}`;
      const addresses = 2 ** (32 - bits);
      const run = await timedRun(process.execPath, [BIN, 'scan', block, '--json', '--db', join(dir, `scale-${bits}.db`), ...SCALE_FLAGS], {
        deadlineMs: 30 * 60_000,
        onSpawn: trackPid,
        onExit: untrackPid,
        env: { ...process.env, COLLIMATOR_DB: join(dir, 'never-used.db') },
      });
      const dials = addresses * DEFAULT_PORTS.length;
      const ok = run.code === 0 && !run.timedOut;
      let services = -1;
      if (ok) {
        try {
          services = (JSON.parse(run.stdout) as { services: unknown[] }).services.length;
        } catch {
          /* reported below */
        }
      }
      const row: ScaleRow = {
        block,
        addresses,
        dials,
        wallMs: run.wallMs,
        ...(run.cpuMs !== undefined ? { cpuMs: run.cpuMs } : {}),
        ...(run.peakRss !== undefined ? { peakRss: run.peakRss } : {}),
        dialsPerSecond: dials / (run.wallMs / 1000),
        ok: ok && services === 0,
        ...(ok ? (services === 0 ? {} : { error: `expected no open service on ${block}, got ${services}` }) : { error: run.stderr.trim().split('\n').pop() ?? `exit ${String(run.code)}` }),
      };
      rows.push(row);
      log(`  scale ${block}: ${(run.wallMs / 1000).toFixed(1)} s, peak RSS ${row.peakRss === undefined ? '?' : (row.peakRss / 2 ** 20).toFixed(0)} MiB${row.ok ? '' : ` FAILED: ${row.error ?? ''}`}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
