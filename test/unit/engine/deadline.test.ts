import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancelledError, DeadlineError, abortKind, createDeadline, raceSignal, signalReason, sleep, toError } from '../../../electron/engine/deadline';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createDeadline', () => {
  it('fires at the given time with a DeadlineError and leaves no timer', () => {
    const d = createDeadline(undefined, Date.now() + 1000, '10.200.0.1:104');
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(999);
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(d.signal.aborted).toBe(true);
    expect(d.signal.reason).toBeInstanceOf(DeadlineError);
    expect((d.signal.reason as Error).message).toContain('10.200.0.1:104');
    expect(abortKind(d.signal)).toBe('deadline');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires at once when the time is already past', () => {
    const d = createDeadline(undefined, Date.now() - 5);
    expect(d.signal.aborted).toBe(true);
    expect(abortKind(d.signal)).toBe('deadline');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('follows the parent: a cancellation, timer cleared, listener gone', () => {
    const parent = new AbortController();
    const d = createDeadline(parent.signal, Date.now() + 60_000);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(1);
    parent.abort();
    expect(d.signal.aborted).toBe(true);
    expect(d.signal.reason).toBeInstanceOf(CancelledError);
    expect(abortKind(d.signal)).toBe('cancelled');
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
  });

  it('starts aborted under an aborted parent', () => {
    const parent = new AbortController();
    parent.abort(new CancelledError('user'));
    const d = createDeadline(parent.signal, Date.now() + 1000);
    expect(d.signal.aborted).toBe(true);
    expect(abortKind(d.signal)).toBe('cancelled');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('dispose clears the timer and detaches from the parent, and is idempotent', () => {
    const parent = new AbortController();
    const d = createDeadline(parent.signal, Date.now() + 1000);
    expect(vi.getTimerCount()).toBe(1);
    d.dispose();
    d.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
    parent.abort();
    vi.advanceTimersByTime(2000);
    expect(d.signal.aborted).toBe(false);
  });

  it('handles deadlines beyond the timer range by re-arming', () => {
    const d = createDeadline(undefined, Date.now() + 3_000_000_000);
    vi.advanceTimersByTime(2_147_483_647);
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(3_000_000_000 - 2_147_483_647);
    expect(d.signal.aborted).toBe(true);
  });
});

describe('raceSignal', () => {
  it('rejects when the signal fires even if the work never settles', async () => {
    const d = createDeadline(undefined, Date.now() + 100);
    const never = new Promise<number>(() => undefined);
    const p = raceSignal(never, d.signal);
    vi.advanceTimersByTime(100);
    await expect(p).rejects.toBeInstanceOf(DeadlineError);
  });

  it('settles with the work and removes its listener', async () => {
    const ctrl = new AbortController();
    await expect(raceSignal(Promise.resolve(7), ctrl.signal)).resolves.toBe(7);
    await expect(raceSignal(Promise.reject(new Error('boom')), ctrl.signal)).rejects.toThrow('boom');
    expect(getEventListeners(ctrl.signal, 'abort')).toHaveLength(0);
  });

  it('turns non-Error rejections into Errors', async () => {
    const ctrl = new AbortController();
    // Libraries do reject with strings and plain objects: that is the case under test.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    await expect(raceSignal(Promise.reject('text'), ctrl.signal)).rejects.toThrow('text');
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    await expect(raceSignal(Promise.reject({ code: 1 }), ctrl.signal)).rejects.toThrow('{"code":1}');
  });

  it('rejects at once on an aborted signal, and a late failure of the work is not unhandled', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    let fail: (e: Error) => void = () => undefined;
    const work = new Promise<number>((_, reject) => {
      fail = reject;
    });
    await expect(raceSignal(work, ctrl.signal)).rejects.toBeInstanceOf(CancelledError);
    fail(new Error('late'));
    await Promise.resolve();
  });
});

describe('sleep', () => {
  it('waits, and an abort clears its timer', async () => {
    const p = sleep(50);
    vi.advanceTimersByTime(50);
    await expect(p).resolves.toBeUndefined();
    const ctrl = new AbortController();
    const q = sleep(10_000, ctrl.signal);
    expect(vi.getTimerCount()).toBe(1);
    ctrl.abort();
    await expect(q).rejects.toBeInstanceOf(CancelledError);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(ctrl.signal, 'abort')).toHaveLength(0);
  });
});

describe('signalReason / toError', () => {
  it('maps reasons to errors', () => {
    const c = new AbortController();
    c.abort();
    expect(signalReason(c.signal)).toBeInstanceOf(CancelledError);
    const d = new AbortController();
    d.abort(new DeadlineError('x'));
    expect(signalReason(d.signal)).toBeInstanceOf(DeadlineError);
    expect(toError(undefined).message).toMatch(/without a reason/);
    expect(toError(42).message).toBe('42');
  });
});
