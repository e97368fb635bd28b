/** Evidence of one observation as labelled lines (the Server screen's layout, stacked for narrow columns). */
import type { Evidence } from '../../../shared/types';
import { EvidenceGroups } from '../../components/EvidenceGroups';
import { evidenceGroups } from '../../store/selectors/checks';

export function EvidenceList({ evidence, label }: { evidence: Evidence | undefined; label: string }) {
  const groups = evidenceGroups(evidence);
  if (groups.length === 0) return <p className="hint">No evidence recorded.</p>;
  return <EvidenceGroups groups={groups} label={label} stacked />;
}
