/**
 * The remediation service behind the IPC channels (inventory:*, remediation:*,
 * maintenance-window:*): one object over an open Store. Arguments arrive validated by the contract's
 * zod schemas; what only the store or the domain can judge (an unknown step id, a
 * maintenance window that ends before it starts, no scan of a server) is a RemediationError.
 */
import { randomUUID } from 'node:crypto';
import type { CheckId } from '../../shared/catalog';
import { calledAeKey, canonicalHost, serverKey } from '../../shared/host';
import { canonicalStepId, checklistProgress, checksOfStep, PlaybookValueError, renderChecklist, type RenderedChecklist } from '../../shared/playbooks';
import type {
  AttestRequest,
  CancelVerifyRequest,
  ChecklistView,
  InventoryImportRequest,
  InventoryImportResult,
  InventoryUpsertRequest,
  MaintenanceWindow,
  PlaybookRequest,
  ServerChecklist,
  ServerRef,
  SetStepRequest,
  StoredInventoryNode,
  Verification,
  VerificationRecord,
  VerifyServerRequest,
  MaintenanceWindowCloseRequest,
  MaintenanceWindowCreateRequest,
  MaintenanceWindowExtendRequest,
  MaintenanceWindowUpdateRequest,
  MaintenanceWindowListItem,
  MaintenanceWindowProgress,
  MaintenanceWindowSummary,
} from '../../shared/remediation';
import type { ScanDeps } from '../engine/scan';
import { StoreError, type Store } from '../store';
import { RemediationError } from './errors';
import { parseInventoryRows } from './inventory-csv';
import { shownAttestation, shownStep } from './shown';
import { verifyAndRecord } from './verify-run';
import {
  closeMaintenanceWindow,
  editMaintenanceWindow,
  extendMaintenanceWindow,
  maintenanceWindowPhase,
  maintenanceWindowProgress,
  maintenanceWindowSummary,
  type MaintenanceWindowChange,
} from './maintenance-windows';
import { confirmedPeersFor, cutOffToAcknowledge, DEFAULT_RECENT_DAYS, stepOf, type LearnedPeersSource } from './peers-fix';

export interface RemediationService {
  inventoryImport(req: InventoryImportRequest): InventoryImportResult;
  inventoryList(): StoredInventoryNode[];
  inventoryUpsert(req: InventoryUpsertRequest): StoredInventoryNode;
  inventoryRemove(req: { id: number }): { removed: boolean };
  playbook(req: PlaybookRequest): RenderedChecklist;
  checklist(req: ServerRef): ChecklistView;
  setStep(req: SetStepRequest): ChecklistView;
  attest(req: AttestRequest): ChecklistView;
  /**
   * Re-probe and record. One re-check per server at a time: a second one while it runs
   * is refused (RemediationError `busy`). Cancelled (`signal`, cancelVerify, abortAll), it
   * rejects with RemediationError `cancelled` and stores nothing.
   */
  /**
   * `allowPublic` comes from the app's own confirmation (services/public-scope.ts),
   * never from the request: the page cannot authorise a public address.
   */
  verify(req: VerifyServerRequest, signal?: AbortSignal, authorized?: { allowPublic?: boolean }): Promise<VerificationRecord>;
  /**
   * Cancels the running re-check of the server: only the one started with `runId` when it
   * is given. False when no such re-check was running (e.g. it had just ended).
   */
  cancelVerify(req: CancelVerifyRequest): { cancelled: boolean };
  /** Cancels every verification in flight (the app is quitting). */
  abortAll(): void;
  verifications(req: ServerRef): Verification[];
  maintenanceWindowCreate(req: MaintenanceWindowCreateRequest): MaintenanceWindow;
  maintenanceWindowList(): MaintenanceWindowListItem[];
  maintenanceWindowGet(req: { id: string }): MaintenanceWindowProgress;
  maintenanceWindowSummary(req: { id: string }): MaintenanceWindowSummary;
  /** Issue 17: each change is written to the window's history; the answer is the window as it now is. */
  maintenanceWindowUpdate(req: MaintenanceWindowUpdateRequest): MaintenanceWindowProgress;
  maintenanceWindowExtend(req: MaintenanceWindowExtendRequest): MaintenanceWindowProgress;
  maintenanceWindowClose(req: MaintenanceWindowCloseRequest): MaintenanceWindowProgress;
}

export interface RemediationDeps {
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Replaceable scan parts for tests (a fake network). */
  scanDeps?: ScanDeps;
  /** Issue 14: where learned peers come from (peers-fix.ts `confirmedPeersFor`). */
  learnedPeers?: LearnedPeersSource;
  /** Issue 14: cutting off a peer seen in the last this many days needs an acknowledgement (default 30). */
  recentDays?: number;
}

/** A re-check in flight. */
interface RunningVerify {
  ctrl: AbortController;
  /** The caller's id for it, when given. */
  runId?: string;
  /** `Date.now()` when it started. */
  startedAt: number;
}

/** A store error the user caused (duplicate node, bad time) becomes a RemediationError with the same words. */
function userError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StoreError) throw new RemediationError('invalid-argument', e.message);
    throw e;
  }
}

/** Any ISO-8601 time with an offset, stored as UTC `toISOString()` text (which sorts by time). */
function utc(text: string, field: string): string {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) || Number.isNaN(ms)) throw new RemediationError('invalid-argument', `${field} must be an ISO-8601 date and time, got ${JSON.stringify(text.slice(0, 40))}`);
  return new Date(ms).toISOString();
}

export function createRemediationService(store: Store, deps: RemediationDeps = {}): RemediationService {
  const now = deps.now ?? (() => new Date());
  /** The re-checks running, by canonical endpoint: at most one per server. */
  const running = new Map<string, RunningVerify>();
  const server = (s: ServerRef): ServerRef => ({ host: canonicalHost(s.host), port: s.port });

  const render = (s: ServerRef, checkIds?: readonly CheckId[]): RenderedChecklist => {
    const latest = store.latestService(s.host, s.port);
    if (latest === undefined) throw new RemediationError('not-found', `no scan of ${serverKey(s)} in the database: scan it first`);
    try {
      return renderChecklist({
        service: latest.service, inventory: store.inventory.list(), vantage: latest.vantage, ...(checkIds ? { checkIds } : {}),
        // Issue 14: the confirmed peers (inventory and learned) fill the allow-lists; each step says whom it cuts off.
        confirmedPeers: confirmedPeersFor(store, s, deps.learnedPeers), now: now(), recentDays: deps.recentDays ?? DEFAULT_RECENT_DAYS,
      });
    } catch (e) {
      if (e instanceof PlaybookValueError) throw new RemediationError('invalid-argument', e.message);
      throw e;
    }
  };

  const view = (s: ServerRef, checklist: ServerChecklist = withAcks(s, store.checklists.get(s))): ChecklistView => {
    let progress = { done: 0, total: 0 };
    if (store.latestService(s.host, s.port) !== undefined) {
      const p = checklistProgress(render(s), checklist.steps);
      progress = { done: p.done, total: p.total };
    }
    return { checklist, progress };
  };

  /** Issue 14: each change that needed an acknowledgement carries it. */
  const withAcks = (s: ServerRef, checklist: ServerChecklist): ServerChecklist => {
    const acks = new Map(store.cutOffAcks.list(s).map((a) => [a.seq, a]));
    if (acks.size === 0) return checklist;
    return { ...checklist, history: checklist.history.map((e) => (acks.has(e.seq) ? { ...e, acknowledgement: acks.get(e.seq)! } : e)) };
  };

  const maintenanceWindowById = (id: string): MaintenanceWindow => {
    const w = store.maintenanceWindows.get(id);
    if (w === undefined) throw new RemediationError('not-found', `no maintenance window ${id}`);
    return w;
  };

  const storeChange = (c: MaintenanceWindowChange): MaintenanceWindowProgress => {
    userError(() => store.maintenanceWindows.change(c.next, c.event, c.serversChanged));
    return maintenanceWindowProgress(store, maintenanceWindowById(c.next.id), now());
  };

  return {
    inventoryImport(req) {
      const parsed = parseInventoryRows(req.csv);
      const empty = { rows: parsed.rows, added: 0, updated: 0, unchanged: 0, removed: 0 };
      if (parsed.problems.length > 0) return { imported: false, ...empty, problems: parsed.problems };
      // One transaction: every row or none.
      const counts = userError(() => store.inventory.importNodes(parsed.nodes, { replace: req.replace === true, at: now().toISOString() }));
      return { imported: true, rows: parsed.rows, ...counts, problems: [] };
    },
    inventoryList: () => store.inventory.list(),
    inventoryUpsert(req) {
      const { id, ...node } = req;
      const row = parseInventoryRows(`ae_title,host,port,role,description\n${[node.aeTitle, node.host, String(node.port), node.role, node.description].map(csvField).join(',')}`);
      const problem = row.problems[0];
      if (problem) throw new RemediationError('invalid-argument', problem.message);
      return userError(() => store.inventory.upsert({ ...row.nodes[0]!, ...(id !== undefined ? { id } : {}) }, now().toISOString()));
    },
    inventoryRemove: ({ id }) => ({ removed: store.inventory.remove(id) }),

    playbook: (req) => render(server(req), req.checkIds),
    checklist: (req) => view(server(req)),
    setStep(req) {
      const s = server(req);
      // A shared action's per-finding id from before issue 17 is stored under the action's id (ticked once).
      const stepId = canonicalStepId(req.stepId);
      if (stepId === undefined) throw new RemediationError('invalid-argument', `unknown checklist step ${JSON.stringify(req.stepId.slice(0, 80))}`);
      // What the admin sees for this step now, rendered here from the playbook, scan, inventory and learned peers.
      const confirmedPeers = confirmedPeersFor(store, s, deps.learnedPeers);
      const shown = shownStep(store, s, stepId, confirmedPeers);
      // Issue 14: a step that cuts off a peer seen recently is marked done only with each such peer acknowledged.
      let step;
      try {
        step = store.latestService(s.host, s.port) === undefined ? undefined : stepOf(render(s, checksOfStep(stepId)), stepId);
      } catch (e) {
        // A server whose host cannot be written into snippets has no allow-list steps to judge.
        if (!(e instanceof RemediationError)) throw e;
      }
      const ack = cutOffToAcknowledge(step, req.done, req.acknowledgeCutOff);
      userError(() => store.cutOffAcks.appendWith(s, { kind: 'step', item: stepId, done: req.done, actor: req.by, note: req.note ?? '', at: now().toISOString(), shown }, ack));
      return view(s);
    },
    attest(req) {
      const s = server(req);
      if (req.note.trim() === '') throw new RemediationError('invalid-argument', 'say in the note what was checked');
      userError(() => store.checklists.append(s, { kind: 'attestation', item: req.id, done: req.attested, actor: req.by, note: req.note, at: now().toISOString(), shown: shownAttestation(req.id) }));
      return view(s);
    },

    async verify(req, signal, authorized) {
      const s = server(req);
      const key = serverKey(s);
      const calledAes = req.calledAe ? new Map([[calledAeKey(s.host, s.port), req.calledAe]]) : undefined;
      const timeouts = req.timeoutMs ? { connectTimeoutMs: req.timeoutMs, ioTimeoutMs: req.timeoutMs, targetTimeoutMs: Math.max(10_000, req.timeoutMs * 20) } : {};
      // Checked and claimed with no await in between: two calls cannot both pass.
      const other = running.get(key);
      if (other !== undefined) {
        const since = Math.max(0, Math.round((Date.now() - other.startedAt) / 1000));
        throw new RemediationError('busy', `a re-check of ${key} is already running (started ${since} s ago): wait for it to finish, or cancel it`);
      }
      const ctrl = new AbortController();
      const mine: RunningVerify = { ctrl, startedAt: Date.now(), ...(req.runId !== undefined ? { runId: req.runId } : {}) };
      running.set(key, mine);
      const onAbort = (): void => ctrl.abort();
      if (signal?.aborted) ctrl.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await verifyAndRecord(
          store,
          {
            ...s,
            probe: { ...(req.callingAe ? { callingAe: req.callingAe } : {}), ...(calledAes ? { calledAes } : {}), ...timeouts },
            ...(req.vantage ? { vantage: req.vantage } : {}),
            ...(authorized?.allowPublic === true ? { allowPublic: true } : {}),
            signal: ctrl.signal,
            ...(deps.learnedPeers ? { learnedPeers: deps.learnedPeers } : {}),
          },
          deps.scanDeps,
        );
      } finally {
        if (running.get(key) === mine) running.delete(key);
        signal?.removeEventListener('abort', onAbort);
      }
    },
    cancelVerify(req) {
      const r = running.get(serverKey(server(req)));
      // Another re-check than the one named (a late cancel of one that ended) is left alone.
      if (r === undefined || (req.runId !== undefined && r.runId !== req.runId)) return { cancelled: false };
      r.ctrl.abort();
      return { cancelled: true };
    },
    abortAll() {
      for (const r of running.values()) r.ctrl.abort();
    },
    verifications: (req) => store.verifications.list(server(req)),

    maintenanceWindowCreate(req) {
      const w: MaintenanceWindow = {
        id: randomUUID(),
        name: req.name.trim(),
        startsAt: utc(req.startsAt, 'startsAt'),
        endsAt: utc(req.endsAt, 'endsAt'),
        createdAt: now().toISOString(),
        servers: req.servers.map(server),
      };
      userError(() => store.maintenanceWindows.create(w));
      return w;
    },
    maintenanceWindowList: () => store.maintenanceWindows.list().map((w) => ({ ...w, ...maintenanceWindowPhase(w, now()) })),
    maintenanceWindowGet: ({ id }) => maintenanceWindowProgress(store, maintenanceWindowById(id), now()),
    maintenanceWindowSummary: ({ id }) => maintenanceWindowSummary(store, maintenanceWindowById(id), now()),
    maintenanceWindowUpdate(req) {
      const w = maintenanceWindowById(req.id);
      const change = editMaintenanceWindow(
        w,
        {
          by: req.by,
          ...(req.name !== undefined ? { name: req.name } : {}),
          ...(req.startsAt !== undefined ? { startsAt: utc(req.startsAt, 'startsAt') } : {}),
          ...(req.endsAt !== undefined ? { endsAt: utc(req.endsAt, 'endsAt') } : {}),
          ...(req.servers !== undefined ? { servers: req.servers.map(server) } : {}),
          ...(req.reason !== undefined ? { reason: req.reason } : {}),
        },
        now(),
      );
      return storeChange(change);
    },
    maintenanceWindowExtend: (req) => storeChange(extendMaintenanceWindow(maintenanceWindowById(req.id), req, now())),
    maintenanceWindowClose: (req) => storeChange(closeMaintenanceWindow(maintenanceWindowById(req.id), req, now())),
  };
}

/** One CSV field, quoted when needed (for validating a single node with the file's own rules). */
function csvField(v: string): string {
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}
