/**
 * Who signs: the operators this database knows, with their key fingerprints and where
 * their key lives (kept by this app under their passphrase, or in their own key file),
 * and adding one: a new key made here (sealed by the system keychain and a passphrase),
 * or the key file of `collimator keys new` (always possible, also without a keychain).
 */
import { useId, useState, type FormEvent } from 'react';
import { formatWhen, sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { useAppStore } from '../../store';
import { newPassphraseProblem } from '../../store/selectors/records';
import { Fingerprint } from './Fingerprint';
import { readKeyFileInput } from './SignerSecretFields';

export function OperatorPicker({ label, exclude }: { label: string; exclude?: string }) {
  const id = useId();
  const operators = useAppStore((s) => s.records.operators);
  const signer = useAppStore((s) => s.records.signer);
  const chooseSigner = useAppStore((s) => s.chooseSigner);
  const usable = (operators.data ?? []).filter((o) => o.fingerprint !== exclude);

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
                  <span className="hint" data-testid="operator-key-held">
                    {o.hasSealedKey ? 'key kept by this app' : 'signs with their key file'}; added {formatWhen(o.createdAt)}
                    {o.addedBy ? ` by ${o.addedBy}` : ''}
                  </span>
                </span>
                <Fingerprint value={o.fingerprint} />
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

type AddMode = 'new-key' | 'key-file';

/** `collapsed`: someone can already sign, so the form starts folded behind a button. */
export function AddOperatorForm({ collapsed = false }: { collapsed?: boolean }) {
  const id = useId();
  const creating = useAppStore((s) => s.records.creatingOperator);
  const error = useAppStore((s) => s.records.operatorError);
  const createOperator = useAppStore((s) => s.createOperator);
  const registerKeyFile = useAppStore((s) => s.registerKeyFile);
  const chooseSigner = useAppStore((s) => s.chooseSigner);
  const operatorName = useAppStore((s) => s.operatorName);
  const [mode, setMode] = useState<AddMode>('new-key');
  const [name, setName] = useState(operatorName);
  const [role, setRole] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [keyFile, setKeyFile] = useState<{ name: string; text: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  const done = (fingerprint: string): void => {
    chooseSigner(fingerprint);
    setName('');
    setRole('');
    setKeyFile(null);
    setOpen(false);
  };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    if (mode === 'key-file') {
      if (keyFile === null) return setProblem('Choose the key file made with collimator keys new.');
      if (passphrase === '') return setProblem('Enter the key file’s passphrase: it proves the key is yours.');
      setProblem(null);
      const secret = passphrase;
      setPassphrase('');
      void registerKeyFile(keyFile.text, secret).then((op) => op && done(op.fingerprint));
      return;
    }
    if (!name.trim()) return setProblem('Enter the name as it should appear on signed records.');
    if (!role.trim()) return setProblem('Enter the role, e.g. PACS administrator or clinical system owner.');
    const weak = newPassphraseProblem(passphrase, again);
    if (weak) return setProblem(weak);
    setProblem(null);
    const secret = passphrase;
    setPassphrase('');
    setAgain('');
    void createOperator(name.trim(), role.trim(), secret).then((op) => op && done(op.fingerprint));
  };

  const onFile = async (f: File | undefined): Promise<void> => {
    setProblem(null);
    if (!f) return setKeyFile(null);
    const r = await readKeyFileInput(f);
    if (!r.ok) {
      setKeyFile(null);
      return setProblem(r.message);
    }
    setKeyFile({ name: r.name, text: r.text });
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
      <div className="op-add-mode" role="radiogroup" aria-label="How the operator's key is kept">
        <label className="check">
          <input type="radio" name={`${id}-mode`} checked={mode === 'new-key'} onChange={() => setMode('new-key')} />
          <span>Make a new key here</span>
        </label>
        <label className="check">
          <input type="radio" name={`${id}-mode`} checked={mode === 'key-file'} onChange={() => setMode('key-file')} />
          <span>Use a key file</span>
        </label>
      </div>
      {mode === 'new-key' ? (
        <div key="new-key" className="op-add-mode-body">
          <p className="hint">
            Collimator makes an Ed25519 key pair; the private key stays on this computer, encrypted with the operator&rsquo;s passphrase and sealed by
            the system keychain. The passphrase is asked at every signature.
          </p>
          <div className="op-add-fields">
            <div className="field">
              <label htmlFor={`${id}-name`}>Name</label>
              <input id={`${id}-name`} className="input" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoComplete="name" />
            </div>
            <div className="field">
              <label htmlFor={`${id}-role`}>Role</label>
              <input id={`${id}-role`} className="input" value={role} maxLength={100} onChange={(e) => setRole(e.target.value)} placeholder="PACS administrator" />
            </div>
            <div className="field">
              <label htmlFor={`${id}-pass`}>Passphrase</label>
              <input id={`${id}-pass`} className="input" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-again`}>Passphrase again</label>
              <input id={`${id}-again`} className="input" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
            </div>
          </div>
          <span className="hint">At least 12 characters. Nobody can recover it: a forgotten passphrase means adding the operator again with a new key.</span>
        </div>
      ) : (
        <div key="key-file" className="op-add-mode-body">
          <p className="hint">
            For a key file made with <code>collimator keys new</code> (and where this computer has no keychain). The app registers its public key, name
            and role; the file stays with its owner and is chosen again at each signature.
          </p>
          <div className="op-add-fields">
            <div className="field">
              <label htmlFor={`${id}-file`}>Key file</label>
              <input id={`${id}-file`} type="file" accept=".json,application/json" onChange={(e) => void onFile(e.target.files?.[0])} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-filepass`}>Passphrase</label>
              <input id={`${id}-filepass`} className="input" type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            </div>
          </div>
        </div>
      )}
      <div>
        <button type="submit" className="btn" disabled={creating}>
          {creating ? (mode === 'new-key' ? 'Making the key…' : 'Checking the key file…') : 'Add operator'}
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
