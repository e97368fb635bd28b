/**
 * One import file, parsed as a stream: format detected (or given), records read one
 * at a time, each turned into observations or named as a bad record. Memory is
 * bounded by the record limit, whatever the file's size.
 */
import { censysRecord, isCensysDocument } from './censys';
import { UnsafeFileError } from './errors';
import { readDecoded, type ImportInput, type ReadState } from './input';
import { DEFAULT_LIMITS, type ImportLimits } from './limits';
import { nmapHosts } from './nmap';
import { jsonRecordBatches } from './records';
import { isShodanBanner, shodanRecord } from './shodan';
import { shodanBytes } from './shodan-fast';
import type { ImportFormat, ImportProblem, Observation } from './types';
import { xmlEvents } from './xml';

export interface ParseOptions {
  format?: ImportFormat | 'auto';
  limits?: Partial<ImportLimits>;
  signal?: AbortSignal;
  /** Called as the file is read (bytes of the file, not inflated). */
  onProgress?: (p: { bytesRead: number; size: number | undefined }) => void;
  size?: number;
}

/** One record's worth: a Censys host document, a Shodan banner, an nmap <host>. */
export interface ParsedRecord {
  at: string;
  observations: Observation[];
  problems: ImportProblem[];
}

export interface ParseRun {
  /** The format, known after the first record. */
  format(): ImportFormat | undefined;
  read: ReadState;
  records: AsyncGenerator<ParsedRecord>;
  /** The same records, a batch at a time (what the import reads: fewer awaits). Use one of the two. */
  batches: AsyncGenerator<ParsedRecord[]>;
}

function jsonFormat(doc: unknown): ImportFormat | undefined {
  if (isShodanBanner(doc)) return 'shodan';
  if (isCensysDocument(doc)) return 'censys';
  return undefined;
}

export function parseImport(input: ImportInput, opts: ParseOptions = {}): ParseRun {
  const limits: ImportLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const { state, chunks } = readDecoded(input, {
    limits,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.size !== undefined ? { size: opts.size } : {}),
    onRead: (s) => opts.onProgress?.({ bytesRead: s.bytesRead, size: s.size }),
  });
  let format: ImportFormat | undefined = opts.format === 'auto' ? undefined : opts.format;

  async function* batches(): AsyncGenerator<ParsedRecord[]> {
    // Peek at the first byte that is not white space: `<` is XML, anything else JSON.
    const it = chunks[Symbol.asyncIterator]();
    const held: Buffer[] = [];
    let firstByte: number | undefined;
    for (;;) {
      const n = await it.next();
      if (n.done) break;
      held.push(n.value);
      const i = n.value.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf);
      if (i !== -1) {
        firstByte = n.value[i];
        break;
      }
    }
    if (firstByte === undefined) throw new UnsafeFileError(`${input.name}: the file is empty`);
    const all = (async function* (): AsyncGenerator<Buffer> {
      try {
        yield* held;
        for (;;) {
          const n = await it.next();
          if (n.done) return;
          yield n.value;
        }
      } finally {
        // Stopped early (a bad record with --strict, a refused line): the reader stops too.
        await it.return?.(undefined);
      }
    })();

    if (firstByte === 0x3c /* < */) {
      if (format !== undefined && format !== 'nmap') throw new UnsafeFileError(`${input.name}: this is XML, not a ${format} export`);
      format = 'nmap';
      for await (const item of nmapHosts(xmlEvents(all, input.name, limits.maxRecordBytes, limits.maxXmlDepth))) {
        if (item.kind === 'not-nmap') throw new UnsafeFileError(`${input.name}: XML, but not nmap's (-oX) output`);
        yield [{ at: item.at, observations: item.observations, problems: item.problems }];
      }
      return;
    }
    if (format === 'nmap') throw new UnsafeFileError(`${input.name}: not XML, so not nmap's -oX output`);
    for await (const batch of jsonRecordBatches(all, input.name, limits.maxRecordBytes)) {
      const out: ParsedRecord[] = [];
      for (const rec of batch) {
        const at = `line ${rec.line}`;
        let doc: unknown;
        try {
          // Shodan banners are mostly free text: once the format is known, only the fields read are decoded.
          doc = (format === 'shodan' ? shodanBytes(rec.buf, rec.start, rec.end) : undefined) ?? JSON.parse(rec.buf.toString('utf8', rec.start, rec.end));
        } catch {
          out.push({ at, observations: [], problems: [{ at, reason: 'not valid JSON' }] });
          continue;
        }
        if (format === undefined) {
          format = jsonFormat(doc);
          if (format === undefined) {
            out.push({ at, observations: [], problems: [{ at, reason: 'neither a Censys host document nor a Shodan banner' }] });
            continue;
          }
        }
        const r = format === 'shodan' ? shodanRecord(doc, at) : censysRecord(doc, at);
        out.push({ at, observations: r.observations, problems: r.problems });
      }
      yield out;
    }
  }

  async function* records(): AsyncGenerator<ParsedRecord> {
    for await (const batch of batchRun) yield* batch;
  }

  const batchRun = batches();
  return { format: () => format, read: state, records: records(), batches: batchRun };
}
