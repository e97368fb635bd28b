/** What a search on the Records list looks at: the words each row shows. Pure. */
import { serverKey } from '../../../shared/host';
import type { RecordListItem } from '../../../shared/records';
import { matchesQuery } from '../../components/search';
import { formatWhen } from '../../components/format';
import { outcomeOf } from '../../store/selectors/records';

export function recordMatches(r: RecordListItem, query: string): boolean {
  return matchesQuery(
    [
      `#${r.position}`,
      serverKey(r),
      r.createdAt,
      formatWhen(r.createdAt),
      r.operator.name,
      r.operator.role,
      ...r.reviewers.flatMap((x) => [x.name, x.role]),
      outcomeOf(r.passed).label,
      r.supersedes ? 'correction' : null,
      r.supersededBy.length > 0 ? 'superseded' : null,
      r.note,
      r.id,
    ],
    query,
  );
}
