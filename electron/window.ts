/**
 * The app window and its hardening (Electron's security checklist): sandboxed,
 * isolated renderer without Node; a strict CSP; no navigation, no new windows, no
 * webviews, no permissions; nothing loaded but the app's own files.
 */
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import { RENDERER_CSP } from './csp';

/** Where the app's files live, as paths of the built app (dist/). */
export interface WindowFiles {
  /** dist/electron/preload.js */
  preload: string;
  /** dist/renderer/index.html */
  indexHtml: string;
}

/** The file:// URL of the renderer's page: the only document allowed to call main. */
export function appIndexUrl(indexHtml: string): string {
  return pathToFileURL(indexHtml).href;
}

export function createMainWindow(files: WindowFiles): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Collimator',
    backgroundColor: '#ffffff',
    // An inline literal on purpose: electronegativity reads the options only when written here.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      preload: files.preload,
    },
  });
  hardenContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadFile(files.indexHtml);
  return win;
}

/**
 * No navigation away from the app, no redirects, no new windows, no <webview>.
 * Applied to every webContents main creates (main.ts also calls it from
 * `web-contents-created`, so none escapes it).
 */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * The one permission the app's own page gets: writing plain text to the clipboard (the
 * Copy buttons of the remediation snippets). Everything else, and any other origin, is refused.
 */
export function isAllowedPermission(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && typeof requestingUrl === 'string' && requestingUrl.startsWith('file:');
}

/**
 * Schemes the window may load: the app's own files, devtools when a developer opens them,
 * and blob: URLs the page made itself (record exports saved through a download link).
 */
const ALLOWED_SCHEMES = new Set(['file:', 'devtools:', 'data:', 'blob:']);

export function isAllowedRequest(url: string): boolean {
  try {
    return ALLOWED_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** The session: every permission refused, every remote request cancelled, the CSP on every response. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isAllowedPermission(permission, (details as { requestingUrl?: string } | undefined)?.requestingUrl)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isAllowedPermission(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } }),
  );
}
