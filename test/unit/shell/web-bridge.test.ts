/**
 * The web bridge (the contract's second transport) with the real dispatcher,
 * handlers, engine, store and practice lab, against listeners on 127.0.0.1 only.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result, ScanSummary } from '../../../shared/contract';
import { RENDERER_CSP } from '../../../electron/csp';
import { startWebBridge, type WebBridge } from '../../../electron/web-bridge/server';
import { BRIDGE_SCRIPT_PATH, TOKEN_HEADER } from '../../../electron/web-bridge/protocol';

let dir: string;
let bridge: WebBridge;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'collimator-bridge-'));
  const staticDir = path.join(dir, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><script type="module" src="./assets/app.js"></script></body></html>');
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the static dir');
  bridge = await startWebBridge({ dbPath: path.join(dir, 'collimator.db'), staticDir });
});

afterAll(async () => {
  await bridge?.close();
  await rm(dir, { recursive: true, force: true });
});

const origin = (): string => bridge.url.replace(/\/$/, '');

async function call<T = unknown>(channel: string, arg?: unknown, token = bridge.token): Promise<{ status: number; body: Result<T> }> {
  const res = await fetch(`${origin()}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
    body: JSON.stringify(arg === undefined ? {} : { arg }),
  });
  return { status: res.status, body: (await res.json()) as Result<T> };
}

/** A raw request: fetch would normalise the path and set its own Host and Origin. */
function raw(pathName: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string }> {
  const { port } = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), path: pathName, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface SseEvent {
  event: string;
  data: unknown;
}

/** Reads the event stream until `until` says stop; the stream always has a deadline. */
async function collectEvents(until: (events: SseEvent[]) => boolean, deadlineMs = 90_000): Promise<{ events: SseEvent[]; started: Promise<void>; done: Promise<SseEvent[]> }> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new Error('event deadline passed')), deadlineMs);
  const res = await fetch(`${origin()}/api/events?token=${encodeURIComponent(bridge.token)}`, { signal: ac.signal });
  const events: SseEvent[] = [];
  let markStarted!: () => void;
  const started = new Promise<void>((r) => (markStarted = r));
  const done = (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done: end } = (await reader.read()) as { value?: Uint8Array; done: boolean };
        if (end) break;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const name = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (name === undefined || data === undefined) continue;
          if (name === 'ready') {
            markStarted();
            continue;
          }
          events.push({ event: name, data: JSON.parse(data) });
        }
        if (until(events)) break;
      }
    } finally {
      clearTimeout(timer);
      ac.abort();
    }
    return events;
  })();
  return { events, started, done };
}

/** A TCP listener on 127.0.0.1: `behaviour` decides what each connection gets. */
async function listener(behaviour: (s: Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    behaviour(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const vantage = { label: 'bridge test', untrusted: false };
const finishedOf = (scanId: string) => (events: SseEvent[]): boolean => events.some((e) => e.event === 'scan:finished' && (e.data as { scanId: string }).scanId === scanId);

describe('the web bridge: who may call', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(new URL(bridge.url).hostname).toBe('127.0.0.1');
  });

  it('refuses a wrong or missing token with 403 forbidden-sender', async () => {
    for (const token of ['wrong', '', `${bridge.token}x`]) {
      const r = await call('app:info', undefined, token);
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    expect((await raw('/api/events?token=wrong')).status).toBe(403);
  });

  it('refuses another Host (DNS rebinding) and another Origin (cross-site)', async () => {
    expect((await raw('/', { host: 'evil.example:80' })).status).toBe(421);
    const foreign = await raw('/api/app:info', { origin: 'https://evil.example', [TOKEN_HEADER]: bridge.token, 'content-type': 'application/json' }, 'POST');
    expect(foreign.status).toBe(403);
    const crossSite = await raw('/api/app:info', { 'sec-fetch-site': 'cross-site', [TOKEN_HEADER]: bridge.token, 'content-type': 'application/json' }, 'POST');
    expect(crossSite.status).toBe(403);
  });

  it('answers a good call', async () => {
    const r = await call('app:info');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, value: { transport: 'web', practiceLabRunning: false } });
  });

  it('refuses a bad argument with invalid-argument naming the field, and an unknown channel', async () => {
    const bad = await call('scan:start', { targets: [], ports: [0], calledAes: [], vantage });
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    if (!bad.body.ok) expect(bad.body.error.message).toMatch(/targets.*ports\[0\]/);
    expect((await call('scan:delete')).status).toBe(404);
    const notJson = await raw('/api/app:info', { [TOKEN_HEADER]: bridge.token, 'content-type': 'text/plain' }, 'POST');
    expect(notJson.status).toBe(415);
    expect((await raw('/api/app:info', {}, 'GET')).status).toBe(405);
  });
});

describe('the web bridge: what it serves', () => {
  it('index.html with the bridge script first in <head>, under the CSP', async () => {
    const res = await fetch(bridge.url);
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`^<!doctype html><html><head><script src="${BRIDGE_SCRIPT_PATH}"></script><title>`));
  });

  it('the launch address carries the token in its fragment only, which no request sends', () => {
    const launch = new URL(bridge.launchUrl);
    expect(launch.origin + launch.pathname).toBe(bridge.url);
    expect(launch.search).toBe('');
    expect(launch.hash).toBe(`#token=${bridge.token}`);
  });

  it('a plain GET / (any local process may send one) reveals no token, and calls without it are refused', async () => {
    for (const [p, method] of [['/', 'GET'], ['/index.html', 'GET'], ['/', 'HEAD'], [BRIDGE_SCRIPT_PATH, 'GET'], ['/assets/app.js', 'GET']] as const) {
      const res = await fetch(`${origin()}${p}`, { method });
      expect(res.status, p).toBe(200);
      expect(await res.text(), `${method} ${p}`).not.toContain(bridge.token);
      expect(JSON.stringify([...res.headers]), `${method} ${p} headers`).not.toContain(bridge.token);
    }
    // What a process holding only the page can do: nothing.
    const noToken = await fetch(`${origin()}/api/scan:list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect((await raw('/api/events')).status).toBe(403);
  });

  it('the bridge script, which defines window.collimator and carries no token', async () => {
    const js = await (await fetch(`${origin()}${BRIDGE_SCRIPT_PATH}`)).text();
    expect(js).toContain('collimator');
    expect(js).not.toContain(bridge.token);
  });

  it('files under the renderer directory only', async () => {
    expect((await raw('/assets/app.js')).body).toContain('console.log');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/nope.js']) {
      const r = await raw(p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('outside the static dir');
    }
  });
});

describe('the web bridge: scans through the real handlers', () => {
  it('a scan of a loopback listener streams progress, the service, and the end', async () => {
    const target = await listener((s) => s.end());
    try {
      const stream = await collectEvents(() => false);
      await stream.started;
      const started = await call<{ scanId: string }>('scan:start', { targets: ['127.0.0.1'], ports: [target.port], calledAes: [], vantage, scanId: randomUUID() });
      expect(started.body.ok).toBe(true);
      if (!started.body.ok) return;
      const { scanId } = started.body.value;
      const events = await waitFor(stream, finishedOf(scanId));
      const mine = events.filter((e) => (e.data as { scanId: string }).scanId === scanId);
      expect(mine.some((e) => e.event === 'scan:progress')).toBe(true);
      const service = mine.find((e) => e.event === 'scan:service')?.data as { service: { port: number; state: string } } | undefined;
      expect(service?.service).toMatchObject({ port: target.port, state: 'open' });
      expect(mine.at(-1)).toMatchObject({ event: 'scan:finished', data: { scanId, cancelled: false, summary: { services: 1 } } });

      const report = await call<{ services: Array<{ port: number }> }>('scan:get', { scanId });
      expect(report.body.ok && report.body.value.services.map((s) => s.port)).toEqual([target.port]);
      const list = await call<ScanSummary[]>('scan:list');
      expect(list.body.ok && list.body.value.find((s) => s.id === scanId)).toMatchObject({ state: 'finished', services: 1, targets: ['127.0.0.1'] });
      expect(await call('scan:cancel', { scanId })).toMatchObject({ body: { ok: true, value: { cancelled: false } } });
    } finally {
      await target.close();
    }
  });

  it('a running scan can be cancelled, and ends cancelled', async () => {
    // A listener that accepts and never answers keeps identification waiting for its reply deadline.
    const target = await listener(() => undefined);
    try {
      const stream = await collectEvents(() => false);
      await stream.started;
      const started = await call<{ scanId: string }>('scan:start', { targets: ['127.0.0.1'], ports: [target.port], calledAes: [], vantage, scanId: randomUUID() });
      if (!started.body.ok) throw new Error(started.body.error.message);
      const { scanId } = started.body.value;
      const listed = await call<ScanSummary[]>('scan:list');
      expect(listed.body.ok && listed.body.value.find((s) => s.id === scanId)?.state).toBe('running');
      expect(await call('scan:cancel', { scanId })).toMatchObject({ body: { ok: true, value: { cancelled: true } } });
      const events = await waitFor(stream, finishedOf(scanId));
      expect(events.find((e) => e.event === 'scan:finished')).toMatchObject({ data: { scanId, cancelled: true } });
      const after = await call<ScanSummary[]>('scan:list');
      expect(after.body.ok && after.body.value.find((s) => s.id === scanId)?.state).toBe('cancelled');
    } finally {
      await target.close();
    }
  });

  it('a scope the engine refuses starts nothing', async () => {
    const before = await call<ScanSummary[]>('scan:list');
    const r = await call('scan:start', { targets: ['192.0.2.1'], ports: [104], calledAes: [], vantage, scanId: randomUUID() });
    expect(r.body).toMatchObject({ ok: false, error: { code: 'scope-refused' } });
    const after = await call<ScanSummary[]>('scan:list');
    expect(after.body).toEqual(before.body);
  });

  it('a broken inventory file is invalid-argument, naming the file and starting nothing', async () => {
    const before = await call<ScanSummary[]>('scan:list');
    const r = await call('scan:start', { targets: ['127.0.0.1'], ports: [104], calledAes: [], vantage, inventoryCsv: 'not,the,header\n', scanId: randomUUID() });
    expect(r.body).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    if (!r.body.ok) expect(r.body.error.message).toMatch(/^inventoryCsv: /);
    expect((await call('scan:list')).body).toEqual(before.body);
  });

  it('an unknown scan id is not-found', async () => {
    expect((await call('scan:get', { scanId: 'no-such-scan' })).body).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect((await call('scan:cancel', { scanId: 'no-such-scan' })).body).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('the practice lab starts with one click, suggests a scan, and stops', async () => {
    const lab = await call<{ servers: Array<{ host: string; port: number }>; suggested: { targets: string[]; ports: number[] } }>('practice-lab:start');
    expect(lab.body.ok).toBe(true);
    if (!lab.body.ok) return;
    expect(lab.body.value.servers.length).toBeGreaterThan(0);
    for (const s of lab.body.value.servers) expect(s.host).toMatch(/^127\./);
    expect(lab.body.value.suggested.ports).toEqual(lab.body.value.servers.map((s) => s.port));
    expect((await call('app:info')).body).toMatchObject({ ok: true, value: { practiceLabRunning: true } });
    // A second click returns the same lab rather than a second one.
    const again = await call<{ servers: unknown[] }>('practice-lab:start');
    expect(again.body).toEqual(lab.body);
    expect((await call('practice-lab:stop')).body).toEqual({ ok: true, value: { stopped: true } });
    expect((await call('practice-lab:stop')).body).toEqual({ ok: true, value: { stopped: false } });
    expect((await call('app:info')).body).toMatchObject({ ok: true, value: { practiceLabRunning: false } });
  });
});

/** Waits until the stream saw what `pred` wants (the stream's own deadline bounds the wait). */
async function waitFor(stream: { events: SseEvent[]; done: Promise<SseEvent[]> }, pred: (e: SseEvent[]) => boolean): Promise<SseEvent[]> {
  for (;;) {
    if (pred(stream.events)) return stream.events;
    const settled = await Promise.race([stream.done.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 50))]);
    if (settled) {
      if (pred(stream.events)) return stream.events;
      throw new Error(`the event stream ended without the expected event; saw ${stream.events.map((e) => e.event).join(', ')}`);
    }
  }
}
