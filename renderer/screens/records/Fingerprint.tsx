/** A key's SHA-256 fingerprint, in groups of four: short by default, the whole of it on request. */
import { groupHex, shortFingerprint } from '../../store/selectors/records';

export function Fingerprint({ value, full = false }: { value: string; full?: boolean }) {
  return (
    <code className="fingerprint" title={groupHex(value)} data-fingerprint={value}>
      {full ? groupHex(value) : shortFingerprint(value)}
    </code>
  );
}
