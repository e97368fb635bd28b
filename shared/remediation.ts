/**
 * Remediation vocabulary shared by the engine, the store, the CLI, the IPC contract and
 * the renderer (issue 5): inventory import results, checklists with their history,
 * verifications (before/after per check) and maintenance windows.
 * Pure types and constants; JSON-safe (ISO-8601 strings for times).
 */
import type { CheckId, CheckStatus, ManualCheckId, Protocol, ServiceState, Severity } from './catalog';
import type { Snippet } from './playbooks/types';
import type { InventoryNode, ServiceResult, Vantage, Verdict } from './types';
import type { CutOffAcknowledgement, PeerAcceptance } from './peers';

/** One server (a service) by its endpoint, as the scans store it (literal address, TCP port). */
export interface ServerRef {
  host: string;
  /** TCP port, 1-65535. */
  port: number;
}

/** `host:port`, IPv6 in brackets: `[::1]:104` (shared/host.ts). */
export { serverKey } from './host';

// ---- inventory -------------------------------------------------------------------

/** A node as stored: the CSV fields plus its row id and times. */
export interface StoredInventoryNode extends InventoryNode {
  /** Row id; stable across edits of the node. */
  id: number;
  /** ISO-8601 UTC. */
  updatedAt: string;
}

/** One bad line of an inventory CSV. */
export interface InventoryProblem {
  /** 1-based line number in the file as given. */
  line: number;
  /** Why, in one line. */
  message: string;
}

/** What an import did. `problems` non-empty means NOTHING was imported. */
export interface InventoryImportResult {
  imported: boolean;
  /** Rows in the file (data lines, blank lines not counted). */
  rows: number;
  /** New nodes added. */
  added: number;
  /** Existing nodes (same AE title, host and port) whose role/description changed. */
  updated: number;
  /** Existing nodes left as they were. */
  unchanged: number;
  /** Nodes removed because `replace` was asked and the file no longer lists them. */
  removed: number;
  problems: InventoryProblem[];
}

// ---- checklists --------------------------------------------------------------------

/**
 * What the admin was shown for a checklist item when changing it, rendered in the main
 * process from the playbook, the server's latest scan and the inventory at that moment
 * (never text the renderer sends). Signed records quote it instead of re-rendering the
 * step from today's data. Null on events recorded before Collimator kept it.
 */
export interface ShownItem {
  /** A step's words with this server's values filled in (endpoint, AE title, peers); an attestation's title. */
  text: string;
  /** The step's snippet with its rollback, as filled in then; null when the step has none, and for attestations. */
  snippet: Snippet | null;
  /** The inventory peers the checklist was rendered with; empty for attestations. */
  peers: Array<{ aeTitle: string; host: string; port: number }>;
  /** The scan the checklist was rendered from; null for attestations. */
  scanId: string | null;
}

/** Current state of one checklist step on one server. */
export interface StepState {
  /** Step id from the rendered checklist (`<checkId>/<variant>/<n>`, or `<checkId>/<n>`). */
  stepId: string;
  done: boolean;
  /** Who last changed it (the operator's name as typed). */
  by: string;
  /** ISO-8601 UTC of the last change. */
  at: string;
  note: string;
  /** What the admin was shown at the last change; null when that was not recorded (the store always sets it). */
  shown?: ShownItem | null;
}

/** Current state of a manual attestation (checks.md "Manual attestations"). */
export interface AttestationState {
  id: ManualCheckId;
  /** True: the operator attests the control is in place. False: withdrawn / not in place. */
  attested: boolean;
  by: string;
  at: string;
  note: string;
  /** What the admin was shown at the last change; null when that was not recorded (the store always sets it). */
  shown?: ShownItem | null;
}

/** One entry of a checklist's append-only history. */
export interface ChecklistEvent {
  /** Increasing event number (store row id). */
  seq: number;
  kind: 'step' | 'attestation';
  /** The step id or the manual check id. */
  item: string;
  /** The new value: step done / control attested. */
  done: boolean;
  by: string;
  at: string;
  note: string;
  /** What the admin was shown when making this change; null when that was not recorded (events from before). */
  shown: ShownItem | null;
  /** Issue 14: the admin's acknowledgement that this step cuts off peers seen recently, when it needed one. */
  acknowledgement?: CutOffAcknowledgement;
}

/** The persisted checklist of one server. */
export interface ServerChecklist {
  server: ServerRef;
  /** Steps that were ever touched, by step id. A step never touched is not done. */
  steps: StepState[];
  attestations: AttestationState[];
  /** Every change, oldest first. */
  history: ChecklistEvent[];
}

// ---- verification ------------------------------------------------------------------

/** Before/after of one check. */
export interface VerificationCheck {
  id: CheckId;
  /** Catalog severity of a `fail` of this check. */
  severity: Severity;
  /** Status in the earlier scan (`not-applicable` when the check was not listed). */
  before: CheckStatus;
  /**
   * Status now (`not-applicable` when not listed now). When the port is no longer
   * reachable, the reachability check judged from an untrusted vantage is `pass` and
   * the others `inconclusive`.
   */
  after: CheckStatus;
  verdict: Verdict;
  /** One line: why this verdict (e.g. "the host did not answer: cannot re-check"). */
  note: string;
  /** The earlier and the new one-line summaries and evidence, side by side (absent when the check was not listed). */
  evidence: {
    before?: { summary: string; evidence: Record<string, unknown> };
    after?: { summary: string; evidence: Record<string, unknown> };
  };
}

/** A check with nothing to verify (informational, or not judged on either side). */
export interface UnverifiedCheck {
  id: CheckId;
  before: CheckStatus;
  after: CheckStatus;
  /** Why it is not verified, in one line. */
  why: string;
}

/** One re-probe of one service compared with its earlier scan. */
export interface Verification {
  /** Unique id (UUID). */
  id: string;
  service: ServerRef;
  before: {
    scanId: string;
    /** When that scan started (ISO-8601 UTC). */
    at: string;
    vantage: Vantage;
    state: ServiceState;
    protocol?: Protocol;
  };
  after: {
    /** When the re-probe started (ISO-8601 UTC). */
    at: string;
    /** When it ended. */
    finishedAt: string;
    vantage: Vantage;
    state: ServiceState;
    protocol?: Protocol;
  };
  /** The checks that were verified, in catalog order. */
  checks: VerificationCheck[];
  /** Checks not verified (info records, not judged on either side). */
  unverified: UnverifiedCheck[];
  /** How many checks got each verdict. */
  counts: Record<Verdict, number>;
  /** True when every verified check is `fixed` or `still-passing` (CLI exit 0). */
  passed: boolean;
  /** Set when the port did not answer now: says so in words. */
  unreachable?: string;
  /**
   * Issue 14: "legitimate peers still accepted": one association per confirmed peer's
   * calling AE title after the fix (absent when not DICOM or no peers are known).
   * `passed` is false when a peer `regressed`.
   */
  peers?: PeerAcceptance[];
}

/** A stored verification with the full evidence of both probes. */
export interface VerificationRecord extends Verification {
  beforeService: ServiceResult;
  afterService: ServiceResult;
}

export const VERDICTS: readonly Verdict[] = ['fixed', 'still-failing', 'regressed', 'still-passing', 'inconclusive'];

// ---- maintenance windows ------------------------------------------------------------

/** A planned maintenance window. */
export interface MaintenanceWindow {
  id: string;
  name: string;
  /** ISO-8601 UTC. */
  startsAt: string;
  endsAt: string;
  createdAt: string;
  servers: ServerRef[];
  /** When it was closed by hand (issue 17); absent while it is not. */
  closedAt?: string;
}

/** Where a window is in time, at the moment it was asked. */
export type MaintenanceWindowPhase = 'upcoming' | 'open' | 'ended';

/** Progress of one server in a window. */
export interface MaintenanceWindowServerProgress {
  server: ServerRef;
  /** Whether any scan of it is stored (no scan: nothing to fix known yet). */
  scanned: boolean;
  /** Failing checks (severity above info) in its latest scan. */
  findings: number;
  stepsDone: number;
  stepsTotal: number;
  attestationsDone: number;
  attestationsTotal: number;
  /** The latest verification of it made inside the window, if any. */
  verification?: { id: string; at: string; counts: Record<Verdict, number>; passed: boolean };
}

/** A window with its progress. */
export interface MaintenanceWindowProgress {
  window: MaintenanceWindow;
  phase: MaintenanceWindowPhase;
  /** Milliseconds until start (upcoming), until end (open), 0 once ended. */
  remainingMs: number;
  servers: MaintenanceWindowServerProgress[];
  /** The window's history, oldest first (issue 17): created, edited, extended, closed. */
  history?: MaintenanceWindowEvent[];
}

/** What a window achieved: check verdicts over its servers. */
export interface MaintenanceWindowSummary {
  window: MaintenanceWindow;
  phase: MaintenanceWindowPhase;
  /** Checks fixed, by server. */
  fixed: Array<ServerRef & { checks: CheckId[] }>;
  /** Checks still open (still failing, inconclusive, or failing and never verified), by server. */
  stillOpen: Array<ServerRef & { checks: CheckId[] }>;
  /** Checks that passed before and fail now, by server. */
  regressed: Array<ServerRef & { checks: CheckId[] }>;
  totals: { fixed: number; stillOpen: number; regressed: number };
}

// ---- requests (the IPC contract's arguments; validated by zod in contract-schemas.ts) ----

/** Import an inventory CSV. */
export interface InventoryImportRequest {
  /** The CSV text (`ae_title,host,port,role,description`). */
  csv: string;
  /** Remove nodes the file does not list (default false: merge). */
  replace?: boolean;
}

/** Add a node, or edit node `id`. */
export interface InventoryUpsertRequest extends InventoryNode {
  id?: number;
}

/** Render a server's checklist; `checkIds` overrides the default (its failing checks). */
export interface PlaybookRequest extends ServerRef {
  checkIds?: CheckId[];
}

/** Mark a checklist step done or not done. */
export interface SetStepRequest extends ServerRef {
  /** A step id of the rendered checklist. */
  stepId: string;
  done: boolean;
  /** Who (the operator's name). */
  by: string;
  note?: string;
  /**
   * Issue 14: the peers the admin acknowledges this step cuts off. Marking done a step
   * that cuts off a peer seen in the last N days is refused unless each is named here.
   */
  acknowledgeCutOff?: Array<{ callingAe: string; address: string | null }>;
}

/** Attest (or withdraw) a manual control. */
export interface AttestRequest extends ServerRef {
  id: ManualCheckId;
  attested: boolean;
  by: string;
  /** What was checked, in words (required: an attestation without a note is worthless). */
  note: string;
}

/** Re-probe a server and compare with its latest scan. */
export interface VerifyServerRequest extends ServerRef {
  /** Where the re-probe runs from; each field defaults to the earlier scan's vantage. */
  vantage?: { label?: string; untrusted?: boolean };
  /** Calling AE title for the unknown-caller tests (a random one otherwise). */
  callingAe?: string;
  /** The server's own AE title, when known better than the inventory does. */
  calledAe?: string;
  /** Connect and reply timeout, ms (as `--timeout`). */
  timeoutMs?: number;
  /**
   * An id the caller picks for this re-check (a UUID), so that `remediation:cancel-verify`
   * stops exactly this one and never a later re-check of the same server.
   */
  runId?: string;
}

/** Cancel the running re-check of a server. */
export interface CancelVerifyRequest extends ServerRef {
  /** Only the re-check started with this `runId` (recommended); without it, whichever re-check of the server runs. */
  runId?: string;
}

/** The persisted checklist of a server with its progress against the rendered playbooks. */
export interface ChecklistView {
  checklist: ServerChecklist;
  /** Steps done of the checklist rendered from the server's latest scan (0 of 0 when never scanned). */
  progress: { done: number; total: number };
}

/** Create a maintenance window. */
export interface MaintenanceWindowCreateRequest {
  name: string;
  /** ISO-8601 (any offset; stored in UTC). */
  startsAt: string;
  endsAt: string;
  servers: ServerRef[];
}

/** A window in the list, with where it is in time. */
export interface MaintenanceWindowListItem extends MaintenanceWindow {
  phase: MaintenanceWindowPhase;
  remainingMs: number;
}

// ---- maintenance windows: edit, extend, close, and their history (issue 17) ----------

/** What was done to a window. */
export type MaintenanceWindowAction = 'created' | 'edited' | 'extended' | 'closed';

/** A window's name and times, as before or after a change. */
export interface MaintenanceWindowValues {
  name: string;
  startsAt: string;
  endsAt: string;
  /** The servers, as `host:port` words (only when they changed). */
  servers?: string[];
}

/** One entry of a window's history (append-only). */
export interface MaintenanceWindowEvent {
  seq: number;
  /** ISO-8601 UTC. */
  at: string;
  action: MaintenanceWindowAction;
  /** Who did it, as they named themselves. */
  by: string;
  before?: MaintenanceWindowValues;
  after?: MaintenanceWindowValues;
  /** `extended`: the minutes added. */
  minutes?: number;
  /** Why, when given. */
  reason?: string;
}

/** Change a window's name, times or servers (what is left out stays). Not once it is closed. */
export interface MaintenanceWindowUpdateRequest {
  id: string;
  by: string;
  name?: string;
  /** ISO-8601 (any offset; stored in UTC). */
  startsAt?: string;
  endsAt?: string;
  servers?: ServerRef[];
  reason?: string;
}

/** Move a window's end later by `minutes`. Not once it is closed. */
export interface MaintenanceWindowExtendRequest {
  id: string;
  by: string;
  minutes: number;
  reason?: string;
}

/** Close a window now (an open one ends now; an upcoming one will not start). */
export interface MaintenanceWindowCloseRequest {
  id: string;
  by: string;
  reason?: string;
}
