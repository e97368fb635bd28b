/**
 * `npm run bench -- --peers` (issue 14): `collimator peers` on a generated Orthanc
 * verbose log of 1 GB (or `--peers-mb N`), streamed: MB/s and the process's peak RSS
 * (GNU time), which must stay bounded whatever the file's size. The log is written by
 * the bench into a temp dir (association lines among the C-FIND and storage noise a
 * verbose Orthanc writes; 200 calling AE titles on 198.51.100.x, data only, never
 * dialled) and removed afterwards. Opt-in: writing and reading 1 GB takes a minute or two.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackPid, untrackPid } from './children';
import { timedRun } from './proc';

const BIN = fileURLToPath(new URL('../bin/collimator.mjs', import.meta.url));

export interface PeersLogResult {
  bytes: number;
  lines: number;
  wallMs: number;
  mbPerSecond: number;
  peakRss?: number;
  cpuMs?: number;
  /** What the command reported: lines read, peers found; an error when it failed. */
  linesRead?: number;
  peers?: number;
  error?: string;
}

function block(i: number): string {
  const ae = `MOD_${String(i % 200).padStart(3, '0')}`;
  const ip = `198.51.100.${(i % 200) + 1}`;
  const t = `I1202 ${String(8 + (Math.floor(i / 3600) % 10)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${String(i % 1_000_000).padStart(6, '0')}`;
  return (
    `${t} CommandDispatcher.cpp:333] (dicom) Association Received from AET ${ae} on IP ${ip}\n` +
    `${t} main.cpp:317] Incoming connection from AET ${ae} on IP ${ip}, calling AET ORTHANC\n` +
    `${t} CommandDispatcher.cpp:664] (dicom) Association Acknowledged (Max Send PDV: 16372) to AET ${ae} on IP ${ip}\n` +
    `${t} main.cpp:352] Incoming ${i % 3 === 0 ? 'Find' : 'Store'} request from AET ${ae} on IP ${ip}, calling AET ORTHANC\n` +
    `${t} OrthancFindRequestHandler.cpp:653] (dicom) DICOM C-Find request at level: Study\n` +
    `${t} OrthancFindRequestHandler.cpp:659] (dicom)   (0010,0010)  PatientName = *** POTENTIAL PHI ***\n` +
    `${t} ServerContext.cpp:1377] Number of candidate resources after fast DB filtering on main DICOM tags: 0\n` +
    `${t} ServerContext.cpp:1502] Number of matching resources: 0\n` +
    `${t} CommandDispatcher.cpp:929] (dicom) Finishing association with AET ${ae} on IP ${ip}: DUL Peer Requested Release\n` +
    `${t} CommandDispatcher.cpp:937] (dicom) Association Release with AET ${ae} on IP ${ip}\n`
  );
}

/** Writes about `mb` MiB of log to `file`; returns its line count. */
export function writeLog(file: string, mb: number): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  let lines = 0;
  let i = 0;
  try {
    while (bytes < mb * 1024 * 1024) {
      const parts: string[] = [];
      let size = 0;
      while (size < 8 * 1024 * 1024) {
        const b = block(i++);
        parts.push(b);
        size += b.length;
        lines += 10;
      }
      const buf = Buffer.from(parts.join(''), 'latin1');
      writeSync(fd, buf);
      bytes += buf.length;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

export async function peersLogBench(mb: number, log: (line: string) => void): Promise<PeersLogResult> {
  const dir = mkdtempSync(join(tmpdir(), 'collimator-bench-peers-'));
  try {
    const file = join(dir, 'orthanc.log');
    log(`bench: writing a ${mb} MB Orthanc log...`);
    const lines = writeLog(file, mb);
    const bytes = statSync(file).size;
    log('bench: collimator peers on it...');
    const run = await timedRun(process.execPath, [BIN, 'peers', file, '--json'], {
      deadlineMs: 60 * 60_000,
      onSpawn: trackPid,
      onExit: untrackPid,
      env: { ...process.env, COLLIMATOR_DB: join(dir, 'never-used.db') },
    });
    const result: PeersLogResult = {
      bytes,
      lines,
      wallMs: run.wallMs,
      mbPerSecond: bytes / 1024 / 1024 / (run.wallMs / 1000),
      ...(run.peakRss !== undefined ? { peakRss: run.peakRss } : {}),
      ...(run.cpuMs !== undefined ? { cpuMs: run.cpuMs } : {}),
    };
    if (run.code !== 0 || run.timedOut) result.error = `exit ${String(run.code)}${run.timedOut ? ' (deadline)' : ''}: ${run.stderr.slice(0, 300)}`;
    else {
      try {
        const doc = JSON.parse(run.stdout) as { lines: { read: number }; servers: Array<{ peers: unknown[] }> };
        result.linesRead = doc.lines.read;
        result.peers = doc.servers.reduce((n, s) => n + s.peers.length, 0);
      } catch (e) {
        result.error = `unreadable output: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line for the report's notes. */
export function describePeersLog(r: PeersLogResult): string {
  const mb = (r.bytes / 1024 / 1024).toFixed(0);
  const rss = r.peakRss !== undefined ? `, peak RSS ${(r.peakRss / 1024 / 1024).toFixed(0)} MB` : ' (peak RSS: GNU time not installed)';
  const what = r.error ? `FAILED: ${r.error}` : `${r.linesRead} of ${r.lines} lines read, ${r.peers} peers`;
  return `peers: a ${mb} MB Orthanc log streamed by \`collimator peers --json\` in ${(r.wallMs / 1000).toFixed(1)} s = ${r.mbPerSecond.toFixed(0)} MB/s${rss}; ${what}`;
}
