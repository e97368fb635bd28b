/**
 * One signed record with its verification status: is it intact (canonical bytes, hash,
 * every signature valid for its key, the chain link into it), who signed with which key,
 * what it says; co-sign it, export it (JSON to verify offline, PDF to read), or correct it.
 */
import { useState } from 'react';
import type { RecordDetail } from '../../../shared/records';
import { serverKey } from '../../../shared/remediation';
import { EmptyState } from '../../components/EmptyState';
import { formatWhen, sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { ScreenHead } from '../../components/ScreenHead';
import { useAppStore } from '../../store';
import { buildSignerSecret, chainStatus, type SecretForm } from '../../store/selectors/records';
import { saveExport } from './download';
import { Fingerprint } from './Fingerprint';
import { SignerTrustBadge } from './SignerTrustBadge';
import { AddOperatorForm, OperatorPicker } from './OperatorPicker';
import { RecordBodyView } from './RecordBodyView';
import { EMPTY_SECRET, SignerSecretFields } from './SignerSecretFields';
import { LoadState } from '../../components/LoadState';

export function RecordScreen() {
  const records = useAppStore((s) => s.records);
  const go = useAppStore((s) => s.go);
  const openRecord = useAppStore((s) => s.openRecord);
  const openSignoff = useAppStore((s) => s.openSignoff);
  const loadRecord = useAppStore((s) => s.loadRecord);
  const cosignRecord = useAppStore((s) => s.cosignRecord);
  const exportRecords = useAppStore((s) => s.exportRecords);
  const [cosignOpen, setCosignOpen] = useState(false);
  // The reviewer's passphrase lives here only until the co-sign call is sent: never in the store.
  const [secret, setSecret] = useState<SecretForm>(EMPTY_SECRET);
  const [secretProblem, setSecretProblem] = useState<string | null>(null);
  const d = records.detail.data;

  const back = (
    <div>
      <button type="button" className="btn-link" onClick={() => go('records')}>
        ← All records
      </button>
    </div>
  );

  if (!records.detailId) {
    return (
      <div className="screen">
        <ScreenHead title="Record" />
        <div className="panel">
          <EmptyState title="No record chosen">Choose a record in the Records list to see it and check it.</EmptyState>
        </div>
      </div>
    );
  }
  if (!d) {
    return (
      <div className="screen">
        {back}
        <ScreenHead title="Record" />
        <LoadState state={records.detail} hasData={false} loading="Loading and checking the record…" failed="This record could not be loaded." onRetry={() => void loadRecord()}>
          {() => null}
        </LoadState>
      </div>
    );
  }

  const b = d.body;
  const key = serverKey(b.server);
  const chain = chainStatus(d);
  const operatorFp = b.operator.fingerprint;
  const reviewer = records.operators.data?.find((o) => o.fingerprint === records.signer && o.fingerprint !== operatorFp);
  const enrolment = new Map(d.enrolments.map((e) => [e.fingerprint, e]));
  const cosign = (): void => {
    if (!reviewer) return;
    const s = buildSignerSecret(secret, !reviewer.hasSealedKey);
    if (!s.ok) return setSecretProblem(s.message);
    setSecretProblem(null);
    // The passphrase is cleared as it is sent; the chosen key file stays for another try.
    setSecret({ ...secret, passphrase: '' });
    void cosignRecord(reviewer.fingerprint, s.value).then((ok) => {
      if (!ok) return;
      setSecret(EMPTY_SECRET);
      setCosignOpen(false);
    });
  };
  const exportAs = (format: 'json' | 'pdf'): void => {
    void exportRecords({ format, ids: [d.id] }).then((f) => f && saveExport(f));
  };

  return (
    <div className="screen">
      {back}
      <ScreenHead
        title={`Record ${d.position}: ${key}`}
        actions={
          <>
            <button type="button" className="btn" onClick={() => exportAs('json')} disabled={records.exporting !== null}>
              {records.exporting === 'json' ? 'Exporting…' : 'Export JSON'}
            </button>
            <button type="button" className="btn" onClick={() => exportAs('pdf')} disabled={records.exporting !== null}>
              {records.exporting === 'pdf' ? 'Making the PDF…' : 'Export PDF'}
            </button>
          </>
        }
      >
        Signed {formatWhen(b.createdAt)} by {b.operator.name} ({b.operator.role}). Record id <span className="mono">{d.id}</span>.
      </ScreenHead>

      {records.exportError ? (
        <Notice tone="error" title="Nothing was exported.">
          {sentence(records.exportError ?? '')}
        </Notice>
      ) : null}

      <div data-testid="record-integrity" data-intact={d.intact ? 'true' : 'false'}>
        {d.intact ? (
          <Notice tone="success" title="Intact: this record is exactly what was signed.">
            Its stored bytes are canonical, its hash is right, every signature is valid for the key shown, and the chain link into it holds.
          </Notice>
        ) : (
          <div className="notice notice-error" role="alert">
            <div className="notice-body">
              <div className="notice-title">This record does not hold: {d.problems.length === 1 ? 'one problem' : `${d.problems.length} problems`}.</div>
              <ul className="problem-list">
                {d.problems.map((p, i) => (
                  <li key={i} data-kind={p.kind}>
                    <strong>{p.where}:</strong> {p.message}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        )}
      </div>

      {b.supersedes || d.supersededBy.length > 0 ? (
        <Notice tone="info" title={d.supersededBy.length > 0 ? 'A later record corrects this one.' : 'This record corrects an earlier one.'}>
          {b.supersedes ? (
            <>
              Corrects{' '}
              <button type="button" className="btn-link" onClick={() => openRecord(b.supersedes!)}>
                record {b.supersedes.slice(0, 8)}
              </button>
              .{' '}
            </>
          ) : null}
          {d.supersededBy.map((id) => (
            <span key={id}>
              Corrected by{' '}
              <button type="button" className="btn-link" onClick={() => openRecord(id)}>
                record {id.slice(0, 8)}
              </button>
              .{' '}
            </span>
          ))}
        </Notice>
      ) : null}

      <section className="panel" aria-labelledby="sig-title" data-testid="record-signatures">
        <div className="panel-head">
          <h2 id="sig-title">Signatures</h2>
          <span className="hint">Compare a fingerprint with the signer&rsquo;s own before you trust it.</span>
        </div>
        <div className="table-wrap">
          <table className="sig-table">
            <thead>
              <tr>
                <th scope="col">Signed as</th>
                <th scope="col">Who</th>
                <th scope="col">Key fingerprint (SHA-256)</th>
                <th scope="col">When</th>
                <th scope="col">Signature</th>
              </tr>
            </thead>
            <tbody>
              {d.signatures.map((s, i) => (
                <tr key={i} data-testid="signature-row" data-kind={s.kind} data-holds={s.holds ? 'true' : 'false'}>
                  <td>{s.kind === 'operator' ? 'Operator' : 'Reviewer'}</td>
                  <td>
                    <strong>{s.name}</strong>
                    <span className="hint"> {s.role}</span>
                    <SignerAdded e={enrolment.get(s.fingerprint)} />
                    <SignerTrustBadge trust={s.signer} detail />
                  </td>
                  <td>
                    <Fingerprint value={s.fingerprint} full />
                  </td>
                  <td>{formatWhen(s.signedAt)}</td>
                  <td>
                    {s.holds ? (
                      <span className="badge outcome-ok">
                        <span className="badge-glyph" aria-hidden="true">
                          ✓
                        </span>
                        Valid
                      </span>
                    ) : (
                      <span className="badge outcome-bad">
                        <span className="badge-glyph" aria-hidden="true">
                          ✕
                        </span>
                        Does not hold
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="panel-body cosign">
          {cosignOpen ? (
            <div className="cosign-form" data-testid="cosign-form">
              <OperatorPicker label="Co-sign as (a reviewer, e.g. the clinical system owner)" exclude={operatorFp} />
              <AddOperatorForm collapsed={(records.operators.data ?? []).some((o) => o.fingerprint !== operatorFp)} />
              {reviewer ? (
                <SignerSecretFields
                  who={reviewer.name}
                  needsKeyFile={!reviewer.hasSealedKey}
                  value={secret}
                  onChange={(v) => {
                    setSecret(v);
                    setSecretProblem(null);
                  }}
                />
              ) : null}
              {secretProblem ? (
                <span className="form-problem" role="alert">
                  {secretProblem}
                </span>
              ) : null}
              <div className="cosign-actions">
                <button type="button" className="btn btn-primary" disabled={records.cosigning || !reviewer} onClick={cosign}>
                  {records.cosigning ? 'Signing…' : 'Co-sign these same bytes'}
                </button>
                <button type="button" className="btn" onClick={() => setCosignOpen(false)}>
                  Cancel
                </button>
              </div>
              {records.cosignError ? (
                <Notice tone="error" title="Not co-signed." testId="cosign-error">
                  {sentence(records.cosignError ?? '')}
                </Notice>
              ) : null}
            </div>
          ) : (
            <button type="button" className="btn" onClick={() => setCosignOpen(true)}>
              Add a reviewer&rsquo;s signature
            </button>
          )}
        </div>
      </section>

      <section className="panel" aria-labelledby="chain-title" data-testid="record-chain" data-chain-ok={chain.ok ? 'true' : 'false'}>
        <div className="panel-head">
          <h2 id="chain-title">Place in the chain</h2>
          <span className={`badge ${chain.ok ? 'outcome-ok' : 'outcome-bad'}`}>{chain.ok ? 'Link OK' : 'Link broken'}</span>
        </div>
        <dl className="panel-body rfacts chain-facts">
          <div>
            <dt>Position</dt>
            <dd>{d.position}</dd>
          </div>
          <div>
            <dt>This record&rsquo;s hash</dt>
            <dd>
              <code className="hash">{d.hash}</code>
            </dd>
          </div>
          <div>
            <dt>Previous record&rsquo;s hash</dt>
            <dd>{d.prevHash ? <code className="hash">{d.prevHash}</code> : 'none (first record)'}</dd>
          </div>
          <div className="chain-msg">
            <dt>Link</dt>
            <dd>{chain.message}</dd>
          </div>
        </dl>
      </section>

      <section className="panel" aria-labelledby="says-title">
        <div className="panel-head">
          <h2 id="says-title">What the record says</h2>
          <button type="button" className="btn btn-small" onClick={() => openSignoff({ host: b.server.host, port: b.server.port }, d.id)}>
            Sign a correction
          </button>
        </div>
        <div className="panel-body">
          <RecordBodyView body={b} />
        </div>
      </section>
    </div>
  );
}

/** When and by which OS user the signer was added to this database: the database's word, not part of the signed bytes. */
function SignerAdded({ e }: { e: RecordDetail['enrolments'][number] | undefined }) {
  if (!e) return <span className="hint signer-added" data-testid="signer-added">Not an operator of this database.</span>;
  return (
    <span className="hint signer-added" data-testid="signer-added" title="From this database's audit log; not part of the signed record.">
      Added {formatWhen(e.addedAt)}
      {e.addedBy ? ` by OS user ${e.addedBy}` : ''} ({e.keyHeld === 'app' ? 'key kept by this app' : 'own key file'})
    </span>
  );
}
