/**
 * Window hardening. Electron cannot run here (../shared/design/toolchain.md), so
 * 'electron' is mocked and the tests check what the shell asks of it.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeSession, FakeWebContents, fakeEvent } from './fake-electron';

vi.mock('electron', async () => {
  const f = await import('./fake-electron');
  return { BrowserWindow: f.FakeBrowserWindow };
});

const { createMainWindow, hardenContents, hardenSession, isAllowedRequest, appIndexUrl } = await import('../../../electron/window');
const { RENDERER_CSP } = await import('../../../electron/csp');

const files = { preload: '/opt/collimator/dist/electron/preload.js', indexHtml: '/opt/collimator/dist/renderer/index.html' };

beforeEach(() => {
  FakeBrowserWindow.created.length = 0;
});

describe('the app window', () => {
  it('is sandboxed, isolated, without Node, with web security, and uses the preload', () => {
    createMainWindow(files);
    expect(FakeBrowserWindow.created).toHaveLength(1);
    const prefs = FakeBrowserWindow.created[0]!.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: files.preload,
    });
    // Nothing that loosens the defaults sneaks in.
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('loads only the built index.html, and shows itself once ready', () => {
    const win = createMainWindow(files) as unknown as FakeBrowserWindow;
    expect(win.loaded).toBe(files.indexHtml);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('is hardened itself: navigation and new windows are refused', () => {
    const win = createMainWindow(files) as unknown as FakeBrowserWindow;
    const nav = fakeEvent();
    win.webContents.emit('will-navigate', nav, 'https://example.org/');
    expect(nav.defaultPrevented).toBe(true);
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });

  it('the app page URL is the file:// URL of index.html', () => {
    expect(appIndexUrl(files.indexHtml)).toMatch(/^file:\/\/\/(?:[A-Za-z]:\/)?opt\/collimator\/dist\/renderer\/index\.html$/);
  });
});

describe('hardenContents', () => {
  it('prevents navigation, redirects and <webview>, and denies every window.open', () => {
    const wc = new FakeWebContents();
    hardenContents(wc as never);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = fakeEvent();
      wc.emit(name, e, 'https://example.org/');
      expect(e.defaultPrevented, name).toBe(true);
    }
    for (const url of ['https://example.org/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(wc.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });
});

describe('hardenSession', () => {
  const ses = new FakeSession();
  hardenSession(ses as never);

  it('refuses every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      ses.permissionRequest?.({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(ses.permissionCheck?.({}, 'media', 'file:///', {})).toBe(false);
    expect(ses.permissionCheck?.({}, 'clipboard-read', 'file:///', {})).toBe(false);
  });

  it('lets only the app’s own page write plain text to the clipboard (the Copy buttons)', () => {
    expect(ses.permissionCheck?.({}, 'clipboard-sanitized-write', 'file:///', {})).toBe(true);
    expect(ses.permissionCheck?.({}, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false);
    const ok = vi.fn();
    ses.permissionRequest?.({}, 'clipboard-sanitized-write', ok, { requestingUrl: 'file:///opt/collimator/index.html' });
    expect(ok).toHaveBeenCalledWith(true);
    const no = vi.fn();
    ses.permissionRequest?.({}, 'clipboard-sanitized-write', no, { requestingUrl: 'http://127.0.0.1:8080/' });
    expect(no).toHaveBeenCalledWith(false);
    expect(ses.devicePermission?.({ deviceType: 'usb' })).toBe(false);
  });

  it('cancels every request that is not the app’s own files (or devtools)', () => {
    const decide = (url: string): boolean | undefined => {
      let cancel: boolean | undefined;
      ses.beforeRequest?.({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('file:///opt/collimator/dist/renderer/assets/index.js')).toBe(false);
    expect(decide('devtools://devtools/bundled/inspector.html')).toBe(false);
    for (const url of ['https://example.org/x.js', 'http://127.0.0.1:8042/system', 'ws://127.0.0.1/', 'ftp://example.org/']) {
      expect(decide(url), url).toBe(true);
    }
  });

  it('puts the CSP on every response, keeping the other headers', () => {
    let headers: Record<string, string[]> | undefined;
    ses.headersReceived?.({ url: 'file:///x', responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers?.['Content-Security-Policy']).toEqual([RENDERER_CSP]);
    expect(headers?.['X-Other']).toEqual(['1']);
  });

  it('the CSP allows nothing remote and no inline script', () => {
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('isAllowedRequest refuses what it cannot parse', () => {
    expect(isAllowedRequest('not a url')).toBe(false);
  });
});
