/**
 * One failing check's playbook: what the scan found, why it matters (with the ATT&CK
 * techniques), the common steps, then the fix for the chosen product and the firewall
 * rule for the chosen platform, and how to confirm before re-checking.
 */
import type { RenderedPlaybook, RenderedStep, VariantId } from '../../../shared/playbooks/types';
import type { StepState } from '../../../shared/remediation';
import { SeverityBadge, StatusBadge } from '../../components/Badges';
import { pickVariant, type ShownVariant, type SnippetOrigin } from '../../store/selectors/remediation';
import { StepItem } from './StepItem';

function Steps({ steps, states, repeats }: { steps: RenderedStep[]; states: ReadonlyMap<string, StepState>; repeats: ReadonlyMap<string, SnippetOrigin> }) {
  return (
    <ol className="steps">
      {steps.map((s) => (
        <StepItem key={s.id} step={s} state={states.get(s.id)} repeatOf={repeats.get(s.id)} />
      ))}
    </ol>
  );
}

function VariantSection({ shown, heading, standInNote, ...rest }: {
  shown: ShownVariant;
  heading: string;
  standInNote: string;
  states: ReadonlyMap<string, StepState>;
  repeats: ReadonlyMap<string, SnippetOrigin>;
}) {
  return (
    <section className="variant" data-variant={shown.variant.id} aria-label={heading}>
      <h4 className="variant-title">{heading}</h4>
      {shown.standIn ? <p className="hint variant-standin">{standInNote}</p> : null}
      <Steps steps={shown.variant.steps} {...rest} />
    </section>
  );
}

export function PlaybookCard({ playbook, vendor, platform, states, repeats, progress }: {
  playbook: RenderedPlaybook;
  vendor: VariantId | null;
  platform: VariantId | null;
  states: ReadonlyMap<string, StepState>;
  repeats: ReadonlyMap<string, SnippetOrigin>;
  /** Steps done of this playbook: its own steps and the one fix shown (see countedSteps). */
  progress: { done: number; total: number } | undefined;
}) {
  const vendorShown = pickVariant(playbook, 'vendor', vendor);
  const networkShown = pickVariant(playbook, 'network', platform);
  const titleId = `pb-${playbook.checkId.replace(/\W/g, '-')}`;
  const complete = progress !== undefined && progress.total > 0 && progress.done >= progress.total;
  return (
    <article className={`playbook${complete ? ' playbook-complete' : ''}`} aria-labelledby={titleId} data-testid="playbook" data-check={playbook.checkId}>
      <header className="playbook-head">
        <StatusBadge status={playbook.status} />
        <div className="check-title">
          <h3 id={titleId}>{playbook.title}</h3>
          <code className="check-id">{playbook.checkId}</code>
        </div>
        <SeverityBadge severity={playbook.severity} />
        {progress ? (
          <span className={`step-count${complete ? ' step-count-done' : ''}`} data-testid="playbook-progress">
            {progress.done} of {progress.total} steps done
          </span>
        ) : null}
      </header>
      <p className="playbook-finding">
        <span className="label-inline">The scan found:</span> {playbook.finding}
      </p>
      <div className="playbook-why">
        <p>
          <span className="label-inline">Why it matters:</span> {playbook.why}
        </p>
        {playbook.attack.length > 0 ? (
          <div className="techniques">
            <span className="techniques-label">MITRE ATT&amp;CK®</span>
            <ul>
              {playbook.attack.map((t) => (
                <li key={t.id} className="technique">
                  <span className="mono">{t.id}</span> {t.name}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {playbook.steps.length > 0 ? (
        <section className="variant" aria-label="First steps">
          <h4 className="variant-title">First</h4>
          <Steps steps={playbook.steps} states={states} repeats={repeats} />
        </section>
      ) : null}
      {vendorShown ? (
        <VariantSection
          shown={vendorShown}
          heading={`On ${vendorShown.variant.label}`}
          standInNote={`This check has no fix specific to the product chosen above; the ${vendorShown.variant.label} fix is shown.`}
          states={states}
          repeats={repeats}
        />
      ) : null}
      {networkShown ? (
        <VariantSection
          shown={networkShown}
          heading={`${vendorShown ? 'Optional second layer, in the network' : 'In the network'}: ${networkShown.variant.label}`}
          standInNote="No rule for the platform chosen above; this one is shown."
          states={states}
          repeats={repeats}
        />
      ) : null}
      <p className="playbook-confirm">
        <span className="label-inline">Before you re-check:</span> {playbook.confirm}
      </p>
    </article>
  );
}
