/**
 * The app's side of the internet's view (issue 13): imports of Censys, Shodan and nmap
 * exports (the renderer sends a file's bytes in pieces, written to a temporary file in
 * this user's private upload folder, swept of crash leftovers at start, then parsed as a stream exactly as `collimator import` does), progress events,
 * the reconcile table, its CSV, the address mappings, a server's exposure.internet
 * finding. An import never starts a scan.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { InvokeArg, InvokeValue } from '../../shared/contract';
import { DEFAULT_STALE_DAYS, type InternetImportResult, type InternetView } from '../../shared/internet';
import { ImportCancelledError, StrictImportError, UnsafeFileError } from '../internet/errors';
import { attachClosure, attachedClosures, ClosureRefusedError } from '../internet/closure';
import { internetFindingFor } from '../internet/finding';
import { importFiles } from '../internet/import';
import { reconcile } from '../internet/reconcile';
import { reconcileCsv } from '../internet/reconcile-csv';
import { StoreError, type Store } from '../store';
import { canonicalAddress } from '../../shared/host';
import { AppError } from './errors';
import type { EventSink } from './events';
import { newUploadDir, sweepStaleUploads, uploadRoot, type SweepResult } from './upload-temp';

interface Pending {
  req: InvokeArg<'internet:import-begin'>;
  dir: string;
  paths: string[];
  written: number[];
  ac: AbortController;
  running: boolean;
}

const MAX_PENDING = 4;

export class InternetManager {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly store: Store,
    private readonly emit: EventSink,
    private readonly now: () => Date = () => new Date(),
    /** This user's private upload folder (upload-temp.ts). */
    private readonly uploads: string = uploadRoot(),
  ) {}

  /** Removes the uploads a crash left behind (older than an hour), at start. */
  sweepStaleUploads(): SweepResult {
    return sweepStaleUploads(this.uploads, { now: this.now() });
  }

  begin(req: InvokeArg<'internet:import-begin'>): InvokeValue<'internet:import-begin'> {
    if (this.pending.has(req.importId)) throw new AppError('invalid-argument', 'importId: an import with this id exists already');
    if (this.pending.size >= MAX_PENDING) throw new AppError('busy', `at most ${MAX_PENDING} imports at once: wait for one to finish`);
    const dir = newUploadDir(this.uploads);
    const paths = req.files.map((_, i) => path.join(dir, `file-${i}`));
    for (const p of paths) closeSync(openSync(p, 'wx', 0o600));
    this.pending.set(req.importId, { req, dir, paths, written: req.files.map(() => 0), ac: new AbortController(), running: false });
    return { importId: req.importId };
  }

  chunk(req: InvokeArg<'internet:import-chunk'>): InvokeValue<'internet:import-chunk'> {
    const p = this.get(req.importId);
    if (p.running) throw new AppError('busy', 'this import is already running');
    const file = p.req.files[req.fileIndex];
    if (!file) throw new AppError('invalid-argument', 'fileIndex: no such file in this import');
    if (req.offset !== p.written[req.fileIndex]) throw new AppError('invalid-argument', `offset: expected ${p.written[req.fileIndex]}, got ${req.offset} (pieces come in order)`);
    const bytes = Buffer.from(req.data, 'base64');
    if (req.offset + bytes.length > file.size) throw new AppError('invalid-argument', 'data: more bytes than the file size given at the start');
    const fd = openSync(p.paths[req.fileIndex]!, 'a');
    try {
      writeSync(fd, bytes);
    } finally {
      closeSync(fd);
    }
    p.written[req.fileIndex] = req.offset + bytes.length;
    return { received: p.written[req.fileIndex]! };
  }

  async finish(req: InvokeArg<'internet:import-finish'>): Promise<InternetImportResult> {
    const p = this.get(req.importId);
    if (p.running) throw new AppError('busy', 'this import is already running');
    const missing = p.req.files.findIndex((f, i) => p.written[i] !== f.size);
    if (missing !== -1) throw new AppError('invalid-argument', `${p.req.files[missing]!.name}: only ${p.written[missing]} of ${p.req.files[missing]!.size} bytes arrived`);
    p.running = true;
    let last = 0;
    try {
      const summary = await importFiles(
        this.store,
        p.req.files.map((f, i) => ({ name: f.name, path: p.paths[i]! })),
        {
          format: p.req.format,
          strict: p.req.strict,
          signal: p.ac.signal,
          now: this.now,
          onProgress: (x) => {
            const t = Date.now();
            if (t - last < 100 && x.bytesRead !== x.size) return;
            last = t;
            this.emit('internet:progress', { importId: req.importId, file: x.file, fileIndex: x.fileIndex, files: x.files, bytesRead: x.bytesRead, size: x.size ?? null, observations: x.observations });
          },
        },
      );
      const at = this.now().toISOString();
      for (const m of p.req.maps ?? []) this.store.internet.setMapping(m.publicHost, m.insideHost, at);
      return { importId: req.importId, format: summary.format, read: summary.read, imported: summary.imported, skipped: summary.skipped, problems: summary.problems };
    } catch (e) {
      if (e instanceof ImportCancelledError) throw new AppError('invalid-argument', 'the import was cancelled; nothing imported');
      if (e instanceof UnsafeFileError || e instanceof StrictImportError) throw new AppError('invalid-argument', `${e.message}; nothing imported`);
      throw e;
    } finally {
      this.drop(req.importId);
    }
  }

  cancel(req: InvokeArg<'internet:import-cancel'>): InvokeValue<'internet:import-cancel'> {
    const p = this.pending.get(req.importId);
    if (!p) return { cancelled: false };
    p.ac.abort();
    if (!p.running) this.drop(req.importId);
    return { cancelled: true };
  }

  view(req: InvokeArg<'internet:view'>): InternetView {
    const mappings = this.store.internet.listMappings();
    const table = reconcile({ observations: this.store.internet.listObservations(), inside: this.store.internet.insideServices(), mappings, now: this.now(), staleDays: req.staleDays ?? DEFAULT_STALE_DAYS });
    return {
      ...table,
      mappings: mappings.map((m) => ({ publicHost: m.publicHost, insideHost: m.insideHost })),
      imports: this.store.internet.listImports().map((i) => ({ id: i.id, importedAt: i.importedAt, fileName: i.fileName, fileSha256: i.fileSha256, format: i.format, observations: i.observations, skipped: i.skipped })),
    };
  }

  csv(req: InvokeArg<'internet:export-csv'>): InvokeValue<'internet:export-csv'> {
    const t = this.view(req);
    return { fileName: `collimator-internet-view-${t.at.slice(0, 10)}.csv`, text: reconcileCsv(t) };
  }

  mapSet(req: InvokeArg<'internet:map-set'>): InvokeValue<'internet:map-set'> {
    this.store.internet.setMapping(req.publicHost, req.insideHost, this.now().toISOString());
    return this.mappings();
  }

  mapRemove(req: InvokeArg<'internet:map-remove'>): InvokeValue<'internet:map-remove'> {
    this.store.internet.removeMapping(req.publicHost);
    return this.mappings();
  }

  finding(req: InvokeArg<'internet:finding'>): InvokeValue<'internet:finding'> {
    return { check: internetFindingFor(this.store, req.host, req.port, this.now())?.check ?? null };
  }

  /** Issue 13: attach what the reconcile table shows closed to the server's next record; a refusal writes nothing. */
  attachClosure(req: InvokeArg<'internet:attach-closure'>): InvokeValue<'internet:attach-closure'> {
    const publicHost = canonicalAddress(req.publicHost) ?? req.publicHost;
    try {
      return attachClosure(this.store, { publicHost, port: req.port, by: req.by, ...(req.server ? { server: req.server } : {}) }, this.now());
    } catch (e) {
      if (e instanceof ClosureRefusedError || e instanceof StoreError) throw new AppError('invalid-argument', `${e.message}; nothing attached`);
      throw e;
    }
  }

  closures(): InvokeValue<'internet:closures'> {
    return { closures: attachedClosures(this.store) };
  }

  /** Cancels every import and removes their temporary files (quitting). */
  stopAll(): void {
    for (const [id, p] of this.pending) {
      p.ac.abort();
      if (!p.running) this.drop(id);
    }
  }

  private mappings(): InvokeValue<'internet:map-set'> {
    return this.store.internet.listMappings().map((m) => ({ publicHost: m.publicHost, insideHost: m.insideHost }));
  }

  private get(importId: string): Pending {
    const p = this.pending.get(importId);
    if (!p) throw new AppError('not-found', 'no such import (it finished, was cancelled, or never began)');
    return p;
  }

  private drop(importId: string): void {
    const p = this.pending.get(importId);
    if (!p) return;
    this.pending.delete(importId);
    rmSync(p.dir, { recursive: true, force: true });
  }
}
