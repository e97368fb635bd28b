/**
 * Edit, extend or close the window on screen, and its history (issue 17). Every change
 * is made as the person named in "Who is doing this" and written to the window's
 * history in the database; a closed window is over and changes no more.
 */
import { useId, useState, type FormEvent } from 'react';
import type { MaintenanceWindowProgress } from '../../../shared/remediation';
import { formatWhen, sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { showToast } from '../../components/toast';
import { useAppStore } from '../../store';
import { maintenanceWindowSpan, parseLocalInput, toLocalInput } from '../../store/selectors/maintenance-windows';
import { describeWindowEvent, formatMinutes } from './history';

type Mode = 'none' | 'edit' | 'extend' | 'close';
const EXTEND_CHOICES = [15, 30, 60, 120];

function WhoField({ id }: { id: string }) {
  const operatorName = useAppStore((s) => s.operatorName);
  const setOperatorName = useAppStore((s) => s.setOperatorName);
  return (
    <div className="field">
      <label htmlFor={`${id}-who`}>Who is doing this</label>
      <input id={`${id}-who`} className="input" value={operatorName} maxLength={100} onChange={(e) => setOperatorName(e.target.value)} autoComplete="name" />
    </div>
  );
}

function ReasonField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="field field-wide">
      <label htmlFor={`${id}-reason`}>
        Why <span className="hint">(optional, kept in the history)</span>
      </label>
      <input id={`${id}-reason`} className="input" value={value} maxLength={500} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** Who and why, then the form's submit and cancel buttons: the same end to each change form. */
function ChangeFormEnd(props: { id: string; reason: string; onReason: (v: string) => void; busy: boolean; submit: string; busyText: string; danger?: boolean; cancel?: string; onCancel: () => void }) {
  return (
    <>
      <WhoField id={props.id} />
      <ReasonField id={props.id} value={props.reason} onChange={props.onReason} />
      <div className="field-wide wchange-buttons">
        <button type="submit" className={props.danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={props.busy}>
          {props.busy ? props.busyText : props.submit}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {props.cancel ?? 'Cancel'}
        </button>
      </div>
    </>
  );
}

export function MaintenanceWindowChanges({ progress }: { progress: MaintenanceWindowProgress }) {
  const id = useId();
  const w = progress.window;
  const changing = useAppStore((s) => s.maintenanceWindows.changing);
  const changeError = useAppStore((s) => s.maintenanceWindows.changeError);
  const change = useAppStore((s) => s.changeMaintenanceWindow);
  const clearError = useAppStore((s) => s.clearMaintenanceWindowChangeError);
  const [mode, setMode] = useState<Mode>('none');
  const [name, setName] = useState(w.name);
  const [start, setStart] = useState(() => toLocalInput(new Date(w.startsAt)));
  const [end, setEnd] = useState(() => toLocalInput(new Date(w.endsAt)));
  const [minutes, setMinutes] = useState(30);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const open = (m: Mode): void => {
    setMode(m);
    setName(w.name);
    setStart(toLocalInput(new Date(w.startsAt)));
    setEnd(toLocalInput(new Date(w.endsAt)));
    setReason('');
    setProblem(null);
    clearError();
  };
  const done = (ok: boolean, words: string): void => {
    if (!ok) return;
    setMode('none');
    showToast(words);
  };

  const onEdit = (e: FormEvent): void => {
    e.preventDefault();
    const s = parseLocalInput(start);
    const en = parseLocalInput(end);
    if (name.trim() === '') return setProblem('Give the window a name.');
    if (!s || !en) return setProblem('Enter when the window starts and ends (date and time).');
    if (en.getTime() <= s.getTime()) return setProblem('The window must end after it starts.');
    const req: { name?: string; startsAt?: string; endsAt?: string } = {};
    if (name.trim() !== w.name) req.name = name.trim();
    // The fields show whole minutes: a time counts as changed only when its field was changed.
    if (start !== toLocalInput(new Date(w.startsAt))) req.startsAt = s.toISOString();
    if (end !== toLocalInput(new Date(w.endsAt))) req.endsAt = en.toISOString();
    if (Object.keys(req).length === 0) return setProblem('Nothing changed: the name and times are as they were.');
    void change({ kind: 'update', ...req, ...(reason.trim() ? { reason: reason.trim() } : {}) }).then((ok) => done(ok, 'Window changed and written to its history.'));
  };
  const onExtend = (e: FormEvent): void => {
    e.preventDefault();
    void change({ kind: 'extend', minutes, ...(reason.trim() ? { reason: reason.trim() } : {}) }).then((ok) => done(ok, `Window extended by ${formatMinutes(minutes)}.`));
  };
  const onClose = (e: FormEvent): void => {
    e.preventDefault();
    void change({ kind: 'close', ...(reason.trim() ? { reason: reason.trim() } : {}) }).then((ok) => done(ok, 'Window closed.'));
  };

  const closed = w.closedAt !== undefined;
  const error = problem ?? changeError;
  const history = progress.history ?? [];
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="window-changes">
      <div className="panel-head">
        <h3 id={`${id}-title`}>Changes and history</h3>
        {closed ? (
          <span className="hint" data-testid="window-closed">
            Closed {formatWhen(w.closedAt)}; a closed window changes no more.
          </span>
        ) : (
          <span className="wchange-actions">
            <button type="button" className="btn btn-small" aria-pressed={mode === 'edit'} onClick={() => open(mode === 'edit' ? 'none' : 'edit')}>
              Edit
            </button>
            <button type="button" className="btn btn-small" aria-pressed={mode === 'extend'} onClick={() => open(mode === 'extend' ? 'none' : 'extend')}>
              Extend
            </button>
            {progress.phase !== 'ended' ? (
              <button type="button" className="btn btn-small btn-danger" aria-pressed={mode === 'close'} onClick={() => open(mode === 'close' ? 'none' : 'close')}>
                Close window
              </button>
            ) : null}
          </span>
        )}
      </div>
      {mode === 'edit' ? (
        <form className="panel-body form-grid wchange-form" onSubmit={onEdit} noValidate aria-label="Edit this window" data-testid="window-edit">
          <div className="field field-wide">
            <label htmlFor={`${id}-name`}>Name</label>
            <input id={`${id}-name`} className="input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-start`}>Starts</label>
            <input id={`${id}-start`} className="input" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-end`}>Ends</label>
            <input id={`${id}-end`} className="input" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />
          </div>
          <ChangeFormEnd id={id} reason={reason} onReason={setReason} busy={changing} submit="Save changes" busyText="Saving…" onCancel={() => open('none')} />
        </form>
      ) : null}
      {mode === 'extend' ? (
        <form className="panel-body form-grid wchange-form" onSubmit={onExtend} noValidate aria-label="Extend this window" data-testid="window-extend">
          <fieldset className="field field-wide">
            <legend className="field-label">
              Extend by <span className="hint">(now ends {maintenanceWindowSpan(w)})</span>
            </legend>
            <div className="wchange-choices">
              {EXTEND_CHOICES.map((m) => (
                <label key={m} className="check">
                  <input type="radio" name={`${id}-minutes`} checked={minutes === m} onChange={() => setMinutes(m)} />
                  {formatMinutes(m)}
                </label>
              ))}
            </div>
          </fieldset>
          <ChangeFormEnd id={id} reason={reason} onReason={setReason} busy={changing} submit={`Extend by ${formatMinutes(minutes)}`} busyText="Extending…" onCancel={() => open('none')} />
        </form>
      ) : null}
      {mode === 'close' ? (
        <form className="panel-body form-grid wchange-form" onSubmit={onClose} noValidate aria-label="Close this window" data-testid="window-close">
          <p className="field-wide">
            {progress.phase === 'open'
              ? 'The window ends now. Re-checks after this moment no longer count for it.'
              : 'The window will not start. Its times stay as planned, for the record.'}{' '}
            This cannot be undone.
          </p>
          <ChangeFormEnd id={id} reason={reason} onReason={setReason} busy={changing} submit="Close the window now" busyText="Closing…" danger cancel="Keep it open" onCancel={() => open('none')} />
        </form>
      ) : null}
      {error && mode !== 'none' ? (
        <div className="panel-body">
          <Notice tone="error" title="Nothing was changed." testId="window-change-error">
            {sentence(error)}
          </Notice>
        </div>
      ) : null}
      <ol className="whistory" aria-label="History of this window" data-testid="window-history">
        <li className="whistory-item">
          <span className="whistory-when">{formatWhen(w.createdAt)}</span> <span>Planned</span>
        </li>
        {history.map((e) => (
          <li key={e.seq} className="whistory-item" data-testid="window-history-item" data-action={e.action}>
            <span className="whistory-when">{formatWhen(e.at)}</span> <strong>{e.by}</strong> <span>{describeWindowEvent(e)}</span>
            {e.reason ? <span className="hint"> — {e.reason}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
