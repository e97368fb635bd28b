/**
 * The remediation checklist and its verification, as the screen shows them: which
 * variant of a fix to show for the chosen product and firewall, the state of each
 * step and attestation, and verdicts in words. Pure; no React, no DOM.
 */
import { CHECK_IDS, severityRank, type ManualCheckId } from '../../../shared/catalog';
import type {
  RenderedChecklist,
  RenderedPlaybook,
  RenderedStep,
  RenderedVariant,
  VariantId,
} from '../../../shared/playbooks/types';
import type { AttestationState, ChecklistView, StepState, VerificationCheck } from '../../../shared/remediation';
import type { Verdict } from '../../../shared/types';

/** A product whose configuration a fix changes, as the product picker lists it. */
export interface VariantOption {
  id: VariantId;
  label: string;
}

/** The product picker, in this order; only those some playbook of the server offers are shown. */
export const VENDOR_OPTIONS: readonly VariantOption[] = [
  { id: 'orthanc', label: 'Orthanc' },
  { id: 'dcmqrscp', label: 'DCMTK dcmqrscp' },
  { id: 'dcm4chee', label: 'dcm4chee-arc' },
  { id: 'generic', label: 'Generic PACS' },
  { id: 'nginx', label: 'nginx (web front end)' },
];

/** Where a firewall rule goes, as the platform picker lists it. */
export const PLATFORM_OPTIONS: readonly VariantOption[] = [
  { id: 'windows-firewall', label: 'Windows (PowerShell)' },
  { id: 'macos-pf', label: 'macOS (pf)' },
  { id: 'linux-nftables', label: 'Linux (nftables)' },
  { id: 'network-acl', label: 'ACL for the network team' },
];

export const DEFAULT_PLATFORM: VariantId = 'linux-nftables';

export function isPlatform(id: string | null | undefined): id is VariantId {
  return PLATFORM_OPTIONS.some((o) => o.id === id);
}

export function isVendor(id: string | null | undefined): id is VariantId {
  return VENDOR_OPTIONS.some((o) => o.id === id);
}

/** The vendor variants the server's playbooks offer, in picker order. */
export function vendorChoices(checklist: Pick<RenderedChecklist, 'playbooks'>): VariantOption[] {
  const offered = new Set(checklist.playbooks.flatMap((p) => p.variants.filter((v) => v.kind === 'vendor').map((v) => v.id)));
  return VENDOR_OPTIONS.filter((o) => offered.has(o.id));
}

/** True when any playbook has a firewall (network) variant: the platform picker is shown only then. */
export function hasNetworkVariants(checklist: Pick<RenderedChecklist, 'playbooks'>): boolean {
  return checklist.playbooks.some((p) => p.variants.some((v) => v.kind === 'network'));
}

/**
 * The product to show first: the one most playbooks call likely for what the scan
 * saw, else the generic fix, else the first offered; null when no playbook has one.
 */
export function defaultVendor(checklist: Pick<RenderedChecklist, 'playbooks'>): VariantId | null {
  const votes = new Map<VariantId, number>();
  for (const p of checklist.playbooks) {
    for (const v of p.variants) if (v.kind === 'vendor' && v.likely) votes.set(v.id, (votes.get(v.id) ?? 0) + 1);
  }
  const choices = vendorChoices(checklist);
  let best: VariantId | null = null;
  for (const o of choices) {
    if ((votes.get(o.id) ?? 0) > (best ? (votes.get(best) ?? 0) : 0)) best = o.id;
  }
  if (best) return best;
  return choices.find((o) => o.id === 'generic')?.id ?? choices[0]?.id ?? null;
}

/** The variant of one kind a playbook shows, and whether it is a stand-in for the one chosen. */
export interface ShownVariant {
  variant: RenderedVariant;
  /** True when the playbook has no variant for the chosen product or platform, so another is shown. */
  standIn: boolean;
}

/**
 * The variant of `kind` to show in a playbook: the chosen one when the playbook has it;
 * otherwise the one it calls likely, the generic one, or its first; undefined when the
 * playbook has no variant of that kind.
 */
export function pickVariant(playbook: Pick<RenderedPlaybook, 'variants'>, kind: RenderedVariant['kind'], chosen: VariantId | null): ShownVariant | undefined {
  const ofKind = playbook.variants.filter((v) => v.kind === kind);
  if (ofKind.length === 0) return undefined;
  const exact = ofKind.find((v) => v.id === chosen);
  if (exact) return { variant: exact, standIn: false };
  const fallback = ofKind.find((v) => v.likely) ?? ofKind.find((v) => v.id === 'generic') ?? ofKind[0]!;
  return { variant: fallback, standIn: chosen !== null };
}

/** Step state by step id (steps never touched are absent: not done). */
export function stepStates(view: ChecklistView | null): Map<string, StepState> {
  return new Map((view?.checklist.steps ?? []).map((s) => [s.stepId, s]));
}

export function attestationOf(view: ChecklistView | null, id: ManualCheckId): AttestationState | undefined {
  return view?.checklist.attestations.find((a) => a.id === id);
}

/** Done of total over a list of steps. */
export function stepsDone(steps: readonly RenderedStep[], states: ReadonlyMap<string, StepState>): { done: number; total: number } {
  return { done: steps.filter((s) => states.get(s.id)?.done === true).length, total: steps.length };
}

/** The steps a playbook shows with the chosen product and platform: its own, then the vendor's, then the firewall's. */
export function shownSteps(playbook: RenderedPlaybook, vendor: VariantId | null, platform: VariantId | null): RenderedStep[] {
  return [
    ...playbook.steps,
    ...(pickVariant(playbook, 'vendor', vendor)?.variant.steps ?? []),
    ...(pickVariant(playbook, 'network', platform)?.variant.steps ?? []),
  ];
}

/**
 * Steps that count towards a playbook being done: its own steps and ONE fix, the
 * product's when it has one, else the firewall's (main counts one variant per playbook
 * too: alternatives are not all required). A firewall rule shown next to a product fix
 * is an optional second layer and does not count.
 */
export function countedSteps(playbook: RenderedPlaybook, vendor: VariantId | null, platform: VariantId | null): RenderedStep[] {
  const fix = pickVariant(playbook, 'vendor', vendor) ?? pickVariant(playbook, 'network', platform);
  return [...playbook.steps, ...(fix?.variant.steps ?? [])];
}

/** Steps done of the whole checklist and of each playbook, as the screen shows them. */
export function checklistDone(
  checklist: Pick<RenderedChecklist, 'playbooks'>,
  vendor: VariantId | null,
  platform: VariantId | null,
  states: ReadonlyMap<string, StepState>,
): { done: number; total: number; playbooks: Map<string, { done: number; total: number }> } {
  const playbooks = new Map(checklist.playbooks.map((p) => [p.checkId as string, stepsDone(countedSteps(p, vendor, platform), states)]));
  let done = 0;
  let total = 0;
  for (const p of playbooks.values()) {
    done += p.done;
    total += p.total;
  }
  return { done, total, playbooks };
}

/** Where a snippet was first shown on the page, so a repeat can point at it instead of printing it again. */
export interface SnippetOrigin {
  stepId: string;
  /** Title of the playbook that shows it first. */
  playbookTitle: string;
}

/**
 * For each step whose snippet already appeared in an earlier step of the page (same
 * snippet id and the same code: the same change), where it appeared first.
 */
export function repeatedSnippets(playbooks: readonly RenderedPlaybook[], vendor: VariantId | null, platform: VariantId | null): Map<string, SnippetOrigin> {
  const first = new Map<string, SnippetOrigin & { code: string }>();
  const repeats = new Map<string, SnippetOrigin>();
  for (const p of playbooks) {
    for (const step of shownSteps(p, vendor, platform)) {
      if (!step.snippet) continue;
      const seen = first.get(step.snippet.id);
      if (seen && seen.code === step.snippet.code) repeats.set(step.id, { stepId: seen.stepId, playbookTitle: seen.playbookTitle });
      else if (!seen) first.set(step.snippet.id, { stepId: step.id, playbookTitle: p.title, code: step.snippet.code });
    }
  }
  return repeats;
}

/** A DOM id for a step (step ids contain `/` and `.`). */
export function stepDomId(stepId: string): string {
  return `step-${stepId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

// ---- verification ----------------------------------------------------------------

export const VERDICT_LABEL: Record<Verdict, string> = {
  fixed: 'Fixed',
  'still-failing': 'Still failing',
  regressed: 'Regressed',
  'still-passing': 'Still passing',
  inconclusive: 'Inconclusive',
};

/** What each verdict means to the admin, in one line. */
export const VERDICT_MEANING: Record<Verdict, string> = {
  fixed: 'failed before, passes now',
  'still-failing': 'the weakness is still there',
  regressed: 'passed before, fails now: a change broke it',
  'still-passing': 'passed before and still passes',
  inconclusive: 'could not be re-checked now; never counted as fixed',
};

/** What the admin reads first: what broke, what still fails, what the fix achieved, what could not be judged, what was fine. */
export const VERDICT_ORDER: readonly Verdict[] = ['regressed', 'still-failing', 'fixed', 'inconclusive', 'still-passing'];

/** Verified checks in reading order: by verdict (see VERDICT_ORDER), most severe first, then catalog order. */
export function orderVerified(checks: readonly VerificationCheck[]): VerificationCheck[] {
  const catalog = (id: string): number => (CHECK_IDS as readonly string[]).indexOf(id);
  return [...checks].sort(
    (a, b) =>
      VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) ||
      severityRank(b.severity) - severityRank(a.severity) ||
      catalog(a.id) - catalog(b.id),
  );
}

/** Non-zero verdict counts in VERDICT_ORDER, for chips and one-line summaries. */
export function verdictCounts(counts: Record<Verdict, number>): Array<{ verdict: Verdict; count: number }> {
  return VERDICT_ORDER.filter((v) => counts[v] > 0).map((v) => ({ verdict: v, count: counts[v] }));
}

/** `2 fixed, 1 still failing`; `nothing verified` when empty. */
export function verdictLine(counts: Record<Verdict, number>): string {
  const parts = verdictCounts(counts).map(({ verdict, count }) => `${count} ${VERDICT_LABEL[verdict].toLowerCase()}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing verified';
}

/** `4 s`, `2 min 05 s`, `1 h 20 min`, `3 d 4 h`: a duration an admin reads at a glance. Negative counts as 0. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

// ---- the re-check of the server on screen ----

/** Where the re-check of the server on screen is. */
export interface VerifyState {
  /** `cancelling`: Cancel was pressed, the answer is on its way; `cancelled`: it stopped, nothing was recorded. */
  status: 'idle' | 'running' | 'cancelling' | 'cancelled' | 'error';
  /** `Date.now()` when the running re-check started (for the elapsed time). */
  startedAt: number | null;
  error: string | null;
  /** The id sent with the running re-check: the cancel names it, so it never stops another one. */
  runId: string | null;
  /** Why the last Cancel did not go through (the re-check runs on). */
  cancelError: string | null;
}

export const VERIFY_IDLE: VerifyState = { status: 'idle', startedAt: null, error: null, runId: null, cancelError: null };

/** A re-check in flight, remembered by server while another server is on screen. */
export interface VerifyRun {
  runId: string;
  startedAt: number;
}

/** A re-check is in flight (running, or being cancelled). */
export function isVerifying(v: Pick<VerifyState, 'status'>): boolean {
  return v.status === 'running' || v.status === 'cancelling';
}

/** The state of a server as it is opened: its re-check still running (and cancellable), or nothing. */
export function resumedVerify(run: VerifyRun | undefined): VerifyState {
  return run ? { ...VERIFY_IDLE, status: 'running', runId: run.runId, startedAt: run.startedAt } : VERIFY_IDLE;
}

/** After a re-check answered an error: `cancelled` (main recorded nothing) is not a failure; anything else is, in its words. */
export function verifyFailed(error: { code: string; message: string }): VerifyState {
  return error.code === 'cancelled' ? { ...VERIFY_IDLE, status: 'cancelled' } : { ...VERIFY_IDLE, status: 'error', error: error.message };
}

/** Whether the answer of re-check `runId` belongs to the state on screen (of the same server), not to another re-check's. */
export function isCurrentRun(shown: Pick<VerifyState, 'runId'>, runId: string): boolean {
  return shown.runId === null || shown.runId === runId;
}
