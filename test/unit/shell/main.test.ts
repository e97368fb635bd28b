/**
 * The main process as a whole: single-instance lock, sandbox, window, IPC wiring,
 * events to the app window only, orderly quit. Electron cannot run here
 * (../shared/design/toolchain.md), so 'electron' is mocked (fake-electron.ts); the
 * services get an in-memory store and a scripted engine so the test can see the
 * database opened and closed and the events flow.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, type Result } from '../../../shared/contract';
import type { AppDeps } from '../../../electron/services/app-services';
import type { ScanStore } from '../../../electron/services/scan-store';
import { FakeApp, FakeBrowserWindow, FakeIpcMain, FakeSession, FakeWebContents, fakeEvent } from './fake-electron';

const h = vi.hoisted(() => ({
  electron: undefined as
    | undefined
    | {
        app: FakeApp;
        ipcMain: FakeIpcMain;
        session: { defaultSession: FakeSession };
        dialog: { showErrorBox: (...a: unknown[]) => void; showMessageBox: (...a: unknown[]) => Promise<{ response: number }> };
      },
  deps: undefined as undefined | AppDeps,
  dbPath: '/tmp/collimator-main-test.db',
}));

vi.mock('electron', () => ({
  get app() {
    return h.electron!.app;
  },
  get ipcMain() {
    return h.electron!.ipcMain;
  },
  get session() {
    return h.electron!.session;
  },
  get dialog() {
    return h.electron!.dialog;
  },
  BrowserWindow: FakeBrowserWindow,
}));
vi.mock('../../../electron/services/real-deps', () => ({ realDeps: () => h.deps }));
vi.mock('../../../electron/store', () => ({ defaultDbPath: () => h.dbPath }));

interface World {
  app: FakeApp;
  ipc: FakeIpcMain;
  ses: FakeSession;
  store: { opened: string[]; closed: number; begun: string[] };
  errors: unknown[][];
  /** Message boxes shown: [parent window, options]. */
  boxes: Array<[unknown, { detail?: string; buttons: string[]; defaultId?: number; cancelId?: number }]>;
  /** The button the person "clicks" in the next message box. */
  boxAnswer: number;
  /** What the scripted engine was asked to scan. */
  engineRequests: Array<{ targets: string[]; allowPublic?: boolean }>;
}

function makeStore(world: World['store']): (file: string) => ScanStore {
  return (file) => {
    world.opened.push(file);
    return {
      beginScan: (s) => void world.begun.push(s.id),
      saveService: () => undefined,
      finishScan: () => undefined,
      getScan: () => undefined,
      listScans: () => [],
      close: () => void world.closed++,
    };
  };
}

async function boot(opts: { lock?: boolean; storeError?: string } = {}): Promise<World> {
  vi.resetModules();
  FakeBrowserWindow.created.length = 0;
  const world: World = { app: new FakeApp(), ipc: new FakeIpcMain(), ses: new FakeSession(), store: { opened: [], closed: 0, begun: [] }, errors: [], boxes: [], boxAnswer: 0, engineRequests: [] };
  world.app.lockGranted = opts.lock ?? true;
  h.electron = {
    app: world.app,
    ipcMain: world.ipc,
    session: { defaultSession: world.ses },
    dialog: {
      showErrorBox: (...a) => void world.errors.push(a),
      showMessageBox: (parent, options) => {
        world.boxes.push([parent, options as World['boxes'][number][1]]);
        return Promise.resolve({ response: world.boxAnswer });
      },
    },
  };
  h.deps = {
    openStore: (file) => {
      if (opts.storeError !== undefined) throw new Error(opts.storeError);
      return makeStore(world.store)(file);
    },
    startPracticeLab: () => Promise.reject(new Error('not in this test')),
    engine: {
      // A scripted engine: accepts the scope, reports progress, finishes.
      runScan: (req, hooks) => {
        world.engineRequests.push({ targets: req.targets, ...(req.allowPublic !== undefined ? { allowPublic: req.allowPublic } : {}) });
        hooks.onStart?.({ id: req.scanId ?? 'x', startedAt: new Date().toISOString(), hosts: 1, ports: req.ports });
        hooks.onProgress?.({ phase: 'done', done: 1, total: 1, found: 0, probed: 0 });
        return Promise.resolve({
          tool: { name: 'collimator', version: 't' },
          scan: { id: req.scanId ?? 'x', startedAt: '', finishedAt: '', vantage: req.options.vantage, targets: req.targets, ports: req.ports },
          services: [],
          summary: { services: 0, fail: { info: 0, low: 0, medium: 0, high: 0, critical: 0 } },
        });
      },
      parseInventoryCsv: () => [],
    },
  };
  await import('../../../electron/main');
  // whenReady() resolves at once; let its continuation run.
  await new Promise((r) => setImmediate(r));
  return world;
}

function appWindow(): FakeBrowserWindow {
  expect(FakeBrowserWindow.created).toHaveLength(1);
  return FakeBrowserWindow.created[0]!;
}

/** An IPC event as Electron builds it for a call from `contents`' top frame. */
function eventFrom(contents: FakeWebContents) {
  return { sender: contents, senderFrame: contents.mainFrame };
}

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('electron/main', () => {
  it('sandboxes every renderer, takes the single-instance lock, opens the database and one window', async () => {
    const w = await boot();
    expect(w.app.sandboxed).toBe(true);
    expect(w.store.opened).toEqual([h.dbPath]);
    const win = appWindow();
    expect(win.options.webPreferences?.preload).toMatch(/preload\.js$/);
    expect(win.loaded).toMatch(/renderer[\\/]index\.html$/);
    expect(w.ses.permissionRequest).toBeDefined();
  });

  it('quits at once when another instance holds the lock, opening nothing', async () => {
    const w = await boot({ lock: false });
    expect(w.app.quits).toBe(1);
    expect(FakeBrowserWindow.created).toHaveLength(0);
    expect(w.store.opened).toEqual([]);
    expect(w.ipc.registered).toEqual([]);
  });

  it('a second launch focuses the existing window (restoring it if minimised)', async () => {
    const w = await boot();
    const win = appWindow();
    win.minimized = true;
    w.app.emit('second-instance');
    expect(win.restored).toBe(1);
    expect(win.focused).toBe(1);
  });

  it('registers every channel once and answers only the app window’s page', async () => {
    const w = await boot();
    expect([...w.ipc.registered].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const win = appWindow();
    const ok = (await w.ipc.invoke('app:info', eventFrom(win.webContents))) as Result<{ transport: string; version: string; dbPath: string }>;
    expect(ok).toEqual({ ok: true, value: expect.objectContaining({ transport: 'electron', version: '9.9.9-test', dbPath: h.dbPath }) as unknown });

    const stranger = new FakeWebContents(win.webContents.mainFrame.url);
    expect(await w.ipc.invoke('app:info', eventFrom(stranger))).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    win.webContents.mainFrame.url = 'https://evil.example/';
    expect(await w.ipc.invoke('app:info', eventFrom(win.webContents))).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('sends scan events to the app window', async () => {
    const w = await boot();
    const win = appWindow();
    const r = (await w.ipc.invoke('scan:start', eventFrom(win.webContents), {
      targets: ['127.0.0.1'],
      ports: [104],
      calledAes: [],
      vantage: { label: 'test', untrusted: false },
      scanId: '0b5c1d2e-3f4a-4b6c-8d7e-9f0a1b2c3d4e',
    })) as Result<{ scanId: string }>;
    expect(r.ok).toBe(true);
    await new Promise((res) => setImmediate(res));
    const channels = win.webContents.sent.map(([c]) => c);
    expect(channels).toEqual(['scan:progress', 'scan:finished']);
    expect(w.store.begun).toHaveLength(1);
  });

  it('public targets: a native dialog on the app window names them, Cancel by default; the page cannot authorise them', async () => {
    const w = await boot();
    const win = appWindow();
    // 192.0.2.1 (RFC 5737): the engine here is scripted, nothing is dialled.
    const start = (extra: object = {}): Promise<unknown> =>
      w.ipc.invoke('scan:start', eventFrom(win.webContents), { targets: ['192.0.2.1'], ports: [104], calledAes: [], vantage: { label: 'test', untrusted: false }, scanId: randomUUID(), ...extra });

    w.boxAnswer = 0; // Cancel
    expect(await start()).toMatchObject({ ok: false, error: { code: 'scope-refused' } });
    expect(w.boxes).toHaveLength(1);
    const [parent, box] = w.boxes[0]!;
    expect(parent).toBe(win);
    expect(box.detail).toContain('192.0.2.1');
    expect(box.buttons[box.defaultId ?? -1]).toBe('Cancel');
    expect(box.cancelId).toBe(box.defaultId);
    expect(w.engineRequests).toEqual([]);
    expect(w.store.begun).toEqual([]);

    // The page's own flag is refused by the contract, and asks nobody.
    expect(await start({ allowPublic: true })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(w.boxes).toHaveLength(1);

    w.boxAnswer = box.buttons.indexOf('Scan public addresses');
    expect(await start()).toMatchObject({ ok: true });
    expect(w.engineRequests).toEqual([{ targets: ['192.0.2.1'], allowPublic: true }]);
  });

  it('hardens every webContents created later', async () => {
    const w = await boot();
    const contents = new FakeWebContents();
    w.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    const nav = fakeEvent();
    contents.emit('will-navigate', nav);
    expect(nav.defaultPrevented).toBe(true);
  });

  it('quitting waits for the services, closes the database, then quits for real', async () => {
    const w = await boot();
    w.app.emit('window-all-closed');
    expect(w.app.quits).toBe(1);
    const first = fakeEvent();
    w.app.emit('will-quit', first);
    expect(first.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(w.app.quits).toBe(2));
    expect(w.store.closed).toBe(1);
    const second = fakeEvent();
    w.app.emit('will-quit', second);
    expect(second.defaultPrevented).toBe(false);
    expect(w.store.closed).toBe(1);
  });

  it('a database that cannot open is reported and the app exits, with no window', async () => {
    const w = await boot({ storeError: 'collimator.db was written by a newer Collimator' });
    await vi.waitFor(() => expect(w.app.exitCode).toBe(1));
    expect(w.errors).toEqual([['Collimator could not start', 'collimator.db was written by a newer Collimator']]);
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });
});
