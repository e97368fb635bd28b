/**
 * The scans the app is running: each one goes through the one scan path
 * (electron/scan-run.ts, as `collimator scan` does) in the background; the manager
 * keeps only the app's side: the caller's scan id, live counts, progress as events,
 * cancelling through an AbortController. One instance per app (or per web bridge).
 */
import { CheckSelectionError, selectionFrom, type CheckSelection } from '../../shared/check-selection';
import type { ScanStartRequest, ScanSummary } from '../../shared/contract';
import { addFails, noFails } from '../../shared/fails';
import type { InventoryNode, ScanReport } from '../../shared/types';
import { CalledAeError, planScan, runScanPlan, type Resolver, type ScanEngineFn, type ScanPlan, type ScanRunEnd, type ScanRunRequest } from '../scan-run';
import { AppError } from './errors';
import type { EventSink } from './events';
import { publicScopeGate, refusePublicScope, type PublicScopeGate } from './public-scope';
import type { ScanStore } from './scan-store';

/** The engine side of the app's scans; real-deps.ts gives the real one, tests a scripted one. */
export interface ScanEngine {
  /** The engine's entry point; absent: the real one (electron/engine/scan.ts runScan). */
  runScan?: ScanEngineFn;
  /** Resolves the host names among the targets; absent: the system's resolver. */
  resolve?: Resolver;
  /** Parses an inventory CSV; throws an Error whose message names the bad line. */
  parseInventoryCsv(text: string): InventoryNode[];
}

/** At most this many scans at once: each one already sweeps with its own concurrency. */
export const MAX_RUNNING_SCANS = 4;

interface Running {
  controller: AbortController;
  summary: ScanSummary;
}


export class ScanManager {
  readonly #running = new Map<string, Running>();
  /** Ids asked for and not yet running (planning, or waiting for the engine's start). */
  readonly #starting = new Set<string>();
  readonly #finished = new Set<Promise<void>>();

  constructor(
    private readonly engine: ScanEngine,
    private readonly store: ScanStore,
    private readonly emit: EventSink,
    /** Public targets are confirmed by a person (never by the request) [refused]. */
    private readonly publicScope: PublicScopeGate = publicScopeGate(refusePublicScope),
  ) {}

  /**
   * Starts the scan under the caller's id and answers once the engine accepted the scope
   * (so bad scope is an error here, and nothing was sent). The scan then runs on in the
   * background; its events carry that id, which the caller knew before asking.
   */
  async start(req: ScanStartRequest): Promise<{ scanId: string }> {
    const { scanId } = req;
    if (this.#running.size + this.#starting.size >= MAX_RUNNING_SCANS) {
      throw new AppError('busy', `${MAX_RUNNING_SCANS} scans are already running; wait for one to finish or cancel it`);
    }
    // Checked and claimed with no await in between: two calls with one id cannot both pass.
    if (this.#running.has(scanId) || this.#starting.has(scanId) || this.store.getScan(scanId) !== undefined) {
      throw new AppError('invalid-argument', `scanId: a scan with id ${scanId} already exists; start a scan under a new id`);
    }
    this.#starting.add(scanId);
    try {
      const plan = await this.#plan(req);
      return await this.#run(scanId, plan);
    } finally {
      this.#starting.delete(scanId);
    }
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

  /** The form's request as the scan runner takes it, planned: scope checked, names resolved, titles keyed by address. */
  async #plan(req: ScanStartRequest): Promise<ScanPlan> {
    let inventory: InventoryNode[] = [];
    if (req.inventoryCsv !== undefined && req.inventoryCsv.trim() !== '') {
      try {
        inventory = this.engine.parseInventoryCsv(req.inventoryCsv);
      } catch (err) {
        throw new AppError('invalid-argument', `inventoryCsv: ${messageOf(err)}`);
      }
    }
    let selection: CheckSelection;
    try {
      selection = selectionFrom(req.profile, req.checks?.join(','));
    } catch (err) {
      if (err instanceof CheckSelectionError) throw new AppError('invalid-argument', `${req.checks !== undefined ? 'checks' : 'profile'}: ${err.message}`);
      throw err;
    }
    // Planned as if public targets were allowed, so the plan names them (names resolved once);
    // a person is asked about them below, before anything is sent.
    const runReq: ScanRunRequest = {
      scanId: req.scanId,
      allowPublic: true,
      targets: req.targets,
      ...(req.ports !== null ? { ports: req.ports } : {}),
      vantage: { label: req.vantage.label.trim(), untrusted: req.vantage.untrusted },
      calledAes: req.calledAes.map((c) => ({ ae: c.aet, host: c.host, port: c.port })),
      inventory,
      ...(req.callingAe !== undefined ? { probe: { callingAe: req.callingAe } } : {}),
      ...(req.allowLargeScope !== undefined ? { allowLargeScope: req.allowLargeScope } : {}),
      selection,
    };
    let plan: ScanPlan;
    try {
      plan = await planScan(runReq, this.engine.resolve);
    } catch (err) {
      if (err instanceof CalledAeError) throw new AppError('invalid-argument', `calledAes: ${err.message}`);
      throw this.#startError(err);
    }
    // A refusal throws scope-refused: nothing was sent. All private: nobody is asked.
    await this.publicScope.confirm(plan.publicTargets);
    return { ...plan, engine: { ...plan.engine, allowPublic: plan.publicTargets.length > 0 } };
  }

  /** Runs the plan in the background; resolves once the engine started it (or rejects when it could not). */
  async #run(scanId: string, plan: ScanPlan): Promise<{ scanId: string }> {
    const controller = new AbortController();
    const summary: ScanSummary = {
      id: scanId,
      state: 'running',
      startedAt: new Date().toISOString(),
      vantage: plan.vantage,
      targets: plan.engine.targets,
      ports: plan.engine.ports,
      services: 0,
      fail: noFails(),
    };
    let markStarted!: () => void;
    const accepted = new Promise<void>((resolve) => (markStarted = resolve));
    const run = runScanPlan(
      this.store,
      plan,
      {
        signal: controller.signal,
        onStart: (meta) => {
          summary.startedAt = meta.startedAt;
          this.#running.set(scanId, { controller, summary });
          markStarted();
        },
        onProgress: (p) => this.emit('scan:progress', { ...p, scanId }),
        onService: (s) => {
          if (s.state === 'open') summary.services += 1;
          addFails(summary.fail, s);
          this.emit('scan:service', { scanId, service: s });
        },
      },
      this.engine.runScan,
    );

    // The scan either starts (onStart) or fails before it; whichever comes first answers the caller.
    const failedEarly = run.then(
      (end) => (end.started ? undefined : new AppError('cancelled', 'the scan was stopped before it started')),
      (err: unknown) => err,
    );
    const first = await Promise.race([accepted.then(() => undefined), failedEarly]);
    if (first !== undefined) throw first instanceof AppError ? first : this.#startError(first);

    const done = run.then(
      (end) => this.#end(scanId, end),
      // The runner rejects only before the start, answered above; after it, it always resolves.
      (err: unknown) => console.error(`collimator: scan ${scanId}: ${messageOf(err)}`),
    );
    this.#finished.add(done);
    void done.finally(() => this.#finished.delete(done));
    return { scanId };
  }

  #startError(err: unknown): AppError {
    if (err instanceof AppError) return err;
    // ScopeError (electron/engine): matched by name so the manager does not depend on the engine's module.
    if (err instanceof Error && err.name === 'ScopeError') return new AppError('scope-refused', err.message);
    return new AppError('internal', `the scan could not start: ${messageOf(err)}`);
  }

  /** The end is recorded by the runner; announce it (with the error when it failed). */
  #end(scanId: string, end: ScanRunEnd): void {
    this.#running.delete(scanId);
    if (!end.started) return;
    if (end.storeError !== undefined) console.error(`collimator: scan ${scanId}: ${end.error ?? messageOf(end.storeError)}`);
    // A failed scan is not one the user cancelled: it says why instead (ScanFinished).
    const cancelled = end.cancelled && end.error === undefined;
    this.emit('scan:finished', { scanId, cancelled, ...(end.error !== undefined ? { error: end.error } : {}), summary: end.report.summary });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
