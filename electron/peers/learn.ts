/**
 * Learning peers from files: each file is read once, streamed (bounded memory), its
 * format told from its first bytes and lines (or given), and every line is counted:
 * read, understood (an association fact), malformed (a line about an association that is
 * cut or damaged; named in `problems` by file and line number, never by its text).
 */
import { mkdtempSync, openSync, readSync, closeSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync, constants as zc } from 'node:zlib';
import type { LearnProblem, LearnProgress, LearnResult, PeerFormatChoice, PeerLogFormat } from '../../shared/observed-peers';
import { PeerCollector } from './collector';
import { dcm4cheeParser } from './dcm4chee';
import { dcmtkParser } from './dcmtk';
import type { LineParser } from './line-parser';
import { isGzip, MAX_LINE, readLines, ReadCancelled, type ByteSource } from './lines';
import { orthancParser } from './orthanc';
import { CaptureError, isCapture, readCapture } from './pcap';
import { readCaptureWithTshark, tsharkPath, TsharkError } from './tshark';
import { lineTime } from './timestamps';

export { ReadCancelled } from './lines';

/** One file to learn from. */
export interface LearnSource {
  /** How problems name it (the path, or the dropped file's name). */
  name: string;
  src: ByteSource;
  /** Epoch ms the file was last written (fills the year of time stamps without one). */
  modifiedAt?: number;
}

export interface LearnOptions {
  format?: PeerFormatChoice;
  /** Leave out associations before this time (epoch ms). */
  since?: number | null;
  signal?: AbortSignal;
  onProgress?: (p: LearnProgress) => void;
  /** Use tshark for captures when installed (default true). */
  tshark?: boolean;
}

export const MAX_PROBLEMS = 200;
const DETECT_LINES = 400;

const PARSERS: Record<Exclude<PeerLogFormat, 'pcap'>, (c: PeerCollector) => LineParser> = {
  orthanc: orthancParser,
  dcmtk: dcmtkParser,
  dcm4chee: dcm4cheeParser,
};

/** The log format a line gives away, if any. */
export function formatOfLine(line: string): Exclude<PeerLogFormat, 'pcap'> | null {
  if (line.includes('org.dcm4che') || line.includes('connection Socket[addr=') || /\S<-\S+\(\d+\) (>>|<<) /.test(line)) return 'dcm4chee';
  if (/^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\S+\.(cpp|h):\d+\]/.test(line) || /(Association Received from AET|Incoming connection from AET|DICOM server listening with AET)/.test(line)) return 'orthanc';
  if (/(^|\s)[IDWEF]: /.test(line) && /(Association|Application Name|dcmtk|DCMTK|OFFIS)/.test(line)) return 'dcmtk';
  return null;
}

function readHead(src: ByteSource): Uint8Array {
  if ('bytes' in src) return src.bytes.subarray(0, 64 * 1024);
  const fd = openSync(src.path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function sizeOf(src: ByteSource): number {
  return 'bytes' in src ? src.bytes.byteLength : statSync(src.path).size;
}

/** The first bytes after decompression (for a .gz file), else the bytes themselves. */
function innerHead(head: Uint8Array): Uint8Array {
  if (!isGzip(head)) return head;
  try {
    return gunzipSync(head, { finishFlush: zc.Z_SYNC_FLUSH });
  } catch {
    return new Uint8Array();
  }
}

export async function learnPeers(sources: readonly LearnSource[], opts: LearnOptions = {}): Promise<LearnResult> {
  const collector = new PeerCollector(opts.since ?? null);
  const lines = { read: 0, understood: 0, malformed: 0 };
  const problems: LearnProblem[] = [];
  let moreProblems = 0;
  const problem = (at: string, reason: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ at, reason });
    else moreProblems++;
  };

  for (const source of sources) {
    if (opts.signal?.aborted) throw new ReadCancelled();
    const name = source.name;
    let head: Uint8Array;
    let total: number;
    let modifiedAt = source.modifiedAt;
    try {
      head = readHead(source.src);
      total = sizeOf(source.src);
      if (modifiedAt === undefined && 'path' in source.src) modifiedAt = statSync(source.src.path).mtimeMs;
    } catch (e) {
      problem(name, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`);
      continue;
    }
    const progress = (bytesDone: number): void => opts.onProgress?.({ file: name, bytesDone: Math.min(bytesDone, total), bytesTotal: total });
    progress(0);
    const inner = innerHead(head);
    const wantCapture = opts.format === 'pcap' || ((opts.format ?? 'auto') === 'auto' && isCapture(inner));
    if (wantCapture) {
      await learnCapture(source, head, collector, opts, progress, problem, lines);
      progress(total);
      continue;
    }
    if (isCapture(inner)) {
      problem(name, `is a capture, not a ${opts.format} log (use --format pcap or auto)`);
      continue;
    }
    if (inner.length > 0 && inner.subarray(0, 4096).includes(0)) {
      problem(name, 'is neither a text log nor a capture this program reads (binary data)');
      continue;
    }

    const when = new Date(modifiedAt ?? Date.now());
    const year = when.getUTCFullYear();
    const refMonth = when.getUTCMonth();
    let parser: LineParser | null = opts.format && opts.format !== 'auto' && opts.format !== 'pcap' ? PARSERS[opts.format](collector) : null;
    const waiting: Array<{ text: string; cut: boolean; no: number }> = [];
    let lineNo = 0;
    let fileUnderstood = 0;
    const feed = (text: string, cut: boolean, no: number): void => {
      const r = parser!.feed(text, () => lineTime(text, year, refMonth));
      if (r === 'understood') {
        lines.understood++;
        fileUnderstood++;
      } else if (r !== 'ignored') {
        lines.malformed++;
        problem(`${name}:${no}`, cut ? `${r.malformed}; the file ends mid-line` : r.malformed);
      }
    };
    try {
      await readLines(
        source.src,
        head,
        {
          line(text, cut) {
            lineNo++;
            lines.read++;
            if (parser) return feed(text, cut, lineNo);
            waiting.push({ text, cut, no: lineNo });
            const fmt = formatOfLine(text);
            if (fmt) parser = PARSERS[fmt](collector);
            else if (waiting.length < DETECT_LINES) return;
            else {
              waiting.length = 0;
              return;
            }
            for (const w of waiting.splice(0)) feed(w.text, w.cut, w.no);
          },
          tooLong() {
            lineNo++;
            lines.read++;
            lines.malformed++;
            problem(`${name}:${lineNo}`, `a line longer than ${MAX_LINE / 1024} KiB: skipped`);
          },
        },
        progress,
        opts.signal,
      );
    } catch (e) {
      if (e instanceof ReadCancelled) throw e;
      problem(name, `could not be read to the end (${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}); what came before is used`);
    }
    if (!parser) {
      problem(name, `no line of a known log format (Orthanc, DCMTK, dcm4chee-arc) in its first ${DETECT_LINES} lines: give --format, or check the server logs associations (Orthanc --verbose, DCMTK -v -d)`);
      continue;
    }
    for (const reason of (parser).end()) problem(name, reason);
    if (fileUnderstood === 0) problem(name, 'no association in it (is the server logging verbosely?)');
  }
  if (collector.dropped > 0) problem('(all files)', `more than ${collector.size} distinct peers: ${collector.dropped} later observations of new peers were not kept`);
  if (moreProblems > 0) problems.push({ at: '(all files)', reason: `${moreProblems} more problems not listed` });
  return { lines, problems, servers: collector.result() };
}

async function learnCapture(
  source: LearnSource,
  head: Uint8Array,
  collector: PeerCollector,
  opts: LearnOptions,
  progress: (n: number) => void,
  problem: (at: string, reason: string) => void,
  lines: LearnResult['lines'],
): Promise<void> {
  const name = source.name;
  const bin = opts.tshark === false ? null : tsharkPath();
  let tsharkWhy: string | null = null;
  if (bin) {
    let tmp: string | null = null;
    try {
      let path: string;
      if ('path' in source.src) path = source.src.path;
      else {
        tmp = mkdtempSync(join(tmpdir(), 'collimator-capture-'));
        path = join(tmp, basename(name).replace(/[^\w.-]/g, '_') || 'capture.pcap');
        writeFileSync(path, source.src.bytes, { mode: 0o600 });
      }
      if (!isCapture(innerHead(head))) {
        // tshark reads many formats, and answers nothing (exit 0) for a file it reads no packet from.
        const probe = new PeerCollector();
        const p = await readCaptureWithTshark(bin, path, probe, opts.signal);
        if (p.pdus === 0) throw new TsharkError('tshark reads no DICOM packet from it');
      }
      const r = await readCaptureWithTshark(bin, path, collector, opts.signal);
      lines.read += r.pdus;
      lines.understood += r.pdus;
      if (r.open > 0) problem(name, `${r.open} association(s) without an answer in the capture: not counted`);
      return;
    } catch (e) {
      if (e instanceof ReadCancelled || opts.signal?.aborted) throw new ReadCancelled();
      tsharkWhy = e instanceof TsharkError ? e.message : `tshark failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  }
  try {
    const r = await readCapture(source.src, head, collector, progress, opts.signal);
    lines.read += r.packets;
    lines.understood += r.pdus;
    lines.malformed += r.malformed;
    if (r.malformed > 0) problem(name, `${r.malformed} packet(s) could not be decoded (cut short, or an unknown link type)`);
    if (r.open > 0) problem(name, `${r.open} association(s) without an answer in the capture: not counted`);
  } catch (e) {
    if (e instanceof ReadCancelled) throw e;
    const why = e instanceof CaptureError ? e.message : e instanceof Error ? e.message : String(e);
    problem(name, `neither tshark nor the built-in reader can read it (${tsharkWhy ?? (bin ? 'tshark failed' : 'tshark is not installed')}; built-in reader: ${why})`);
  }
}

/** Several results as one (counts added, servers and peers merged). */
export function mergeResults(results: readonly LearnResult[]): LearnResult {
  const lines = { read: 0, understood: 0, malformed: 0 };
  const problems: LearnProblem[] = [];
  const collector = new PeerCollector();
  for (const r of results) {
    lines.read += r.lines.read;
    lines.understood += r.lines.understood;
    lines.malformed += r.lines.malformed;
    problems.push(...r.problems);
    for (const s of r.servers) {
      for (const p of s.peers) {
        const at = p.firstSeen === null ? null : Date.parse(p.firstSeen);
        collector.add({ host: s.host, port: s.port, calledAe: s.calledAe, callingAe: p.callingAe, address: p.address, accepted: p.accepted, at, operations: p.operations, count: p.count });
        if (p.lastSeen !== null) collector.add({ host: s.host, port: s.port, calledAe: s.calledAe, callingAe: p.callingAe, address: p.address, accepted: p.accepted, at: Date.parse(p.lastSeen), count: 0 });
      }
    }
  }
  return { lines, problems, servers: collector.result() };
}
