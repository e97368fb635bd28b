/**
 * The scans the app is running: starts the engine in the background, saves each
 * service as it is judged, forwards progress as events, and cancels through an
 * AbortController. One instance per app (or per web bridge).
 */
import { randomUUID } from 'node:crypto';
import type { ScanStartRequest, ScanSummary } from '../../shared/contract';
import { addFails, noFails } from '../../shared/fails';
import type { InventoryNode, ScanMeta, ScanProgress, ScanReport, ServiceResult } from '../../shared/types';
import type { ProbeOptions } from '../engine/types';
import { AppError } from './errors';
import type { EventSink } from './events';
import type { ScanStore } from './scan-store';

/** The engine's scan request (electron/engine/scan.ts), as far as the app fills it. */
export interface EngineScanRequest {
  targets: string[];
  ports: number[];
  options: ProbeOptions;
  allowLargeScope?: boolean;
  allowPublic?: boolean;
  scanId?: string;
}

/** The engine's hooks: `onStart` fires once the scope is accepted, before any traffic. */
export interface EngineHooks {
  signal?: AbortSignal;
  onStart?(meta: Pick<ScanMeta, 'id' | 'startedAt'> & Partial<ScanMeta>): void;
  onProgress?(p: ScanProgress): void;
  onService?(s: ServiceResult): void;
}

/** What the manager needs from the engine and the inventory parser; real-deps.ts passes the real ones. */
export interface ScanEngine {
  runScan(req: EngineScanRequest, hooks: EngineHooks): Promise<ScanReport>;
  defaultProbeOptions(partial: Partial<ProbeOptions>): ProbeOptions;
  /** The default port list (spec/cli.md `--ports`). */
  defaultPorts: readonly number[];
  /** Parses an inventory CSV; throws an Error whose message names the bad line. */
  parseInventoryCsv(text: string): InventoryNode[];
  /** Key of `ProbeOptions.calledAes` for a host and port. */
  calledAeKey(host: string, port: number): string;
}

/** At most this many scans at once: each one already sweeps with its own concurrency. */
export const MAX_RUNNING_SCANS = 4;

interface Running {
  controller: AbortController;
  summary: ScanSummary;
}


export class ScanManager {
  readonly #running = new Map<string, Running>();
  readonly #finished = new Set<Promise<void>>();

  constructor(
    private readonly engine: ScanEngine,
    private readonly store: ScanStore,
    private readonly emit: EventSink,
  ) {}

  /**
   * Starts a scan and answers once the engine accepted the scope (so bad scope is an
   * error here, and nothing was sent). The scan then runs on in the background.
   */
  async start(req: ScanStartRequest): Promise<{ scanId: string }> {
    if (this.#running.size >= MAX_RUNNING_SCANS) {
      throw new AppError('busy', `${MAX_RUNNING_SCANS} scans are already running; wait for one to finish or cancel it`);
    }
    const scanId = randomUUID();
    const engineReq = this.#engineRequest(req, scanId);
    const controller = new AbortController();
    const summary: ScanSummary = {
      id: scanId,
      state: 'running',
      startedAt: new Date().toISOString(),
      vantage: req.vantage,
      targets: req.targets,
      ports: engineReq.ports,
      services: 0,
      fail: noFails(),
    };

    let started = false;
    let markStarted!: () => void;
    const accepted = new Promise<void>((resolve) => (markStarted = resolve));
    const begin = (startedAt?: string): void => {
      if (started) return;
      started = true;
      if (startedAt) summary.startedAt = startedAt;
      this.#running.set(scanId, { controller, summary });
      this.store.beginScan({ id: scanId, startedAt: summary.startedAt, vantage: req.vantage, targets: req.targets, ports: engineReq.ports });
      markStarted();
    };

    const run = this.engine.runScan(engineReq, {
      signal: controller.signal,
      onStart: (meta) => begin(meta.startedAt),
      onProgress: (p) => {
        if (started) this.emit('scan:progress', { ...p, scanId });
      },
      onService: (s) => {
        begin();
        this.store.saveService(scanId, s);
        if (s.state === 'open') summary.services += 1;
        addFails(summary.fail, s);
        this.emit('scan:service', { scanId, service: s });
      },
    });

    // The scan either starts (onStart) or fails before it; whichever comes first answers the caller.
    const failedEarly = run.then(
      () => undefined,
      (err: unknown) => (started ? undefined : err),
    );
    const first = await Promise.race([accepted.then(() => undefined), failedEarly]);
    if (first !== undefined) throw this.#startError(first);
    if (!started) begin(); // the engine resolved without calling onStart

    const done = run.then(
      (report) => this.#end(scanId, summary, { cancelled: report.scan.cancelled === true || controller.signal.aborted, report }),
      (err: unknown) => this.#end(scanId, summary, { cancelled: controller.signal.aborted, error: controller.signal.aborted ? undefined : messageOf(err) }),
    );
    this.#finished.add(done);
    void done.finally(() => this.#finished.delete(done));
    return { scanId };
  }

  /** Asks a running scan to stop; it ends with `scan:finished` (cancelled). False when it is not running. */
  cancel(scanId: string): { cancelled: boolean } {
    const r = this.#running.get(scanId);
    if (!r) {
      if (this.store.getScan(scanId) === undefined) throw new AppError('not-found', `no scan with id ${scanId}`);
      return { cancelled: false };
    }
    r.controller.abort();
    return { cancelled: true };
  }

  /** Running scans first (their live counts), then the stored history, most recent first. */
  list(): ScanSummary[] {
    const live = [...this.#running.values()].map((r) => ({ ...r.summary, fail: { ...r.summary.fail } }));
    const ids = new Set(live.map((s) => s.id));
    return [...live, ...this.store.listScans().filter((s) => !ids.has(s.id))];
  }

  get(scanId: string): ScanReport {
    const report = this.store.getScan(scanId);
    if (!report) throw new AppError('not-found', `no scan with id ${scanId}`);
    return report;
  }

  isRunning(scanId: string): boolean {
    return this.#running.has(scanId);
  }

  /** Cancels every scan and waits until each has saved its end (at most `timeoutMs`). */
  async stopAll(timeoutMs = 5000): Promise<void> {
    for (const r of this.#running.values()) r.controller.abort();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.#finished]), timeout]);
    clearTimeout(timer);
  }

  #engineRequest(req: ScanStartRequest, scanId: string): EngineScanRequest {
    let inventory: InventoryNode[] = [];
    if (req.inventoryCsv !== undefined && req.inventoryCsv.trim() !== '') {
      try {
        inventory = this.engine.parseInventoryCsv(req.inventoryCsv);
      } catch (err) {
        throw new AppError('invalid-argument', `inventoryCsv: ${messageOf(err)}`);
      }
    }
    const calledAes = new Map(req.calledAes.map((c) => [this.engine.calledAeKey(c.host, c.port), c.aet] as const));
    const options = this.engine.defaultProbeOptions({
      calledAes,
      inventory,
      vantage: { label: req.vantage.label.trim(), untrusted: req.vantage.untrusted },
      ...(req.callingAe !== undefined ? { callingAe: req.callingAe } : {}),
    });
    return {
      targets: req.targets,
      ports: req.ports ?? [...this.engine.defaultPorts],
      options,
      scanId,
      ...(req.allowLargeScope !== undefined ? { allowLargeScope: req.allowLargeScope } : {}),
      ...(req.allowPublic !== undefined ? { allowPublic: req.allowPublic } : {}),
    };
  }

  #startError(err: unknown): AppError {
    if (err instanceof AppError) return err;
    // ScopeError (electron/engine): matched by name so the manager does not depend on the engine's module.
    if (err instanceof Error && err.name === 'ScopeError') return new AppError('scope-refused', err.message);
    return new AppError('internal', `the scan could not start: ${messageOf(err)}`);
  }

  #end(scanId: string, summary: ScanSummary, how: { cancelled: boolean; report?: ScanReport; error?: string | undefined }): void {
    this.#running.delete(scanId);
    const end = { finishedAt: new Date().toISOString(), cancelled: how.cancelled, ...(how.error !== undefined ? { error: how.error } : {}) };
    try {
      this.store.finishScan(scanId, end);
    } catch (err) {
      console.error(`collimator: could not save the end of scan ${scanId}: ${messageOf(err)}`);
    }
    const counted = how.report?.summary ?? { services: summary.services, fail: summary.fail };
    this.emit('scan:finished', { scanId, cancelled: how.cancelled, ...(how.error !== undefined ? { error: how.error } : {}), summary: counted });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
