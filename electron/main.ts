/**
 * The Electron main process: one hardened window, the database opened at start, the
 * contract's channels registered once, and an orderly quit (scans cancelled, the
 * practice lab stopped, the database closed) that cannot hang.
 *
 * Bundled by scripts/build.mjs to dist/electron/main.js (ESM, like package.json
 * says); the renderer is dist/renderer, the preload dist/electron/preload.js.
 */
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from './ipc/dispatcher';
import { createHandlers } from './ipc/handlers';
import { isAppFrame, registerIpc } from './ipc/register';
import { createAppServices, type AppServices } from './services/app-services';
import type { EventSink } from './services/events';
import { electronPdfRenderer } from './services/print-pdf';
import { dialogPublicScopeConfirmer } from './services/public-scope-dialog';
import { realDeps } from './services/real-deps';
import { safeStorageBox } from './services/safe-storage';
import { defaultDbPath } from './store';
import { appIndexUrl, createMainWindow, hardenContents, hardenSession } from './window';

/** Quitting waits at most this long for scans and the lab to stop, ms. */
const QUIT_DEADLINE_MS = 5000;

const here = path.dirname(fileURLToPath(import.meta.url));
const files = { preload: path.join(here, 'preload.js'), indexHtml: path.join(here, '..', 'renderer', 'index.html') };
const indexUrl = appIndexUrl(files.indexHtml);

let win: BrowserWindow | undefined;
let services: AppServices | undefined;
let closed = false;

/** Events go to the app window only, and nowhere once it is gone. */
const emit: EventSink = (channel, payload) => {
  if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
};

function openWindow(): void {
  win = createMainWindow(files);
  win.on('closed', () => (win = undefined));
}

function start(): void {
  hardenSession(session.defaultSession);
  // Signed records: operators' keys sealed by the OS keychain, reports printed by Electron's Chromium.
  // Public scopes: a native dialog on the app's window names them; the page's word counts for nothing.
  const confirmPublicScope = dialogPublicScopeConfirmer(() => win);
  services = createAppServices({ dbPath: defaultDbPath(), version: app.getVersion(), transport: 'electron', emit, confirmPublicScope }, realDeps(app.getVersion(), { secretBox: safeStorageBox(), pdf: electronPdfRenderer() }));
  registerIpc(ipcMain, createDispatcher(createHandlers(services)), (event) => event.sender === win?.webContents && isAppFrame(event.senderFrame, win, indexUrl));
  openWindow();
}

// Every renderer, including the sandboxed one, must be sandboxed.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Collimator runs (and holds the database): it gets focused by its second-instance handler.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  // Scans and the practice lab live in this process: closing the window ends them, on every platform.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (closed || !services) return;
    event.preventDefault();
    const s = services;
    services = undefined;
    void s
      .close(QUIT_DEADLINE_MS)
      .catch((err: unknown) => console.error(`collimator: while quitting: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      // Typically the database: another application's file, damaged, or from a newer Collimator.
      dialog.showErrorBox('Collimator could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}
