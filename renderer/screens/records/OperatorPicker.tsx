/**
 * Who signs: the operators this database knows, with their key fingerprints, and adding
 * one (the app makes the key pair and keeps the private key sealed by the OS keychain).
 */
import { useId, useState, type FormEvent } from 'react';
import { sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { useAppStore } from '../../store';
import { Fingerprint } from './Fingerprint';

export function OperatorPicker({ label, exclude }: { label: string; exclude?: string }) {
  const id = useId();
  const operators = useAppStore((s) => s.records.operators);
  const signer = useAppStore((s) => s.records.signer);
  const chooseSigner = useAppStore((s) => s.chooseSigner);
  const all = operators.data ?? [];
  const usable = all.filter((o) => o.hasSealedKey && o.fingerprint !== exclude);
  const others = all.filter((o) => !o.hasSealedKey);

  return (
    <fieldset className="field op-picker" data-testid="operator-picker">
      <legend className="field-label">{label}</legend>
      {operators.status === 'error' ? (
        <Notice tone="error" title="The operators could not be loaded.">
          {sentence(operators.error ?? '')}
        </Notice>
      ) : usable.length === 0 ? (
        <p className="hint">{operators.status === 'ready' ? 'Nobody can sign from this app yet: add yourself below.' : 'Loading the operators…'}</p>
      ) : (
        <ul className="op-list">
          {usable.map((o) => (
            <li key={o.fingerprint}>
              <label className="check op-choice">
                <input type="radio" name={`${id}-op`} value={o.fingerprint} checked={signer === o.fingerprint} onChange={() => chooseSigner(o.fingerprint)} />
                <span className="op-who">
                  <strong>{o.name}</strong>
                  <span className="hint">{o.role}</span>
                </span>
                <Fingerprint value={o.fingerprint} />
              </label>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 ? (
        <p className="hint">
          Also known here, signing with the collimator command and their own key file: {others.map((o) => o.name).join(', ')}.
        </p>
      ) : null}
    </fieldset>
  );
}

/** `collapsed`: someone can already sign, so the form starts folded behind a button. */
export function AddOperatorForm({ collapsed = false }: { collapsed?: boolean }) {
  const id = useId();
  const creating = useAppStore((s) => s.records.creatingOperator);
  const error = useAppStore((s) => s.records.operatorError);
  const createOperator = useAppStore((s) => s.createOperator);
  const chooseSigner = useAppStore((s) => s.chooseSigner);
  const operatorName = useAppStore((s) => s.operatorName);
  const [name, setName] = useState(operatorName);
  const [role, setRole] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    if (!name.trim()) return setProblem('Enter the name as it should appear on signed records.');
    if (!role.trim()) return setProblem('Enter the role, e.g. PACS administrator or clinical system owner.');
    setProblem(null);
    void createOperator(name.trim(), role.trim()).then((op) => {
      if (op) {
        chooseSigner(op.fingerprint);
        setName('');
        setRole('');
        setOpen(false);
      }
    });
  };

  if (collapsed && !open && !error) {
    return (
      <div>
        <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
          Add another operator
        </button>
      </div>
    );
  }

  return (
    <form className="op-add" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`} data-testid="operator-add">
      <h3 id={`${id}-title`} className="section-subtitle">
        Add an operator
      </h3>
      <p className="hint">Collimator makes an Ed25519 key pair; the private key stays on this computer, sealed by the system keychain.</p>
      <div className="op-add-fields">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} className="input" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <input id={`${id}-role`} className="input" value={role} maxLength={100} onChange={(e) => setRole(e.target.value)} placeholder="PACS administrator" />
        </div>
        <button type="submit" className="btn" disabled={creating}>
          {creating ? 'Making the key…' : 'Add operator'}
        </button>
      </div>
      {problem || error ? (
        <Notice tone="error" title="No operator was added." testId="operator-error">
          {sentence(problem ?? error ?? '')}
        </Notice>
      ) : null}
    </form>
  );
}
