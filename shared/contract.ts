/**
 * The contract between the renderer and the main process (docs/architecture.md,
 * "The contract"): one map of channel → signature, one map of event → payload.
 *
 * Everything else is derived from these two interfaces and the two channel lists
 * below: the preload's named functions, the web bridge's named functions, the type of
 * `window.collimator`, the main-process handler table. To add a channel: add it to
 * `Invoke` (or `Events`), to the matching list, and a schema in contract-schemas.ts;
 * the compiler then points at every place that must handle it.
 *
 * Pure TypeScript: imported by the renderer, the preload, main and the web bridge.
 */
import type { RenderedChecklist } from './playbooks/types';
import type {
  AttestRequest,
  CancelVerifyRequest,
  ChecklistView,
  InventoryImportRequest,
  InventoryImportResult,
  InventoryUpsertRequest,
  MaintenanceWindow,
  PlaybookRequest,
  ServerRef,
  SetStepRequest,
  StoredInventoryNode,
  Verification,
  VerificationRecord,
  VerifyServerRequest,
  MaintenanceWindowCreateRequest,
  MaintenanceWindowListItem,
  MaintenanceWindowProgress,
  MaintenanceWindowSummary,
  MaintenanceWindowUpdateRequest,
  MaintenanceWindowExtendRequest,
  MaintenanceWindowCloseRequest,
} from './remediation';
import type {
  CosignRequest,
  OperatorCreateRequest,
  OperatorKeyFileRequest,
  OperatorView,
  RecordDetail,
  RecordListItem,
  RecordPreview,
  RecordPreviewRequest,
  RecordsExportFile,
  RecordsExportRequest,
  SignoffRequest,
  VerifyReport,
} from './records';
import type { AppTrustList, TrustExportFile, TrustImportRequest } from './trust';
import type { ExportFile, ExportRequest } from './exports';
import type { Profile } from './check-selection';
import type { FailCounts, ScanProgress, ScanReport, ServiceResult, Vantage } from './types';
import type { LearnResult, PeersLearnRequest, PeersListRequest, PeersListView } from './observed-peers';
import type { CheckResult } from './types';
import type { InternetAddressMapping, InternetImportBeginRequest, InternetImportChunkRequest, InternetImportProgress, InternetImportResult, InternetView } from './internet';
import type { AttachedInternetClosure, InternetAttachClosureRequest } from './internet';

/** What the About box and the status bar show. */
export interface AppInfo {
  /** The app's version (package.json). */
  version: string;
  /** Absolute path of the SQLite database holding scans and findings. */
  dbPath: string;
  /** Node's `process.platform` of the machine running the handlers (`win32`, `darwin`, `linux`). */
  platform: string;
  /** True while the built-in practice lab is running. */
  practiceLabRunning: boolean;
  /** How the renderer talks to the handlers: the Electron app, or the loopback web bridge (dev/tests). */
  transport: 'electron' | 'web';
}

/** A DICOM server whose AE title the user knows (`--called-ae AE@HOST:PORT`). */
export interface CalledAe {
  /** The server's own (called) AE title, 1–16 characters. */
  aet: string;
  host: string;
  /** TCP port, 1–65535. */
  port: number;
}

/** What the Scope & scan form fills in. Field names mirror the CLI options (spec/cli.md). */
export interface ScanRequestFields {
  /** Addresses, CIDR blocks, ranges `10.0.0.1-10.0.0.40` or host names, as the user typed them. */
  targets: string[];
  /** Ports to try; `null` means the default list (spec/cli.md `--ports`). */
  ports: number[] | null;
  /** AE titles the user knows, per host:port. */
  calledAes: CalledAe[];
  /** The text of an inventory CSV (`ae_title,host,port,role,description`), when the user chose one. */
  inventoryCsv?: string;
  /** Where this scan runs from, and whether that network is trusted. */
  vantage: Vantage;
  /** Calling AE title for unknown-caller tests; a random `CLM…` title when absent. */
  callingAe?: string;
  /** The user confirmed a scope larger than the engine's default limit. */
  allowLargeScope?: boolean;
  /** Which checks run, by profile (`--profile`): absent: `full`, the whole catalog (issue 16). */
  profile?: Profile;
  /** Which checks run, by list (`--checks`): ids or `prefix*` entries; not with `profile` (issue 16). */
  checks?: string[];
  // Public (non-private) targets are not authorised here: the main process asks the person
  // itself (a native dialog in the app, a typed answer at the web bridge's terminal).
}

/**
 * `scan:start`: the form's request under an id the caller chose. Because the caller
 * knows the id before asking, every event of the scan (progress may come before the
 * answer) can be matched to it; no event is ever about a scan the caller cannot name.
 */
export interface ScanStartRequest extends ScanRequestFields {
  /** A new UUID (`crypto.randomUUID()`); an id already used is refused (`invalid-argument`). */
  scanId: string;
}

/** Lifecycle of a scan in the app. */
export type ScanState = 'running' | 'finished' | 'cancelled' | 'failed';

/** One row of the scan history. */
export interface ScanSummary {
  id: string;
  state: ScanState;
  /** ISO-8601. */
  startedAt: string;
  /** ISO-8601; absent while running. */
  finishedAt?: string;
  vantage: Vantage;
  targets: string[];
  ports: number[];
  /** Services found (open). */
  services: number;
  /** `fail` findings per severity. */
  fail: FailCounts;
  /** Why the scan failed, one line; present only when `state` is `failed` because of an error. */
  error?: string;
}

/** One server of the practice lab (electron/practice-lab/practice.ts), with what a scan of it should find. */
export interface PracticeLabServer {
  /** Name an imaging admin understands, e.g. `Open PACS`. */
  name: string;
  /** One line in words: what this server is and how it is configured. */
  description: string;
  /** Loopback address it listens on. */
  host: string;
  /** TCP port. */
  port: number;
  /** Its called AE title; '' for a service that is not DICOM. */
  aet: string;
  /** What a scan should report for it, in words (e.g. the checks expected to fail). */
  expected: string;
}

/** The running practice lab and a scan request that covers it (the form is pre-filled with it). */
export interface PracticeLabInfo {
  servers: PracticeLabServer[];
  suggested: ScanRequestFields;
}

/** Apply a server's fix to the practice lab (issue 17): the practice-lab server at `host:port`. */
export interface PracticeLabApplyRequest {
  host: string;
  port: number;
}

/** What `practice-lab:apply` changed on a practice server, in words (nothing on any other server, ever). */
export interface PracticeLabApplyResult {
  /** The practice server's name, e.g. `Open PACS`. */
  name: string;
  host: string;
  port: number;
  /** What is now in place, one line each (e.g. the AE allow-list). */
  applied: string[];
  /** What the snippets ask for that the practice lab cannot do, one line each (e.g. TLS where it has no TLS server). */
  notApplied: string[];
}

/** Closed vocabulary of errors a handler answers. */
export type ErrorCode =
  /** An argument failed validation; the message names the field. */
  | 'invalid-argument'
  /** The call did not come from the app's own window (or carried the wrong token). */
  | 'forbidden-sender'
  /** No such channel. */
  | 'unknown-channel'
  /** The scan (or other object) named does not exist. */
  | 'not-found'
  /** The engine refused the scope (too large, public addresses without consent, unparsable target). */
  | 'scope-refused'
  /** The operation cannot start now (e.g. the practice lab is already starting). */
  | 'busy'
  /** The practice lab could not start on this machine (e.g. a loopback port in use); the message says why. */
  | 'unavailable'
  /** A stored signed record does not verify (the database was altered): nothing was built on it. */
  | 'integrity'
  /** The passphrase does not unlock the signer's key (or was not given): nothing was signed or written. */
  | 'bad-passphrase'
  /** The user cancelled the operation before it finished (e.g. a re-check): nothing was stored. */
  | 'cancelled'
  /** A bug or an unexpected failure; the message says what happened. */
  | 'internal';

/** Errors travel as data: Electron passes only `message` of a thrown error. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** Request/response channels: renderer → main. Each takes at most one argument. */
export interface Invoke {
  'app:info': () => AppInfo;
  /**
   * Validates, checks the scope, and starts the scan in the background under the caller's
   * `scanId`; answers once the engine accepted the scope (its events may come first: they carry that id).
   */
  'scan:start': (req: ScanStartRequest) => { scanId: string };
  'scan:cancel': (req: { scanId: string }) => { cancelled: boolean };
  /** Most recent first. */
  'scan:list': () => ScanSummary[];
  /** The report as stored so far (partial while the scan runs). */
  'scan:get': (req: { scanId: string }) => ScanReport;
  /** Starts the practice lab (or returns the running one). */
  'practice-lab:start': () => PracticeLabInfo;
  'practice-lab:stop': () => { stopped: boolean };
  /**
   * Issue 17: reconfigures a server of the running practice lab the way its checklist's
   * snippets would (called AE check, only the inventory's peers may call; TLS where the lab
   * has a TLS server). The main process decides by the lab's own list of servers; any
   * other server is refused (`not-found`) and nothing is changed.
   */
  'practice-lab:apply': (req: PracticeLabApplyRequest) => PracticeLabApplyResult;

  // ---- remediation (issue 5); types in shared/remediation.ts and shared/playbooks/types.ts ----
  /** Imports an inventory CSV in one transaction; bad lines come back in `problems` and then nothing is imported. */
  'inventory:import': (req: InventoryImportRequest) => InventoryImportResult;
  'inventory:list': () => StoredInventoryNode[];
  /** Adds a node (or updates the one with the same AE title, host and port), or edits node `id`. */
  'inventory:upsert': (req: InventoryUpsertRequest) => StoredInventoryNode;
  'inventory:remove': (req: { id: number }) => { removed: boolean };
  /** The server's checklist: a playbook per failing check of its latest scan, snippets filled with its values. */
  'remediation:playbook': (req: PlaybookRequest) => RenderedChecklist;
  /** The persisted checklist state (steps, attestations, history) and its progress. */
  'remediation:checklist': (req: ServerRef) => ChecklistView;
  'remediation:set-step': (req: SetStepRequest) => ChecklistView;
  'remediation:attest': (req: AttestRequest) => ChecklistView;
  /**
   * Re-probes the server (seconds) and compares with its latest scan; stored, with both observations.
   * One re-check per server at a time: a second one while it runs answers `busy`. Cancelled
   * (`remediation:cancel-verify`, or the app quitting), it answers `cancelled` and nothing is stored.
   */
  'remediation:verify': (req: VerifyServerRequest) => VerificationRecord;
  /** Cancels the running re-check of the server (only the one started with `runId`, when given); false when none was running. */
  'remediation:cancel-verify': (req: CancelVerifyRequest) => { cancelled: boolean };
  /** The server's verifications, newest first. */
  'remediation:verifications': (req: ServerRef) => Verification[];
  'maintenance-window:create': (req: MaintenanceWindowCreateRequest) => MaintenanceWindow;
  'maintenance-window:list': () => MaintenanceWindowListItem[];
  /** A window with each server's progress (steps, attestations, latest verification inside it). */
  'maintenance-window:get': (req: { id: string }) => MaintenanceWindowProgress;
  /** What the window achieved: fixed, still open, regressed. */
  'maintenance-window:summary': (req: { id: string }) => MaintenanceWindowSummary;

  // ---- signed records (issue 6); types in shared/records.ts ----
  /** Operators known to this database (who can sign), with whether this app holds their key. */
  'operators:list': () => OperatorView[];
  /** Makes a key pair for a new operator; the private key is kept sealed by their passphrase and then the OS keychain. */
  'operators:create': (req: OperatorCreateRequest) => OperatorView;
  /** Adds the operator of a `collimator keys new` key file (public key, name, role), once its passphrase unlocks it; the file is not kept. */
  'operators:register-key-file': (req: OperatorKeyFileRequest) => OperatorView;
  /** What signing would sign, for review first (nothing is written); works before a signer is chosen. */
  'records:preview': (req: RecordPreviewRequest) => RecordPreview;
  /** Signs the record as the operator (their passphrase unlocks their key now; nothing is kept) and appends it to the hash chain. */
  'records:signoff': (req: SignoffRequest) => RecordDetail;
  /** Adds a second operator's signature over the same bytes (their own passphrase, their own key). */
  'records:cosign': (req: CosignRequest) => RecordDetail;
  /** Every record, oldest first. */
  'records:list': () => RecordListItem[];
  /** One record with its verification status (signatures, chain link). */
  'records:get': (req: { id: string }) => RecordDetail;
  /** A JSON (verifiable offline), PDF (report) or CSV (summary) file's content, for the renderer to save. */
  'records:export': (req: RecordsExportRequest) => RecordsExportFile;
  /** Checks an exported JSON file's text, naming what does not hold; its signers judged against the app's trust list. */
  'records:verify-file': (req: { text: string }) => VerifyReport;

  // ---- known signers (issue 11); types in shared/trust.ts ----
  /** The app's trust list: its operators plus the imported lists (each read again, signature checked). */
  'trust:list': () => AppTrustList;
  /** Imports a trust list (signed collimator.trust/1 or one fingerprint per line); a list that does not verify is refused, nothing stored. */
  'trust:import': (req: TrustImportRequest) => AppTrustList;
  /** Removes an imported list (the app's own operators stay). */
  'trust:remove': (req: { id: number }) => AppTrustList;
  /** The keys known now as a plain fingerprint list, for an auditor's `records verify --trust-list`. */
  'trust:export': () => TrustExportFile;

  // ---- peers learned from logs and captures (issue 14); types in shared/observed-peers.ts ----
  /** Learns from files picked or dropped in the app (passive: nothing is sent anywhere) and stores the peers, per file name. */
  'peers:learn': (req: PeersLearnRequest) => LearnResult;
  /** The stored peers (of one server when asked), merged with the inventory. */
  'peers:list': (req: PeersListRequest) => PeersListView;
  // ---- exports for other tools (issue 13); types in shared/exports.ts ----
  /** An ATT&CK Navigator layer (format 4.5) of the open findings: every server's newest observations, or one scan's. */
  'exports:navigator': (req: ExportRequest) => ExportFile;
  /** A DefectDojo Generic Findings Import file: one finding per failing check per host:port, fixed ones mitigated. */
  'exports:defectdojo': (req: ExportRequest) => ExportFile;
  // ---- maintenance windows: edit, extend, close (issue 17); each written to the window's history ----
  /** New name, times or servers (what is left out stays); refused once closed or when nothing changes. */
  'maintenance-window:update': (req: MaintenanceWindowUpdateRequest) => MaintenanceWindowProgress;
  /** The end moves `minutes` later (an ended window reopens); refused once closed. */
  'maintenance-window:extend': (req: MaintenanceWindowExtendRequest) => MaintenanceWindowProgress;
  /** Closed now: an open window ends now, an upcoming one will not start; refused once closed or over. */
  'maintenance-window:close': (req: MaintenanceWindowCloseRequest) => MaintenanceWindowProgress;
  // ---- the internet's view (issue 13): imports of Censys/Shodan/nmap exports, reconcile ----
  /** Starts an import: the files' bytes follow in `internet:import-chunk`, then `internet:import-finish` runs it. */
  'internet:import-begin': (req: InternetImportBeginRequest) => { importId: string };
  'internet:import-chunk': (req: InternetImportChunkRequest) => { received: number };
  /** Parses and stores every file in one transaction (progress in `internet:progress`); nothing is imported on a refusal. */
  'internet:import-finish': (req: { importId: string }) => InternetImportResult;
  'internet:import-cancel': (req: { importId: string }) => { cancelled: boolean };
  /** The reconcile table, the address mappings and the imports. */
  'internet:view': (req: { staleDays?: number }) => InternetView;
  /** The reconcile table as CSV (`electron/internet/reconcile-csv.ts`). */
  'internet:export-csv': (req: { staleDays?: number }) => { fileName: string; text: string };
  'internet:map-set': (req: InternetAddressMapping) => InternetAddressMapping[];
  'internet:map-remove': (req: { publicHost: string }) => InternetAddressMapping[];
  /** The `exposure.internet` finding of one inside host:port from the imports, or null. */
  'internet:finding': (req: ServerRef) => { check: CheckResult | null };
  /**
   * Attaches the "closed as seen from the internet" the reconcile table shows for a public
   * host:port to the server it maps to (append-only), for its next signed record; refused
   * (nothing written) when the table does not show it closed, or maps it elsewhere.
   */
  'internet:attach-closure': (req: InternetAttachClosureRequest) => AttachedInternetClosure;
  /** Every closure attached to a server, oldest first. */
  'internet:closures': () => { closures: AttachedInternetClosure[] };
}

/** Payload of `scan:finished`. */
export interface ScanFinished {
  scanId: string;
  cancelled: boolean;
  /** Why the scan stopped early, in words; absent when it ran to the end or was cancelled. */
  error?: string;
  summary: ScanReport['summary'];
}

/** Events: main → renderer. */
export interface Events {
  'scan:progress': (p: ScanProgress & { scanId: string }) => void;
  /** A service's checks are done (found-so-far list). */
  'scan:service': (e: { scanId: string; service: ServiceResult }) => void;
  'scan:finished': (e: ScanFinished) => void;
  'internet:progress': (p: InternetImportProgress) => void;
}

export type InvokeChannel = keyof Invoke;
export type EventChannel = keyof Events;
/** The argument of a channel (`undefined` for channels without one). */
export type InvokeArg<C extends InvokeChannel> = Parameters<Invoke[C]> extends [infer A] ? A : undefined;
export type InvokeValue<C extends InvokeChannel> = ReturnType<Invoke[C]>;
export type EventPayload<E extends EventChannel> = Parameters<Events[E]>[0];

/** Every invoke channel, at runtime (the preload and the web bridge build one named function each). */
export const INVOKE_CHANNELS = [
  'app:info', 'scan:start', 'scan:cancel', 'scan:list', 'scan:get', 'practice-lab:start', 'practice-lab:stop',
  'inventory:import', 'inventory:list', 'inventory:upsert', 'inventory:remove',
  'remediation:playbook', 'remediation:checklist', 'remediation:set-step', 'remediation:attest', 'remediation:verify', 'remediation:cancel-verify', 'remediation:verifications',
  'maintenance-window:create', 'maintenance-window:list', 'maintenance-window:get', 'maintenance-window:summary',
  'operators:list', 'operators:create', 'operators:register-key-file',
  'records:preview', 'records:signoff', 'records:cosign', 'records:list', 'records:get', 'records:export', 'records:verify-file',
  'trust:list', 'trust:import', 'trust:remove', 'trust:export',
  'peers:learn', 'peers:list',
  'exports:navigator', 'exports:defectdojo',
  'practice-lab:apply',
  'maintenance-window:update', 'maintenance-window:extend', 'maintenance-window:close',
  'internet:import-begin', 'internet:import-chunk', 'internet:import-finish', 'internet:import-cancel', 'internet:view', 'internet:export-csv', 'internet:map-set', 'internet:map-remove', 'internet:finding',
  'internet:attach-closure', 'internet:closures',
] as const;
/** Every event channel, at runtime. */
export const EVENT_CHANNELS = ['scan:progress', 'scan:service', 'scan:finished', 'internet:progress'] as const;

// The lists must name every channel, and nothing else: a compile error here means a list drifted.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _invokeListComplete: Exact<(typeof INVOKE_CHANNELS)[number], InvokeChannel> = true;
const _eventListComplete: Exact<(typeof EVENT_CHANNELS)[number], EventChannel> = true;
void _invokeListComplete;
void _eventListComplete;

// ---- window.collimator, derived from the contract ----

type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
/** `scan:start` → `scan`; `maintenance-window:get` → `maintenanceWindow`. */
export type AreaOf<C extends string> = C extends `${infer A}:${string}` ? CamelCase<A> : never;
/** `records:export-pdf` → `exportPdf`. */
export type MethodOf<C extends string> = C extends `${string}:${infer M}` ? CamelCase<M> : never;
/** `scan:progress` → `onProgress`. */
export type ListenerOf<E extends string> = `on${Capitalize<MethodOf<E>>}`;

/** Stops a subscription. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/** A named call: the argument goes to the handler; the answer is a Result, never a rejection. */
export type InvokeFn<C extends InvokeChannel> = (...args: Parameters<Invoke[C]>) => Promise<Result<InvokeValue<C>>>;
/** A named subscription. */
export type SubscribeFn<E extends EventChannel> = (listener: (payload: EventPayload<E>) => void) => Unsubscribe;

export type Area = AreaOf<InvokeChannel | EventChannel>;

/** The type of `window.collimator`: `{ scan: { start(req), …, onProgress(cb) }, practiceLab: {…}, app: {…} }`. */
export type CollimatorApi = {
  readonly [A in Area]: {
    readonly [C in InvokeChannel as AreaOf<C> extends A ? MethodOf<C> : never]: InvokeFn<C>;
  } & {
    readonly [E in EventChannel as AreaOf<E> extends A ? ListenerOf<E> : never]: SubscribeFn<E>;
  };
};

/** How a transport moves one call and one subscription; buildApi turns it into named functions. */
export interface Transport {
  /** Sends `arg` (or nothing) on `channel`; resolves to the handler's Result, never rejects. */
  invoke(channel: InvokeChannel, arg: unknown): Promise<Result<unknown>>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): Unsubscribe;
}

function camelCase(s: string): string {
  return s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Where a channel lives on `window.collimator`: `scan:start` → `['scan', 'start']`, `practice-lab:start` → `['practiceLab', 'start']`. */
export function invokePath(channel: InvokeChannel): [area: string, method: string] {
  const [area = '', name = ''] = channel.split(':');
  return [camelCase(area), camelCase(name)];
}

/** Where an event's subscription lives: `scan:progress` → `['scan', 'onProgress']`. */
export function eventPath(channel: EventChannel): [area: string, method: string] {
  const [area = '', name = ''] = channel.split(':');
  const m = camelCase(name);
  return [camelCase(area), `on${m.charAt(0).toUpperCase()}${m.slice(1)}`];
}

/**
 * Builds `window.collimator` over a transport: one named function per channel, each
 * passing exactly one argument (extra arguments from the page are dropped), and one
 * `onX(listener)` per event. The result is frozen, all the way down.
 */
export function buildApi(transport: Transport): CollimatorApi {
  const areas: Record<string, Record<string, unknown>> = {};
  const areaOf = (a: string): Record<string, unknown> => (areas[a] ??= {});
  for (const channel of INVOKE_CHANNELS) {
    const [area, method] = invokePath(channel);
    areaOf(area)[method] = (arg?: unknown) => transport.invoke(channel, arg);
  }
  for (const channel of EVENT_CHANNELS) {
    const [area, method] = eventPath(channel);
    areaOf(area)[method] = (listener: unknown) => {
      if (typeof listener !== 'function') throw new TypeError(`${area}.${method} needs a function`);
      return transport.subscribe(channel, (payload) => (listener as (p: unknown) => void)(payload));
    };
  }
  for (const a of Object.values(areas)) Object.freeze(a);
  return Object.freeze(areas) as unknown as CollimatorApi;
}

/** The names `buildApi` produces, `area.method`, sorted: what tests compare the exposed object against. */
export function apiMethodNames(): string[] {
  return [...INVOKE_CHANNELS.map((c) => invokePath(c).join('.')), ...EVENT_CHANNELS.map((c) => eventPath(c).join('.'))].sort();
}
