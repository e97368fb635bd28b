/**
 * Playbooks (issue 5): one per check id, and the pure rendering of a server's checklist
 * from its latest scan, the inventory and the vantage. Rendering fills in validated
 * values only (values.ts); every snippet carries its rollback.
 */
import { ATTACK_NOTICE, ATTACK_TECHNIQUES, CATALOG, CHECK_IDS, severityRank, type CheckId } from '../catalog';
import { isFindingToFix } from '../fails';
import type { CheckResult, InventoryNode, ServiceResult, Vantage } from '../types';
import { DICOM_PLAYBOOKS } from './dicom';
import { EXPOSURE_PLAYBOOKS } from './exposure';
import { ATTESTATIONS } from './manual';
import { TLS_PLAYBOOKS } from './tls';
import type { Playbook, RenderContext, RenderedChecklist, RenderedPlaybook, RenderedStep, RenderedVariant, StepDef } from './types';
import { buildContext, fillText } from './values';
import { WEB_PLAYBOOKS } from './web';
import { confirmedPeersFromInventory, DEFAULT_RECENT_DAYS, peersKeptAndCut, type ConfirmedPeer } from '../peers';

export type * from './types';
export { ATTESTATIONS } from './manual';
export { buildContext, PlaybookValueError, commentText, isSafeAeTitle, safeHost } from './values';

/** Every playbook, by check id (a unit test keeps it complete). */
export const PLAYBOOKS: Readonly<Record<CheckId, Playbook>> = Object.fromEntries(
  [...DICOM_PLAYBOOKS, ...TLS_PLAYBOOKS, ...WEB_PLAYBOOKS, ...EXPOSURE_PLAYBOOKS].map((p) => [p.checkId, p]),
) as Record<CheckId, Playbook>;

/** How an action's step id begins (no check id is `action`). */
export const ACTION_PREFIX = 'action/';

/** A step's persisted id: its action's when it has one (the same on every finding), else `own`. */
export function stepIdOf(def: Pick<StepDef, 'action'>, own: string): string {
  return def.action === undefined ? own : `${ACTION_PREFIX}${def.action}`;
}

function renderStep(def: StepDef, own: string, ctx: RenderContext, warnings: string[]): RenderedStep {
  const id = stepIdOf(def, own);
  const step: RenderedStep = { id, text: fillText(def.text, ctx), ...(id !== own ? { aliases: [own] } : {}) };
  if (def.snippet) {
    try {
      step.snippet = def.snippet(ctx);
    } catch (e) {
      // A renderer bug must not hide the rest of the checklist; say which snippet is missing.
      warnings.push(`snippet of step ${id} could not be written: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return step;
}

/** Render one check's playbook for this server. `result` is the check as scanned (its status and finding). */
export function renderPlaybook(checkId: CheckId, ctx: RenderContext, result?: Pick<CheckResult, 'status' | 'summary'>, warnings: string[] = []): RenderedPlaybook {
  const pb = PLAYBOOKS[checkId];
  const def = CATALOG[checkId];
  const variants: RenderedVariant[] = pb.variants.map((v) => ({
    id: v.id,
    label: v.label,
    kind: v.kind,
    likely: v.likely ? v.likely(ctx) : false,
    steps: v.steps.map((s) => renderStep(s, `${checkId}/${v.id}/${s.key}`, ctx, warnings)),
  }));
  return {
    checkId,
    title: def.title,
    severity: def.severity,
    status: result?.status ?? 'fail',
    finding: result?.summary ?? def.title,
    why: fillText(pb.why, ctx),
    attack: def.attack.map((id) => ({ id, name: ATTACK_TECHNIQUES[id] })),
    steps: pb.steps.map((s) => renderStep(s, `${checkId}/${s.key}`, ctx, warnings)),
    variants,
    confirm: fillText(pb.confirm, ctx),
  };
}

/** What a checklist is built from. */
export interface ChecklistInput {
  /** The server as its latest scan saw it. */
  service: ServiceResult;
  inventory: readonly InventoryNode[];
  /** Where that scan ran from. */
  vantage: Vantage;
  /** Playbooks to include; default: every check that failed, informational ones excepted. */
  checkIds?: readonly CheckId[];
  /**
   * Issue 14: the server's confirmed peers (electron/remediation/peers-fix.ts
   * `confirmedPeersFor`); default: the inventory's. Learned ones join the allow-lists.
   */
  confirmedPeers?: readonly ConfirmedPeer[];
  /** The moment "seen in the last N days" is counted from (default: now). */
  now?: Date;
  /** N (default 30). */
  recentDays?: number;
}

/** The checks a checklist covers by default: `fail` above `info`, most severe first, catalog order within a severity. */
export function findingsToFix(service: ServiceResult): CheckResult[] {
  const order = (id: CheckId): number => CHECK_IDS.indexOf(id);
  return service.checks
    .filter((c) => isFindingToFix({ status: c.status, severity: CATALOG[c.id].severity }))
    .sort((a, b) => severityRank(CATALOG[b.id].severity) - severityRank(CATALOG[a.id].severity) || order(a.id) - order(b.id));
}

/** Render the checklist of one server. Throws PlaybookValueError if the server's own host/port cannot be named safely. */
export function renderChecklist(input: ChecklistInput): RenderedChecklist {
  const confirmed = input.confirmedPeers ?? confirmedPeersFromInventory(input.inventory, input.service);
  const learned = confirmed.filter((p) => p.source === 'learned');
  const ctx = buildContext({ service: input.service, inventory: input.inventory, vantage: input.vantage, ...(learned.length > 0 ? { learned } : {}) });
  const warnings = [...ctx.warnings];
  const byId = new Map(input.service.checks.map((c) => [c.id, c]));
  const ids = input.checkIds ? [...new Set(input.checkIds)] : findingsToFix(input.service).map((c) => c.id);
  const playbooks = ids.map((id) => renderPlaybook(id, ctx, byId.get(id), warnings));
  // Issue 14: each allow-list step says which confirmed peers it keeps and which it would cut off.
  const now = input.now ?? new Date();
  for (const step of playbooks.flatMap((p) => [...p.steps, ...p.variants.flatMap((v) => v.steps)])) {
    if (step.snippet?.allowList) step.peers = peersKeptAndCut(step.snippet.allowList, confirmed, now, input.recentDays ?? DEFAULT_RECENT_DAYS);
  }
  const stepIds = [...new Set(playbooks.flatMap((p) => [...p.steps.map((s) => s.id), ...p.variants.flatMap((v) => v.steps.map((s) => s.id))]))];
  return {
    server: { host: input.service.host, port: input.service.port },
    ...(input.service.protocol ? { protocol: input.service.protocol } : {}),
    ...(ctx.product ? { product: ctx.product } : {}),
    ...(ctx.aeTitle ? { aeTitle: ctx.aeTitle } : {}),
    vantage: ctx.vantage,
    peers: ctx.peers,
    confirmedPeers: [...confirmed],
    playbooks,
    attestations: ATTESTATIONS.map((a) => ({ ...a, attack: [...a.attack] })),
    stepIds,
    warnings,
    attackNotice: ATTACK_NOTICE,
  };
}

/** Every step id any checklist can hold (`action/<action>`, `<checkId>/<key>`, `<checkId>/<variant>/<key>`). */
export const ALL_STEP_IDS: ReadonlySet<string> = new Set(
  Object.values(PLAYBOOKS).flatMap((p) => [
    ...p.steps.map((s) => stepIdOf(s, `${p.checkId}/${s.key}`)),
    ...p.variants.flatMap((v) => v.steps.map((s) => stepIdOf(s, `${p.checkId}/${v.id}/${s.key}`))),
  ]),
);

/** The checks whose playbook holds step `stepId` (one for a step of its own, several for a shared action). */
export function checksOfStep(stepId: string): CheckId[] {
  return Object.values(PLAYBOOKS)
    .filter((p) => [...p.steps.map((s) => stepIdOf(s, `${p.checkId}/${s.key}`)), ...p.variants.flatMap((v) => v.steps.map((s) => stepIdOf(s, `${p.checkId}/${v.id}/${s.key}`)))].includes(stepId))
    .map((p) => p.checkId);
}

/** A shared action's per-finding ids from before issue 17 (`<checkId>/<key>`, `<checkId>/<variant>/<key>`), each to its action's id. */
const ALIAS_TO_ACTION: ReadonlyMap<string, string> = new Map(
  Object.values(PLAYBOOKS).flatMap((p) =>
    [
      ...p.steps.map((s) => [s, `${p.checkId}/${s.key}`] as const),
      ...p.variants.flatMap((v) => v.steps.map((s) => [s, `${p.checkId}/${v.id}/${s.key}`] as const)),
    ]
      .filter(([s]) => s.action !== undefined)
      .map(([s, own]) => [own, stepIdOf(s, own)] as const),
  ),
);

/**
 * The step id to store a change under: the id itself when a playbook defines it; for a
 * shared action's per-finding id from before issue 17 (a script or an old screen), the
 * action's id; undefined for anything else.
 */
export function canonicalStepId(id: string): string | undefined {
  return ALL_STEP_IDS.has(id) ? id : ALIAS_TO_ACTION.get(id);
}

/** True for a step id some playbook defines (a saved checklist may only name those). */
export function isStepId(id: string): boolean {
  return ALL_STEP_IDS.has(id);
}

export * from './grouping';
