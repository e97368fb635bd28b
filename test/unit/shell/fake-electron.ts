/**
 * Stand-ins for the parts of Electron the shell uses. Electron cannot run on these
 * machines (../shared/design/toolchain.md: its binary is downloaded on first use, and
 * there is no internet), so the shell tests mock 'electron' with these and check what
 * the shell asks of it: the window's options, the handlers it installs, what they answer.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

type Listener = (...args: unknown[]) => void;

/** An event object whose preventDefault can be observed. */
export function fakeEvent(): { defaultPrevented: boolean; preventDefault(): void } {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

let nextToken = 1;

export class FakeFrame {
  readonly frameToken = `frame-${nextToken++}`;
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
    readonly processId = 7,
  ) {}
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly sent: Array<[string, unknown]> = [];
  readonly mainFrame: FakeFrame;
  constructor(url = 'about:blank') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  loaded: string | undefined;
  shown = false;
  focused = 0;
  restored = 0;
  minimized = false;
  destroyed = false;
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    this.webContents = new FakeWebContents();
    FakeBrowserWindow.created.push(this);
  }
  loadFile(file: string): Promise<void> {
    this.loaded = file;
    this.webContents.mainFrame.url = pathToFileURL(file).href;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused++;
  }
  restore(): void {
    this.restored++;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  /** Every channel passed to handle(), in order, duplicates included. */
  readonly registered: string[] = [];
  handle(channel: string, h: Handler): void {
    this.registered.push(channel);
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, h);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What the renderer would get from ipcRenderer.invoke(channel, ...args). */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return await h(event, ...args);
  }
}

export interface WebRequestDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export class FakeSession {
  permissionRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void, details?: { requestingUrl?: string }) => void) | undefined;
  permissionCheck: ((...args: unknown[]) => boolean) | undefined;
  devicePermission: ((...args: unknown[]) => boolean) | undefined;
  beforeRequest: ((d: WebRequestDetails, cb: (r: { cancel?: boolean }) => void) => void) | undefined;
  headersReceived: ((d: WebRequestDetails, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void) | undefined;
  readonly webRequest = {
    onBeforeRequest: (h: NonNullable<FakeSession['beforeRequest']>): void => void (this.beforeRequest = h),
    onHeadersReceived: (h: NonNullable<FakeSession['headersReceived']>): void => void (this.headersReceived = h),
  };
  setPermissionRequestHandler(h: NonNullable<FakeSession['permissionRequest']>): void {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: NonNullable<FakeSession['permissionCheck']>): void {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: NonNullable<FakeSession['devicePermission']>): void {
    this.devicePermission = h;
  }
}

export class FakeApp extends EventEmitter {
  sandboxed = false;
  lockGranted = true;
  quits = 0;
  exitCode: number | undefined;
  enableSandbox(): void {
    this.sandboxed = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.lockGranted;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getVersion(): string {
    return '9.9.9-test';
  }
  quit(): void {
    this.quits++;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  override on(event: string, listener: Listener): this {
    return super.on(event, listener);
  }
}
