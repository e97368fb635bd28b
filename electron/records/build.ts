/**
 * Building a record's body from what the database knows about one server: the scan the
 * fix started from (with its evidence), the checklist history and attestations, the
 * latest verification, and the maintenance window it fell in. The inputs come through a
 * small RecordSource port, so the builder is a pure function of data and is tested
 * without SQL; `storeSource` adapts the real store.
 *
 * What was true at the time (issue 11): a step's words and snippet are quoted from what
 * its latest change stored (checklist_events.shown), never re-rendered from today's
 * inventory or scan; a change stored before that existed says the words were not
 * recorded. Today's rendering only orders the steps and lists the ones never ticked.
 */
import { ATTACK_TECHNIQUES, CATALOG, type AttackTechniqueId, type CheckId } from '../../shared/catalog';
import { ATTESTATIONS, checklistProgress, checksOfStep, findingsToFix, renderChecklist, stepFindings, type RenderedChecklist } from '../../shared/playbooks';
import { serverKey } from '../../shared/host';
import type { MaintenanceWindow, ServerChecklist, ServerRef, ShownItem, VerificationRecord } from '../../shared/remediation';
import type { InventoryNode, ServiceResult, Vantage } from '../../shared/types';
import type { Store } from '../store';
import type { CutOffAcknowledgement } from '../../shared/peers';
import type { InternetClosure } from '../../shared/internet';
import type { RecordInternet, RecordPeers } from '../../shared/records';
import { createInternetClosuresRepo } from '../store/internet-closures-repo';
import {
  RECORD_FORMAT, type RecordAttestation, type RecordBefore, type RecordChecklistEvent, type RecordDraft, type RecordFinding, type RecordSnippet, type RecordStep,
  type RecordTechnique, type RecordVerification, type RecordMaintenanceWindow,
} from './types';

/** The earlier observation of a server: the scan and what it saw. */
export interface SourceScan {
  scanId: string;
  /** When the scan started (ISO-8601 UTC). */
  at: string;
  vantage: Vantage;
  service: ServiceResult;
}

/** What the builder reads (a port over the store). */
export interface RecordSource {
  /** The latest scan that stored this server, if any. */
  latestScan(server: ServerRef): SourceScan | undefined;
  /** The newest verification of this server with its evidence, if any. */
  latestVerification(server: ServerRef): VerificationRecord | undefined;
  checklist(server: ServerRef): ServerChecklist;
  inventory(): InventoryNode[];
  /** Every maintenance window. */
  maintenanceWindows(): MaintenanceWindow[];
  /** Issue 14: acknowledgements that steps cut off recently seen peers (none when absent). */
  cutOffAcknowledgements?(server: ServerRef): CutOffAcknowledgement[];
  /** Issue 13: the "closed as seen from the internet" evidence attached to the server, oldest first (none when absent). */
  internetClosures?(server: ServerRef): InternetClosure[];
}

/** The real store as a RecordSource. */
export function storeSource(store: Store): RecordSource {
  return {
    latestScan: (s) => store.latestService(s.host, s.port),
    latestVerification(s) {
      const [newest] = store.verifications.list(s, 1);
      return newest === undefined ? undefined : store.verifications.get(newest.id);
    },
    checklist: (s) => store.checklists.get(s),
    inventory: () => store.inventory.list(),
    maintenanceWindows: () => store.maintenanceWindows.list(),
    cutOffAcknowledgements: (s) => store.cutOffAcks.list(s),
    internetClosures: (s) => createInternetClosuresRepo(store.db).list(s),
  };
}

/** Why a record cannot be built; one line. */
export class RecordBuildError extends Error {
  override readonly name = 'RecordBuildError';
}

export interface DraftOptions {
  id: string;
  /** ISO-8601 UTC: the signing time. */
  createdAt: string;
  toolVersion: string;
  operator: { name: string; role: string; fingerprint: string };
  note: string;
  supersedes: string | null;
}

/** Plain JSON only: evidence from the store already is; this also drops `undefined` the way the store would have. */
function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function techniques(ids: readonly AttackTechniqueId[]): RecordTechnique[] {
  return ids.map((id) => ({ id, name: ATTACK_TECHNIQUES[id] }));
}

function beforeOf(scan: SourceScan): RecordBefore {
  return {
    scanId: scan.scanId,
    at: scan.at,
    vantage: plain(scan.vantage),
    state: scan.service.state,
    findings: scan.service.checks.map(
      (c): RecordFinding => ({
        id: c.id, title: CATALOG[c.id].title, status: c.status, severity: c.severity, summary: c.summary,
        evidence: plain(c.evidence), attack: techniques(c.attack),
      }),
    ),
  };
}

function verificationOf(v: VerificationRecord): RecordVerification {
  return {
    id: v.id,
    beforeScanId: v.before.scanId,
    at: v.after.at,
    finishedAt: v.after.finishedAt,
    vantage: plain(v.after.vantage),
    state: v.after.state,
    protocol: v.after.protocol ?? null,
    passed: v.passed,
    counts: plain(v.counts),
    unreachable: v.unreachable ?? null,
    checks: v.checks.map((c) => ({
      id: c.id, title: CATALOG[c.id].title, severity: c.severity, before: c.before, after: c.after, verdict: c.verdict, note: c.note,
      beforeEvidence: c.evidence.before ? plain(c.evidence.before) : null,
      afterEvidence: c.evidence.after ? plain(c.evidence.after) : null,
      attack: techniques(CATALOG[c.id].attack),
    })),
    unverified: v.unverified.map((u) => ({ id: u.id, before: u.before, after: u.after, why: u.why })),
  };
}

/** The scan the fix started from: the one the latest verification compared against, else the latest scan. */
function startingScan(source: RecordSource, server: ServerRef, verification: VerificationRecord | undefined): SourceScan | undefined {
  if (verification !== undefined) {
    return { scanId: verification.before.scanId, at: verification.before.at, vantage: verification.before.vantage, service: verification.beforeService };
  }
  return source.latestScan(server);
}

/** Rendered checklist covering the findings to fix and every check a recorded step belongs to. */
function renderFor(service: ServiceResult, vantage: Vantage, inventory: InventoryNode[], stepIds: readonly string[]): { full?: RenderedChecklist; counted?: RenderedChecklist } {
  const fix = findingsToFix(service).map((c) => c.id);
  const stepChecks = stepIds.flatMap((id) => checksOfStep(id));
  try {
    return {
      full: renderChecklist({ service, inventory, vantage, checkIds: [...new Set([...fix, ...stepChecks])] }),
      counted: renderChecklist({ service, inventory, vantage, checkIds: fix }),
    };
  } catch {
    // A server whose host cannot be written into snippets still gets a record: steps keep their ids.
    return {};
  }
}

/** The snippet as it was shown, field by field (plain JSON, nothing else carried over). */
function snippetOf(shown: ShownItem | null | undefined): RecordSnippet | null {
  const sn = shown?.snippet;
  if (sn === null || sn === undefined) return null;
  return {
    id: sn.id, title: sn.title, language: sn.language, where: sn.where, code: sn.code,
    rollback: { title: sn.rollback.title, language: sn.rollback.language, code: sn.rollback.code },
    warnings: [...sn.warnings],
  };
}

/**
 * Every step ever changed, quoting what its latest change stored; today's rendering only
 * orders them and says which of the server's findings each addresses (grouped by action).
 */
function stepsOf(checklist: ServerChecklist, rendered: RenderedChecklist | undefined, counted: RenderedChecklist | undefined): RecordStep[] {
  const order = new Map((rendered?.stepIds ?? []).map((id, i) => [id, i]));
  const rank = (id: string): number => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  const findings = counted === undefined ? new Map<string, CheckId[]>() : stepFindings(counted);
  return [...checklist.steps]
    .sort((a, b) => rank(a.stepId) - rank(b.stepId))
    .map((s) => ({ id: s.stepId, text: s.shown?.text ?? null, snippet: snippetOf(s.shown), findings: findings.get(s.stepId) ?? [], done: s.done, by: s.by, at: s.at, note: s.note }));
}

/** The steps that count (each action once, with the product and platform counted) that were never changed, worded as of signing. */
function notTickedOf(counted: RenderedChecklist | undefined, checklist: ServerChecklist): Array<{ id: string; text: string; findings: CheckId[] }> {
  if (counted === undefined) return [];
  const touched = new Set(checklist.steps.map((x) => x.stepId));
  // A step ticked under a pre-issue-17 id (an alias) was touched too.
  return checklistProgress(counted, checklist.steps)
    .steps.filter((s) => s.counted && !touched.has(s.id) && !(s.aliases ?? []).some((a) => touched.has(a)))
    .map((s) => ({ id: s.id, text: s.text, findings: [...s.findings] }));
}

/** The history without what was shown (each step carries that once, from its latest change). */
function historyOf(checklist: ServerChecklist): RecordChecklistEvent[] {
  return checklist.history.map((e) => ({ seq: e.seq, kind: e.kind, item: e.item, done: e.done, by: e.by, at: e.at, note: e.note }));
}

function maintenanceWindowFor(windows: readonly MaintenanceWindow[], server: ServerRef, at: string): RecordMaintenanceWindow | null {
  const mine = windows.filter((w) => w.servers.some((s) => s.host === server.host && s.port === server.port));
  // The window the evidence falls in; else, of the windows naming the server, the latest to start before it.
  const w = mine.find((x) => x.startsAt <= at && at <= x.endsAt) ?? mine.filter((x) => x.startsAt <= at).sort((a, b) => (a.startsAt < b.startsAt ? 1 : -1))[0];
  return w === undefined ? null : { id: w.id, name: w.name, startsAt: w.startsAt, endsAt: w.endsAt };
}

/**
 * The draft of a record about `server` (everything but its place in the chain). Throws
 * RecordBuildError when there is nothing to sign: the server was never scanned.
 */
export function buildDraft(source: RecordSource, server: ServerRef, opts: DraftOptions): RecordDraft {
  const verification = source.latestVerification(server);
  const scan = startingScan(source, server, verification);
  if (scan === undefined) throw new RecordBuildError(`${serverKey(server)} has never been scanned in this database: nothing to sign (scan it first)`);
  const checklist = source.checklist(server);
  const { full, counted } = renderFor(scan.service, scan.vantage, source.inventory(), checklist.steps.map((s) => s.stepId));
  const titles = new Map(ATTESTATIONS.map((a) => [a.id as string, a.title]));
  const attestations = checklist.attestations.map(
    (a): RecordAttestation => ({ id: a.id, title: a.shown?.text ?? titles.get(a.id) ?? a.id, attested: a.attested, by: a.by, at: a.at, note: a.note }),
  );
  const latest = source.latestScan(server);
  const s = scan.service;
  // Product and AE title: the freshest observation knows best.
  const seen = verification?.afterService ?? latest?.service ?? s;
  const product = seen.product ?? s.product;
  const calledAe = seen.calledAe ?? s.calledAe;
  return {
    format: RECORD_FORMAT,
    id: opts.id,
    createdAt: opts.createdAt,
    tool: { name: 'collimator', version: opts.toolVersion },
    operator: { ...opts.operator },
    note: opts.note,
    supersedes: opts.supersedes,
    server: {
      host: server.host,
      port: server.port,
      protocol: seen.protocol ?? s.protocol ?? null,
      product: product === undefined ? null : plain(product),
      calledAe: calledAe ?? null,
    },
    vantage: plain(verification?.after.vantage ?? scan.vantage),
    before: beforeOf(scan),
    checklist: {
      steps: stepsOf(checklist, full, counted),
      // The one count of the Fix screen and the maintenance window (shared/playbooks/grouping.ts).
      progress: counted === undefined ? null : (({ done: d, total }) => ({ done: d, total }))(checklistProgress(counted, checklist.steps)),
      history: historyOf(checklist),
      notTicked: notTickedOf(counted, checklist),
    },
    attestations,
    verification: verification === undefined ? null : verificationOf(verification),
    maintenanceWindow: maintenanceWindowFor(source.maintenanceWindows(), server, verification?.after.at ?? opts.createdAt),
    peers: peersOf(source.cutOffAcknowledgements?.(server) ?? [], verification),
    internet: internetOf(source.internetClosures?.(server) ?? []),
  };
}

/** Issue 13: the attached closures, field by field (plain JSON; the server is the record's own). */
function internetOf(closures: readonly InternetClosure[]): RecordInternet {
  return {
    closures: closures.map((c) => ({
      seq: c.seq, publicHost: c.publicHost, publicPort: c.publicPort, closedAt: c.closedAt, how: c.how, source: c.source,
      importId: c.importId, fileName: c.fileName, fileSha256: c.fileSha256, lastOpenAt: c.lastOpenAt, lastOpenSource: c.lastOpenSource,
      attachedAt: c.attachedAt, attachedBy: c.attachedBy,
    })),
  };
}

/** Issue 14: the acknowledged cut-offs and the latest verification's peers, field by field (plain JSON). */
function peersOf(acks: readonly CutOffAcknowledgement[], v: VerificationRecord | undefined): RecordPeers {
  return {
    acknowledgements: acks.map((a) => ({
      seq: a.seq, stepId: a.stepId, by: a.by, at: a.at, recentDays: a.recentDays,
      peers: a.peers.map((p) => ({ callingAe: p.callingAe, address: p.address, lastSeen: p.lastSeen, source: p.source, why: p.why })),
    })),
    stillAccepted: v?.peers === undefined ? null : v.peers.map((p) => ({
      callingAe: p.callingAe, address: p.address, source: p.source, verdict: p.verdict, reason: p.reason, outcome: p.outcome, detail: p.detail, addressBound: p.addressBound, from: p.from,
    })),
  };
}
