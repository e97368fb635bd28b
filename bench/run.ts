/**
 * `npm run bench`: Collimator against nmap's dicom-ping on target sets the bench
 * builds itself (real Orthanc/DCMTK servers, a fleet of dcmjs-dimse SCPs, silent
 * ports, a /24 and a WAN-latency set in a network namespace), a /16 sweep at scale,
 * and the store with 100,000 check results. Prints a table; writes
 * bench/results/<timestamp>.json. A benchmark, not a test: it reports, it does not
 * assert (the exit code is 0 unless the bench itself broke).
 *
 *   npm run bench                       everything, 5 rounds
 *   npm run bench -- --rounds 3 --sets fleet,lan --scale 24,20 --no-store
 *   npm run bench -- --quick            1 round, scale up to /20
 *   npm run bench -- --collimator-args="--per-host 4"   extra options for every Collimator run
 *   npm run bench -- --peers [--peers-mb N]   also: collimator peers on a generated 1 GB log (opt-in)
 *   npm run bench -- --sets hospital --rounds 1   the /20 hospital set (opt-in; issue 16)
 *   npm run bench -- --no-tls-suites     without the TLS suite enumeration figures (issue 15)
 *   npm run bench -- --profiles discovery --no-warm     one profile, no warm-engine rows
 *
 * Every set runs with both check profiles (issue 16): `--profile discovery` against
 * dicom-ping like for like, and the full catalog reported separately; then the
 * warm-engine row of each set and profile (bench/warm.ts: the app's services layer,
 * in process, engine loaded).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_RATE_PER_SECOND } from '../electron/engine/options';
import { DEFAULT_PORTS } from '../electron/engine/ports';
import { cleanupAll } from './children';
import { scale, SCALE_FLAGS, type ScaleRow } from './scale';
import { timedRun } from './proc';
import { floorSet, realServersSet, scpFleetSet, silentSet, type TargetSet } from './sets-loopback';
import { median } from './stats';
import { netnsSets, netnsSkipReason } from './sets-netns';
import { hospitalSet, hospitalSkipReason } from './sets-hospital';
import { storeBench, type StoreResult } from './store-bench';
import { importBench, renderImportBench, type ImportBenchRow } from './import-bench';
import { renderReport } from './table';
import { renderTlsSuites, tlsSuitesBench, type TlsSuitesRow } from './tls-suites';
import { versus, type SetResult } from './versus';
import { describePeersLog, peersLogBench, type PeersLogResult } from './peers-log';
import { warmEngine, type WarmRow } from './warm';
import type { Profile } from '../shared/check-selection';

const SET_NAMES = ['floor', 'real', 'fleet', 'silent', 'lan', 'wan', 'hospital'] as const;
type SetName = (typeof SET_NAMES)[number];

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function version(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: 10_000 }).split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}

const BENCH_PROFILES: readonly Profile[] = ['discovery', 'full'];

function parse(): { rounds: number; sets: SetName[]; scale: number[]; store: boolean; collimatorArgs: string[]; peersMb: number; tlsSuites: boolean; profiles: Profile[]; warm: boolean } {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string' },
      sets: { type: 'string' },
      scale: { type: 'string' },
      'no-scale': { type: 'boolean' },
      'no-store': { type: 'boolean' },
      quick: { type: 'boolean' },
      'collimator-args': { type: 'string' },
      peers: { type: 'boolean' },
      'peers-mb': { type: 'string' },
      'no-tls-suites': { type: 'boolean' },
      // Opt-in (it makes and imports a 1,000,000-banner Shodan file: minutes): issue 13.
      import: { type: 'boolean' },
      'import-banners': { type: 'string' },
      profiles: { type: 'string' },
      'no-warm': { type: 'boolean' },
    },
    strict: true,
  });
  const quick = values.quick === true;
  const rounds = Number(values.rounds ?? (quick ? 1 : 5));
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) throw new Error('--rounds must be 1-50');
  // The hospital /20 is opt-in (`--sets hospital`): nmap needs minutes on its 24,576 ports.
  const sets = (values.sets ?? SET_NAMES.filter((s) => s !== 'hospital').join(',')).split(',').map((s) => s.trim()) as SetName[];
  for (const s of sets) if (!SET_NAMES.includes(s)) throw new Error(`unknown set ${s} (sets: ${SET_NAMES.join(', ')})`);
  const scaleBits = values['no-scale'] ? [] : (values.scale ?? (quick ? '24,20' : '24,20,18,16')).split(',').map(Number);
  for (const b of scaleBits) if (!Number.isInteger(b) || b < 16 || b > 30) throw new Error('--scale takes prefix lengths 16-30, e.g. 24,20,18,16');
  const collimatorArgs = (values['collimator-args'] ?? '').split(/\s+/).filter((w) => w !== '');
  const profiles = (values.profiles ?? BENCH_PROFILES.join(',')).split(',').map((p) => p.trim()) as Profile[];
  for (const p of profiles) if (!BENCH_PROFILES.includes(p)) throw new Error(`unknown profile ${p} (profiles: ${BENCH_PROFILES.join(', ')})`);
  const peersMb = values['peers-mb'] !== undefined ? Number(values['peers-mb']) : values.peers === true ? 1024 : 0;
  if (!Number.isInteger(peersMb) || peersMb < 0 || peersMb > 65_536) throw new Error('--peers-mb takes a size in MB, e.g. 1024');
  importBanners = values.import === true ? Number(values['import-banners'] ?? 1_000_000) : 0;
  if (!Number.isInteger(importBanners) || importBanners < 0) throw new Error('--import-banners must be a whole number');
  return { rounds, sets, scale: scaleBits, store: values['no-store'] !== true, collimatorArgs, peersMb, tlsSuites: values['no-tls-suites'] !== true, profiles, warm: values['no-warm'] !== true };
}

/** Each profile of one set against nmap (`name (discovery)` / `name (full)`), then its warm-engine rows. */
async function bothProfiles(
  set: TargetSet,
  opts: ReturnType<typeof parse>,
  results: SetResult[],
  warmRows: WarmRow[],
): Promise<void> {
  for (const profile of opts.profiles) {
    const args = profile === 'full' ? opts.collimatorArgs : [...opts.collimatorArgs, '--profile', profile];
    const r = await versus(set, opts.rounds, log, args);
    results.push({ ...r, name: `${set.name} (${profile})` });
  }
  // The floor set is one closed port: nothing for a warm engine to show.
  if (opts.warm && set.name !== 'floor') {
    for (const profile of opts.profiles) warmRows.push(await warmEngine(set, profile, opts.rounds, log));
  }
}

/** Banners of the import bench (0: not run); set by --import [--import-banners N]. */
let importBanners = 0;
let importRows: ImportBenchRow[] | undefined;

/** Wall time of `node -e 0`: the runtime's own start and exit, under every Collimator run. */
async function nodeStart(rounds: number): Promise<{ wallMs: number[]; medianMs: number }> {
  const wallMs: number[] = [];
  for (let i = 0; i < Math.max(5, rounds); i++) {
    const run = await timedRun(process.execPath, ['-e', '0']);
    if (run.code === 0) wallMs.push(run.wallMs);
  }
  return { wallMs, medianMs: median(wallMs) };
}

async function main(): Promise<void> {
  const opts = parse();
  const startedAt = new Date();
  const notes: string[] = [];
  const nmapVersion = version('nmap', ['--version']);
  const results: SetResult[] = [];
  const warmRows: WarmRow[] = [];
  let scaleRows: ScaleRow[] = [];
  let store: StoreResult | undefined;
  let runtimeStart: { wallMs: number[]; medianMs: number } | undefined;
  let peersLog: PeersLogResult | undefined;
  let tlsSuites: TlsSuitesRow[] = [];
  log(`bench: ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${nmapVersion ?? 'nmap not found'}`);
  // Untimed warm-up: the first collimator run after a source change builds its bundle
  // (bin/load-cli.mjs); nmap's binary comes built too.
  const warm = version(process.execPath, [fileURLToPath(new URL('../bin/collimator.mjs', import.meta.url)), '--version']);
  log(`bench: ${warm ?? 'collimator --version failed'}`);
  try {
    if (!nmapVersion) notes.push('nmap is not installed: the comparison was skipped (apt-get install nmap)');
    else {
      const builders: [SetName, () => Promise<TargetSet[]>][] = [
        ['floor', async () => [await floorSet()]],
        ['real', async () => [await realServersSet()]],
        ['fleet', async () => [await scpFleetSet()]],
        ['silent', async () => [await silentSet()]],
      ];
      for (const [name, build] of builders) {
        if (!opts.sets.includes(name)) continue;
        log(`bench: building the "${name}" targets...`);
        const [set] = await build();
        try {
          await bothProfiles(set!, opts, results, warmRows);
        } finally {
          await set!.stop();
        }
      }
      if (opts.sets.includes('lan') || opts.sets.includes('wan')) {
        const skip = netnsSkipReason();
        if (skip) notes.push(`namespace sets skipped: ${skip}`);
        else {
          log('bench: building the namespace targets...');
          const [lan, wan] = await netnsSets();
          try {
            if (opts.sets.includes('lan')) await bothProfiles(lan!, opts, results, warmRows);
            if (opts.sets.includes('wan')) await bothProfiles(wan!, opts, results, warmRows);
          } finally {
            await lan!.stop();
            await wan!.stop();
          }
        }
      }
      // Issue 16: the /20 of real and simulated hospital servers, in its own namespace.
      if (opts.sets.includes('hospital')) {
        const skip = hospitalSkipReason();
        if (skip) notes.push(`hospital set skipped: ${skip}`);
        else {
          log('bench: building the hospital /20 (Orthanc, DCMTK, nginx, SCP fleet in a namespace)...');
          const hospital = await hospitalSet();
          try {
            await bothProfiles(hospital, opts, results, warmRows);
          } finally {
            await hospital.stop();
          }
        }
      }
    }
    if (opts.sets.includes('floor')) {
      runtimeStart = await nodeStart(opts.rounds);
      notes.push(`Node's own start and exit (\`node -e 0\`, no Collimator code): ${(runtimeStart.medianMs / 1000).toFixed(2)} s median of ${runtimeStart.wallMs.length} runs; every Collimator time above includes it`);
    }
    if (opts.scale.length) {
      log(`bench: scale ${opts.scale.map((b) => `/${b}`).join(' ')} (${SCALE_FLAGS.join(' ')})...`);
      scaleRows = await scale(opts.scale, log);
      notes.push(
        `scale runs use ${SCALE_FLAGS.join(' ')} (the default rate, ${DEFAULT_RATE_PER_SECOND} new connections/s, would take ${((65_536 * DEFAULT_PORTS.length) / DEFAULT_RATE_PER_SECOND / 60).toFixed(1)} min for the /16 by design)`,
      );
    }
    if (opts.store) {
      log('bench: store...');
      store = storeBench();
    }
    if (opts.peersMb > 0) {
      peersLog = await peersLogBench(opts.peersMb, log);
      notes.push(describePeersLog(peersLog));
    }
    // Issue 15: cost of a full cipher suite enumeration of one TLS port.
    if (opts.tlsSuites) {
      log('bench: tls-suites...');
      tlsSuites = await tlsSuitesBench(opts.rounds, log);
    }
    if (importBanners > 0) importRows = await importBench(importBanners, log);
  } finally {
    await cleanupAll();
  }
  const doc = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavgAtEnd: loadavg(), node: process.version, nmap: nmapVersion },
    options: opts,
    sets: results,
    warm: warmRows,
    runtimeStart,
    scale: scaleRows,
    store,
    peersLog,
    tlsSuites,
    notes,
    ...(importRows ? { import: importRows } : {}),
  };
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(renderReport(results, scaleRows, store, notes, warmRows));
  if (tlsSuites.length) process.stdout.write(renderTlsSuites(tlsSuites));
  if (importRows) process.stdout.write(renderImportBench(importRows));
  process.stdout.write(`\nresults: ${file}\n`);
}

main().then(
  () => process.exit(0),
  async (e: unknown) => {
    await cleanupAll();
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
