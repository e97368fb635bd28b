/**
 * The app's public-scope confirmer: a native message box on the app's window, drawn
 * by the main process, which the page can neither see into nor click for the user.
 * It names every public target and defaults to Cancel (Enter and Escape refuse).
 * Electron-only: main.ts hands it to the services.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { PublicScopeConfirmer } from './public-scope';

/** At most this many targets are listed one per line; the rest are counted. */
const LISTED = 20;

export function dialogPublicScopeConfirmer(appWindow: () => BrowserWindow | undefined): PublicScopeConfirmer {
  return {
    async confirmPublicScope(ranges) {
      const win = appWindow();
      // No window to hold the question: nobody can answer it, so the answer is no.
      if (!win || win.isDestroyed()) return false;
      const listed = ranges.slice(0, LISTED).map((r) => `  ${r}`);
      if (ranges.length > LISTED) listed.push(`  … and ${ranges.length - LISTED} more`);
      const { response } = await dialog.showMessageBox(win, {
        type: 'warning',
        title: 'Scan public addresses?',
        message: 'This scope includes public (non-private) addresses.',
        detail: `${listed.join('\n')}\n\nScan them only if you are authorised to test every one. Probes are harmless, but they leave this network and may reach other organisations.`,
        buttons: ['Cancel', 'Scan public addresses'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      });
      return response === 1;
    },
  };
}
