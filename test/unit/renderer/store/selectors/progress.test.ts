import { describe, expect, it } from 'vitest';
import { progressView } from '../../../../../renderer/store/selectors/progress';

describe('progressView', () => {
  it('starts at zero before the first report', () => {
    expect(progressView(null).percent).toBe(0);
  });

  it('gives the sweep the first 70 % and the checks the rest', () => {
    expect(progressView({ phase: 'sweep', done: 500, total: 1000, found: 2, probed: 0 }).percent).toBe(35);
    expect(progressView({ phase: 'probe', done: 1000, total: 1000, found: 4, probed: 2 }).percent).toBe(85);
    expect(progressView({ phase: 'probe', done: 1000, total: 1000, found: 0, probed: 0 }).percent).toBe(100);
    expect(progressView({ phase: 'done', done: 3, total: 1000, found: 0, probed: 0 }).percent).toBe(100);
  });

  it('shows how much a cancelled scan covered, not 100 %', () => {
    expect(progressView({ phase: 'done', done: 250, total: 1000, found: 1, probed: 1 }, true).percent).toBe(17);
    expect(progressView({ phase: 'done', done: 1000, total: 1000, found: 4, probed: 2 }, true).percent).toBe(85);
    expect(progressView({ phase: 'done', done: 250, total: 1000, found: 1, probed: 1 }).percent).toBe(100);
  });

  it('never leaves 0..100 on odd numbers', () => {
    expect(progressView({ phase: 'sweep', done: 5, total: 0, found: 0, probed: 0 }).percent).toBe(0);
    expect(progressView({ phase: 'probe', done: 9, total: 3, found: 1, probed: 7 }).percent).toBe(100);
  });

  it('says it in words, with thousands separators', () => {
    const v = progressView({ phase: 'probe', done: 2540, total: 2540, found: 7, probed: 3 });
    expect(v.phaseLabel).toBe('Checking services: 3 of 7 done');
    expect(v.sweepLabel).toBe('2,540 of 2,540 addresses and ports tried');
  });
});
