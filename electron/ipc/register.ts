/**
 * ipcMain registration: every contract channel registered once, behind one sender
 * check (the app window's top frame, showing the app's own page) before the shared
 * dispatcher validates and runs the handler. Answers are always Results.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INVOKE_CHANNELS, type InvokeChannel, type Result } from '../../shared/contract';
import { fail, type Dispatcher } from './dispatcher';

/** True only for the top frame of the app window, showing the app's index.html (any hash or query). */
export function isAppFrame(frame: WebFrameMain | null | undefined, win: BrowserWindow | undefined, indexUrl: string): boolean {
  if (!frame || !win || win.isDestroyed()) return false;
  const top = win.webContents.mainFrame;
  if (frame.parent !== null || frame.processId !== top.processId || frame.frameToken !== top.frameToken) return false;
  return isSameFile(frame.url, indexUrl);
}

/**
 * Whether two file:// URLs name the same file. Compared as paths, not as URL text:
 * Chromium and Node escape some characters differently (spaces, non-ASCII user
 * names), and Windows paths are case-insensitive.
 */
function isSameFile(url: string, indexUrl: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol !== 'file:') return false;
    u.hash = '';
    u.search = '';
    const a = path.normalize(fileURLToPath(u));
    const b = path.normalize(fileURLToPath(indexUrl));
    return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
  } catch {
    return false;
  }
}

/** Registers one channel: checks the sender, then hands the single argument to `run`. */
export function handle(
  ipcMain: IpcMain,
  channel: InvokeChannel,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  run: (arg: unknown) => Promise<Result<unknown>>,
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Result<unknown>> => {
    try {
      if (!isTrusted(event)) return fail('forbidden-sender', `${channel} is answered only to the app's own window`);
      if (args.length > 1) return fail('invalid-argument', `${channel} takes at most one argument`);
      return await run(args[0]);
    } catch (err) {
      return fail('internal', `${channel} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

/** Registers every contract channel on `ipcMain`; returns a function that removes them all. */
export function registerIpc(ipcMain: IpcMain, dispatcher: Dispatcher, isTrusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const channel of INVOKE_CHANNELS) handle(ipcMain, channel, isTrusted, (arg) => dispatcher.dispatch(channel, arg));
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
