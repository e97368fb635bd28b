/**
 * Scan progress on stderr. On a terminal: one line rewritten in place. Elsewhere (a
 * log file, CI): a plain line now and then, so a log shows the scan moving without
 * thousands of lines.
 */
import type { ScanProgress } from '../../../shared/types';

/** The part of a stream progress needs. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Minimum time between two redraws on a terminal, ms. */
const TTY_INTERVAL_MS = 100;
/** Minimum time between two plain lines when not on a terminal, ms. */
const LOG_INTERVAL_MS = 5_000;

/** `swept 1270/2540 · found 3 · probed 2` */
export function progressText(p: ScanProgress): string {
  return `swept ${p.done}/${p.total} · found ${p.found} · probed ${p.probed}`;
}

export class ProgressLine {
  private lastAt = -Infinity;
  private lastPhase: ScanProgress['phase'] | undefined;
  private lastText = '';
  private shown = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
  ) {}

  update(p: ScanProgress): void {
    const text = progressText(p);
    const t = this.now();
    const phaseChanged = p.phase !== this.lastPhase;
    this.lastPhase = p.phase;
    if (text === this.lastText) return;
    if (this.stream.isTTY) {
      if (!phaseChanged && t - this.lastAt < TTY_INTERVAL_MS) return;
      this.stream.write(`\r\x1b[2K${text}`);
      this.shown = true;
    } else {
      if (!phaseChanged && t - this.lastAt < LOG_INTERVAL_MS) return;
      this.stream.write(`${text}\n`);
    }
    this.lastText = text;
    this.lastAt = t;
  }

  /** Leave the terminal on a fresh line (the final state stays visible). */
  finish(final?: ScanProgress): void {
    if (final) {
      const text = progressText(final);
      if (this.stream.isTTY) {
        this.stream.write(`\r\x1b[2K${text}\n`);
        this.shown = false;
      } else if (text !== this.lastText) {
        this.stream.write(`${text}\n`);
      }
      this.lastText = text;
    }
    if (this.shown) {
      this.stream.write('\n');
      this.shown = false;
    }
  }
}
