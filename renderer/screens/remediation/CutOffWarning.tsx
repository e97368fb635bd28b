/**
 * Issue 14: whom a step's allow-list keeps and whom it would cut off, shown before the
 * admin applies it; for a peer seen in the last N days, a checkbox naming it that must be
 * ticked before the step can be marked done (the acknowledgement is recorded with the
 * change and in the signed record). Also: verify's "legitimate peers still accepted".
 */
import type { ConfirmedPeer, CutOffAcknowledgement, PeerAcceptance, StepPeers } from '../../../shared/peers';
import { peerKey, peerLabel } from '../../../shared/peers';
import { formatWhen, sentence } from '../../components/format';

const BINDING_WORDS: Record<StepPeers['binding'], string> = {
  ae: 'by AE title',
  address: 'by source address',
  'ae+address': 'by AE title and address',
};

function seen(p: Pick<ConfirmedPeer, 'lastSeen' | 'source'>): string {
  return p.lastSeen ? `last seen ${formatWhen(p.lastSeen)}` : p.source === 'inventory' ? 'in the inventory, not seen in logs' : 'not seen';
}

/** The acknowledgements a step needs: one key per recently seen peer it cuts off. */
export function requiredAcks(peers: StepPeers | undefined): string[] {
  return (peers?.recentCut ?? []).map(peerKey);
}

export function CutOffWarning({ stepDomId, peers, acked, onAck, done, recorded }: {
  stepDomId: string;
  peers: StepPeers;
  /** Keys of the peers acknowledged so far (not saved until the step is ticked). */
  acked: ReadonlySet<string>;
  onAck: (key: string, on: boolean) => void;
  done: boolean;
  /** The acknowledgement recorded with the step's latest change, if any. */
  recorded: CutOffAcknowledgement | undefined;
}) {
  const recent = new Set(peers.recentCut.map(peerKey));
  const older = peers.cut.filter((p) => !recent.has(peerKey(p)));
  return (
    <div className="step-peers" data-testid="step-peers">
      <p className="step-peers-line" data-testid="peers-kept">
        <span className="label-inline">Keeps ({BINDING_WORDS[peers.binding]}):</span>{' '}
        {peers.kept.length > 0 ? <span className="mono">{peers.kept.map(peerLabel).join(', ')}</span> : <span>nobody</span>}
      </p>
      {peers.cut.length > 0 ? (
        <p className="step-peers-line step-peers-cut" data-testid="peers-cut">
          <span className="label-inline">Would cut off:</span>{' '}
          {peers.cut.map((p, i) => (
            <span key={peerKey(p)}>
              {i > 0 ? '; ' : ''}
              <span className="mono">{peerLabel(p)}</span> ({p.why}, {seen(p)})
            </span>
          ))}
        </p>
      ) : null}
      {peers.unknown.length > 0 ? (
        <p className="step-peers-line hint">Cannot tell (address not known): {peers.unknown.map(peerLabel).join(', ')}</p>
      ) : null}
      {peers.recentCut.length > 0 && !(done && recorded) ? (
        <div className="notice notice-warning step-cutoff" role="status" data-testid="cutoff-warning">
          <div className="notice-body">
            <div className="notice-title">
              This step would cut off {peers.recentCut.length === 1 ? 'a peer' : `${peers.recentCut.length} peers`} seen in the last {peers.recentDays} days.
            </div>
            <p>Add {peers.recentCut.length === 1 ? 'it' : 'them'} to the inventory (or by hand to the snippet), or acknowledge each one to mark the step done.</p>
            <ul className="step-acks">
              {peers.recentCut.map((p) => {
                const k = peerKey(p);
                const id = `${stepDomId}-ack-${k.replace(/[^A-Za-z0-9_-]/g, '_')}`;
                return (
                  <li key={k}>
                    <input type="checkbox" id={id} checked={acked.has(k)} onChange={(e) => onAck(k, e.target.checked)} />
                    <label htmlFor={id}>
                      I know this step cuts off <strong>{peerLabel(p)}</strong>, {seen(p)}
                    </label>
                  </li>
                );
              })}
            </ul>
          </div>
        </div>
      ) : null}
      {older.length > 0 && peers.recentCut.length === 0 ? <p className="hint">None of them was seen in the last {peers.recentDays} days.</p> : null}
      {done && recorded ? (
        <p className="step-peers-line" data-testid="cutoff-acknowledged">
          <span className="label-inline">Acknowledged</span> by <strong>{recorded.by}</strong>, {formatWhen(recorded.at)}: cuts off{' '}
          {recorded.peers.map((p) => peerLabel(p)).join(', ')}
        </p>
      ) : null}
    </div>
  );
}

const PEER_VERDICT_WORDS: Record<PeerAcceptance['verdict'], { glyph: string; label: string; cls: string }> = {
  'still-accepted': { glyph: '✓', label: 'Still accepted', cls: 'verdict-still-passing' },
  regressed: { glyph: '↯', label: 'Regressed', cls: 'verdict-regressed' },
  inconclusive: { glyph: '?', label: 'Inconclusive', cls: 'verdict-inconclusive' },
};

/** Verify's "legitimate peers still accepted": one row per confirmed peer. */
export function PeersStillAccepted({ peers }: { peers: readonly PeerAcceptance[] }) {
  if (peers.length === 0) return null;
  const regressed = peers.filter((p) => p.verdict === 'regressed').length;
  return (
    <section className="peers-accepted" aria-labelledby="peers-accepted-title" data-testid="peers-accepted">
      <h4 id="peers-accepted-title">Legitimate peers still accepted</h4>
      <p className="hint">
        One association calling as each confirmed peer, from this computer; no data sent.
        {regressed > 0 ? ` ${regressed} ${regressed === 1 ? 'peer is' : 'peers are'} cut off by the fix.` : ''}
      </p>
      <ul>
        {peers.map((p) => {
          const w = PEER_VERDICT_WORDS[p.verdict];
          return (
            <li key={peerKey(p)} data-testid="peer-accepted" data-peer={p.callingAe} data-verdict={p.verdict}>
              <span className={`badge ${w.cls}`}>
                <span className="badge-glyph" aria-hidden="true">
                  {w.glyph}
                </span>
                {w.label}
              </span>{' '}
              <span className="mono">{peerLabel(p)}</span>: {sentence(p.reason)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
