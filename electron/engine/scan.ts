/**
 * The scan orchestrator: scope → sweep → (pipelined) identification and probes →
 * report. An open service is handed to identification as soon as the sweep finds it,
 * under the process-wide per-host association limit (limits.ts PROCESS_HOST_LIMITER,
 * shared with every other scan and re-check) and the scan's probe bound. Each
 * service's work runs under a deadline that always fires; a probe that throws or
 * overruns leaves its checks `inconclusive` with the reason. Nothing here throws
 * after traffic has started.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { PROTOCOLS, type CheckId } from '../../shared/catalog';
import type { CheckResult, ScanProgress, ScanReport, ServiceResult } from '../../shared/types';
import { assembleChecks, assembleReport } from './assemble';
import { judgeHostCrossChecks } from './cross-checks';
import { AssociationHolder } from './dicom/held';
import { abortKind, createDeadline, onAbort, raceSignal, signalReason, toError } from './deadline';
import { identify as defaultIdentify } from './identify';
import { PROCESS_HOST_LIMITER, Semaphore, TokenBucket, type HostLimiter, type Release } from './limits';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_PER_HOST_ASSOCIATIONS,
  DEFAULT_PROBE_CONCURRENCY,
  DEFAULT_RATE_PER_SECOND,
  selectionOf,
} from './options';
import { applySelection } from './assemble';
import { checkPorts } from './ports';
import { protocolBasis } from './protocol-basis';
import { PROBES } from './probes';
import { ProgressThrottle } from './progress';
import { ScopeError, parseScope, systemResolve, type ExpandedScope } from './scope';
import { sweep, type ConnectFn } from './sweep';
import type { ProbeContext, ProbeOptions, Probe, ServiceInfo, Target } from './types';

/** How long an offline probe may take once the service's deadline has passed, ms. */
const OFFLINE_GRACE_MS = 1000;

/** The tool version in reports (package.json `version`; a unit test keeps them equal). */
export const TOOL_VERSION = '0.1.0';

export interface ScanRequest {
  /** Targets as the user gave them (addresses, CIDR blocks, ranges, host names). */
  targets: string[];
  ports: number[];
  options: ProbeOptions;
  /** Parallel TCP connects in the sweep [256]. */
  concurrency?: number;
  /** New sweep connections per second, global [2000; 0 = unlimited]. Probe connections are bounded by the two limits below. */
  ratePerSecond?: number;
  /**
   * DICOM associations open at once on one host [1], counted across the whole process
   * (every scan and re-check share one limiter; engine/limits.ts HostLimiter says how
   * different caps combine: the strictest holder wins).
   */
  perHostAssociations?: number;
  /** Services identified and probed at once, across the scan [16]. */
  probeConcurrency?: number;
  /** Allow more than 65,536 addresses. */
  allowLargeScope?: boolean;
  /** Allow public (non-private) addresses. */
  allowPublic?: boolean;
  /** `--all`: closed and filtered ports are listed in `services` too. */
  includeClosed?: boolean;
  /** Else a random UUID. */
  scanId?: string;
  /**
   * Host names among `targets` already resolved by the caller (scope `resolved`), so a
   * name is resolved once per scan: the scan runner resolved them to key called AE
   * titles by address, and the engine then scans exactly those addresses.
   */
  resolved?: ReadonlyMap<string, readonly string[]>;
}

export interface ScanHooks {
  /** Cancels the scan: dialling stops, in-flight work is destroyed, the report says `cancelled`. */
  signal?: AbortSignal;
  onStart?(meta: { id: string; startedAt: string; hosts: number; ports: number[] }): void;
  /** At most ~10 a second, plus the final one (phase `done`). */
  onProgress?(p: ScanProgress): void;
  /**
   * Once for every open service in the report, when its checks are final (the store
   * saves incrementally from this). Exceptions thrown by hooks are caught and ignored:
   * a faulty listener cannot break the scan, so handle your own errors.
   */
  onService?(s: ServiceResult): void;
}

/** Replaceable parts, for tests (a fake network, hostile probes). */
export interface ScanDeps {
  connect?: ConnectFn;
  resolve?: (name: string) => Promise<string[]>;
  identify?: (target: Target, ctx: ProbeContext) => Promise<ServiceInfo>;
  probes?: readonly Probe[];
  /** The host limiter [PROCESS_HOST_LIMITER]; a test may isolate itself with its own. */
  hostLimiter?: HostLimiter;
}

/** Run a scan. Rejects only with ScopeError, before any traffic. */
export function runScan(req: ScanRequest, hooks: ScanHooks = {}): Promise<ScanReport> {
  return runScanWith(req, hooks, {});
}

function positiveInt(v: number | undefined, dflt: number, what: string): number {
  const n = v ?? dflt;
  if (!Number.isInteger(n) || n < 1) throw new ScopeError(`${what} must be a whole number of at least 1, got ${String(v)}`);
  return n;
}

function positiveMs(v: number, what: string): number {
  if (!Number.isFinite(v) || v <= 0) throw new ScopeError(`${what} must be a positive number of milliseconds, got ${String(v)}`);
  return v;
}

function safeCall<A>(fn: ((a: A) => void) | undefined, arg: A): void {
  try {
    fn?.(arg);
  } catch {
    // A faulty listener must not break the scan (see ScanHooks).
  }
}

/** runScan with injectable parts. */
export async function runScanWith(req: ScanRequest, hooks: ScanHooks = {}, deps: ScanDeps = {}): Promise<ScanReport> {
  // Everything the user can get wrong is checked here, before any traffic.
  const ports = checkPorts(req.ports);
  const concurrency = positiveInt(req.concurrency, DEFAULT_CONCURRENCY, 'concurrency');
  const rate = req.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
  if (!Number.isFinite(rate) || rate < 0) throw new ScopeError(`rate must be 0 (unlimited) or a positive number of connections per second, got ${String(req.ratePerSecond)}`);
  const perHost = positiveInt(req.perHostAssociations, DEFAULT_PER_HOST_ASSOCIATIONS, 'per-host associations');
  const probeConcurrency = positiveInt(req.probeConcurrency, DEFAULT_PROBE_CONCURRENCY, 'probe concurrency');
  const options = req.options;
  const selection = selectionOf(options);
  positiveMs(options.connectTimeoutMs, 'connect timeout');
  positiveMs(options.ioTimeoutMs, 'I/O timeout');
  positiveMs(options.targetTimeoutMs, 'target timeout');
  const resolve = req.resolved ? answerFrom(req.resolved, deps.resolve) : deps.resolve;
  const scope = await parseScope(req.targets, { allowLarge: req.allowLargeScope ?? false, allowPublic: req.allowPublic ?? false }, resolve);

  const id = req.scanId ?? randomUUID();
  const startedAt = new Date().toISOString();
  safeCall((m) => hooks.onStart?.(m), { id, startedAt, hosts: scope.count, ports });

  // One internal signal for the whole scan, linked to the caller's. Hundreds of dials
  // and probes listen on it at once, which is expected: lift Node's leak warning.
  const ctrl = new AbortController();
  setMaxListeners(0, ctrl.signal);
  const onCallerAbort = (): void => ctrl.abort(hooks.signal?.reason);
  if (hooks.signal?.aborted) ctrl.abort(hooks.signal.reason);
  else hooks.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const progress: ScanProgress = { phase: 'sweep', done: 0, total: scope.count * ports.length, found: 0, probed: 0 };
  const throttle = new ProgressThrottle(hooks.onProgress ? (p) => hooks.onProgress?.(p) : undefined);
  const listed: ServiceResult[] = [];
  // Checks that look across a host's ports (dicom.tls-downgrade) are judged once every
  // port of that host is swept and probed; only then are its services reported, so
  // onService (and the store behind it) sees each service once, final.
  const hosts = new Map<string, { swept: number; pending: number; services: ServiceResult[] }>();
  const hostEntry = (host: string) => {
    let e = hosts.get(host);
    if (!e) hosts.set(host, (e = { swept: 0, pending: 0, services: [] }));
    return e;
  };
  const flushHost = (host: string, force = false): void => {
    const e = hosts.get(host);
    if (!e || (!force && (e.swept < ports.length || e.pending > 0))) return;
    hosts.delete(host);
    // Checks outside the scan's selection are `skipped` whatever a probe or the post-pass said.
    for (const service of judgeHostCrossChecks(e.services).map((s) => applySelection(s, selection))) {
      listed.push(service);
      safeCall((x) => hooks.onService?.(x), service);
    }
  };
  const inFlight = new Set<Promise<void>>();
  let interrupted = 0;
  const namesOf = inverseNames(scope);
  const worker: ServiceWorker = {
    options,
    signal: ctrl.signal,
    hostLimiter: deps.hostLimiter ?? PROCESS_HOST_LIMITER,
    perHost,
    probeSlots: new Semaphore(probeConcurrency),
    identify: deps.identify ?? defaultIdentify,
    probes: deps.probes ?? PROBES,
    namesOf,
  };

  let completed = false;
  try {
    const res = await sweep(
      targetsOf(scope, ports),
      {
        concurrency,
        rate: rate > 0 ? new TokenBucket(rate) : undefined,
        connectTimeoutMs: options.connectTimeoutMs,
        signal: ctrl.signal,
        ...(deps.connect ? { connect: deps.connect } : {}),
      },
      (target, r) => {
        progress.done++;
        const entry = hostEntry(target.host);
        entry.swept++;
        if (r.state === 'open') {
          progress.found++;
          entry.pending++;
          const task = probeService(worker, target).catch((e: unknown) => internalFailure(worker, target, e)).then((out) => {
            if (out.interrupted) interrupted++;
            entry.services.push(out.service);
            entry.pending--;
            progress.probed++;
            flushHost(target.host);
            throttle.update(progress);
          });
          inFlight.add(task);
          void task.finally(() => inFlight.delete(task));
        } else if (req.includeClosed) {
          listed.push({ host: target.host, port: target.port, state: r.state, checks: [] });
        }
        flushHost(target.host);
        throttle.update(progress);
      },
    );
    completed = res.completed;
    progress.phase = 'probe';
    throttle.update(progress);
    while (inFlight.size > 0) await Promise.all([...inFlight]);
    // A cancelled sweep leaves hosts with ports never dialled: report what they have.
    for (const host of [...hosts.keys()]) flushHost(host, true);
  } finally {
    hooks.signal?.removeEventListener('abort', onCallerAbort);
  }

  const cancelled = !completed || interrupted > 0;
  const report = assembleReport(TOOL_VERSION, {
    id,
    startedAt,
    finishedAt: new Date().toISOString(),
    vantage: { ...options.vantage },
    targets: scope.given,
    ports,
    ...(cancelled ? { cancelled: true } : {}),
    ...selection.toJSON(),
  }, listed);
  throttle.finish({ ...progress, phase: 'done' });
  return report;
}

/** A resolver that answers the names resolved before; any other name goes to `fallback` (the system's by default). */
function answerFrom(resolved: ReadonlyMap<string, readonly string[]>, fallback: ScanDeps['resolve']): (name: string) => Promise<string[]> {
  return (name) => {
    const known = resolved.get(name);
    if (known) return Promise.resolve([...known]);
    return fallback ? fallback(name) : systemResolve(name);
  };
}

/** Host-major expansion, streamed: nothing is materialised beyond the current host. */
function* targetsOf(scope: ExpandedScope, ports: readonly number[]): Generator<Target, void, undefined> {
  for (const host of scope.addresses()) for (const port of ports) yield { host, port };
}

/** address → host names the user gave that resolved to it (TLS name matching needs them). */
function inverseNames(scope: ExpandedScope): ReadonlyMap<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, addrs] of scope.resolved) {
    for (const a of addrs) {
      const l = out.get(a) ?? [];
      l.push(name);
      out.set(a, l);
    }
  }
  return out;
}

interface ServiceWorker {
  options: ProbeOptions;
  signal: AbortSignal;
  hostLimiter: HostLimiter;
  /** This scan's cap of associations per host (the limiter combines it with other users'). */
  perHost: number;
  probeSlots: Semaphore;
  identify: NonNullable<ScanDeps['identify']>;
  probes: readonly Probe[];
  namesOf: ReadonlyMap<string, string[]>;
}

/** Why work stopped, in words for a check summary. */
function stopReason(signal: AbortSignal, timeoutMs: number): string {
  return abortKind(signal) === 'deadline' ? `the service's deadline (${timeoutMs} ms) passed` : 'the scan was cancelled';
}

/**
 * Identify and probe one open service. Never rejects. `interrupted`: cancelled
 * before its work finished (a deadline is not an interruption: it is the bound).
 */
async function probeService(w: ServiceWorker, target: Target): Promise<{ service: ServiceResult; interrupted: boolean }> {
  const unfinished = new Map<CheckId, string>();
  const judged: CheckResult[] = [];
  const mark = (checks: readonly CheckId[], why: string): void => {
    for (const c of checks) if (!unfinished.has(c)) unfinished.set(c, why);
  };
  const names = w.namesOf.get(target.host);
  let info: ServiceInfo = { host: target.host, port: target.port, protocol: 'unknown', identification: {}, ...(names ? { hostNames: names } : {}) };
  let hostSlot: Release | undefined;
  let probeSlot: Release | undefined;
  let interrupted = false;
  try {
    hostSlot = await w.hostLimiter.acquire(target.host, w.perHost, w.signal);
    probeSlot = await w.probeSlots.acquire(w.signal);
  } catch {
    hostSlot?.();
    interrupted = true;
    for (const p of w.probes) mark(p.meta.checks, 'not run: the scan was cancelled before this service was probed');
    return { service: finishService(info, judged, unfinished, w.options), interrupted };
  }
  const timeoutMs = w.options.targetTimeoutMs;
  const deadline = createDeadline(w.signal, Date.now() + timeoutMs, `${target.host}:${target.port}`);
  // Identification's last accepted association, kept for the query and retrieve probes.
  const held = new AssociationHolder(Math.min(w.options.ioTimeoutMs, 2000));
  const releaseHost = (): void => {
    const r = hostSlot;
    hostSlot = undefined;
    r?.();
  };
  // Every association attempt runs under the host's slot: one let go early (a web
  // server answered the A-ASSOCIATE-RQ) is taken back before DICOM inside TLS or an
  // associating probe. While it waits for the host, the service gives its probe slot
  // back, so it never holds what the host's holder may itself be waiting for.
  // A wait for the host still pending when the service ends (an abandoned speculative
  // attempt) is dropped with `holds`, so nothing is taken after the end.
  // Made on the first wait for the host (most services never let it go): a controller,
  // its link to the deadline and its abort cost CPU on every service.
  let holds: AbortController | undefined;
  let unlinkHolds: (() => void) | undefined;
  const holdHost = (): Promise<void> => {
    if (hostSlot) return Promise.resolve();
    if (!holds) {
      const own = new AbortController();
      holds = own;
      unlinkHolds = onAbort(deadline.signal, () => own.abort(deadline.signal.reason));
      if (deadline.signal.aborted) own.abort(deadline.signal.reason);
    }
    return takeHost(holds);
  };
  let taking: Promise<void> | undefined;
  const takeHost = (holds: AbortController): Promise<void> => {
    if (!taking) {
      taking = (async () => {
        probeSlot?.();
        probeSlot = undefined;
        const host = await w.hostLimiter.acquire(target.host, w.perHost, holds.signal);
        // Granted just as the service ended: give it straight back.
        if (holds.signal.aborted) {
          host();
          throw signalReason(holds.signal);
        }
        hostSlot = host;
        const slot = await w.probeSlots.acquire(holds.signal);
        if (holds.signal.aborted) {
          slot();
          throw signalReason(holds.signal);
        }
        probeSlot = slot;
      })().finally(() => (taking = undefined));
      // Whoever asked awaits it; a pending one dropped at the end must not go unhandled.
      taking.catch(() => undefined);
    }
    return taking;
  };
  const ctx: ProbeContext = { signal: deadline.signal, deadline: deadline.at, options: w.options, held, releaseHost, holdHost };
  let identifyWhy: string | undefined;
  let identifyCut = false;
  try {
    try {
      const got = await raceSignal(Promise.resolve().then(() => w.identify(target, ctx)), deadline.signal);
      // A protocol outside the vocabulary would list no checks at all: treat it as unknown.
      const protocol = (PROTOCOLS as readonly string[]).includes(got.protocol) ? got.protocol : 'unknown';
      info = { ...got, protocol, host: target.host, port: target.port, ...(names ? { hostNames: names } : {}) };
    } catch (e) {
      const why = deadline.signal.aborted ? `${stopReason(deadline.signal, timeoutMs)} during identification` : `identification failed: ${toError(e).message}`;
      info = { ...info, identification: { error: why } };
      identifyWhy = why;
      identifyCut = deadline.signal.aborted;
    }
    const applicable: Probe[] = [];
    const selection = selectionOf(w.options);
    for (const probe of w.probes) {
      // A probe none of whose checks the scan runs is not run at all: the selection decides what is sent.
      if (probe.meta.checks.length > 0 && !probe.meta.checks.some((c) => selection.runs(c))) continue;
      try {
        if (probe.applies(info, w.options)) applicable.push(probe);
      } catch (e) {
        mark(probe.meta.checks, `probe "${probe.meta.id}" could not decide whether it applies: ${toError(e).message}`);
      }
    }
    // The host's slot bounds DICOM associations: let it go once no probe left may open one.
    let lastAssociating = -1;
    applicable.forEach((p, i) => {
      if (p.meta.associates) lastAssociating = i;
    });
    for (const [i, probe] of applicable.entries()) {
      if (i > lastAssociating) {
        await held.close();
        releaseHost();
      }
      // Past the deadline only offline probes (they send nothing) still run, each under
      // a short grace bound of its own; after a cancellation nothing runs.
      let bound = deadline;
      if (deadline.signal.aborted) {
        if (!probe.meta.offline || abortKind(deadline.signal) !== 'deadline') {
          mark(probe.meta.checks, identifyCut && identifyWhy !== undefined ? identifyWhy : `not run: ${stopReason(deadline.signal, timeoutMs)} before probe "${probe.meta.id}" started`);
          continue;
        }
        bound = createDeadline(w.signal, Date.now() + OFFLINE_GRACE_MS, `${target.host}:${target.port} offline grace`);
      }
      const runCtx: ProbeContext = bound === deadline ? ctx : { signal: bound.signal, deadline: bound.at, options: w.options };
      try {
        if (probe.meta.associates) await raceSignal(holdHost(), bound.signal);
        const obs = await raceSignal(Promise.resolve().then(() => probe.run(info, runCtx)), bound.signal);
        const results = probe.judge(obs, info, w.options);
        judged.push(...results);
        const seen = new Set(results.map((r) => r.id));
        mark(probe.meta.checks.filter((c) => !seen.has(c)), `probe "${probe.meta.id}" ran but did not judge this check`);
      } catch (e) {
        let why = `probe "${probe.meta.id}" failed: ${toError(e).message}`;
        if (bound !== deadline && bound.signal.aborted) {
          why = abortKind(bound.signal) === 'deadline'
            ? `offline probe "${probe.meta.id}" overran its ${OFFLINE_GRACE_MS} ms grace after the service's deadline`
            : `the scan was cancelled while probe "${probe.meta.id}" ran`;
        } else if (bound === deadline && deadline.signal.aborted) {
          why = `${stopReason(deadline.signal, timeoutMs)} while probe "${probe.meta.id}" ran`;
        }
        mark(probe.meta.checks, why);
      } finally {
        if (bound !== deadline) bound.dispose();
      }
    }
    // Whatever no probe decided after a failed identification carries that failure.
    if (identifyWhy !== undefined) for (const p of w.probes) mark(p.meta.checks, identifyWhy);
    interrupted = abortKind(deadline.signal) === 'cancelled';
  } finally {
    await held.close();
    holds?.abort();
    unlinkHolds?.();
    deadline.dispose();
    probeSlot?.();
    releaseHost();
  }
  return { service: finishService(info, judged, unfinished, w.options), interrupted };
}

/** Last line of defence: a bug in the orchestration itself still yields a listed service. */
function internalFailure(w: ServiceWorker, target: Target, e: unknown): { service: ServiceResult; interrupted: boolean } {
  const unfinished = new Map<CheckId, string>();
  const why = `internal error while probing: ${toError(e).message}`;
  for (const p of w.probes) for (const c of p.meta.checks) unfinished.set(c, why);
  const info: ServiceInfo = { host: target.host, port: target.port, protocol: 'unknown', identification: { error: why } };
  return { service: finishService(info, [], unfinished, w.options), interrupted: false };
}

function finishService(info: ServiceInfo, judged: CheckResult[], unfinished: ReadonlyMap<CheckId, string>, options: ProbeOptions): ServiceResult {
  const s: ServiceResult = {
    host: info.host,
    port: info.port,
    state: 'open',
    protocol: info.protocol,
    protocolBasis: protocolBasis(info),
    checks: assembleChecks({ protocol: info.protocol, judged, unfinished, optIn: options.optIn }),
  };
  if (info.product) s.product = info.product;
  if (info.calledAe !== undefined) s.calledAe = info.calledAe;
  if (info.calledAeSource !== undefined) s.calledAeSource = info.calledAeSource;
  return s;
}
