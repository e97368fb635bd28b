/** What a record says about the fix: verified fixed, not verified fixed, never re-checked. */
import { outcomeOf } from '../../store/selectors/records';

export function OutcomeBadge({ passed }: { passed: boolean | null }) {
  const o = outcomeOf(passed);
  return (
    <span className={`badge outcome-${o.tone}`} data-outcome={o.tone}>
      <span className="badge-glyph" aria-hidden="true">
        {o.tone === 'ok' ? '✓' : o.tone === 'bad' ? '✕' : '–'}
      </span>
      {o.label}
    </span>
  );
}
