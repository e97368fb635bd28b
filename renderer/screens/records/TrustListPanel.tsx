/**
 * Known signers (issue 11): the app's trust list on the Records screen. It is the app's
 * operators plus the lists imported from the organisation (a signed collimator.trust/1
 * file, or one fingerprint per line); every signature on a record is judged against it.
 * Import a list, remove one, or export the keys known now as a file for an auditor
 * (`collimator records verify FILE --trust-list LIST`). Its state is its own: the
 * records store only reloads the list so the badges follow.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { AppTrustList } from '../../../shared/trust';
import { call } from '../../bridge';
import { formatWhen, sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { useAppStore } from '../../store';
import { saveText } from './download';
import { Fingerprint } from './Fingerprint';

/** Largest list read here (main accepts up to 8 MB). */
const MAX_LIST_BYTES = 8 * 1024 * 1024;

export function TrustListPanel() {
  const id = useId();
  const loadRecords = useAppStore((s) => s.loadRecords);
  const [list, setList] = useState<AppTrustList | null>(null);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const r = await call((api) => api.trust.list());
    if (r.ok) setList(r.value);
    else setError({ title: 'The trust list could not be loaded.', message: r.error.message });
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  /** A change to the list: show the new one and reload the records so their badges follow. */
  const changed = (next: AppTrustList): void => {
    setList(next);
    setError(null);
    void loadRecords();
  };

  const onFile = async (f: File | undefined, input: HTMLInputElement): Promise<void> => {
    if (!f) return;
    setError(null);
    if (f.size > MAX_LIST_BYTES) {
      setError({ title: `${f.name} was not imported.`, message: 'It is larger than 8 MB: not a trust list.' });
      return;
    }
    setBusy(true);
    const r = await call(async (api) => api.trust.import({ name: f.name, text: await f.text() }));
    setBusy(false);
    input.value = '';
    if (r.ok) changed(r.value);
    else setError({ title: `${f.name} was not imported; nothing changed.`, message: r.error.message });
  };

  const remove = async (listId: number): Promise<void> => {
    const r = await call((api) => api.trust.remove({ id: listId }));
    if (r.ok) changed(r.value);
    else setError({ title: 'The list was not removed.', message: r.error.message });
  };

  const exportList = async (): Promise<void> => {
    const r = await call((api) => api.trust.export());
    if (r.ok) saveText(r.value.fileName, r.value.text);
    else setError({ title: 'Nothing was exported.', message: r.error.message });
  };

  const broken = list?.imports.filter((i) => i.problem !== null) ?? [];
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="trust-list">
      <div className="panel-head">
        <h2 id={`${id}-title`}>Known signers</h2>
        <span className="hint">
          A valid signature proves only that some key signed. A key is a known signer when it is one of this app&rsquo;s operators or on a
          list imported from your organisation; an organisation list decides about every key it names (it can revoke one).
        </span>
      </div>
      <div className="panel-body">
        {error ? (
          <Notice tone="error" title={error.title}>
            {sentence(error.message)}
          </Notice>
        ) : null}
        {broken.map((b) => (
          <Notice key={b.id} tone="warning" title={`The imported list ${b.source} no longer verifies and counts for nothing.`}>
            {sentence(b.problem ?? '')} Import it again from the organisation&rsquo;s copy, or remove it.
          </Notice>
        ))}
        <div className="trust-actions">
          <div className="field">
            <label htmlFor={`${id}-file`}>Import a trust list (collimator.trust/1, or one fingerprint per line)</label>
            <input id={`${id}-file`} type="file" accept=".trust,.txt,.json,text/plain,application/json" disabled={busy} onChange={(e) => void onFile(e.target.files?.[0], e.target)} />
          </div>
          <button type="button" className="btn" onClick={() => void exportList()} disabled={!list}>
            Export for an auditor
          </button>
        </div>
        {list && list.imports.length > 0 ? (
          <ul className="rlist" aria-label="Imported trust lists">
            {list.imports.map((i) => (
              <li key={i.id} data-testid="trust-import">
                <strong>{i.source}</strong>{' '}
                {i.organisation ? (
                  <>
                    signed by {i.organisation.name} <Fingerprint value={i.organisation.fingerprint} />
                  </>
                ) : (
                  <span className="hint">plain fingerprint list (not signed)</span>
                )}
                , {i.entries} {i.entries === 1 ? 'key' : 'keys'}, imported {formatWhen(i.importedAt)}{' '}
                <button type="button" className="btn btn-small" onClick={() => void remove(i.id)} aria-label={`Remove the list ${i.source}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {list && list.entries.length > 0 ? (
          <div className="table-wrap">
            <table className="trust-table" aria-label="Known signers">
              <thead>
                <tr>
                  <th scope="col">Who</th>
                  <th scope="col">Key fingerprint (SHA-256)</th>
                  <th scope="col">From</th>
                  <th scope="col">Valid</th>
                </tr>
              </thead>
              <tbody>
                {list.entries.map((e, n) => (
                  <tr key={`${e.source}-${e.fingerprint}-${n}`} data-testid="trust-entry" data-revoked={e.revoked ? 'true' : 'false'}>
                    <td>
                      <strong>{e.name ?? 'a listed key'}</strong>
                      {e.role ? <span className="hint"> {e.role}</span> : null}
                    </td>
                    <td>
                      <Fingerprint value={e.fingerprint} full />
                    </td>
                    <td>{e.source}</td>
                    <td>
                      {e.revoked
                        ? `revoked${e.revokedAt ? ` ${formatWhen(e.revokedAt)}` : ''}`
                        : e.validFrom || e.validUntil
                          ? `${e.validFrom ? `from ${formatWhen(e.validFrom)}` : ''}${e.validUntil ? ` until ${formatWhen(e.validUntil)}` : ''}`
                          : 'yes'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {list && list.entries.length === 0 ? <p className="hint">No known signers yet: add an operator or import your organisation&rsquo;s list.</p> : null}
      </div>
    </section>
  );
}
