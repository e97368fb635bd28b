/**
 * Scrolling that stays inside the one scroll container, <main id="main">. The browser's
 * own in-page navigation (a click on `#verify`) and scrollIntoView scroll every scrollable
 * ancestor, the document included; the shell must never move, so in-page links and
 * "show this message" go through here.
 */
import { useEffect } from 'react';

export type RevealAt = 'start' | 'center';

/** The one scroll container. */
export function scrollBox(): HTMLElement | null {
  return document.getElementById('main');
}

/** Scrolls <main> so `el` shows at its top (with a little air) or centre; the document does not move. */
export function revealInMain(el: HTMLElement, at: RevealAt = 'start'): void {
  const box = scrollBox();
  if (!box || !box.contains(el)) return;
  const boxRect = box.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  const offset = r.top - boxRect.top;
  const top = at === 'start' ? box.scrollTop + offset - 12 : box.scrollTop + offset - (box.clientHeight - r.height) / 2;
  box.scrollTo({ top: Math.max(0, top) });
}

/** Moves focus to `el` without the browser scrolling anything, then shows it inside <main>. */
export function focusAndReveal(el: HTMLElement, at: RevealAt = 'start'): void {
  if (!el.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
  revealInMain(el, at);
}

/**
 * Handles every same-page link (`href="#…"`) of the app: the target is shown inside
 * <main> and takes focus; the URL and the document's scroll stay as they are. The skip
 * link (`#main`) lands on the current screen's heading.
 */
export function useInPageLinks(): void {
  useEffect(() => {
    const onClick = (e: MouseEvent): void => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const link = (e.target as Element | null)?.closest?.('a[href^="#"]');
      if (!link) return;
      const id = decodeURIComponent((link.getAttribute('href') ?? '').slice(1));
      if (!id) return;
      e.preventDefault();
      const target = document.getElementById(id);
      if (!target) return;
      if (id === 'main') {
        const heading = target.querySelector<HTMLElement>('h1');
        if (heading) focusAndReveal(heading);
        return;
      }
      focusAndReveal(target);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
}
