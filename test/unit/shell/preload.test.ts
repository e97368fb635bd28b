/**
 * The BUILT preload (scripts/build.mjs, the build that makes dist/electron/preload.js) run in a node:vm
 * context with a stand-in contextBridge and ipcRenderer: Electron cannot run here
 * (../shared/design/toolchain.md). It must expose exactly the contract's named
 * functions as `window.collimator`, and nothing else.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMethodNames } from '../../../shared/contract';

const root = path.resolve(import.meta.dirname, '../../..');

interface Loaded {
  exposed: Array<[string, unknown]>;
  required: string[];
  invoked: unknown[][];
  on: Array<[string, (...a: unknown[]) => void]>;
  removed: Array<[string, unknown]>;
  invokeImpl: (...a: unknown[]) => Promise<unknown>;
}

let code = '';
// The same build as dist/electron, into a directory of this test's own (other tests build dist/ at the same time).
const out = mkdtempSync(path.join(tmpdir(), 'collimator-preload-'));

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--shell', '--out', out], { cwd: root, stdio: 'pipe', timeout: 120_000 });
  code = readFileSync(path.join(out, 'preload.js'), 'utf8');
}, 180_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

function load(): Loaded {
  const l: Loaded = { exposed: [], required: [], invoked: [], on: [], removed: [], invokeImpl: () => Promise.resolve({ ok: true, value: 'answer' }) };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => l.exposed.push([key, api]) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        l.invoked.push(args);
        return l.invokeImpl(...args);
      },
      on: (channel: string, fn: (...a: unknown[]) => void) => l.on.push([channel, fn]),
      removeListener: (channel: string, fn: unknown) => l.removed.push([channel, fn]),
    },
  };
  const module = { exports: {} };
  const sandbox = {
    module,
    exports: module.exports,
    console,
    require: (name: string) => {
      l.required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    },
  };
  vm.runInNewContext(code, sandbox, { filename: 'preload.js' });
  return l;
}

function api(l: Loaded): Record<string, Record<string, (...a: unknown[]) => unknown>> {
  return l.exposed[0]![1] as Record<string, Record<string, (...a: unknown[]) => unknown>>;
}

describe('the built preload', () => {
  it('requires only electron', () => {
    expect(load().required).toEqual(['electron']);
  });

  it('exposes one thing, window.collimator', () => {
    const l = load();
    expect(l.exposed.map(([k]) => k)).toEqual(['collimator']);
  });

  it('whose functions are exactly the contract’s, by name, and frozen', () => {
    const a = api(load());
    const names = Object.entries(a).flatMap(([area, fns]) => Object.keys(fns).map((m) => `${area}.${m}`)).sort();
    expect(names).toEqual(apiMethodNames());
    expect(Object.isFrozen(a)).toBe(true);
    for (const [area, fns] of Object.entries(a)) {
      expect(Object.isFrozen(fns), area).toBe(true);
      for (const [name, fn] of Object.entries(fns)) expect(typeof fn, `${area}.${name}`).toBe('function');
    }
    // No generic door: nothing named invoke/send/on/ipc anywhere.
    expect(names.some((n) => /\.(invoke|send|on|ipcRenderer)$/i.test(n))).toBe(false);
  });

  it('a call sends its channel and exactly one argument, and answers what main answers', async () => {
    const l = load();
    const req = { targets: ['127.0.0.1'] };
    await expect(api(l).scan!.start!(req, 'extra', 'more')).resolves.toEqual({ ok: true, value: 'answer' });
    await api(l).app!.info!();
    expect(l.invoked).toEqual([
      ['scan:start', req],
      ['app:info', undefined],
    ]);
  });

  it('a failed invoke becomes an internal error Result, never a rejection', async () => {
    const l = load();
    l.invokeImpl = () => Promise.reject(new Error('render process gone'));
    const r = (await api(l).scan!.list!()) as { ok: boolean; error?: { code: string; message: string } };
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('internal');
    expect(r.error?.message).toContain('render process gone');
  });

  it('a subscription gets the payload only (never the IPC event) and unsubscribes', () => {
    const l = load();
    const got: unknown[][] = [];
    const off = api(l).scan!.onProgress!((...args: unknown[]) => got.push(args)) as () => void;
    expect(l.on.map(([c]) => c)).toEqual(['scan:progress']);
    const forward = l.on[0]![1];
    forward({ sender: { secret: true }, ports: [] }, { scanId: 's', done: 1 });
    expect(got).toEqual([[{ scanId: 's', done: 1 }]]);
    off();
    expect(l.removed).toEqual([['scan:progress', forward]]);
  });

  it('each event has its own subscription channel', () => {
    const l = load();
    const a = api(l);
    a.scan!.onService!(() => undefined);
    a.scan!.onFinished!(() => undefined);
    expect(l.on.map(([c]) => c)).toEqual(['scan:service', 'scan:finished']);
  });

  it('a subscription without a function is refused', () => {
    // (a TypeError of the vm's realm, so matched by message)
    expect(() => api(load()).scan!.onProgress!('not a function')).toThrow(/needs a function/);
  });
});
