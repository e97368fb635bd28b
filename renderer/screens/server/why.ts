/**
 * "Why it matters" beside each finding on the Server screen: the very text the Fix
 * screen shows (the playbook's `why`, shared/playbooks), filled in for this server the
 * same way (buildContext + fillText). Pure; kept out of the .tsx so unit tests read it.
 */
import { isCheckId } from '../../../shared/catalog';
import { serverKey } from '../../../shared/host';
import { buildContext, PLAYBOOKS } from '../../../shared/playbooks';
import { fillText } from '../../../shared/playbooks/values';
import type { InventoryNode, ServiceResult, Vantage } from '../../../shared/types';

export function whyItMatters(
  checkId: string,
  service: ServiceResult,
  vantage: Vantage | undefined,
  inventory: readonly InventoryNode[],
): string | undefined {
  if (!isCheckId(checkId)) return undefined;
  const text = PLAYBOOKS[checkId].why;
  const v = vantage ?? { label: 'this workstation', untrusted: false };
  try {
    return fillText(text, buildContext({ service, inventory, vantage: v }));
  } catch {
    // A host the snippets cannot write still has a reason worth reading.
    return text.replace(/\{endpoint\}/g, serverKey(service)).replace(/\{vantage\}/g, v.label).replace(/\{(host|port|ae|peers)\}/g, '');
  }
}
