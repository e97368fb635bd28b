/** One line saying which scan is shown: when, from where, of what. */
import type { ScanMeta } from '../../shared/types';
import { formatWhen } from './format';

export function ScanSummaryLine({ meta }: { meta: ScanMeta }) {
  const targets = meta.targets.length <= 3 ? meta.targets.join(', ') : `${meta.targets.slice(0, 3).join(', ')} and ${meta.targets.length - 3} more`;
  return (
    <span data-testid="scan-line">
      Scan of <strong>{targets}</strong> from {meta.vantage.label}
      {meta.vantage.untrusted ? ' (untrusted network)' : ''}, {formatWhen(meta.startedAt)}
      {meta.cancelled ? ' — cancelled before the end' : ''}.
    </span>
  );
}
