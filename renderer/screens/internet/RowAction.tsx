/**
 * A reconcile row's action (in its "Closed outside" cell): a row closed as seen from the
 * internet offers "Attach" to the server's record (AttachClosure.tsx, compact);
 * other rows show nothing. `onChanged` reloads the table after an action changed something.
 */
import type { ReconcileRow } from '../../../shared/internet';
import { AttachClosure } from './AttachClosure';

export function RowAction({ row }: { row: ReconcileRow; onChanged: () => void }) {
  if (!row.closedOutside) return null;
  return <AttachClosure publicHost={row.host} port={row.port} insideHost={row.insideHost} closedAt={row.closedOutside.at} compact />;
}
