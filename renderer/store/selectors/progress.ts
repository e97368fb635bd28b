/** The progress bar's numbers and words. Pure. */
import type { ScanProgress } from '../../../shared/types';

export interface ProgressView {
  /** 0..100, whole numbers; 0 before the first report. */
  percent: number;
  /** e.g. `Checking services: 3 of 7 done`. */
  phaseLabel: string;
  /** e.g. `1,024 of 2,540 addresses and ports tried`. */
  sweepLabel: string;
}

const fmt = new Intl.NumberFormat('en-US');

/**
 * The bar follows the sweep (host:port pairs tried), then the checks of the
 * services found; the sweep is most of the work on a large scope, so it takes
 * the first 70 %.
 */
export function progressView(p: ScanProgress | null, stoppedEarly = false): ProgressView {
  if (!p) return { percent: 0, phaseLabel: 'Starting…', sweepLabel: 'Preparing the address list' };
  const sweep = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const checks = p.found > 0 ? Math.min(1, p.probed / p.found) : p.phase === 'sweep' ? 0 : 1;
  // A cancelled scan also ends with phase `done`: its bar shows how much was covered, not 100 %.
  const swept = p.phase === 'sweep' || (stoppedEarly && sweep < 1);
  const percent = p.phase === 'done' && !stoppedEarly ? 100 : Math.floor(swept ? sweep * 70 : 70 + checks * 30);
  const phaseLabel =
    p.phase === 'sweep'
      ? 'Looking for open ports'
      : p.phase === 'probe'
        ? `Checking services: ${fmt.format(p.probed)} of ${fmt.format(p.found)} done`
        : 'Finished';
  return { percent: Math.max(0, Math.min(100, percent)), phaseLabel, sweepLabel: `${fmt.format(p.done)} of ${fmt.format(p.total)} addresses and ports tried` };
}
