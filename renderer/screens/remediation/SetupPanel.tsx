/**
 * How this server is being fixed: who is at the keyboard (recorded with every step),
 * which product's fix and which firewall's rules to show, and how far along it is.
 */
import { useEffect, useId, useState } from 'react';
import { serverKey } from '../../../shared/host';
import type { RenderedChecklist } from '../../../shared/playbooks/types';
import type { ChecklistView } from '../../../shared/remediation';
import { ProgressBar } from '../../components/ProgressBar';
import { useAppStore } from '../../store';
import { hasNetworkVariants, PLATFORM_OPTIONS, vendorChoices } from '../../store/selectors/remediation';

/** Peers named in the line under the pickers; the snippets list them all. */
const MAX_PEERS_SHOWN = 6;

/** `progress`: steps done as the page shows them: each action once, with the chosen product's fix (shared/playbooks/grouping.ts). */
export function SetupPanel({ checklist, view, progress }: { checklist: RenderedChecklist; view: ChecklistView | null; progress: { done: number; total: number } }) {
  const id = useId();
  const operatorName = useAppStore((s) => s.operatorName);
  const askedForName = useAppStore((s) => s.fix.saveError?.includes('Who is doing this') ?? false);
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (askedForName) setTouched(true);
  }, [askedForName]);
  const setOperatorName = useAppStore((s) => s.setOperatorName);
  const vendor = useAppStore((s) => s.fix.vendor);
  const platform = useAppStore((s) => s.fix.platform);
  const chooseVendor = useAppStore((s) => s.chooseVendor);
  const choosePlatform = useAppStore((s) => s.choosePlatform);
  const go = useAppStore((s) => s.go);
  const vendors = vendorChoices(checklist);
  const network = hasNetworkVariants(checklist);
  const attested = view?.checklist.attestations.filter((a) => a.attested).length ?? 0;
  const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  const seen = checklist.product && checklist.product.name !== 'unknown' ? `${checklist.product.name}${checklist.product.version ? ` ${checklist.product.version}` : ''}` : 'not identified';
  const peers = checklist.peers;
  // Red only once it matters: after the field was left empty, or a step was refused for want of a name.
  const nameMissing = operatorName.trim() === '' && (touched || askedForName);

  return (
    <section className="panel fix-setup" aria-label="How you are fixing this server">
      <div className="fix-fields">
        <div className="field">
          <label htmlFor={`${id}-who`}>Who is doing this</label>
          <input
            id={`${id}-who`}
            className="input"
            autoComplete="name"
            value={operatorName}
            maxLength={100}
            placeholder="Your name"
            aria-invalid={nameMissing ? 'true' : undefined}
            onBlur={() => setTouched(true)}
            aria-describedby={`${id}-who-hint`}
            onChange={(e) => setOperatorName(e.target.value)}
          />
          <span className="hint" id={`${id}-who-hint`}>
            Recorded with every step and attestation.
          </span>
        </div>
        {vendors.length > 0 ? (
          <div className="field">
            <label htmlFor={`${id}-vendor`}>Product on this server</label>
            <select id={`${id}-vendor`} className="select" value={vendor ?? ''} onChange={(e) => chooseVendor(e.target.value as typeof platform)} aria-describedby={`${id}-vendor-hint`}>
              {vendors.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
            <span className="hint" id={`${id}-vendor-hint`}>
              The scan saw: {seen}.
            </span>
          </div>
        ) : null}
        {network ? (
          <div className="field">
            <label htmlFor={`${id}-platform`}>Firewall rules for</label>
            <select id={`${id}-platform`} className="select" value={platform} onChange={(e) => choosePlatform(e.target.value as typeof platform)} aria-describedby={`${id}-platform-hint`}>
              {PLATFORM_OPTIONS.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
            <span className="hint" id={`${id}-platform-hint`}>
              Where the rule goes: the server itself or the network in front of it.
            </span>
          </div>
        ) : null}
      </div>
      <div className="fix-progress" data-testid="fix-progress">
        <div className="progress-head">
          <strong>Steps done</strong>
          <span className="progress-pct" data-testid="fix-progress-count">
            {progress.done} of {progress.total}
          </span>
        </div>
        <ProgressBar percent={percent} label="Checklist steps done" />
        <span className="hint">
          {attested} of {checklist.attestations.length} manual controls attested
        </span>
      </div>
      <div className="fix-peers">
        <span className="label-inline">Allowed peers in the snippets:</span>{' '}
        {peers.length > 0 ? (
          <span className="mono">
            {peers
              .slice(0, MAX_PEERS_SHOWN)
              .map((p) => `${p.aeTitle}@${serverKey(p)}`)
              .join(', ')}
            {peers.length > MAX_PEERS_SHOWN ? ` and ${peers.length - MAX_PEERS_SHOWN} more` : ''}
          </span>
        ) : (
          <span>none yet: the rules would shut out every other system.</span>
        )}{' '}
        <button type="button" className="btn-link" onClick={() => go('inventory')}>
          {peers.length > 0 ? 'Edit the inventory' : 'Add them in the inventory'}
        </button>
      </div>
    </section>
  );
}
