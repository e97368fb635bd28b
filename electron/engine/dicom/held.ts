/**
 * An accepted association kept open between probes of one service, so the query and
 * retrieve probes send their requests on identification's association instead of
 * opening their own. Each association costs a connect, an A-ASSOCIATE exchange and a
 * release: three round trips, 150 ms behind a 25 ms WAN link, and another turn of a
 * server that serves one association at a time.
 *
 * Identification keeps the accepted association it would build on (the one the
 * access gate names); a probe takes it, uses it, and gives it back while it is still
 * open; the orchestrator releases it before it lets go of the host's slot, so the
 * per-host association limit still holds. A link the peer ended is never handed out:
 * the probe then opens its own association, as before.
 */
import type { AeSource, AssociationRecord } from './association';
import { releaseAssociation } from './association';
import type { UlLink } from './link';

/** Rank of a called AE title's source: the access gate builds on the lowest (see preferredAccepted). */
const RANK: Record<AeSource, number> = { user: 0, inventory: 1, guess: 2, random: 3 };

export interface HeldAssociation {
  record: AssociationRecord;
  link: UlLink;
}

export class AssociationHolder {
  private held: HeldAssociation | undefined;
  private lent = false;
  /** Release of a link replaced while identification went on: awaited by close(). */
  private readonly closing: Promise<unknown>[] = [];

  constructor(private readonly releaseWaitMs: number) {}

  /**
   * Offer an accepted association. Kept when none is held or it ranks above the one
   * held (that one is released); otherwise released now. Returns once any release
   * the caller must wait for (the association it offered) is over.
   */
  async offer(a: HeldAssociation): Promise<void> {
    const cur = this.held;
    if (!this.lent && (!cur || cur.link.isEnded || RANK[a.record.calledAeSource] < RANK[cur.record.calledAeSource])) {
      this.held = a;
      if (cur && !cur.link.isEnded) this.closing.push(releaseAssociation(cur.link, this.releaseWaitMs));
      return;
    }
    await releaseAssociation(a.link, this.releaseWaitMs);
  }

  /** The held association, when it is open and is the one `attempt` describes (same AE titles). */
  take(attempt: AssociationRecord): HeldAssociation | undefined {
    const h = this.held;
    if (!h || this.lent || h.link.isEnded) return undefined;
    if (h.record.callingAe !== attempt.callingAe || h.record.calledAe !== attempt.calledAe) return undefined;
    this.lent = true;
    return h;
  }

  /**
   * Give back what take() lent. `clean`: every request sent on it got its final
   * response. Otherwise (a reply timeout, a cut-off answer) a late response could
   * still arrive and be taken for the next request's: the link is closed and
   * dropped. A link that ended is dropped too.
   */
  giveBack(h: HeldAssociation, clean = true): void {
    if (h !== this.held) {
      if (!clean) h.link.destroy();
      return;
    }
    this.lent = false;
    if (!clean) h.link.destroy('closed by Collimator: a request on it got no final response');
    if (h.link.isEnded) this.held = undefined;
  }

  /** Release the held association (A-RELEASE, bounded) and wait for every release begun. Idempotent. */
  async close(): Promise<void> {
    const h = this.held;
    this.held = undefined;
    this.lent = false;
    if (h && !h.link.isEnded) this.closing.push(releaseAssociation(h.link, this.releaseWaitMs));
    else h?.link.destroy();
    const all = this.closing.splice(0);
    await Promise.allSettled(all);
  }
}
