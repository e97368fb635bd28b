/**
 * The slot for a reconcile row's action (the last, unlabelled column of the table): a
 * closed row will offer "Attach to the server's record" here. Nothing yet: an empty
 * cell. `onChanged` reloads the table after an action changed something.
 */
import type { ReconcileRow } from '../../../shared/internet';

export function RowAction(_props: { row: ReconcileRow; onChanged: () => void }) {
  return null;
}
