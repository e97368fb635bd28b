/**
 * A control that cannot be probed (MFA, patch level, lockout): the operator checks it by
 * hand and attests to it with a note saying what was checked; it can be withdrawn.
 */
import { useState } from 'react';
import type { ManualCheckId } from '../../../shared/catalog';
import type { AttestationDef } from '../../../shared/playbooks/types';
import type { AttestationState } from '../../../shared/remediation';
import { formatWhen } from '../../components/format';
import { useAppStore } from '../../store';
import { techniquesOf } from '../../store/selectors/checks';

/** An example of a useful note, per control. */
const PLACEHOLDER: Record<ManualCheckId, string> = {
  'manual.mfa': 'e.g. Explorer 2 and the VPN portal ask for a TOTP code; tried with a test account.',
  'manual.patch-level': 'e.g. Orthanc 1.12.4 installed; the vendor bulletin of March lists no newer fix.',
  'manual.lockout': 'e.g. 5 failed sign-ins lock the account for 15 minutes (directory policy).',
};

function AttestBadge({ state }: { state: AttestationState | undefined }) {
  if (!state) return <span className="badge attest-none">Not attested yet</span>;
  return state.attested ? (
    <span className="badge attest-yes">
      <span className="badge-glyph" aria-hidden="true">
        ✓
      </span>
      Attested
    </span>
  ) : (
    <span className="badge attest-withdrawn">Withdrawn</span>
  );
}

export function AttestationCard({ def, state }: { def: AttestationDef; state: AttestationState | undefined }) {
  const attest = useAppStore((s) => s.attest);
  const saving = useAppStore((s) => s.fix.saving.includes(def.id));
  const [note, setNote] = useState('');
  const id = `attest-${def.id.replace(/\W/g, '-')}`;
  const techniques = techniquesOf(def);

  const submit = async (attested: boolean): Promise<void> => {
    if (await attest(def.id, attested, note)) setNote('');
  };

  return (
    <article className="attest-card" aria-labelledby={`${id}-title`} data-testid="attestation" data-attestation={def.id} data-attested={state?.attested ? 'true' : 'false'}>
      <header className="playbook-head">
        <div className="check-title">
          <h3 id={`${id}-title`}>{def.title}</h3>
          <code className="check-id">{def.id}</code>
        </div>
        <AttestBadge state={state} />
      </header>
      <div className="attest-body">
        <div className="attest-about">
          <p>{def.why}</p>
          <p className="attest-how">
            <span className="label-inline">How to check:</span> {def.how}
          </p>
          {techniques.length > 0 ? (
            <div className="techniques">
              <span className="techniques-label">MITRE ATT&amp;CK®</span>
              <ul>
                {techniques.map((t) => (
                  <li key={t.id} className="technique">
                    <span className="mono">{t.id}</span> {t.name}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
        <div className="attest-form">
          {state ? (
            <p className="attest-state" data-testid="attestation-state">
              {state.attested ? 'Attested' : 'Withdrawn'} by <strong>{state.by}</strong>, {formatWhen(state.at)}: <q>{state.note}</q>
            </p>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-note`}>{state?.attested ? 'Note for an update or a withdrawal' : 'What you checked (required)'}</label>
            <textarea
              id={`${id}-note`}
              className="textarea textarea-prose"
              rows={2}
              value={note}
              maxLength={2000}
              placeholder={PLACEHOLDER[def.id]}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <div className="attest-actions">
            <button type="button" className="btn btn-primary" disabled={saving || note.trim() === ''} onClick={() => void submit(true)}>
              {state?.attested ? 'Attest again' : 'Attest: the control is in place'}
            </button>
            {state?.attested ? (
              <button type="button" className="btn btn-danger" disabled={saving || note.trim() === ''} onClick={() => void submit(false)}>
                Withdraw
              </button>
            ) : null}
            {saving ? <span className="hint">Saving…</span> : note.trim() === '' ? <span className="hint">Write what you checked first.</span> : null}
          </div>
        </div>
      </div>
    </article>
  );
}
