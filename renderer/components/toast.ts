/**
 * Short confirmations ("Saved records.json") that appear at the bottom of the window and
 * leave by themselves. A tiny store of its own (no app state depends on it): `showToast`
 * from anywhere, `<Toasts />` once in the shell renders them in a polite live region.
 */
export interface Toast {
  id: number;
  text: string;
  /** The file name, shown in monospace (the admin looks for it in their downloads). */
  fileName?: string;
}

/** How long a toast stays (ms). */
export const TOAST_MS = 6000;
const MAX_SHOWN = 3;

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

export function subscribeToasts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentToasts(): readonly Toast[] {
  return toasts;
}

export function dismissToast(id: number): void {
  const next = toasts.filter((t) => t.id !== id);
  if (next.length === toasts.length) return;
  toasts = next;
  emit();
}

export function showToast(text: string, fileName?: string): number {
  const id = nextId++;
  const toast: Toast = fileName === undefined ? { id, text } : { id, text, fileName };
  toasts = [...toasts, toast].slice(-MAX_SHOWN);
  emit();
  setTimeout(() => dismissToast(id), TOAST_MS);
  return id;
}
