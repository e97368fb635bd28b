/**
 * Adaptive connect timeouts for the sweep, as nmap adapts its RTT timeouts: until the
 * network has answered a few dials, a silent dial waits the full connect timeout; once
 * answers (a SYN-ACK or an RST) show how long this network takes, a dial that has had
 * no answer for ten times the slowest answer seen, and never less than FLOOR_MS, is
 * given up. As nmap retransmits, the sweep then dials once more (RETRIES) before it
 * calls the port filtered: the kernel's own SYN retransmission (at 1 s) comes later
 * than the floor, so this is what keeps one lost SYN from looking like a filter. On a
 * LAN a dropped port or an absent host costs 2 x 0.5 s instead of 3 s (the bench's
 * /24); on a slow link the slow answers keep the timeout long.
 */

/** Shortest adaptive timeout, ms. */
export const FLOOR_MS = 500;
/** Further dials after an adaptive give-up, before the port is called filtered. */
export const RETRIES = 1;
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
