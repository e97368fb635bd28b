/** A verification verdict as a badge: a glyph and words, colour only as a second cue. */
import type { Verdict } from '../../../shared/types';
import { VERDICT_LABEL, VERDICT_MEANING, verdictCounts } from '../../store/selectors/remediation';

const GLYPH: Record<Verdict, string> = {
  fixed: '✓',
  'still-failing': '✕',
  regressed: '↯',
  'still-passing': '✓',
  inconclusive: '?',
};

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span className={`badge verdict-${verdict}`} data-verdict={verdict} title={VERDICT_MEANING[verdict]}>
      <span className="badge-glyph" aria-hidden="true">
        {GLYPH[verdict]}
      </span>
      {VERDICT_LABEL[verdict]}
    </span>
  );
}

/** `2 fixed · 1 still failing` as small verdict chips. */
export function VerdictChips({ counts }: { counts: Record<Verdict, number> }) {
  const shown = verdictCounts(counts);
  if (shown.length === 0) return <span className="hint">nothing verified</span>;
  return (
    <span className="counts">
      {shown.map(({ verdict, count }) => (
        <span key={verdict} className={`badge verdict-${verdict}`}>
          {count} {VERDICT_LABEL[verdict].toLowerCase()}
        </span>
      ))}
    </span>
  );
}
