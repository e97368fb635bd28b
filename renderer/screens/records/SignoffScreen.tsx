/**
 * Sign-off: review exactly what will be signed for one server (its findings, the steps
 * with who and when, the attestations, the re-check), then sign it with the operator's
 * key, unlocked by their passphrase typed now (and their key file, when the app does not
 * hold their key). The record is appended to the database's hash chain and cannot be
 * edited after; a correction is a new record that supersedes it.
 */
import { useId, useMemo, useState } from 'react';
import { serverKey } from '../../../shared/remediation';
import { EmptyState } from '../../components/EmptyState';
import { formatWhen, sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { ScreenHead } from '../../components/ScreenHead';
import { useAppStore } from '../../store';
import { buildSignerSecret, buildSignoffRequest, recordsOf, requestKey, type SecretForm } from '../../store/selectors/records';
import { Fingerprint } from './Fingerprint';
import { AddOperatorForm, OperatorPicker } from './OperatorPicker';
import { RecordBodyView } from './RecordBodyView';
import { EMPTY_SECRET, SignerSecretFields } from './SignerSecretFields';

export function SignoffScreen() {
  const id = useId();
  const records = useAppStore((s) => s.records);
  const go = useAppStore((s) => s.go);
  const openRemediation = useAppStore((s) => s.openRemediation);
  const previewRecord = useAppStore((s) => s.previewRecord);
  const signRecord = useAppStore((s) => s.signRecord);
  const [note, setNote] = useState('');
  const [supersedes, setSupersedes] = useState(records.signoff?.supersedes ?? '');
  const [reviewed, setReviewed] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // The passphrase lives here only until the sign call is sent: never in the store.
  const [secret, setSecret] = useState<SecretForm>(EMPTY_SECRET);
  const [secretProblem, setSecretProblem] = useState<string | null>(null);
  const server = records.signoff?.server;
  const earlier = useMemo(() => (server ? recordsOf(records.list.data ?? [], server) : []), [records.list.data, server]);

  if (!server) {
    return (
      <div className="screen">
        <ScreenHead title="Sign-off" />
        <div className="panel">
          <EmptyState
            title="No server to sign off"
            action={
              <button type="button" className="btn btn-primary" onClick={() => go('servers')}>
                Go to Servers
              </button>
            }
          >
            Fix a server, re-check it, then choose Sign off on its Fix &amp; verify screen: the signed record is the evidence of what was done.
          </EmptyState>
        </div>
      </div>
    );
  }

  const key = serverKey(server);
  const built = buildSignoffRequest(server, { operator: records.signer, note, supersedes });
  const current = built.ok && records.previewKey === requestKey(built.value);
  const preview = current ? records.preview : null;
  const signer = records.operators.data?.find((o) => o.fingerprint === records.signer);

  const review = (): void => {
    if (!built.ok) {
      setProblem(built.message);
      return;
    }
    setProblem(null);
    setReviewed(false);
    void previewRecord(built.value);
  };
  const sign = (): void => {
    if (!built.ok) return setProblem(built.message);
    const s = buildSignerSecret(secret, signer?.hasSealedKey !== true);
    if (!s.ok) return setSecretProblem(s.message);
    setSecretProblem(null);
    // The passphrase is cleared as it is sent; the chosen key file stays for another try.
    setSecret({ ...secret, passphrase: '' });
    void signRecord(built.value, s.value);
  };

  return (
    <div className="screen">
      <div>
        <button type="button" className="btn-link" onClick={() => openRemediation(server)}>
          ← Fix &amp; verify {key}
        </button>
      </div>
      <ScreenHead title={`Sign off ${key}`}>
        A signed record of this server&rsquo;s findings, the steps done with who and when, the attestations and the latest re-check. Review it,
        then sign: it joins the tamper-evident chain and cannot be changed afterwards.
      </ScreenHead>

      <section className="panel" aria-labelledby={`${id}-who`}>
        <div className="panel-head">
          <h2 id={`${id}-who`}>1. Who signs, and what they add</h2>
        </div>
        <div className="panel-body signoff-form">
          <OperatorPicker label="Sign as" />
          <AddOperatorForm collapsed={signer !== undefined} />
          <div className="field">
            <label htmlFor={`${id}-note`}>Note on the record</label>
            <textarea
              id={`${id}-note`}
              className="textarea textarea-prose"
              rows={2}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="e.g. Access restricted to the modality list during the Saturday window; firewall rule applied by the network team."
            />
          </div>
          {earlier.length > 0 ? (
            <div className="field">
              <label htmlFor={`${id}-sup`}>This record corrects</label>
              <select id={`${id}-sup`} className="select" value={supersedes} onChange={(e) => setSupersedes(e.target.value)}>
                <option value="">Nothing: a new record</option>
                {earlier.map((r) => (
                  <option key={r.id} value={r.id}>
                    Record {r.position}, signed {formatWhen(r.createdAt)} by {r.operator.name}
                  </option>
                ))}
              </select>
              <span className="hint">A signed record is never edited: a correction is a new record that supersedes it.</span>
            </div>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={review} disabled={records.preview.status === 'loading'}>
            {records.preview.status === 'loading' ? 'Preparing…' : current ? 'Review again' : 'Review what will be signed'}
          </button>
          {problem && !built.ok ? (
            <span className="form-problem" role="alert">
              {problem}
            </span>
          ) : (
            <span className="hint">Nothing is written until you sign.</span>
          )}
        </div>
      </section>

      {preview?.status === 'error' ? (
        <Notice tone="error" title="The record could not be prepared.">
          {sentence(preview.error ?? '')}
        </Notice>
      ) : null}

      {preview?.data ? (
        <section className="panel" aria-labelledby={`${id}-review`} data-testid="signoff-review">
          <div className="panel-head">
            <h2 id={`${id}-review`}>2. Review the record</h2>
            <span className="hint">Its id, time and place in the chain are set when you sign.</span>
          </div>
          <div className="panel-body review-body">
            {preview.data.warnings.length > 0 ? (
              <Notice tone="warning" title="Know this before you sign." testId="signoff-warnings">
                {preview.data.warnings.map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}.`).join(' ')}
              </Notice>
            ) : null}
            <RecordBodyView body={preview.data.draft} />
            <details className="more">
              <summary>The record as data (what the signature covers, before its chain place is set)</summary>
              <pre className="code-body record-json" tabIndex={0}>
                {JSON.stringify(preview.data.draft, null, 2)}
              </pre>
            </details>
          </div>
          {preview.data.operator ? (
            <>
              <div className="panel-body">
                <SignerSecretFields
                  who={preview.data.operator.name}
                  needsKeyFile={!preview.data.operator.hasSealedKey}
                  value={secret}
                  onChange={(v) => {
                    setSecret(v);
                    setSecretProblem(null);
                  }}
                />
                {secretProblem ? (
                  <span className="form-problem" role="alert">
                    {secretProblem}
                  </span>
                ) : null}
              </div>
              <div className="form-actions signoff-actions">
                <label className="check">
                  <input type="checkbox" checked={reviewed} onChange={(e) => setReviewed(e.target.checked)} />
                  <span>
                    I reviewed this record and it is correct
                    <small>
                      Signed with the key of {preview.data.operator.name} (<Fingerprint value={preview.data.operator.fingerprint} />)
                    </small>
                  </span>
                </label>
                <button type="button" className="btn btn-primary btn-large" onClick={sign} disabled={!reviewed || records.signing}>
                  {records.signing ? 'Signing…' : `Sign as ${preview.data.operator.name}`}
                </button>
              </div>
            </>
          ) : (
            <div className="form-actions signoff-actions">
              <span className="hint" data-testid="signoff-no-signer">
                Choose who signs above (or add an operator), then review again: the signer&rsquo;s name is part of what is signed.
              </span>
            </div>
          )}
          {records.signError ? (
            <div className="panel-body">
              <Notice tone="error" title="Nothing was signed." testId="sign-error">
                {sentence(records.signError ?? '')}
              </Notice>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
