/**
 * Collimator against nmap's dicom-ping on one target set: whole processes, alternated
 * (the order rotates each round), timed from outside; then the agreement of every
 * round's outputs.
 *
 *   collimator: node bin/collimator.mjs scan TARGETS --ports P --json --all --db <tmp>
 *   nmap:       nmap -Pn -n -sT --script +dicom-ping -p P -oX - TARGETS   (and with -T4)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanReport } from '../shared/types';
import { trackPid, untrackPid } from './children';
import { compareRuns, type Agreement } from './compare';
import { parseNmapXml } from './nmap-xml';
import { timedRun, type TimedRun } from './proc';
import type { TargetSet } from './sets-loopback';
import { median, ratio } from './stats';

const BIN = fileURLToPath(new URL('../bin/collimator.mjs', import.meta.url));

export type Tool = 'collimator' | 'nmap' | 'nmap-T4';
export const TOOLS: readonly Tool[] = ['collimator', 'nmap', 'nmap-T4'];

export interface ToolRuns {
  /** Wall time of each round, ms. */
  wallMs: number[];
  /** Peak RSS of each round, bytes (when measurable). */
  peakRss: number[];
  /** CPU of each round, ms (when measurable). */
  cpuMs: number[];
  failures: string[];
}

export interface SetResult {
  name: string;
  /** Extra options every Collimator run had (none: the defaults). */
  collimatorArgs: string[];
  description: string;
  goal: TargetSet['goal'];
  hosts: number;
  ports: number[];
  rounds: number;
  runs: Record<Tool, ToolRuns>;
  medians: Record<Tool, number>;
  /** nmap's median / Collimator's median (above 1: Collimator is faster). */
  speedup: { vsNmap: number; vsNmapT4: number };
  /** Met when faster than both nmap timings (goal '3x'/'5x': at least 3x/5x faster than both); undefined for a reference set (goal 'none'). */
  goalMet: boolean | undefined;
  /** Agreement of each round's pair (Collimator vs default-timing nmap), and of the -T4 runs. */
  agreement: Agreement[];
  agreementT4: Agreement[];
}

function commandOf(tool: Tool, set: TargetSet, db: string, extra: readonly string[]): [string, string[]] {
  const ports = set.ports.join(',');
  if (tool === 'collimator') return [process.execPath, [BIN, 'scan', ...set.collimatorTargets, '--ports', ports, '--json', '--all', '--db', db, ...extra]];
  return ['nmap', [...(tool === 'nmap-T4' ? ['-T4'] : []), '-Pn', '-n', '-sT', '--script', '+dicom-ping', '-p', ports, '-oX', '-', ...set.nmapTargets]];
}

async function runTool(tool: Tool, set: TargetSet, db: string, extra: readonly string[]): Promise<TimedRun> {
  const [cmd, args] = commandOf(tool, set, db, extra);
  return timedRun(cmd, args, {
    deadlineMs: 15 * 60_000,
    onSpawn: trackPid,
    onExit: untrackPid,
    // Never let a forgotten --db reach the user's real database.
    env: { ...process.env, COLLIMATOR_DB: join(tmpdir(), 'collimator-bench-never-used.db') },
  });
}

/**
 * Run `rounds` rounds on `set` and compare. `log` gets one line per run.
 * `collimatorArgs`: extra options for every Collimator run (e.g. `--per-host 4`), reported with the results.
 */
export async function versus(set: TargetSet, rounds: number, log: (line: string) => void, collimatorArgs: readonly string[] = []): Promise<SetResult> {
  const dir = mkdtempSync(join(tmpdir(), 'collimator-bench-db-'));
  const db = join(dir, 'bench.db');
  const runs = Object.fromEntries(TOOLS.map((t) => [t, { wallMs: [], peakRss: [], cpuMs: [], failures: [] }])) as unknown as Record<Tool, ToolRuns>;
  const agreement: Agreement[] = [];
  const agreementT4: Agreement[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      // Rotate who goes first, so neither tool always meets a cold or a warm machine.
      const order = TOOLS.map((_, i) => TOOLS[(i + r) % TOOLS.length]!);
      const out: Partial<Record<Tool, TimedRun>> = {};
      for (const tool of order) {
        const run = await runTool(tool, set, db, collimatorArgs);
        out[tool] = run;
        const ok = run.code === 0 && !run.timedOut;
        const rec = runs[tool];
        if (!ok) rec.failures.push(`round ${r + 1}: exit ${String(run.code)}${run.timedOut ? ' (deadline)' : ''}: ${run.stderr.trim().split('\n').pop() ?? ''}`);
        rec.wallMs.push(run.wallMs);
        if (run.peakRss !== undefined) rec.peakRss.push(run.peakRss);
        if (run.cpuMs !== undefined) rec.cpuMs.push(run.cpuMs);
        log(`  ${set.name} round ${r + 1}/${rounds} ${tool.padEnd(10)} ${(run.wallMs / 1000).toFixed(2)} s${ok ? '' : ' FAILED'}`);
      }
      const c = out.collimator;
      if (c && c.code === 0) {
        let report: ScanReport;
        try {
          report = JSON.parse(c.stdout) as ScanReport;
        } catch {
          runs.collimator.failures.push(`round ${r + 1}: output is not one JSON document`);
          continue;
        }
        if (out.nmap?.code === 0) agreement.push(compareRuns(set.hosts, set.ports, parseNmapXml(out.nmap.stdout, set.ports), report, set.truth));
        if (out['nmap-T4']?.code === 0) agreementT4.push(compareRuns(set.hosts, set.ports, parseNmapXml(out['nmap-T4'].stdout, set.ports), report, set.truth));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const medians = Object.fromEntries(TOOLS.map((t) => [t, median(runs[t].wallMs)])) as Record<Tool, number>;
  const speedup = { vsNmap: ratio(medians.nmap, medians.collimator), vsNmapT4: ratio(medians['nmap-T4'], medians.collimator) };
  const beats = (x: number): boolean => (set.goal === '5x' ? x >= 5 : set.goal === '3x' ? x >= 3 : x > 1);
  const allRan = TOOLS.every((t) => runs[t].failures.length === 0);
  return {
    name: set.name,
    collimatorArgs: [...collimatorArgs],
    description: set.description,
    goal: set.goal,
    hosts: set.hosts.length,
    ports: set.ports,
    rounds,
    runs,
    medians,
    speedup,
    goalMet: set.goal === 'none' ? undefined : beats(speedup.vsNmap) && beats(speedup.vsNmapT4) && allRan,
    agreement,
    agreementT4,
  };
}
