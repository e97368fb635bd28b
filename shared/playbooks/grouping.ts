/**
 * A server's checklist grouped by action (issue 17): one step per real change, listing
 * the findings it addresses, ticked once, and ONE count of steps done that the Fix
 * screen, the maintenance window, the signed record and its PDF all take from here.
 *
 * Variants are alternatives (one product's fix, one firewall's rule). Which ones a
 * checklist counts: the product and platform the admin picked on screen; otherwise (the
 * main process, which has no screen) the product and platform of the step ticked last,
 * else the product the scan suggests and Linux nftables. A firewall rule shown beside a
 * product fix is an optional second layer: listed, not counted, unless a finding with
 * no product fix needs the same rule. Pure; the renderer uses it too.
 */
import type { CheckId } from '../catalog';
import type { RenderedChecklist, RenderedPlaybook, RenderedStep, RenderedVariant, VariantId } from './types';

/** A product or platform as its picker lists it. */
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

/** The product and the firewall platform a checklist is shown and counted with. */
export interface StepChoice {
  vendor: VariantId | null;
  platform: VariantId;
}

/** A step's current state, as the store keeps it (ServerChecklist.steps). */
export interface StepMark {
  stepId: string;
  done: boolean;
  /** ISO-8601 UTC of the last change. */
  at: string;
}

/**
 * The state of a step: the latest change of the step or of its pre-issue-17 aliases
 * (RenderedStep.aliases), so a tick saved under a finding's own id still counts.
 */
export function stateOf<T extends StepMark>(step: Pick<RenderedStep, 'id' | 'aliases'>, marks: ReadonlyMap<string, T>): T | undefined {
  let best = marks.get(step.id);
  for (const alias of step.aliases ?? []) {
    const m = marks.get(alias);
    if (m !== undefined && (best === undefined || m.at > best.at)) best = m;
  }
  return best;
}

/** Marks by step id, folded onto the checklist's steps (aliases included): one mark per step that has any. */
function foldMarks(checklist: Pick<RenderedChecklist, 'playbooks'>, marks: readonly StepMark[]): StepMark[] {
  const byId = new Map(marks.map((m) => [m.stepId, m]));
  const folded = new Map<string, StepMark>();
  for (const p of checklist.playbooks) {
    for (const s of [...p.steps, ...p.variants.flatMap((v) => v.steps)]) {
      const m = stateOf(s, byId);
      const seen = folded.get(s.id);
      if (m !== undefined && (seen === undefined || m.at > seen.at)) folded.set(s.id, { stepId: s.id, done: m.done, at: m.at });
    }
  }
  return [...folded.values()];
}

/** Which variant (kind and id) each variant step id belongs to; common steps are absent. */
function variantOwners(checklist: Pick<RenderedChecklist, 'playbooks'>): Map<string, { kind: RenderedVariant['kind']; id: VariantId }> {
  const owners = new Map<string, { kind: RenderedVariant['kind']; id: VariantId }>();
  for (const p of checklist.playbooks) for (const v of p.variants) for (const s of v.steps) owners.set(s.id, { kind: v.kind, id: v.id });
  return owners;
}

/**
 * The product and platform to count: `preferred` (the pickers on screen) where the
 * checklist offers it; otherwise the variant of the step ticked done last; otherwise the
 * product the scan suggests (defaultVendor) and DEFAULT_PLATFORM.
 */
export function chooseVariants(checklist: Pick<RenderedChecklist, 'playbooks'>, given: readonly StepMark[], preferred: Partial<StepChoice> = {}): StepChoice {
  const owners = variantOwners(checklist);
  const marks = foldMarks(checklist, given);
  const latest = (kind: RenderedVariant['kind']): VariantId | undefined => {
    let best: { at: string; id: VariantId } | undefined;
    for (const m of marks) {
      const owner = owners.get(m.stepId);
      if (!m.done || owner?.kind !== kind) continue;
      if (best === undefined || m.at >= best.at) best = { at: m.at, id: owner.id };
    }
    return best?.id;
  };
  const offered = vendorChoices(checklist).map((o) => o.id);
  const vendor = preferred.vendor && offered.includes(preferred.vendor) ? preferred.vendor : (latest('vendor') ?? defaultVendor(checklist));
  const platform = preferred.platform && isPlatform(preferred.platform) ? preferred.platform : (latest('network') ?? DEFAULT_PLATFORM);
  return { vendor, platform };
}

/** Where a step sits on the checklist: before any change, the product's fix, the firewall. */
export type StepPart = 'first' | 'product' | 'network';

/** One step of the grouped checklist: a real action, listed once. */
export interface ChecklistStep extends RenderedStep {
  /** The findings (check ids) it addresses, in the checklist's order (most severe first). */
  findings: CheckId[];
  part: StepPart;
  /** The product's or platform's fix it belongs to; null for a common step. */
  variant: { id: VariantId; label: string; standIn: boolean } | null;
  /** True when it counts towards "steps done"; false for an optional second layer. */
  counted: boolean;
}

const PART_ORDER: readonly StepPart[] = ['first', 'product', 'network'];

/** The grouped checklist with `choice`: each action once, first the common steps, then the product's fix, then the firewall's. */
export function checklistSteps(checklist: Pick<RenderedChecklist, 'playbooks'>, choice: StepChoice): ChecklistStep[] {
  const byId = new Map<string, ChecklistStep>();
  const add = (step: RenderedStep, checkId: CheckId, part: StepPart, shown: ShownVariant | undefined, counted: boolean): void => {
    const seen = byId.get(step.id);
    if (seen) {
      if (!seen.findings.includes(checkId)) seen.findings.push(checkId);
      for (const a of step.aliases ?? []) if (!seen.aliases?.includes(a)) seen.aliases = [...(seen.aliases ?? []), a];
      seen.counted ||= counted;
      return;
    }
    byId.set(step.id, {
      ...step,
      ...(step.aliases ? { aliases: [...step.aliases] } : {}),
      findings: [checkId],
      part,
      variant: shown ? { id: shown.variant.id, label: shown.variant.label, standIn: shown.standIn } : null,
      counted,
    });
  };
  for (const p of checklist.playbooks) {
    for (const s of p.steps) add(s, p.checkId, 'first', undefined, true);
    const vendor = pickVariant(p, 'vendor', choice.vendor);
    const network = pickVariant(p, 'network', choice.platform);
    for (const s of vendor?.variant.steps ?? []) add(s, p.checkId, 'product', vendor, true);
    // Beside a product fix the firewall is a second layer; alone, it is the fix.
    for (const s of network?.variant.steps ?? []) add(s, p.checkId, 'network', network, vendor === undefined);
  }
  const steps = [...byId.values()];
  return PART_ORDER.flatMap((part) => steps.filter((s) => s.part === part));
}

/** Steps done of a checklist: the one count every screen, record and report shows. */
export interface ChecklistProgress {
  done: number;
  total: number;
  choice: StepChoice;
  /** The grouped steps counted and shown with `choice`. */
  steps: ChecklistStep[];
  /** Per finding: its counted steps done of its counted steps. */
  findings: Map<CheckId, { done: number; total: number }>;
}

/**
 * Steps done of the grouped checklist: each counted action once, done when its current
 * state is done. `marks` are the checklist's current step states; `preferred` the pickers
 * on screen (absent in the main process: see chooseVariants).
 */
export function checklistProgress(checklist: Pick<RenderedChecklist, 'playbooks'>, given: readonly StepMark[], preferred: Partial<StepChoice> = {}): ChecklistProgress {
  const marks = foldMarks(checklist, given);
  const choice = chooseVariants(checklist, marks, preferred);
  const steps = checklistSteps(checklist, choice);
  const done = new Set(marks.filter((m) => m.done).map((m) => m.stepId));
  const counted = steps.filter((s) => s.counted);
  const findings = new Map<CheckId, { done: number; total: number }>(checklist.playbooks.map((p) => [p.checkId, { done: 0, total: 0 }]));
  for (const s of counted) {
    for (const f of s.findings) {
      const n = findings.get(f);
      if (n === undefined) continue;
      n.total += 1;
      if (done.has(s.id)) n.done += 1;
    }
  }
  return { done: counted.filter((s) => done.has(s.id)).length, total: counted.length, choice, steps, findings };
}

/** For every step id of a rendered checklist (every variant, aliases too), the findings it addresses, in checklist order. */
export function stepFindings(checklist: Pick<RenderedChecklist, 'playbooks'>): Map<string, CheckId[]> {
  const map = new Map<string, CheckId[]>();
  for (const p of checklist.playbooks) {
    for (const s of [...p.steps, ...p.variants.flatMap((v) => v.steps)]) {
      for (const id of [s.id, ...(s.aliases ?? [])]) {
        const list = map.get(id) ?? [];
        if (!list.includes(p.checkId)) list.push(p.checkId);
        map.set(id, list);
      }
    }
  }
  return map;
}
