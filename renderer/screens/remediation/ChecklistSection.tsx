/**
 * The server's checklist grouped by action (issue 17): each real change once, with the
 * findings it addresses, ticked once. First the steps before any change, then the fix
 * on the chosen product, then the firewall rule for the chosen platform.
 */
import { stateOf, type ChecklistStep } from '../../../shared/playbooks/grouping';
import type { RenderedChecklist } from '../../../shared/playbooks/types';
import type { StepState } from '../../../shared/remediation';
import type { SnippetOrigin } from '../../store/selectors/remediation';
import { StepItem, type StepFinding } from './StepItem';

/** Consecutive steps under one heading. */
interface Group {
  key: string;
  heading: string;
  note: string | null;
  steps: ChecklistStep[];
}

function groupsOf(steps: readonly ChecklistStep[]): Group[] {
  const groups: Group[] = [];
  for (const s of steps) {
    const heading =
      s.part === 'first' ? 'First' : s.part === 'product' ? `On ${s.variant?.label ?? 'the product'}` : `In the network: ${s.variant?.label ?? 'firewall'}`;
    const last = groups.at(-1);
    if (last && last.heading === heading) {
      last.steps.push(s);
      continue;
    }
    const note = s.variant?.standIn
      ? s.part === 'product'
        ? `No fix specific to the product chosen above for these findings; the ${s.variant.label} fix is shown.`
        : 'No rule for the platform chosen above; this one is shown.'
      : null;
    groups.push({ key: `${s.part}-${s.variant?.id ?? 'common'}`, heading, note, steps: [s] });
  }
  return groups;
}

export function ChecklistSection({ checklist, steps, states, repeats }: {
  checklist: Pick<RenderedChecklist, 'playbooks'>;
  steps: readonly ChecklistStep[];
  states: ReadonlyMap<string, StepState>;
  repeats: ReadonlyMap<string, SnippetOrigin>;
}) {
  const titles = new Map<string, string>(checklist.playbooks.map((p) => [p.checkId, p.title]));
  const findingsOf = (s: ChecklistStep): StepFinding[] => s.findings.map((id) => ({ checkId: id, title: titles.get(id) ?? id }));
  return (
    <div className="checklist-groups" data-testid="checklist">
      {groupsOf(steps).map((g) => (
        <section key={g.key} className="variant panel" aria-label={g.heading}>
          <h3 className="variant-title">{g.heading}</h3>
          {g.note ? <p className="hint variant-standin">{g.note}</p> : null}
          <ol className="steps">
            {g.steps.map((s) => (
              <StepItem key={s.id} step={s} state={stateOf(s, states)} repeatOf={repeats.get(s.id)} addresses={findingsOf(s)} optional={!s.counted} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
