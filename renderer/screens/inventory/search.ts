/** What a search on the Inventory list looks at: the words each node's row shows. Pure. */
import { serverKey } from '../../../shared/host';
import type { StoredInventoryNode } from '../../../shared/remediation';
import { matchesQuery } from '../../components/search';

export function nodeMatches(n: StoredInventoryNode, query: string): boolean {
  return matchesQuery([n.aeTitle, n.host, n.port, serverKey(n), n.role, n.description], query);
}
