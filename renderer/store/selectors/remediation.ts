/**
 * The remediation checklist and its verification, as the screen shows them: which
 * variant of a fix to show for the chosen product and firewall, the state of each
 * step and attestation, and verdicts in words. Pure; no React, no DOM.
 */
import { CHECK_IDS, severityRank, type ManualCheckId } from '../../../shared/catalog';
import { checklistProgress, type ChecklistProgress, type ChecklistStep } from '../../../shared/playbooks/grouping';
import type { RenderedChecklist, VariantId } from '../../../shared/playbooks/types';
import type { AttestationState, ChecklistView, StepState, VerificationCheck } from '../../../shared/remediation';
import type { Verdict } from '../../../shared/types';

// The pickers' options and the variant rules live in shared/playbooks/grouping.ts, where
// the main process counts with the same rules.
export {
  VENDOR_OPTIONS,
  PLATFORM_OPTIONS,
  DEFAULT_PLATFORM,
  isPlatform,
  isVendor,
  vendorChoices,
  defaultVendor,
  pickVariant,
  chooseVariants,
  type VariantOption,
  type ShownVariant,
  type ChecklistStep,
} from '../../../shared/playbooks/grouping';

/** True when any playbook has a firewall (network) variant: the platform picker is shown only then. */
export function hasNetworkVariants(checklist: Pick<RenderedChecklist, 'playbooks'>): boolean {
  return checklist.playbooks.some((p) => p.variants.some((v) => v.kind === 'network'));
}

/** Step state by step id (steps never touched are absent: not done). */
export function stepStates(view: ChecklistView | null): Map<string, StepState> {
  return new Map((view?.checklist.steps ?? []).map((s) => [s.stepId, s]));
}

export function attestationOf(view: ChecklistView | null, id: ManualCheckId): AttestationState | undefined {
  return view?.checklist.attestations.find((a) => a.id === id);
}

/**
 * The Fix screen's checklist, grouped by action, and its count: the same function the
 * main process counts the maintenance window and the record with, given the pickers.
 */
export function fixChecklist(
  checklist: Pick<RenderedChecklist, 'playbooks'>,
  vendor: VariantId | null,
  platform: VariantId | null,
  states: ReadonlyMap<string, StepState>,
): ChecklistProgress {
  return checklistProgress(checklist, [...states.values()], { vendor, ...(platform ? { platform } : {}) });
}

/** Where a snippet was first shown on the page, so a repeat can point at it instead of printing it again. */
export interface SnippetOrigin {
  stepId: string;
  /** The words of the step that shows it first. */
  stepText: string;
}

/**
 * For each step whose snippet already appeared in an earlier step of the grouped
 * checklist (same snippet id and the same code), where it appeared first. Each action is
 * listed once, so this is rare: two different actions that ship the same file.
 */
export function repeatedSnippets(steps: readonly ChecklistStep[]): Map<string, SnippetOrigin> {
  const first = new Map<string, SnippetOrigin & { code: string }>();
  const repeats = new Map<string, SnippetOrigin>();
  for (const step of steps) {
    if (!step.snippet) continue;
    const seen = first.get(step.snippet.id);
    if (seen && seen.code === step.snippet.code) repeats.set(step.id, { stepId: seen.stepId, stepText: seen.stepText });
    else if (!seen) first.set(step.snippet.id, { stepId: step.id, stepText: step.text, code: step.snippet.code });
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
