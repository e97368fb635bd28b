/**
 * The colour theme: the system's (prefers-color-scheme, followed live while the app is
 * open) unless the admin chose light or dark, which is remembered on this computer.
 * The resolved theme goes on <html data-theme>, the one switch the style sheets read.
 */
import { readRemembered, remember } from './remembered';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const DARK = '(prefers-color-scheme: dark)';

export function isThemeChoice(v: unknown): v is ThemeChoice {
  return THEME_CHOICES.includes(v as ThemeChoice);
}

export function rememberedTheme(): ThemeChoice {
  const t = readRemembered('theme');
  return isThemeChoice(t) ? t : 'system';
}

function systemDark(): boolean {
  return typeof globalThis.matchMedia === 'function' && globalThis.matchMedia(DARK).matches;
}

export function resolveTheme(choice: ThemeChoice, dark = systemDark()): 'light' | 'dark' {
  return choice === 'system' ? (dark ? 'dark' : 'light') : choice;
}

/** Puts the theme on <html>; the choice is remembered only when the admin made it. */
export function applyTheme(choice: ThemeChoice, keep = false): void {
  if (keep) remember('theme', choice === 'system' ? null : choice);
  const root = globalThis.document?.documentElement;
  if (root) root.dataset.theme = resolveTheme(choice);
}

/** Re-applies the theme when the system's preference changes; returns the unsubscribe. */
export function followSystemTheme(current: () => ThemeChoice): () => void {
  if (typeof globalThis.matchMedia !== 'function') return () => undefined;
  const mq = globalThis.matchMedia(DARK);
  const onChange = (): void => {
    if (current() === 'system') applyTheme('system');
  };
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}
