/**
 * onAbort: the O(1) fan-out that replaces per-waiter addEventListener on the scan's
 * shared signal (a large sweep was quadratic in Node's EventTarget).
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort } from '../../../electron/engine/deadline';

describe('onAbort', () => {
  it('runs every callback once, in registration order, on abort', () => {
    const ctrl = new AbortController();
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) onAbort(ctrl.signal, () => seen.push(i));
    ctrl.abort();
    ctrl.abort();
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('attaches one real listener however many wait, and removes it with the last one', () => {
    const ctrl = new AbortController();
    const offs = Array.from({ length: 1000 }, () => onAbort(ctrl.signal, () => undefined));
    expect(getEventListeners(ctrl.signal, 'abort')).toHaveLength(1);
    offs.slice(1).forEach((off) => off());
    expect(getEventListeners(ctrl.signal, 'abort')).toHaveLength(1);
    offs[0]!();
    offs[0]!(); // idempotent
    expect(getEventListeners(ctrl.signal, 'abort')).toHaveLength(0);
    // A new wait after all left attaches again and still fires.
    let fired = false;
    onAbort(ctrl.signal, () => (fired = true));
    ctrl.abort();
    expect(fired).toBe(true);
  });

  it('an unsubscribed callback never runs, also when an earlier callback unsubscribes it during the abort', () => {
    const ctrl = new AbortController();
    const seen: string[] = [];
    const offB: { fn?: () => void } = {};
    onAbort(ctrl.signal, () => {
      seen.push('a');
      offB.fn?.();
    });
    offB.fn = onAbort(ctrl.signal, () => seen.push('b'));
    const offC = onAbort(ctrl.signal, () => seen.push('c'));
    offC();
    ctrl.abort();
    expect(seen).toEqual(['a']);
  });

  it('a throwing callback does not stop the others; the error is reported, not swallowed', async () => {
    const ctrl = new AbortController();
    const seen: string[] = [];
    const reported = new Promise<unknown>((resolve) => {
      const handler = (e: unknown): void => {
        process.off('uncaughtException', handler);
        resolve(e);
      };
      process.on('uncaughtException', handler);
    });
    onAbort(ctrl.signal, () => {
      throw new Error('boom');
    });
    onAbort(ctrl.signal, () => seen.push('after'));
    ctrl.abort();
    expect(seen).toEqual(['after']);
    expect(await reported).toMatchObject({ message: 'boom' });
  });
});
