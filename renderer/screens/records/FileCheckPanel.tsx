/**
 * Check an exported record file (JSON) as an auditor would: the signatures, the chain
 * links, the canonical form, the keys against their fingerprints. Every problem is named.
 */
import { useId, useState } from 'react';
import { sentence } from '../../components/format';
import { Notice } from '../../components/Notice';
import { useAppStore } from '../../store';
import { OutcomeBadge } from './OutcomeBadge';
import { Fingerprint } from './Fingerprint';
import { SignerTrustBadge } from './SignerTrustBadge';

/** Largest file read here (main accepts up to 64 MB). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function FileCheckPanel() {
  const id = useId();
  const check = useAppStore((s) => s.records.fileCheck);
  const checkExportFile = useAppStore((s) => s.checkExportFile);
  const [tooBig, setTooBig] = useState<string | null>(null);

  const onFile = async (f: File | undefined): Promise<void> => {
    setTooBig(null);
    if (!f) return;
    if (f.size > MAX_FILE_BYTES) {
      setTooBig(`${f.name} is larger than 64 MB: not a Collimator record export.`);
      return;
    }
    await checkExportFile(await f.text(), f.name);
  };

  const report = check.report;
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="file-check">
      <div className="panel-head">
        <h2 id={`${id}-title`}>Check an exported file</h2>
        <span className="hint">As an auditor would, with only the file; each signer is then looked up in the known signers below.</span>
      </div>
      <div className="panel-body filecheck-body">
        <div className="field">
          <label htmlFor={`${id}-file`}>Record file (JSON)</label>
          <input id={`${id}-file`} type="file" accept=".json,application/json" onChange={(e) => void onFile(e.target.files?.[0])} />
        </div>
        {tooBig ? (
          <Notice tone="error" title="The file was not checked.">
            {tooBig}
          </Notice>
        ) : null}
        {check.status === 'checking' ? (
          <div className="status-line" role="status">
            <span className="spinner" aria-hidden="true" /> Checking {check.fileName}…
          </div>
        ) : null}
        {check.status === 'error' ? (
          <Notice tone="error" title={`${check.fileName ?? 'The file'} could not be checked.`}>
            {sentence(check.error ?? '')}
          </Notice>
        ) : null}
        {report && !tooBig ? (
          <div className="filecheck-result" data-testid="file-check-result" data-ok={report.ok ? 'true' : 'false'}>
            {report.ok ? (
              <Notice tone="success" title={`${check.fileName ?? 'The file'} holds.`}>
                {report.records.length} {report.records.length === 1 ? 'record' : 'records'}: canonical, every signature valid for its key, every
                chain link intact{report.chain.fromStart ? ', from the first record of the chain' : ''}.
              </Notice>
            ) : (
              <div className="notice notice-error" role="alert">
                <div className="notice-body">
                  <div className="notice-title">
                    {check.fileName ?? 'The file'} does not hold: {report.problems.length} {report.problems.length === 1 ? 'problem' : 'problems'}.
                  </div>
                  <ul className="problem-list" data-testid="file-problems">
                    {report.problems.map((p, i) => (
                      <li key={i} data-kind={p.kind}>
                        <strong>{p.where}:</strong> {p.message}
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
            )}
            {report.records.length > 0 ? (
              <ul className="rlist">
                {report.records.map((r) => (
                  <li key={`${r.index}-${r.id}`} data-intact={r.intact ? 'true' : 'false'}>
                    <span className={`rstep-mark${r.intact ? ' done' : ' bad'}`} aria-hidden="true">
                      {r.intact ? '✓' : '✕'}
                    </span>
                    <strong>Record {r.position ?? r.index}</strong> {r.server ? <span className="mono">{r.server}</span> : null}{' '}
                    <OutcomeBadge passed={r.passed} /> {r.intact ? 'intact' : 'NOT intact'}
                    <div className="rlist-sub">
                      {r.signatures.map((sig, i) => (
                        <span key={i} className="sigline">
                          {sig.kind === 'operator' ? 'Signed' : 'Co-signed'} by {sig.name} ({sig.role}) <Fingerprint value={sig.fingerprint} />{' '}
                          {sig.holds ? 'valid' : 'INVALID'} <SignerTrustBadge trust={sig.signer} />
                        </span>
                      ))}
                    </div>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
