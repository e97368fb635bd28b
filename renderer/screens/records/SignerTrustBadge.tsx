/**
 * Known signer or not (issue 11): what the app's trust list (its operators plus imported
 * organisation lists) says of the key behind a signature. A valid signature proves only
 * that some key signed; this badge says whether that key is a known operator's.
 */
import type { SignerStatus, SignerTrust } from '../../../shared/trust';

const LABEL: Record<SignerStatus, string> = { known: 'Known signer', unknown: 'Unknown signer', expired: 'Key expired', revoked: 'Key revoked' };
const TONE: Record<SignerStatus, 'ok' | 'none' | 'bad'> = { known: 'ok', unknown: 'none', expired: 'none', revoked: 'bad' };
const GLYPH: Record<SignerStatus, string> = { known: '✓', unknown: '?', expired: '!', revoked: '✕' };

/** One signature's verdict; with `detail`, the list's name and role for the key and why, in words. */
export function SignerTrustBadge({ trust, detail = false }: { trust: SignerTrust | null | undefined; detail?: boolean }) {
  if (!trust) return null;
  return (
    <span className="signer-trust" data-testid="signer-trust" data-signer={trust.status}>
      <span className={`badge outcome-${TONE[trust.status]}`} title={trust.detail}>
        <span className="badge-glyph" aria-hidden="true">
          {GLYPH[trust.status]}
        </span>
        {LABEL[trust.status]}
      </span>
      {detail ? <span className="hint"> {trust.detail}</span> : null}
    </span>
  );
}

/** A record's signers at a glance: known when every one is, else the worst verdict, how many, and why. */
export function RecordSignersBadge({ signers }: { signers: readonly SignerTrust[] | undefined }) {
  if (!signers || signers.length === 0) return null;
  const worst = (['revoked', 'expired', 'unknown'] as const).find((s) => signers.some((x) => x.status === s));
  if (worst === undefined) return <SignerTrustBadge trust={{ ...signers[0]!, detail: signers.map((s) => s.detail).join('; ') }} />;
  const n = signers.filter((s) => s.status === worst).length;
  const first = signers.find((s) => s.status === worst)!;
  return <SignerTrustBadge trust={{ ...first, detail: `${n} of ${signers.length} signatures: ${signers.filter((s) => s.status !== 'known').map((s) => s.detail).join('; ')}` }} detail />;
}
