/**
 * The secret asked at the moment of signing: the signer's passphrase, and their key file
 * when this app does not hold their key. Held in the calling screen's local state only
 * until the call is sent (never in the store); the screen clears it after.
 */
import { useId, useState } from 'react';
import { KEY_FILE_MAX_CHARS } from '../../../shared/contract-schemas';
import type { SecretForm } from '../../store/selectors/records';

export const EMPTY_SECRET: SecretForm = { passphrase: '', keyFile: null };

/** The text of a key file chosen in a file input, or why it cannot be used. */
export async function readKeyFileInput(f: File): Promise<{ ok: true; name: string; text: string } | { ok: false; message: string }> {
  if (f.size > KEY_FILE_MAX_CHARS) return { ok: false, message: `${f.name} is too large to be a Collimator key file.` };
  return { ok: true, name: f.name, text: await f.text() };
}

export function SignerSecretFields({
  who,
  needsKeyFile,
  value,
  onChange,
}: {
  /** The signer's name, for the labels. */
  who: string;
  needsKeyFile: boolean;
  value: SecretForm;
  onChange: (v: SecretForm) => void;
}) {
  const id = useId();
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const onFile = async (f: File | undefined): Promise<void> => {
    setFileProblem(null);
    if (!f) return onChange({ ...value, keyFile: null });
    const r = await readKeyFileInput(f);
    if (!r.ok) {
      setFileProblem(r.message);
      return onChange({ ...value, keyFile: null });
    }
    onChange({ ...value, keyFile: { name: r.name, text: r.text } });
  };
  return (
    <div className="signer-secret" data-testid="signer-secret">
      {needsKeyFile ? (
        <div className="field">
          <label htmlFor={`${id}-file`}>Key file of {who}</label>
          <input id={`${id}-file`} type="file" accept=".json,application/json" onChange={(e) => void onFile(e.target.files?.[0])} />
          <span className="hint">{fileProblem ?? 'The file made with collimator keys new. It is read for this signature only and not kept.'}</span>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-pass`}>Passphrase of {who}</label>
        <input
          id={`${id}-pass`}
          className="input"
          type="password"
          autoComplete="off"
          value={value.passphrase}
          onChange={(e) => onChange({ ...value, passphrase: e.target.value })}
        />
        <span className="hint">Asked at every signature and never kept: it unlocks the key for this one signature.</span>
      </div>
    </div>
  );
}
