/**
 * One checklist step: tick it done (saved at once, with the operator's name and the
 * time), an optional note, and the step's snippet; a snippet already shown higher up
 * the page is pointed at instead of printed again.
 */
import { useState } from 'react';
import type { RenderedStep } from '../../../shared/playbooks/types';
import type { StepState } from '../../../shared/remediation';
import { formatWhen } from '../../components/format';
import { useAppStore } from '../../store';
import { stepDomId, type SnippetOrigin } from '../../store/selectors/remediation';
import { SnippetBlock } from './SnippetBlock';
import { CutOffWarning, requiredAcks } from './CutOffWarning';

/** A finding a step addresses, as the step lists it (a link to its card above). */
export interface StepFinding {
  checkId: string;
  title: string;
}

export function StepItem({ step, state, repeatOf, addresses = [], optional = false }: {
  step: RenderedStep;
  state: StepState | undefined;
  repeatOf: SnippetOrigin | undefined;
  /** The findings this step (one action) addresses. */
  addresses?: readonly StepFinding[];
  /** An optional second layer: listed, not counted in "steps done". */
  optional?: boolean;
}) {
  const setStep = useAppStore((s) => s.setStep);
  const saving = useAppStore((s) => s.fix.saving.includes(step.id));
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  // The box shows the admin's click at once; it falls back to the saved state if the save is refused.
  const [pending, setPending] = useState<boolean | null>(null);
  const done = state?.done === true;
  const id = stepDomId(step.id);
  // Issue 14: the peers acknowledged as cut off (sent with the tick), and the one recorded with the latest change.
  const [acked, setAcked] = useState<ReadonlySet<string>>(new Set());
  const [ackMissing, setAckMissing] = useState(false);
  const recordedAck = useAppStore((s) => s.fix.checklist.data?.checklist.history.filter((e) => e.item === step.id).at(-1)?.acknowledgement);

  const save = async (nextDone: boolean): Promise<void> => {
    const note = editing ? draft : (state?.note ?? '');
    const needed = requiredAcks(step.peers);
    if (nextDone && needed.some((k) => !acked.has(k))) {
      setAckMissing(true);
      return;
    }
    setAckMissing(false);
    const acknowledge = nextDone && needed.length > 0 ? (step.peers?.recentCut ?? []).map((p) => ({ callingAe: p.callingAe, address: p.address })) : undefined;
    setPending(nextDone);
    const ok = await setStep(step.id, nextDone, note, acknowledge);
    setPending(null);
    if (ok) setEditing(false);
  };

  return (
    <li className={`step${done ? ' step-done' : ''}`} id={id} data-testid="step" data-step={step.id} data-done={done ? 'true' : 'false'}>
      <div className="step-main">
        <input
          type="checkbox"
          id={`${id}-box`}
          checked={pending ?? done}
          disabled={saving}
          onChange={(e) => void save(e.target.checked)}
          aria-describedby={`${id}-meta`}
        />
        <label htmlFor={`${id}-box`} className="step-text">
          {step.text}
        </label>
      </div>
      {addresses.length > 0 || optional ? (
        <p className="step-addresses" data-testid="step-addresses">
          {addresses.length > 0 ? (
            <>
              <span className="label-inline">Addresses:</span>{' '}
              {addresses.map((f, i) => (
                <span key={f.checkId}>
                  {i > 0 ? '; ' : ''}
                  <a href={`#pb-${f.checkId.replace(/\W/g, '-')}`}>{f.title}</a>
                </span>
              ))}
              {addresses.length > 1 ? ` (${addresses.length} findings, one change)` : ''}
            </>
          ) : null}
          {optional ? <span className="hint">{addresses.length > 0 ? ' · ' : ''}Optional second layer: not counted in the steps done.</span> : null}
        </p>
      ) : null}
      <div className="step-meta" id={`${id}-meta`}>
        {saving ? (
          <span className="hint">Saving…</span>
        ) : state ? (
          <span data-testid="step-by">
            {done ? 'Done' : 'Marked not done'} by <strong>{state.by}</strong>, {formatWhen(state.at)}
          </span>
        ) : (
          <span className="hint">Not done yet</span>
        )}
        {state?.note && !editing ? (
          <span className="step-note" data-testid="step-note">
            Note: {state.note}
          </span>
        ) : null}
        <button
          type="button"
          className="btn-link"
          aria-expanded={editing}
          aria-controls={`${id}-note-edit`}
          onClick={() => {
            setDraft(state?.note ?? '');
            setEditing((v) => !v);
          }}
        >
          {state?.note ? 'Edit note' : 'Add a note'}
        </button>
      </div>
      {editing ? (
        <div className="step-note-edit" id={`${id}-note-edit`}>
          <label htmlFor={`${id}-note`} className="field-label">
            Note for this step
          </label>
          <textarea id={`${id}-note`} className="textarea textarea-prose" rows={2} value={draft} maxLength={2000} onChange={(e) => setDraft(e.target.value)} />
          <div className="step-note-actions">
            <button type="button" className="btn btn-small" disabled={saving} onClick={() => void save(done)}>
              Save note
            </button>
            <button type="button" className="btn-link" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <span className="hint">Saved with your name; ticking the step saves it too.</span>
          </div>
        </div>
      ) : null}
      {step.peers ? (
        <CutOffWarning
          stepDomId={id}
          peers={step.peers}
          acked={acked}
          onAck={(k, on) => {
            setAckMissing(false);
            setAcked((prev) => {
              const next = new Set(prev);
              if (on) next.add(k);
              else next.delete(k);
              return next;
            });
          }}
          done={done}
          recorded={recordedAck}
        />
      ) : null}
      {ackMissing ? (
        <p className="form-problem step-ack-missing" role="alert" data-testid="ack-missing">
          Acknowledge each peer this step cuts off (the boxes above) before marking it done.
        </p>
      ) : null}
      {step.snippet ? (
        repeatOf ? (
          <p className="snippet-repeat">
            The same snippet as the step <a href={`#${stepDomId(repeatOf.stepId)}`}>“{repeatOf.stepText}”</a> above: apply it once.
          </p>
        ) : (
          <SnippetBlock snippet={step.snippet} />
        )
      ) : null}
    </li>
  );
}
