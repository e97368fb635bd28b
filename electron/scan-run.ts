/**
 * One scan end to end, shared by `collimator scan` and the app (the sibling of
 * remediation/verify-run.ts). Each front parses its own input (flags and files, or
 * the form's validated request) into a ScanRunRequest and keeps only its
 * presentation; everything between the request and the stored result is here:
 *
 * 1. planScan: the scope is parsed and its host names resolved ONCE; called AE titles
 *    and inventory rows given for a host name are keyed by the addresses it resolved
 *    to (the engine looks titles up by the address it dials), literal addresses are
 *    written canonically. Nothing is sent or written yet.
 * 2. runScanPlan: the engine runs the plan (with the names already resolved, so it
 *    scans exactly the addresses the titles were keyed by); the scan is recorded as
 *    it goes (begun at the engine's start, each service as its checks are final) and
 *    its end is recorded and reported, with the error when it failed.
 *
 * The per-host association limit is not set up here: the engine takes every host
 * slot from the process-wide limiter (engine/limits.ts PROCESS_HOST_LIMITER), so
 * scans started by either front, and re-checks, share it.
 *
 * Layering: imports shared/, engine/, store/ and remediation/ only; never cli/ or services/.
 */
import type { InventoryNode, ScanProgress, ScanReport, ServiceResult, Vantage } from '../shared/types';
import { CheckSelection } from '../shared/check-selection';
import { countFails } from '../shared/fails';
import { calledAeKey, canonicalAddress } from '../shared/host';
import { defaultProbeOptions } from './engine/options';
import { DEFAULT_PORTS } from './engine/ports';
import type { ScanHooks, ScanRequest } from './engine/scan';
import { parseScope, type ExpandedScope } from './engine/scope';
import type { ProbeOptions } from './engine/types';
import type { ScansRepo } from './store';

/** A called AE title the user gave: the server at host:port answers to `ae`. */
export interface CalledAeGiven {
  ae: string;
  /** An address, or a host name that is one of the targets; as typed (case does not matter). */
  host: string;
  port: number;
}

/** A scan as the fronts ask for it, each from its own validated input. */
export interface ScanRunRequest {
  /** Addresses, CIDR blocks, ranges or host names, as the user gave them. */
  targets: string[];
  /** Ports to try; absent: the default list (spec/cli.md `--ports`). */
  ports?: number[];
  /** Where the scan runs from. */
  vantage: Vantage;
  /** AE titles the user knows, per host:port as given. */
  calledAes: readonly CalledAeGiven[];
  /** Known DICOM nodes (`--inventory`, or the form's inventory file). */
  inventory: readonly InventoryNode[];
  /** The probe options the user gave; the rest are defaults. */
  probe?: Partial<Pick<ProbeOptions, 'callingAe' | 'optIn' | 'connectTimeoutMs' | 'ioTimeoutMs' | 'targetTimeoutMs' | 'tls'>>;
  /** Sweep bounds; absent: the engine's defaults. */
  concurrency?: number;
  ratePerSecond?: number;
  /** This scan's cap of DICOM associations open at once per host (`--per-host`) [1]. */
  perHostAssociations?: number;
  allowLargeScope?: boolean;
  allowPublic?: boolean;
  /** `--all`: closed and filtered ports are listed (and stored) too. */
  includeClosed?: boolean;
  /** The scan's id when the caller chose it (the app: the renderer's); absent: a new UUID. */
  scanId?: string;
  /**
   * Which checks run (`--checks` / `--profile`, the form's profile and check list);
   * absent: the whole catalog. The engine does not send what no selected check needs.
   */
  selection?: CheckSelection;
}

/** A request checked, resolved and keyed by address: what the engine runs. */
export interface ScanPlan {
  /** The engine's request; `engine.resolved` carries the names resolved while planning. */
  engine: ScanRequest;
  vantage: Vantage;
  /** Host names among the targets and the addresses each resolved to. */
  resolved: ReadonlyMap<string, readonly string[]>;
  /**
   * The targets outside private space (a host name with its public addresses). Non-empty
   * only when the request allowed public targets: the front asks a person about these
   * before it runs the plan, and withdraws `engine.allowPublic` when there are none.
   */
  publicTargets: string[];
}

/** A called AE title that cannot be keyed by an address. Each front words it for its own input. */
export class CalledAeError extends Error {
  override readonly name = 'CalledAeError';
  constructor(
    /** `not-a-target`: a host name that is none of the targets; `two-titles`: one server given two titles. */
    readonly kind: 'not-a-target' | 'two-titles',
    readonly given: CalledAeGiven,
    /** For `two-titles`: the address key and the title given first. */
    readonly clash?: { key: string; first: string },
  ) {
    super(
      kind === 'not-a-target'
        ? `host name ${given.host} of the called AE title ${given.ae} is not one of the targets; give its address instead`
        : `${clash?.key ?? given.host} is given two AE titles: ${clash?.first ?? '?'} and ${given.ae}`,
    );
  }
}

/** Resolves a host name to its addresses (the system's resolver by default). */
export type Resolver = (name: string) => Promise<string[]>;

/** Name as compared with the targets' names: case and a trailing dot do not matter. */
function sameName(a: string, b: string): boolean {
  const n = (s: string): string => s.toLowerCase().replace(/\.$/, '');
  return n(a) === n(b);
}

function resolvedOf(resolved: ReadonlyMap<string, readonly string[]>, name: string): readonly string[] | undefined {
  for (const [k, v] of resolved) if (sameName(k, name)) return v;
  return undefined;
}

/**
 * Called AE titles keyed by address. A host name must be one of the targets (its
 * resolved addresses are each keyed); throws CalledAeError otherwise, or when one
 * address and port are given two titles.
 */
export function keyCalledAes(given: readonly CalledAeGiven[], resolved: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of given) {
    const address = canonicalAddress(c.host);
    const hosts = address !== undefined ? [address] : resolvedOf(resolved, c.host);
    if (hosts === undefined) throw new CalledAeError('not-a-target', c);
    for (const h of hosts) {
      const key = calledAeKey(h, c.port);
      const first = map.get(key);
      if (first !== undefined && first !== c.ae) throw new CalledAeError('two-titles', c, { key, first });
      map.set(key, c.ae);
    }
  }
  return map;
}

/**
 * Inventory rows as the engine compares them with scanned services: literal addresses
 * canonical, a row for a target's host name once per address it resolved to. Rows
 * naming other hosts are the servers' peers: kept as given, never resolved.
 */
export function inventoryByAddress(nodes: readonly InventoryNode[], resolved: ReadonlyMap<string, readonly string[]>): InventoryNode[] {
  return nodes.flatMap((n) => {
    const address = canonicalAddress(n.host);
    if (address !== undefined) return [{ ...n, host: address }];
    const addrs = resolvedOf(resolved, n.host);
    return addrs ? addrs.map((a) => ({ ...n, host: a })) : [{ ...n }];
  });
}

/**
 * Step 1: check the scope (throws the engine's ScopeError, before any traffic), resolve
 * its names once, and key what the user knows by address (throws CalledAeError).
 */
export async function planScan(req: ScanRunRequest, resolve?: Resolver): Promise<ScanPlan> {
  const scope: ExpandedScope = await parseScope(req.targets, { allowLarge: req.allowLargeScope ?? false, allowPublic: req.allowPublic ?? false }, resolve);
  const calledAes = keyCalledAes(req.calledAes, scope.resolved);
  const options = defaultProbeOptions({
    ...req.probe,
    calledAes,
    inventory: inventoryByAddress(req.inventory, scope.resolved),
    vantage: req.vantage,
    selection: req.selection ?? CheckSelection.full(),
  });
  const engine: ScanRequest = {
    targets: req.targets,
    ports: req.ports ?? [...DEFAULT_PORTS],
    options,
    resolved: scope.resolved,
    allowLargeScope: req.allowLargeScope ?? false,
    allowPublic: req.allowPublic ?? false,
    ...(req.includeClosed !== undefined ? { includeClosed: req.includeClosed } : {}),
    ...(req.concurrency !== undefined ? { concurrency: req.concurrency } : {}),
    ...(req.ratePerSecond !== undefined ? { ratePerSecond: req.ratePerSecond } : {}),
    ...(req.perHostAssociations !== undefined ? { perHostAssociations: req.perHostAssociations } : {}),
    ...(req.scanId !== undefined ? { scanId: req.scanId } : {}),
  };
  return { engine, vantage: req.vantage, resolved: scope.resolved, publicTargets: scope.publicTargets };
}

/** Where a scan is recorded: the store's scans repository (or a front's port onto it). */
export type ScanRecorder = Pick<ScansRepo, 'beginScan' | 'saveService' | 'finishScan'>;

/** The engine's entry point (engine/scan.ts runScan); tests pass a scripted one. */
export type ScanEngineFn = (req: ScanRequest, hooks: ScanHooks) => Promise<ScanReport>;

export interface ScanRunHooks {
  /** Stops the scan: the engine stops dialling, the scan is recorded as cancelled. */
  signal?: AbortSignal;
  /** The engine accepted the scope and the scan is recorded as running; no traffic yet. */
  onStart?(meta: { id: string; startedAt: string }): void;
  onProgress?(p: ScanProgress): void;
  /** A service's checks are final, and it is recorded (or the database refused it: see the end). */
  onService?(s: ServiceResult): void;
}

/** How a scan ended. */
export type ScanRunEnd =
  /** Stopped before the engine started it: nothing was recorded. */
  | { started: false; storeError?: unknown }
  | {
      started: true;
      /** The engine's report, or the services that arrived before it stopped. */
      report: ScanReport;
      /** Stopped before it was done: by the signal, by a failure, or because the database refused a write. */
      cancelled: boolean;
      /** Why it failed, one line, as recorded with the scan; absent when it did not. */
      error?: string;
      /** The engine's own failure (it rejected after the start without being asked to stop). */
      engineError?: Error;
      /** The database refused a write mid-scan; the scan was stopped then. */
      storeError?: unknown;
    };

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Step 2: run a plan and record it. Rejects only before the scan started: with the
 * engine's ScopeError, or any other failure to start (not when cancelled first: that
 * resolves `{ started: false }`). Once started it always resolves, with the end
 * recorded (`finishScan`) whatever happened, except when the database itself refused
 * (then `storeError` says so).
 */
export async function runScanPlan(store: ScanRecorder, plan: ScanPlan, hooks: ScanRunHooks = {}, engine?: ScanEngineFn): Promise<ScanRunEnd> {
  // Loaded only now: the engine is most of a CLI start-up, and bad usage is answered without it.
  const { runScan, TOOL_VERSION } = await import('./engine/scan');
  const run = engine ?? runScan;
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(hooks.signal?.reason);
  if (hooks.signal?.aborted) controller.abort(hooks.signal.reason);
  else hooks.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const found: ServiceResult[] = [];
  let started: { id: string; startedAt: string } | undefined;
  let storeError: unknown;
  const saveSafely = (fn: () => void): boolean => {
    if (storeError !== undefined) return false;
    try {
      fn();
      return true;
    } catch (e) {
      // A failing disk must not go unnoticed: stop the scan and say so at the end.
      storeError = e;
      controller.abort();
      return false;
    }
  };
  const begin = (meta: { id: string; startedAt: string }): void => {
    if (started) return;
    started = { id: meta.id, startedAt: meta.startedAt };
    const { targets, ports } = plan.engine;
    const selection = (plan.engine.options.selection ?? CheckSelection.full()).toJSON();
    saveSafely(() => store.beginScan({ id: meta.id, startedAt: meta.startedAt, vantage: plan.vantage, targets, ports, toolVersion: TOOL_VERSION, selection }));
    hooks.onStart?.(started);
  };

  let report: ScanReport | undefined;
  let engineError: Error | undefined;
  try {
    report = await run(plan.engine, {
      signal: controller.signal,
      onStart: (meta) => begin(meta),
      onProgress: (p) => hooks.onProgress?.(p),
      onService: (s) => {
        found.push(s);
        const id = started?.id;
        if (id !== undefined) saveSafely(() => store.saveService(id, s));
        hooks.onService?.(s);
      },
    });
  } catch (e) {
    if (started === undefined) {
      if (controller.signal.aborted) return storeError === undefined ? { started: false } : { started: false, storeError };
      throw e;
    }
    if (!controller.signal.aborted) engineError = e instanceof Error ? e : new Error(String(e));
  } finally {
    hooks.signal?.removeEventListener('abort', onCallerAbort);
  }
  // An engine that finished without announcing its start (test doubles) is still recorded whole.
  if (report !== undefined && started === undefined) begin({ id: report.scan.id, startedAt: report.scan.startedAt });
  const s = started!;

  const error = engineError !== undefined ? messageOf(engineError) : storeError !== undefined ? `could not save the scan: ${messageOf(storeError)}` : undefined;
  const cancelled = report === undefined || report.scan.cancelled === true || controller.signal.aborted || error !== undefined;
  // The engine gave up (cancelled or failed): the report is what arrived before it.
  let final = report ?? partialReport(TOOL_VERSION, s, plan, found);
  if (cancelled && final.scan.cancelled !== true) final = { ...final, scan: { ...final.scan, cancelled: true } };
  saveSafely(() => store.finishScan(s.id, final.scan.finishedAt, cancelled, error));
  return {
    started: true,
    report: final,
    cancelled,
    ...(error !== undefined ? { error } : {}),
    ...(engineError !== undefined ? { engineError } : {}),
    ...(storeError !== undefined ? { storeError } : {}),
  };
}

/** Both steps: plan, then run and record. */
export async function runScanAndRecord(store: ScanRecorder, req: ScanRunRequest, hooks: ScanRunHooks = {}, deps: { resolve?: Resolver; engine?: ScanEngineFn } = {}): Promise<ScanRunEnd> {
  return runScanPlan(store, await planScan(req, deps.resolve), hooks, deps.engine);
}

/** A report built from the services that arrived, when the engine stopped without one. */
function partialReport(toolVersion: string, started: { id: string; startedAt: string }, plan: ScanPlan, found: readonly ServiceResult[]): ScanReport {
  return {
    tool: { name: 'collimator', version: toolVersion },
    scan: {
      id: started.id,
      startedAt: started.startedAt,
      finishedAt: new Date().toISOString(),
      vantage: plan.vantage,
      targets: plan.engine.targets,
      ports: plan.engine.ports,
      cancelled: true,
      ...(plan.engine.options.selection ?? CheckSelection.full()).toJSON(),
    },
    services: [...found],
    summary: { services: found.length, fail: countFails(found) },
  };
}
