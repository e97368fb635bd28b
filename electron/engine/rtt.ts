/**
 * Adaptive connect timeouts for the sweep, as nmap adapts its RTT timeouts: until the
 * network has answered a few dials, a silent dial waits the full connect timeout; once
 * answers (a SYN-ACK or an RST) show how long this network takes, a dial unanswered
 * for twice TCP's retransmission timeout of those answers (RFC 6298: smoothed RTT plus
 * four deviations), and never less than FLOOR_MS, is given up. As nmap retransmits,
 * the sweep then dials once more (RETRIES) before it calls the port filtered: the
 * kernel's own SYN retransmission (at 1 s) comes later than the floor, so this is what
 * keeps one lost SYN from looking like a filter. On a LAN a dropped port or an absent
 * host costs 2 x 0.25 s instead of 3 s (the bench's /24); a slow link keeps it long.
 * The floor stays above nmap's own minimum RTT timeout (100 ms) and far above any
 * answer seen on a LAN, so a busy event loop that reads a SYN-ACK late is not a
 * filter: it would have to miss both dials.
 *
 * Smoothed, not the slowest answer: a scanner busy dialling thousands of ports sees
 * some answers late (its own event loop), and one such sample must not stretch every
 * later timeout to the maximum (it did: the /24 went from 2 s to 4 s).
 */

/** Shortest adaptive timeout, ms. */
export const FLOOR_MS = 250;
/** Further dials after an adaptive give-up, before the port is called filtered. */
export const RETRIES = 1;
/** Adaptive timeout = FACTOR x (smoothed RTT + 4 x RTT deviation). */
export const FACTOR = 2;
/** Answers needed before the timeout adapts. */
export const MIN_SAMPLES = 3;

export class ConnectTimeouts {
  private samples = 0;
  private srtt = 0;
  private rttvar = 0;

  /** `maxMs`: the configured connect timeout, never exceeded. */
  constructor(readonly maxMs: number) {}

  /** Record how long an answered dial (open, or refused by an RST) took, ms. */
  observe(answerMs: number): void {
    const r = Math.max(0, answerMs);
    if (this.samples === 0) {
      this.srtt = r;
      this.rttvar = r / 2;
    } else {
      // RFC 6298 section 2.3: beta = 1/4, alpha = 1/8.
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
      this.srtt = 0.875 * this.srtt + 0.125 * r;
    }
    this.samples++;
  }

  /** How long a dial may go unanswered now, ms. */
  current(): number {
    if (this.samples < MIN_SAMPLES) return this.maxMs;
    return Math.min(this.maxMs, Math.max(FLOOR_MS, FACTOR * (this.srtt + 4 * this.rttvar)));
  }
}
