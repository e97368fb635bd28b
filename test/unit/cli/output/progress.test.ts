import { describe, expect, it } from 'vitest';
import { ProgressLine, progressText } from '../../../../electron/cli/output/progress';
import type { ScanProgress } from '../../../../shared/types';

function sink(isTTY: boolean): { stream: { isTTY: boolean; write(t: string): void }; text: () => string } {
  let out = '';
  return { stream: { isTTY, write: (t: string) => void (out += t) }, text: () => out };
}
const p = (phase: ScanProgress['phase'], done: number, found = 0, probed = 0): ScanProgress => ({ phase, done, total: 2540, found, probed });

describe('progressText', () => {
  it('reads like the spec example', () => {
    expect(progressText({ phase: 'sweep', done: 1270, total: 2540, found: 3, probed: 2 })).toBe('swept 1270/2540 · found 3 · probed 2');
  });
});

describe('ProgressLine', () => {
  it('rewrites one line on a terminal, at most every 100 ms, and ends on a fresh line', () => {
    let now = 0;
    const s = sink(true);
    const line = new ProgressLine(s.stream, () => now);
    line.update(p('sweep', 1));
    now = 50;
    line.update(p('sweep', 2)); // too soon: skipped
    now = 200;
    line.update(p('sweep', 3));
    line.finish(p('done', 2540, 3, 3));
    expect(s.text()).toBe('\r\x1b[2Kswept 1/2540 · found 0 · probed 0\r\x1b[2Kswept 3/2540 · found 0 · probed 0\r\x1b[2Kswept 2540/2540 · found 3 · probed 3\n');
  });

  it('writes plain lines now and then when not on a terminal, and on each phase change', () => {
    let now = 0;
    const s = sink(false);
    const line = new ProgressLine(s.stream, () => now);
    line.update(p('sweep', 1));
    for (let i = 2; i < 100; i++) {
      now += 10;
      line.update(p('sweep', i));
    }
    now += 10;
    line.update(p('probe', 2540, 2, 0)); // phase change: shown at once
    now += 6000;
    line.update(p('probe', 2540, 2, 1));
    line.finish();
    expect(s.text().split('\n')).toEqual(['swept 1/2540 · found 0 · probed 0', 'swept 2540/2540 · found 2 · probed 0', 'swept 2540/2540 · found 2 · probed 1', '']);
  });

  it('leaves a terminal on a new line even without a final state', () => {
    const s = sink(true);
    const line = new ProgressLine(s.stream, () => 0);
    line.update(p('sweep', 1));
    line.finish();
    expect(s.text().endsWith('\n')).toBe(true);
  });
});
