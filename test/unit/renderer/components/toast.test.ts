/** The toast store: a toast names its file, leaves by itself, and at most three show at once. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentToasts, dismissToast, showToast, subscribeToasts, TOAST_MS } from '../../../../renderer/components/toast';

describe('toasts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    for (const t of currentToasts()) dismissToast(t.id);
    vi.useRealTimers();
  });

  it('shows a toast with its file name and removes it after a while, telling subscribers each time', () => {
    const seen: number[] = [];
    const off = subscribeToasts(() => seen.push(currentToasts().length));
    showToast('Exported', 'collimator-records.json');
    expect(currentToasts().map(({ text, fileName }) => ({ text, fileName }))).toEqual([{ text: 'Exported', fileName: 'collimator-records.json' }]);
    vi.advanceTimersByTime(TOAST_MS - 1);
    expect(currentToasts()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(currentToasts()).toHaveLength(0);
    expect(seen).toEqual([1, 0]);
    off();
  });

  it('keeps the newest three, and a dismissed toast goes at once', () => {
    const ids = ['a', 'b', 'c', 'd'].map((f) => showToast('Exported', f));
    expect(currentToasts().map((t) => t.fileName)).toEqual(['b', 'c', 'd']);
    dismissToast(ids[2]!);
    expect(currentToasts().map((t) => t.fileName)).toEqual(['b', 'd']);
  });
});
