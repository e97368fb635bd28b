/**
 * What the admin is shown for a checklist item, rendered here in the main process at the
 * moment of the change (issue 11, "what was true at the time"): the playbook step filled
 * in from the server's latest scan and the inventory as they are now. It is stored with
 * the change (checklist_events.shown) and quoted by signed records, so a later inventory
 * import cannot rewrite what a record says was done. Nothing here comes from the renderer.
 */
import type { ManualCheckId } from '../../shared/catalog';
import { ATTESTATIONS, checksOfStep, findingsToFix, PlaybookValueError, renderChecklist } from '../../shared/playbooks';
import type { ServerRef, ShownItem } from '../../shared/remediation';
import type { Store } from '../store';
import type { ConfirmedPeer } from '../../shared/peers';

/**
 * The step `stepId` of `server` as the checklist shows it now, or null when no checklist
 * can be rendered (the server was never scanned, or its host cannot be written into
 * snippets): the record then says the text was not recorded.
 */
export function shownStep(store: Store, server: ServerRef, stepId: string, confirmedPeers?: readonly ConfirmedPeer[]): ShownItem | null {
  // A step of its own belongs to one playbook; a shared action (`action/...`) to several.
  const checkIds = checksOfStep(stepId);
  const latest = store.latestService(server.host, server.port);
  if (latest === undefined || checkIds.length === 0) return null;
  // Of those, the server's findings first (a shared step reads as the first finding that asks for it).
  // (most severe first, as the checklist orders them).
  const failing = findingsToFix(latest.service).map((c) => c.id).filter((c) => checkIds.includes(c));
  const ordered = [...failing, ...checkIds.filter((c) => !failing.includes(c))];
  let rendered;
  try {
    // The step's own playbooks only: the context (peers, endpoint, AE) is the same for every playbook.
    rendered = renderChecklist({ service: latest.service, inventory: store.inventory.list(), vantage: latest.vantage, checkIds: ordered, ...(confirmedPeers ? { confirmedPeers } : {}) });
  } catch (e) {
    if (e instanceof PlaybookValueError) return null;
    throw e;
  }
  const step = rendered.playbooks.flatMap((p) => [...p.steps, ...p.variants.flatMap((v) => v.steps)]).find((x) => x.id === stepId);
  if (step === undefined) return null;
  return {
    text: step.text,
    snippet: step.snippet ?? null,
    peers: rendered.peers.map((p) => ({ aeTitle: p.aeTitle, host: p.host, port: p.port })),
    scanId: latest.scanId,
  };
}

/** A manual attestation as shown: its title (not rendered from any data). */
export function shownAttestation(id: ManualCheckId): ShownItem {
  const def = ATTESTATIONS.find((a) => a.id === id);
  return { text: def?.title ?? id, snippet: null, peers: [], scanId: null };
}
