/**
 * Adaptive connect timeouts for the sweep, as nmap adapts its RTT timeouts: until the
 * network has answered a few dials, a silent dial waits the full connect timeout; once
 * answers (a SYN-ACK or an RST) show how long this network takes, a dial that has had
 * no answer for ten times the slowest answer seen, and never less than FLOOR_MS, is
 * given up as filtered. On a LAN that cuts absent hosts and dropped ports from 3 s to
 * 1.25 s each (the bench's /24); on a slow link the slow answers keep it long.
 *
 * The floor covers the kernel's first SYN retransmission (at 1 s) plus a 250 ms round
 * trip, so one lost SYN is not mistaken for a filter.
 */

/** Shortest adaptive timeout, ms. */
export const FLOOR_MS = 1250;
/** Adaptive timeout = FACTOR x the slowest answer seen. */
export const FACTOR = 10;
/** Answers needed before the timeout adapts. */
export const MIN_SAMPLES = 3;

export class ConnectTimeouts {
  private samples = 0;
  private slowestMs = 0;

  /** `maxMs`: the configured connect timeout, never exceeded. */
  constructor(readonly maxMs: number) {}

  /** Record how long an answered dial (open, or refused by an RST) took, ms. */
  observe(answerMs: number): void {
    this.samples++;
    if (answerMs > this.slowestMs) this.slowestMs = answerMs;
  }

  /** How long a dial may go unanswered now, ms. */
  current(): number {
    if (this.samples < MIN_SAMPLES) return this.maxMs;
    return Math.min(this.maxMs, Math.max(FLOOR_MS, FACTOR * this.slowestMs));
  }
}
