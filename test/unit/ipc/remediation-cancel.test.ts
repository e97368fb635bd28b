/**
 * `remediation:cancel-verify` end to end through the real dispatcher, zod schemas,
 * handlers, services, engine and store (a database file seeded with a scan of a loopback
 * listener that accepts connections and never answers): what the Fix & verify screen's
 * "Cancel re-check" button calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../../shared/catalog';
import type { InvokeArg, InvokeChannel, InvokeValue, Result } from '../../../shared/contract';
import { createDispatcher, type Dispatcher } from '../../../electron/ipc/dispatcher';
import { createHandlers } from '../../../electron/ipc/handlers';
import { createAppServices, type AppServices } from '../../../electron/services/app-services';
import { realDeps } from '../../../electron/services/real-deps';
import { openStore } from '../../../electron/store';

let dir: string;
let services: AppServices;
let dispatcher: Dispatcher;
const sockets = new Set<Socket>();
let silent: Server;
let port: number;

beforeAll(async () => {
  silent = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  port = (silent.address() as { port: number }).port;

  // A finished scan that found the listener open with a failing check, written before the app opens the file.
  dir = mkdtempSync(path.join(tmpdir(), 'collimator-cancel-verify-'));
  const dbPath = path.join(dir, 'collimator.db');
  const store = openStore(dbPath);
  const at = new Date(Date.now() - 60_000).toISOString();
  store.beginScan({ id: 'seed', startedAt: at, vantage: { label: 'Loopback (test)', untrusted: false }, targets: ['127.0.0.1'], ports: [port], toolVersion: '0.1.0' });
  const c = CATALOG['dicom.any-calling-ae'];
  store.saveService('seed', {
    host: '127.0.0.1',
    port,
    state: 'open',
    protocol: 'dicom',
    checks: [{ id: 'dicom.any-calling-ae', status: 'fail', severity: c.severity, summary: 'any calling AE title accepted', evidence: {}, attack: [...c.attack] }],
  });
  store.finishScan('seed', at, false);
  store.close();

  services = createAppServices({ dbPath, version: '0.1.0', transport: 'web', emit: () => undefined }, realDeps('0.1.0'));
  dispatcher = createDispatcher(createHandlers(services));
});
afterAll(async () => {
  await services.close();
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

async function call<C extends InvokeChannel>(channel: C, arg?: InvokeArg<C>): Promise<Result<InvokeValue<C>>> {
  return (await dispatcher.dispatch(channel, arg)) as Result<InvokeValue<C>>;
}

function nextConnection(): Promise<void> {
  return new Promise((resolve) => silent.once('connection', () => resolve()));
}

describe('remediation:cancel-verify', () => {
  it('with nothing running: cancelled false', async () => {
    expect(await call('remediation:cancel-verify', { host: '127.0.0.1', port })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await call('remediation:cancel-verify', { host: '127.0.0.1', port, runId: 'd3b07384-d9a0-4c9b-8f3a-1e2b3c4d5e6f' })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('cancels the running re-check: the verify call answers cancelled promptly, nothing is stored; bad arguments and a second re-check change nothing', async () => {
    const runId = '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
    const onWire = nextConnection();
    // 30 s per reply: uncancelled, this re-check would take at least that long.
    const verify = call('remediation:verify', { host: '127.0.0.1', port, timeoutMs: 30_000, runId });
    await onWire;

    // A second re-check of the same server is refused in one line.
    const second = await call('remediation:verify', { host: '127.0.0.1', port, runId: 'another-run' });
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } });
    if (!second.ok) expect(second.error.message).toMatch(/^a re-check of 127\.0\.0\.1:\d+ is already running \(started \d+ s ago\): wait for it to finish, or cancel it$/);

    // Bad arguments: a clear error naming the field, and the re-check runs on.
    const bad: [unknown, RegExp][] = [
      [undefined, /^argument: /],
      [{ host: '127.0.0.1' }, /^port: a port is a whole number/],
      [{ host: '127.0.0.1', port: 70_000 }, /^port: a port is 1 to 65535/],
      [{ host: '', port }, /^host: a host cannot be empty/],
      [{ host: '127.0.0.1', port, runId: '../../etc' }, /^runId: runId is 1 to 128 letters, digits/],
      [{ host: '127.0.0.1', port, runId, all: true }, /^argument: Unrecognized key/],
    ];
    for (const [arg, message] of bad) {
      const r = await dispatcher.dispatch('remediation:cancel-verify', arg);
      expect(r, JSON.stringify(arg)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
    // A cancel naming another run (a late one, from another window) does not stop it either.
    expect(await call('remediation:cancel-verify', { host: '127.0.0.1', port, runId: 'another-run' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await call('remediation:verify', { host: '127.0.0.1', port })).toMatchObject({ ok: false, error: { code: 'busy' } });

    const cancelledAt = Date.now();
    expect(await call('remediation:cancel-verify', { host: '127.0.0.1', port, runId })).toEqual({ ok: true, value: { cancelled: true } });
    const r = await verify;
    expect(Date.now() - cancelledAt).toBeLessThan(10_000); // generous
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('cancelled');
      expect(r.error.message).toMatch(/^the re-check of 127\.0\.0\.1:\d+ was cancelled: nothing was stored$/);
    }
    expect(await call('remediation:verifications', { host: '127.0.0.1', port })).toEqual({ ok: true, value: [] });
    expect(await call('remediation:cancel-verify', { host: '127.0.0.1', port, runId })).toEqual({ ok: true, value: { cancelled: false } });
  });
});
