/**
 * Progress throttling: a sweep of a /16 finishes thousands of dials a second, but the
 * progress bar and stderr need at most ~10 updates a second. The latest state always
 * gets out (a trailing update), and `finish` sends the final one and clears the timer.
 */
import type { ScanProgress } from '../../shared/types';

/** Minimum gap between two progress events, ms. */
export const PROGRESS_INTERVAL_MS = 100;

export class ProgressThrottle {
  private lastSent = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private pending: ScanProgress | undefined;
  private finished = false;

  constructor(
    private readonly sink: ((p: ScanProgress) => void) | undefined,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Offer the current state; sent now, or later as the trailing update. */
  update(p: ScanProgress): void {
    if (!this.sink || this.finished) return;
    this.pending = { ...p };
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0) {
      this.send();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.send();
      }, wait);
    }
  }

  /** Send the final state at once; later updates are ignored. */
  finish(p: ScanProgress): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.sink || this.finished) return;
    this.finished = true;
    this.pending = { ...p };
    this.send();
  }

  private send(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p || !this.sink) return;
    this.lastSent = this.now();
    try {
      this.sink(p);
    } catch {
      // A faulty listener must not break the scan.
    }
  }
}
