/**
 * ipcMain registration and the dispatcher behind it. Electron cannot run here
 * (../shared/design/toolchain.md); ipcMain, windows and frames are stand-ins
 * (fake-electron.ts), the dispatcher, zod schemas and registration are the real ones.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, type InvokeChannel, type Result } from '../../../shared/contract';
import { createDispatcher } from '../../../electron/ipc/dispatcher';
import { isAppFrame, registerIpc } from '../../../electron/ipc/register';
import type { HandlerTable } from '../../../electron/ipc/types';
import { AppError } from '../../../electron/services/errors';
import { FakeBrowserWindow, FakeFrame, FakeIpcMain } from './fake-electron';

// Built from a path so the test holds on Windows too (file:///C:/opt/...).
const INDEX_URL = pathToFileURL(path.resolve('/opt/collimator/dist/renderer/index.html')).href;

/** A handler table that records calls; every channel answers something plausible. */
function recordingHandlers(calls: string[]): HandlerTable {
  const rec = <T>(channel: InvokeChannel, value: T) => () => {
    calls.push(channel);
    return value;
  };
  const fails = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  return {
    'app:info': rec('app:info', { version: '1', dbPath: '/x.db', platform: 'linux', practiceLabRunning: false, transport: 'electron' as const }),
    'scan:start': rec('scan:start', { scanId: 's1' }),
    'scan:cancel': rec('scan:cancel', { cancelled: true }),
    'scan:list': rec('scan:list', []),
    'scan:get': rec('scan:get', {
      tool: { name: 'collimator' as const, version: '1' },
      scan: { id: 's1', startedAt: '', finishedAt: '', vantage: { label: 'x', untrusted: false }, targets: [], ports: [] },
      services: [],
      summary: { services: 0, fail: fails },
    }),
    'practice-lab:start': rec('practice-lab:start', { servers: [], suggested: { targets: [], ports: null, calledAes: [], vantage: { label: 'x', untrusted: false } } }),
    'practice-lab:stop': rec('practice-lab:stop', { stopped: false }),
    'inventory:import': rec('inventory:import', { imported: true, rows: 0, added: 0, updated: 0, unchanged: 0, removed: 0, problems: [] }),
    'inventory:list': rec('inventory:list', []),
    'inventory:upsert': rec('inventory:upsert', { id: 1, aeTitle: 'A', host: 'h', port: 104, role: '', description: '', updatedAt: '' }),
    'inventory:remove': rec('inventory:remove', { removed: false }),
    'remediation:playbook': rec('remediation:playbook', { server: { host: 'h', port: 104 }, vantage: { label: 'x', untrusted: false }, peers: [], playbooks: [], attestations: [], stepIds: [], warnings: [], attackNotice: '' }),
    'remediation:checklist': rec('remediation:checklist', { checklist: { server: { host: 'h', port: 104 }, steps: [], attestations: [], history: [] }, progress: { done: 0, total: 0 } }),
    'remediation:set-step': rec('remediation:set-step', { checklist: { server: { host: 'h', port: 104 }, steps: [], attestations: [], history: [] }, progress: { done: 0, total: 0 } }),
    'remediation:attest': rec('remediation:attest', { checklist: { server: { host: 'h', port: 104 }, steps: [], attestations: [], history: [] }, progress: { done: 0, total: 0 } }),
    'remediation:verify': () => {
      calls.push('remediation:verify');
      throw new AppError('not-found', 'no earlier scan');
    },
    'remediation:cancel-verify': rec('remediation:cancel-verify', { cancelled: false }),
    'remediation:verifications': rec('remediation:verifications', []),
    'maintenance-window:create': rec('maintenance-window:create', { id: 'w', name: 'n', startsAt: '', endsAt: '', createdAt: '', servers: [] }),
    'maintenance-window:list': rec('maintenance-window:list', []),
    'maintenance-window:get': () => {
      calls.push('maintenance-window:get');
      throw new AppError('not-found', 'no window');
    },
    'maintenance-window:summary': () => {
      calls.push('maintenance-window:summary');
      throw new AppError('not-found', 'no window');
    },
    'operators:list': rec('operators:list', []),
    'operators:create': rec('operators:create', { name: 'A', role: '', fingerprint: 'f'.repeat(64), publicKey: 'k', createdAt: '', hasSealedKey: true, addedBy: null }),
    'operators:register-key-file': rec('operators:register-key-file', { name: 'B', role: '', fingerprint: 'e'.repeat(64), publicKey: 'k', createdAt: '', hasSealedKey: false, addedBy: null }),
    'records:preview': () => {
      calls.push('records:preview');
      throw new AppError('not-found', 'no scan');
    },
    'records:signoff': () => {
      calls.push('records:signoff');
      throw new AppError('unavailable', 'no keychain');
    },
    'records:cosign': () => {
      calls.push('records:cosign');
      throw new AppError('not-found', 'no record');
    },
    'records:list': rec('records:list', []),
    'records:get': () => {
      calls.push('records:get');
      throw new AppError('not-found', 'no record');
    },
    'records:export': rec('records:export', { fileName: 'x.csv', mediaType: 'text/csv' as const, base64: '', records: 0 }),
    'records:verify-file': rec('records:verify-file', { ok: false, scope: null, records: [], chain: { links: 0, fromStart: false }, problems: [], signers: { checked: false, lists: [], allKnown: null } }),
    'trust:list': rec('trust:list', { imports: [], entries: [] }),
    'trust:import': rec('trust:import', { imports: [], entries: [] }),
    'trust:remove': () => {
      calls.push('trust:remove');
      throw new AppError('not-found', 'no list');
    },
    'trust:export': rec('trust:export', { fileName: 'collimator-trust-list.txt', mediaType: 'text/plain' as const, text: '', keys: 0 }),
    'peers:learn': rec('peers:learn', { lines: { read: 0, understood: 0, malformed: 0 }, problems: [], servers: [] }),
    'peers:list': rec('peers:list', { peers: [], vsInventory: { knownSeen: [], seenNotInInventory: [], notSeenRecently: [], days: 30 }, sources: [] }),
    'exports:navigator': rec('exports:navigator', { fileName: 'l.json', mediaType: 'application/json' as const, text: '{}', servers: 0, open: 0, fixed: 0 }),
    'exports:defectdojo': () => {
      calls.push('exports:defectdojo');
      throw new AppError('not-found', 'no scans');
    },
    'practice-lab:apply': rec('practice-lab:apply', { name: 'Open PACS', host: '127.0.0.1', port: 104, applied: [], notApplied: [] }),
    'maintenance-window:update': () => {
      calls.push('maintenance-window:update');
      throw new AppError('not-found', 'no window');
    },
    'maintenance-window:extend': () => {
      calls.push('maintenance-window:extend');
      throw new AppError('not-found', 'no window');
    },
    'maintenance-window:close': () => {
      calls.push('maintenance-window:close');
      throw new AppError('not-found', 'no window');
    },
    'internet:import-begin': rec('internet:import-begin', { importId: 'i1' }),
    'internet:import-chunk': rec('internet:import-chunk', { received: 0 }),
    'internet:import-finish': rec('internet:import-finish', { importId: 'i1', format: null, read: 0, imported: 0, skipped: 0, problems: [] }),
    'internet:import-cancel': rec('internet:import-cancel', { cancelled: false }),
    'internet:view': rec('internet:view', { at: '', staleDays: 30, rows: [], mappings: [], imports: [] }),
    'internet:export-csv': rec('internet:export-csv', { fileName: 'x.csv', text: '' }),
    'internet:map-set': rec('internet:map-set', []),
    'internet:map-remove': rec('internet:map-remove', []),
    'internet:finding': rec('internet:finding', { check: null }),
    'internet:attach-closure': () => {
      calls.push('internet:attach-closure');
      throw new AppError('invalid-argument', 'not closed; nothing attached');
    },
    'internet:closures': rec('internet:closures', { closures: [] }),
  };
}

/** An argument each channel must refuse, and the field its message must name. */
const BAD: Record<InvokeChannel, { arg: unknown; names: string }> = {
  'app:info': { arg: { sneaky: true }, names: 'argument' },
  'scan:start': { arg: { targets: '10.200.0.0/8', ports: null, calledAes: [], vantage: { label: 'x', untrusted: false } }, names: 'targets' },
  'scan:cancel': { arg: { scanId: 42 }, names: 'scanId' },
  'scan:list': { arg: 'all', names: 'argument' },
  'scan:get': { arg: {}, names: 'scanId' },
  'practice-lab:start': { arg: { port: 1 }, names: 'argument' },
  'practice-lab:stop': { arg: [1], names: 'argument' },
  'inventory:import': { arg: { csv: 42 }, names: 'csv' },
  'inventory:list': { arg: { all: true }, names: 'argument' },
  'inventory:upsert': { arg: { aeTitle: 'BAD\\AE', host: '10.200.0.1', port: 104, role: '', description: '' }, names: 'aeTitle' },
  'inventory:remove': { arg: { id: 'x' }, names: 'id' },
  'remediation:playbook': { arg: { host: '10.200.0.1', port: 104, checkIds: ['dicom.nope'] }, names: 'checkIds' },
  'remediation:checklist': { arg: { host: '10.200.0.1', port: 0 }, names: 'port' },
  'remediation:set-step': { arg: { host: '10.200.0.1', port: 104, stepId: 'a/b', done: true, by: '  ' }, names: 'by' },
  'remediation:attest': { arg: { host: '10.200.0.1', port: 104, id: 'manual.firewall', attested: true, by: 'a', note: 'n' }, names: 'id' },
  'remediation:verify': { arg: { host: '10.200.0.1', port: 104, timeoutMs: -5 }, names: 'timeoutMs' },
  'remediation:cancel-verify': { arg: { host: '10.200.0.1', port: 104, runId: 'not a uuid!' }, names: 'runId' },
  'remediation:verifications': { arg: { host: 'two words', port: 104 }, names: 'host' },
  'maintenance-window:create': { arg: { name: 'w', startsAt: 'tomorrow', endsAt: '2025-03-01T12:00:00Z', servers: [] }, names: 'startsAt' },
  'maintenance-window:list': { arg: 'now', names: 'argument' },
  'maintenance-window:get': { arg: {}, names: 'id' },
  'maintenance-window:summary': { arg: { id: '' }, names: 'id' },
  'operators:list': { arg: { all: true }, names: 'argument' },
  'operators:create': { arg: { name: 'Ada', role: '', passphrase: 'short' }, names: 'passphrase' },
  'operators:register-key-file': { arg: { keyFile: '{"format":"something-else"}', passphrase: 'x' }, names: 'keyFile' },
  'records:preview': { arg: { host: '10.200.0.1', port: 104, operator: 'Ada', note: '' }, names: 'operator' },
  'records:signoff': { arg: { host: '10.200.0.1', port: 104, operator: 'a'.repeat(64), note: 'n' }, names: 'passphrase' },
  'records:cosign': { arg: { id: 'abc', operator: 'a'.repeat(64), passphrase: 'p' }, names: 'id' },
  'records:list': { arg: 'all', names: 'argument' },
  'records:get': { arg: {}, names: 'id' },
  'records:export': { arg: { format: 'docx', all: true }, names: 'format' },
  'records:verify-file': { arg: { text: 42 }, names: 'text' },
  'trust:list': { arg: { all: true }, names: 'argument' },
  'trust:import': { arg: { name: 'team.trust', text: '' }, names: 'text' },
  'trust:remove': { arg: { id: 0 }, names: 'id' },
  'trust:export': { arg: 'plain', names: 'argument' },
  'peers:learn': { arg: { files: [{ name: 'a.log', base64: 'not base64!' }] }, names: 'files[0].base64' },
  'peers:list': { arg: { port: 0 }, names: 'port' },
  'exports:navigator': { arg: { scanId: '' }, names: 'scanId' },
  'exports:defectdojo': { arg: { scanId: 'x', format: 'csv' }, names: 'argument' },
  'practice-lab:apply': { arg: { host: '127.0.0.1', port: 104, practice: true }, names: 'practice' },
  'maintenance-window:update': { arg: { id: 'w', by: 'Ada', endsAt: 'later' }, names: 'endsAt' },
  'maintenance-window:extend': { arg: { id: 'w', by: 'Ada', minutes: 0 }, names: 'minutes' },
  'maintenance-window:close': { arg: { id: 'w', by: ' ' }, names: 'by' },
  'internet:import-begin': { arg: { importId: 'not-a-uuid', files: [{ name: 'a.json', size: 1 }], format: 'auto', strict: false }, names: 'importId' },
  'internet:import-chunk': { arg: { importId: '00000000-0000-4000-8000-000000000000', fileIndex: 0, offset: 0, data: 'not base64!' }, names: 'data' },
  'internet:import-finish': { arg: { importId: 7 }, names: 'importId' },
  'internet:import-cancel': { arg: {}, names: 'importId' },
  'internet:view': { arg: { staleDays: 0 }, names: 'staleDays' },
  'internet:export-csv': { arg: { staleDays: 'x' }, names: 'staleDays' },
  'internet:map-set': { arg: { publicHost: 'pacs.example.org', insideHost: '10.0.0.1' }, names: 'publicHost' },
  'internet:map-remove': { arg: { publicHost: 42 }, names: 'publicHost' },
  'internet:finding': { arg: { host: '127.0.0.1', port: 0 }, names: 'port' },
  'internet:attach-closure': { arg: { publicHost: 'pacs.example.org', port: 104, by: 'Ada' }, names: 'publicHost' },
  'internet:closures': { arg: { all: true }, names: 'argument' },
};

function setup(trusted = true) {
  const ipc = new FakeIpcMain();
  const calls: string[] = [];
  const unregister = registerIpc(ipc as never, createDispatcher(recordingHandlers(calls)), () => trusted);
  return { ipc, calls, unregister };
}

describe('registerIpc', () => {
  it('registers every contract channel exactly once, and nothing else', () => {
    const { ipc } = setup();
    expect([...ipc.registered].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(new Set(ipc.registered).size).toBe(ipc.registered.length);
  });

  it('its remover unregisters them all', () => {
    const { ipc, unregister } = setup();
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('answers a trusted sender with the handler’s value as a Result', async () => {
    const { ipc, calls } = setup();
    expect(await ipc.invoke('scan:cancel', {}, { scanId: 's1' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(calls).toEqual(['scan:cancel']);
  });

  it('refuses a foreign sender with forbidden-sender, before any handler runs', async () => {
    const { ipc, calls } = setup(false);
    for (const channel of INVOKE_CHANNELS) {
      const r = (await ipc.invoke(channel, {}, undefined)) as Result<unknown>;
      expect(r.ok, channel).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('forbidden-sender');
    }
    expect(calls).toEqual([]);
  });

  it.each(INVOKE_CHANNELS)('%s rejects a bad argument with invalid-argument naming the field', async (channel) => {
    const { ipc, calls } = setup();
    const r = (await ipc.invoke(channel, {}, BAD[channel].arg)) as Result<unknown>;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-argument');
      expect(r.error.message).toContain(BAD[channel].names);
    }
    expect(calls).toEqual([]);
  });

  it('refuses a second argument', async () => {
    const { ipc, calls } = setup();
    const r = (await ipc.invoke('scan:get', {}, { scanId: 's1' }, 'extra')) as Result<unknown>;
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(calls).toEqual([]);
  });
});

describe('the dispatcher', () => {
  const table = (err: unknown): HandlerTable => ({
    ...recordingHandlers([]),
    'scan:list': () => {
      throw err;
    },
  });

  it('turns an AppError into its code, and anything else into internal', async () => {
    expect(await createDispatcher(table(new AppError('not-found', 'no scan with id x'))).dispatch('scan:list', undefined)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no scan with id x' },
    });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = await createDispatcher(table(new Error('disk full'))).dispatch('scan:list', undefined);
    expect(quiet).toHaveBeenCalled(); // an unexpected failure is logged for the developer
    quiet.mockRestore();
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!r.ok) expect(r.error.message).toContain('disk full');
  });

  it('answers unknown-channel for a name outside the contract', async () => {
    for (const name of ['scan:delete', 'constructor', '__proto__', '']) {
      expect(await createDispatcher(recordingHandlers([])).dispatch(name, undefined)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });
});

describe('isAppFrame', () => {
  function appWindow(): FakeBrowserWindow {
    const win = new FakeBrowserWindow({});
    win.webContents.mainFrame.url = INDEX_URL;
    return win;
  }

  it('accepts the app window’s top frame showing index.html (any hash or query)', () => {
    const win = appWindow();
    expect(isAppFrame(win.webContents.mainFrame as never, win as never, INDEX_URL)).toBe(true);
    win.webContents.mainFrame.url = `${INDEX_URL}#/servers?x=1`;
    expect(isAppFrame(win.webContents.mainFrame as never, win as never, INDEX_URL)).toBe(true);
    // The same file written with different escaping is the same page.
    win.webContents.mainFrame.url = INDEX_URL.replace(/index\.html$/, '%69ndex.html');
    expect(isAppFrame(win.webContents.mainFrame as never, win as never, INDEX_URL)).toBe(true);
  });

  it('refuses a subframe, even one showing the app page', () => {
    const win = appWindow();
    const sub = new FakeFrame(INDEX_URL, win.webContents.mainFrame);
    expect(isAppFrame(sub as never, win as never, INDEX_URL)).toBe(false);
  });

  it('refuses another window’s frame', () => {
    const win = appWindow();
    const other = appWindow();
    expect(isAppFrame(other.webContents.mainFrame as never, win as never, INDEX_URL)).toBe(false);
  });

  it('refuses the top frame once it shows anything but the app page', () => {
    const win = appWindow();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', INDEX_URL.replace(/index\.html$/, 'other.html'), INDEX_URL.replace('file:///', 'file://evil.example/'), 'about:blank', 'not a url']) {
      win.webContents.mainFrame.url = url;
      expect(isAppFrame(win.webContents.mainFrame as never, win as never, INDEX_URL), url).toBe(false);
    }
  });

  it('refuses when there is no frame or no live window', () => {
    const win = appWindow();
    expect(isAppFrame(null, win as never, INDEX_URL)).toBe(false);
    expect(isAppFrame(win.webContents.mainFrame as never, undefined, INDEX_URL)).toBe(false);
    win.destroyed = true;
    expect(isAppFrame(win.webContents.mainFrame as never, win as never, INDEX_URL)).toBe(false);
  });
});
