/**
 * One import command: every file parsed as a stream and staged, then all of it stored
 * in one transaction, or nothing (a file unreadable or unsafe, `--strict` and a bad
 * record, cancelled). An import never starts a scan.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Store, InternetStaging } from '../store';
import { ImportCancelledError, StrictImportError, UnsafeFileError } from './errors';
import type { ImportInput } from './input';
import type { ImportLimits } from './limits';
import { parseImport } from './parse';
import type { ImportFormat, ImportProblem, Observation, ObservationKind } from './types';

/** One service of the `--json` answer's `observations`. */
export interface ImportedService {
  host: string;
  port: number;
  transport: 'tcp' | 'udp';
  kind: ObservationKind;
  source: ImportFormat;
  observedAt: string;
  product: string | null;
}

export interface ImportOptions {
  format?: ImportFormat | 'auto';
  strict?: boolean;
  signal?: AbortSignal;
  limits?: Partial<ImportLimits>;
  /** Keep every open service for the answer (the CLI's --json); off for very large files. */
  collect?: boolean;
  /** Most problems listed (all are counted). */
  maxProblems?: number;
  now?: () => Date;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  file: string;
  fileIndex: number;
  files: number;
  bytesRead: number;
  size: number | undefined;
  records: number;
  observations: number;
}

export interface ImportSummary {
  /** The format of the first file (all files of one command are reported together). */
  format: ImportFormat | null;
  formats: ImportFormat[];
  /** Records read: Censys host documents, Shodan banners, nmap hosts. */
  read: number;
  /** Observations stored. */
  imported: number;
  /** Bad records (or services in them) skipped. */
  skipped: number;
  problems: ImportProblem[];
  observations: ImportedService[];
  imports: Array<{ id: string; file: string; sha256: string; format: ImportFormat }>;
}

/** Observations per staging call (one small transaction on the TEMP table each; about 1.5 MB held at most). */
const BATCH = 5000;

export async function importFiles(store: Store, inputs: readonly ImportInput[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const maxProblems = opts.maxProblems ?? 1000;
  const summary: ImportSummary = { format: null, formats: [], read: 0, imported: 0, skipped: 0, problems: [], observations: [], imports: [] };
  const staged: Array<{ staging: InternetStaging; meta: { id: string; fileName: string; fileSha256: string; format: ImportFormat; recordsRead: number; skipped: number } }> = [];
  const pending: InternetStaging[] = [];
  try {
    for (const [fileIndex, input] of inputs.entries()) {
      let size: number | undefined;
      if ('path' in input) {
        try {
          const st = await stat(input.path);
          if (!st.isFile()) throw new UnsafeFileError(`${input.name}: not a file`);
          size = st.size;
        } catch (e) {
          if (e instanceof UnsafeFileError) throw e;
          const code = (e as { code?: string }).code;
          throw new UnsafeFileError(`${input.name}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable (permission denied)' : 'cannot be read'}`);
        }
      }
      const id = randomUUID();
      let records = 0;
      let skipped = 0;
      let batch: Observation[] = [];
      let staging: InternetStaging | undefined;
      const progress = (bytesRead: number, total: number | undefined): void =>
        opts.onProgress?.({ file: input.name, fileIndex, files: inputs.length, bytesRead, size: total, records, observations: (staging?.count ?? 0) + batch.length });
      const run = parseImport(input, {
        ...(opts.format ? { format: opts.format } : {}),
        ...(opts.limits ? { limits: opts.limits } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(size !== undefined ? { size } : {}),
        onProgress: (p) => progress(p.bytesRead, p.size),
      });
      for await (const recs of run.batches) for (const rec of recs) {
        records++;
        if (rec.problems.length > 0) {
          if (opts.strict) throw new StrictImportError(`${input.name}: ${rec.problems[0]!.at}: ${rec.problems[0]!.reason} (--strict: nothing imported)`);
          skipped += rec.problems.length;
          for (const p of rec.problems) if (summary.problems.length < maxProblems) summary.problems.push({ at: inputs.length > 1 ? `${input.name}: ${p.at}` : p.at, reason: p.reason });
        }
        for (const o of rec.observations) {
          batch.push(o);
          if (opts.collect && o.state === 'open') summary.observations.push({ host: o.host, port: o.port, transport: o.transport, kind: o.kind, source: o.source, observedAt: o.observedAt, product: o.product });
        }
        if (batch.length >= BATCH) {
          if (!staging) {
            staging = store.internet.stage(id);
            pending.push(staging);
          }
          staging.add(batch);
          batch = [];
        }
      }
      const format = run.format();
      if (!format) throw new UnsafeFileError(`${input.name}: no record in a known format (Censys, Shodan, nmap XML)`);
      const sha256 = run.read.sha256();
      if (!staging) {
        staging = store.internet.stage(id);
        pending.push(staging);
      }
      staging.add(batch);
      batch = []; // now counted in staging.count (the last progress counted them twice: 844 of 422)
      progress(run.read.bytesRead, run.read.size);
      staged.push({ staging, meta: { id, fileName: input.name, fileSha256: sha256, format, recordsRead: records, skipped } });
      summary.read += records;
      summary.skipped += skipped;
      if (!summary.formats.includes(format)) summary.formats.push(format);
      summary.imports.push({ id, file: input.name, sha256, format });
    }
    if (opts.signal?.aborted) throw new ImportCancelledError();
    const importedAt = (opts.now?.() ?? new Date()).toISOString();
    store.db.transaction(() => {
      for (const s of staged) summary.imported += s.staging.commit({ ...s.meta, importedAt }).observations;
    })();
    summary.format = summary.formats[0] ?? null;
    return summary;
  } finally {
    for (const s of pending) s.discard();
  }
}
