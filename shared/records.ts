/**
 * Signed remediation records (issue 6), the shared vocabulary: the record body, its
 * signatures, list rows, verification reports, and the IPC requests and answers. Pure
 * types; electron/records holds the code.
 *
 * The signed remediation record: what was found on one server, what was done
 * about it and by whom, and how it was checked afterwards. The body below is serialized
 * as RFC 8785 canonical JSON; those bytes are what every signature covers and what the
 * hash chain links. Optional facts are `null`, never absent, so the form is fixed.
 *
 * Field names are a public contract, like the scan JSON: auditors' scripts read them.
 * Fields are added in a new format version, never renamed.
 */
import type { AttackTechniqueId, CheckId, CheckStatus, ManualCheckId, Protocol, ServiceState, Severity } from './catalog';
import type { ChecklistEvent } from './remediation';
import type { InternetClosure } from './internet';
import type { SignerTrust, TrustCheck } from './trust';
import type { Product, Vantage, Verdict } from './types';

/**
 * The format this version writes. `/2` (issue 11) quotes, for every step, the words and
 * snippet the admin was shown when ticking it (stored with the change), where `/1`
 * re-rendered the words from the data of the day it was signed; `/2` also lists the
 * steps never ticked. A verifier reads both.
 */
export const RECORD_FORMAT = 'collimator.record/4';
/**
 * Every record format a verifier accepts, oldest first. `/3` (issue 17) records the
 * checklist grouped by action: each step lists the findings it addresses (`findings`,
 * also on `notTicked`), and `progress` counts each action once, as the Fix screen and
 * the maintenance window do; and `peers` (issue 14):
 * cut-off acknowledgements and whether each legitimate peer is still accepted. `/4`
 * (issue 13) adds `internet`: the "closed as seen from the internet" evidence attached
 * to the server (which export showed it gone, its file's SHA-256, when it was last seen open).
 */
export const RECORD_FORMATS = ['collimator.record/1', 'collimator.record/2', 'collimator.record/3', RECORD_FORMAT] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

/** An ATT&CK technique with its name (MITRE's notice goes wherever these are shown). */
export interface RecordTechnique {
  id: AttackTechniqueId;
  name: string;
}

/** One check as observed before the fix. */
export interface RecordFinding {
  id: CheckId;
  /** The catalog's title. */
  title: string;
  status: CheckStatus;
  severity: Severity;
  summary: string;
  evidence: Record<string, unknown>;
  attack: RecordTechnique[];
}

/** The observation the fix started from. */
export interface RecordBefore {
  /** The scan it comes from. */
  scanId: string;
  /** When that scan started (ISO-8601 UTC). */
  at: string;
  vantage: Vantage;
  state: ServiceState;
  /** Every check listed for the service, in the order the scan stored them. */
  findings: RecordFinding[];
}

/** A snippet as the admin was shown it with a step: the change and its rollback, filled with that moment's values. */
export interface RecordSnippet {
  id: string;
  title: string;
  language: string;
  /** Where and how it is applied. */
  where: string;
  code: string;
  rollback: { title: string; language: string; code: string };
  /** What the admin was told to check or fill in by hand. */
  warnings: string[];
}

/** A checklist step as it stood when the record was signed. */
export interface RecordStep {
  /** The persisted step id (`<checkId>/<key>` or `<checkId>/<variant>/<key>`). */
  id: string;
  /**
   * `/2`: the step's words exactly as the admin was shown them at the change below (`by`,
   * `at`), with that moment's peers and values; null when the change was recorded before
   * Collimator kept what was shown (the words were not recorded at the time).
   * `/1`: the words as rendered when the record was signed, or null when the playbook no
   * longer had the step.
   */
  text: string | null;
  /** `/2` and later: the snippet shown with the step at that change; null when it had none, or nothing was recorded. */
  snippet?: RecordSnippet | null;
  /**
   * `/3` only: the findings (check ids) this step addresses on this server, as the
   * checklist grouped them when the record was signed; empty when none of the server's
   * findings asks for it any more (or no checklist could be rendered).
   */
  findings?: CheckId[];
  done: boolean;
  /** Who last changed it, and when (ISO-8601 UTC). */
  by: string;
  at: string;
  note: string;
}

export interface RecordChecklist {
  /** Every step that was ever ticked or unticked, in checklist order (unknown ids last). */
  steps: RecordStep[];
  /**
   * Steps done of the steps that count (common steps plus one variant per playbook); null when no checklist could be rendered.
   * From `/3`, each action counts once however many findings it addresses (shared/playbooks/grouping.ts), as on the Fix screen.
   */
  progress: { done: number; total: number } | null;
  /** Every change, oldest first: who did what when. */
  history: RecordChecklistEvent[];
  /**
   * `/2` only: the steps that count (see `progress`) that nobody ever ticked, with their
   * words as rendered when the record was signed (there is no earlier moment to quote);
   * empty when every counted step was ticked, or no checklist could be rendered.
   */
  notTicked?: Array<{ id: string; text: string; findings?: CheckId[] }>;
}

/** What the record view and the sign-off review say of a `/2` step whose `text` is null. */
export const WORDS_NOT_RECORDED = 'Words not recorded at the time';

/**
 * The steps whose words the record cannot quote: from `/2`, a null `text` means the
 * change was stored before Collimator kept what was shown. (In `/1`, null meant the
 * playbook no longer had the step: another case, not this one.)
 */
export function stepsWithoutWords(body: { format: string; checklist: { steps: readonly RecordStep[] } }): RecordStep[] {
  return body.format === 'collimator.record/1' ? [] : body.checklist.steps.filter((s) => s.text === null);
}

/** One change of the checklist's history, as a record carries it (what was shown is on the step). */
export type RecordChecklistEvent = Omit<ChecklistEvent, 'shown'>;

/** A manual control attested (or withdrawn). */
export interface RecordAttestation {
  id: ManualCheckId;
  /** The control's title (`/2`: as shown when it was attested, when that was recorded). */
  title: string;
  attested: boolean;
  by: string;
  at: string;
  note: string;
}

/** Before/after of one check in the verification. */
export interface RecordVerificationCheck {
  id: CheckId;
  title: string;
  severity: Severity;
  before: CheckStatus;
  after: CheckStatus;
  verdict: Verdict;
  note: string;
  /** The one-line summary and evidence of each side (null when the check was not listed on that side). */
  beforeEvidence: { summary: string; evidence: Record<string, unknown> } | null;
  afterEvidence: { summary: string; evidence: Record<string, unknown> } | null;
  attack: RecordTechnique[];
}

/** The re-probe after the fix. */
export interface RecordVerification {
  id: string;
  /** The scan it compared against (normally `before.scanId`). */
  beforeScanId: string;
  /** When the re-probe started and ended (ISO-8601 UTC). */
  at: string;
  finishedAt: string;
  vantage: Vantage;
  state: ServiceState;
  protocol: Protocol | null;
  /** True when every verified check is fixed or still passing. */
  passed: boolean;
  counts: Record<Verdict, number>;
  /** Why the port did not answer, when it did not. */
  unreachable: string | null;
  checks: RecordVerificationCheck[];
  /** Checks with nothing to verify, and why. */
  unverified: Array<{ id: CheckId; before: CheckStatus; after: CheckStatus; why: string }>;
}

export interface RecordMaintenanceWindow {
  id: string;
  name: string;
  startsAt: string;
  endsAt: string;
}

/** The server the record is about. */
export interface RecordServer {
  host: string;
  /** TCP port, 1-65535. */
  port: number;
  protocol: Protocol | null;
  product: Product | null;
  /** The server's AE title when known. */
  calledAe: string | null;
}

/** The record's place in its database's hash chain. */
export interface RecordChain {
  /** 1 for the first record of the database, then 2, 3, ... */
  position: number;
  /** SHA-256 (hex) of the previous record's canonical bytes; null at position 1. */
  prev: string | null;
}

/** Everything a record says; its canonical JSON is what is signed. */
export interface RecordBody {
  format: RecordFormat;
  /** Unique id (UUID). */
  id: string;
  /** When the operator signed (ISO-8601 UTC). */
  createdAt: string;
  tool: { name: 'collimator'; version: string };
  /** Who signs first and answers for the record. Their signature must carry this fingerprint. */
  operator: { name: string; role: string; fingerprint: string };
  /** The operator's words. */
  note: string;
  /** The id of the record this one corrects, or null. */
  supersedes: string | null;
  chain: RecordChain;
  server: RecordServer;
  /** Where the evidence after the fix was gathered from (the verification's vantage; the scan's when there is none). */
  vantage: Vantage;
  before: RecordBefore;
  checklist: RecordChecklist;
  attestations: RecordAttestation[];
  /** Null when the service was never verified: the record then says so plainly. */
  verification: RecordVerification | null;
  maintenanceWindow: RecordMaintenanceWindow | null;
  /** `/3` only (issue 14): the peers the fix cut off on purpose, and those still accepted after it. */
  peers?: RecordPeers;
  /** `/4` only (issue 13): the closures seen from the internet attached to the server. */
  internet?: RecordInternet;
}

/** What a `/4` record says about the server as seen from the internet. */
export interface RecordInternet {
  /** Every "closed as seen from the internet" attached to the server before signing, oldest first. */
  closures: InternetClosure[];
}

// ---- issue 14: peers in the record (format /3) ------------------------------------------

/** A peer acknowledged as cut off by a step (what the main process computed when the step was ticked). */
export interface RecordCutOffPeer {
  callingAe: string;
  address: string | null;
  lastSeen: string | null;
  source: 'inventory' | 'learned';
  why: string;
}

/** What a `/3` record says about the server's legitimate peers. */
export interface RecordPeers {
  /** Every acknowledgement that a step cuts off peers seen recently, oldest first (`seq`: its checklist change). */
  acknowledgements: Array<{ seq: number; stepId: string; by: string; at: string; recentDays: number; peers: RecordCutOffPeer[] }>;
  /** The latest verification's "legitimate peers still accepted"; null when it has none (not verified, not DICOM, no peers). */
  stillAccepted: Array<{
    callingAe: string;
    address: string | null;
    source: 'inventory' | 'learned';
    verdict: 'still-accepted' | 'regressed' | 'inconclusive';
    reason: string;
    outcome: string;
    detail: string;
    addressBound: boolean;
    from: string | null;
  }> | null;
}

/** A record before it takes its place in the chain. */
export type RecordDraft = Omit<RecordBody, 'chain'>;

/** `operator` signs first; `reviewer`s co-sign the same bytes after. */
export type SignatureKind = 'operator' | 'reviewer';

/** One signature over a record's canonical bytes, with the key to check it. */
export interface RecordSignature {
  kind: SignatureKind;
  /** The signer's name and role as they gave them (covered by the claim signature; the operator's are also in the body). */
  name: string;
  role: string;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** SHA-256 of the raw public key, hex: must match `publicKey`. */
  fingerprint: string;
  /** Base64 of the 64-byte Ed25519 signature over the canonical bytes. */
  signature: string;
  /** ISO-8601 UTC. */
  signedAt: string;
  /** Base64 of the 64-byte Ed25519 signature, by the same key, over this entry's claim (claims.ts): kind, name, role, signedAt and the record's hash. */
  claimSignature: string;
}


// ---- lists and verification reports ----

/** A row of the records list. */
export interface RecordListItem {
  position: number;
  id: string;
  host: string;
  port: number;
  createdAt: string;
  operator: { name: string; role: string; fingerprint: string };
  /** Co-signers, in signing order. */
  reviewers: Array<{ name: string; role: string; fingerprint: string; signedAt: string }>;
  /** What the app's trust list says of each signature's key, in signing order (operator first); set by the app's records list. */
  signers?: SignerTrust[];
  /** Verification result: true passed, false did not, null never verified. */
  passed: boolean | null;
  counts: Record<Verdict, number> | null;
  /** Failing findings (severity above info) in the scan the fix started from. */
  findings: number;
  supersedes: string | null;
  supersededBy: string[];
  hash: string;
  note: string;
}

/** What kind of thing does not hold. */
export type ProblemKind =
  | 'file'
  | 'canonical-form'
  | 'hash'
  | 'record-shape'
  | 'parsed-copy'
  | 'signature'
  | 'fingerprint'
  | 'operator'
  | 'chain'
  | 'correction'
  /** A signer is not a known operator (only with `records verify --require-known-signers`). */
  | 'signer';

/** One thing that does not hold, named so a person can find it. */
export interface Problem {
  kind: ProblemKind;
  /** Where: `record 2 (id …)`, `record 2, signature 1 (reviewer Bob)`, `chain between records 1 and 2`. */
  where: string;
  /** What, in one line. */
  message: string;
}

/** What was checked about one signature. */
export interface SignatureStatus {
  kind: string;
  name: string;
  role: string;
  fingerprint: string;
  /** The public key matches its fingerprint, and the signature over the signed bytes and the claim signature both hold. */
  holds: boolean;
  signedAt: string;
  /** What the trust lists say of the key; null when no list was given (see `VerifyReport.signers`). */
  signer: SignerTrust | null;
}

/** One record of the file as checked. */
export interface RecordStatus {
  /** 1-based place in the file. */
  index: number;
  id: string;
  position: number | null;
  server: string | null;
  createdAt: string | null;
  operator: string | null;
  /** Verification result inside the record: true passed, false did not, null never verified. */
  passed: boolean | null;
  signatures: SignatureStatus[];
  /** No problem names this record. */
  intact: boolean;
}

export interface VerifyReport {
  /** True only when nothing at all is wrong. */
  ok: boolean;
  scope: string | null;
  records: RecordStatus[];
  /** Links checked between adjacent records, and whether the file starts at position 1. */
  chain: { links: number; fromStart: boolean };
  problems: Problem[];
  /** Whether the signers were checked against trust lists, which ones, and whether all are known. */
  signers: TrustCheck;
}


// ---- the app's requests and answers (IPC channels records:* and operators:*) ----

/** An operator known to this database. */
export interface OperatorView {
  name: string;
  role: string;
  /** SHA-256 (hex) of the raw public key: the operator's id in requests. */
  fingerprint: string;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /**
   * True when this app holds the private key (sealed by the OS keychain and the
   * operator's passphrase); false for an operator who signs with their key file.
   */
  hasSealedKey: boolean;
  /** The OS user who added this operator to the database (from its audit log); null when not recorded (added before this was logged). */
  addedBy: string | null;
}

/** A new operator whose key the app makes and keeps (sealed by the OS keychain and this passphrase). */
export interface OperatorCreateRequest {
  name: string;
  role: string;
  /** The new operator's passphrase (12+ characters): asked again at every signature, never stored. */
  passphrase: string;
}

/** Registers the operator of a key file made by `collimator keys new` (its public key, name and role; the file stays with its owner). */
export interface OperatorKeyFileRequest {
  /** The key file's text (`collimator-operator-key/1` JSON). */
  keyFile: string;
  /** Its passphrase: proves the file's owner is the one adding it; forgotten after the call. */
  passphrase: string;
}

/** What would be signed for one server: `operator` may be left out to review before choosing who signs. */
export interface RecordPreviewRequest {
  host: string;
  port: number;
  /** The operator's fingerprint, when chosen. */
  operator?: string;
  note: string;
  /** The id of a record this one corrects. */
  supersedes?: string;
}

/** The secret that unlocks a signer's key at the moment of signing; never kept after the call. */
export interface SignerSecret {
  /** The operator's passphrase (of their app-held key, or of `keyFile`). */
  passphrase: string;
  /** The text of the operator's key file, for an operator whose key this app does not hold. */
  keyFile?: string;
}

/** Sign a record of one server as an operator: their app-held key or their key file, unlocked with their passphrase. */
export interface SignoffRequest extends RecordPreviewRequest, SignerSecret {
  /** The operator's fingerprint. */
  operator: string;
}

/** What would be signed, for review before signing. */
export interface RecordPreview {
  /** The record as it will be signed (its chain place is set at signing); without a signer chosen, its operator's fields are empty. */
  draft: RecordDraft;
  /** Who would sign; null when the preview was asked before choosing. */
  operator: OperatorView | null;
  /** Things to know before signing (never verified, verification did not pass, ...). */
  warnings: string[];
}

export interface CosignRequest extends SignerSecret {
  id: string;
  /** The reviewer's fingerprint (a second operator: their app-held key or their key file). */
  operator: string;
}

/** When, and by which OS user, a signer was added to this database: from its audit log, not from the signed bytes. */
export interface SignerEnrolment {
  fingerprint: string;
  /** ISO-8601 UTC. */
  addedAt: string;
  /** The OS user who added the operator; null when not recorded. */
  addedBy: string | null;
  /** Where the signer's private key lives: sealed in this app, or in their own key file. */
  keyHeld: 'app' | 'key file';
}

/** One record with its verification status. */
export interface RecordDetail {
  id: string;
  position: number;
  hash: string;
  prevHash: string | null;
  body: RecordBody;
  /** `signer`: what the app's trust list says of the key. */
  signatures: Array<RecordSignature & { holds: boolean; signer?: SignerTrust }>;
  supersededBy: string[];
  /** The stored bytes are canonical, hash right, every signature holds, the chain link holds. */
  intact: boolean;
  problems: Problem[];
  /** Each signer this database knows (in signing order): when and by whom they were added. Not signed: the database's word. */
  enrolments: SignerEnrolment[];
}

export type RecordsExportFormat = 'json' | 'pdf' | 'csv';

export interface RecordsExportRequest {
  format: RecordsExportFormat;
  /** Records to export (ids); absent with `all`. CSV covers every record when none is named. */
  ids?: string[];
  all?: boolean;
}

/** An exported file's content, for the renderer to save. */
export interface RecordsExportFile {
  /** A suggested file name, e.g. `collimator-record-4f1c2a9b.pdf`. */
  fileName: string;
  mediaType: 'application/json' | 'application/pdf' | 'text/csv';
  base64: string;
  records: number;
}
