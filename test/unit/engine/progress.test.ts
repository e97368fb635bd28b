import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressThrottle } from '../../../electron/engine/progress';
import type { ScanProgress } from '../../../shared/types';

const p = (done: number, phase: ScanProgress['phase'] = 'sweep'): ScanProgress => ({ phase, done, total: 100, found: 0, probed: 0 });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ProgressThrottle', () => {
  it('sends the first at once, coalesces a burst into one trailing update, and finishes with no timer left', () => {
    let now = 0;
    const got: number[] = [];
    const t = new ProgressThrottle((x) => got.push(x.done), 100, () => now);
    for (let i = 1; i <= 1000; i++) t.update(p(i));
    expect(got).toEqual([1]);
    now = 100;
    vi.advanceTimersByTime(100);
    expect(got).toEqual([1, 1000]);
    t.update(p(1001));
    expect(got).toEqual([1, 1000]);
    t.finish(p(1002, 'done'));
    expect(got).toEqual([1, 1000, 1002]);
    expect(vi.getTimerCount()).toBe(0);
    t.update(p(2000));
    vi.advanceTimersByTime(1000);
    expect(got).toEqual([1, 1000, 1002]);
  });

  it('keeps its own copy of the state', () => {
    const now = 0;
    const got: ScanProgress[] = [];
    const t = new ProgressThrottle((x) => got.push(x), 100, () => now);
    const state = p(1);
    t.update(state);
    state.done = 5;
    expect(got[0]!.done).toBe(1);
  });

  it('survives a throwing listener', () => {
    const t = new ProgressThrottle(() => {
      throw new Error('listener bug');
    });
    expect(() => t.update(p(1))).not.toThrow();
    expect(() => t.finish(p(2, 'done'))).not.toThrow();
  });
});
