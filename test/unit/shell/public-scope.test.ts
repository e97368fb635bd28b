/**
 * Public scopes are confirmed by a person in the main process, never by the page
 * (issue 11): the gate over an injected confirmer, the scan manager asking it before
 * the engine is called, the re-check channel asking it, and the web bridge's terminal
 * confirmer. The public example is 192.0.2.1 (RFC 5737, documentation): the engines
 * here are scripted and nothing is ever dialled.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ScanStartRequest } from '../../../shared/contract';
import type { ScanReport } from '../../../shared/types';
import { createDispatcher } from '../../../electron/ipc/dispatcher';
import { createHandlers } from '../../../electron/ipc/handlers';
import { createAppServices } from '../../../electron/services/app-services';
import { AppError } from '../../../electron/services/errors';
import { publicScopeGate, refusePublicScope, type PublicScopeConfirmer } from '../../../electron/services/public-scope';
import { realDeps } from '../../../electron/services/real-deps';
import { ScanManager, type ScanEngine } from '../../../electron/services/scan-manager';
import type { ScanRequest } from '../../../electron/engine/scan';
import type { ScanStore } from '../../../electron/services/scan-store';
import { terminalPublicScopeConfirmer } from '../../../electron/web-bridge/terminal-confirm';

/** A confirmer that records what it was asked and answers as told. */
function asking(answer: boolean | (() => Promise<boolean>)): PublicScopeConfirmer & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    confirmPublicScope(ranges) {
      asked.push(ranges);
      return typeof answer === 'function' ? answer() : Promise.resolve(answer);
    },
  };
}

const noDns = (name: string): Promise<string[]> => Promise.reject(new Error(`no DNS in this test (${name})`));

describe('publicScopeGate', () => {
  it('private targets need nobody: allowPublic false, the confirmer is not asked', async () => {
    const c = asking(true);
    expect(await publicScopeGate(c, noDns).allowPublic(['10.200.0.0/24', '127.0.0.1', 'fd00::1'])).toBe(false);
    expect(c.asked).toEqual([]);
  });

  it('public targets are named to the confirmer; yes gives allowPublic true', async () => {
    const c = asking(true);
    expect(await publicScopeGate(c, noDns).allowPublic(['10.200.0.1', '192.0.2.1', '198.51.100.0/30'])).toBe(true);
    expect(c.asked).toEqual([['192.0.2.1', '198.51.100.0/30']]);
  });

  it('a host name is named with the public addresses it resolves to', async () => {
    const c = asking(true);
    const resolve = (name: string): Promise<string[]> => Promise.resolve(name === 'pacs.example' ? ['10.200.0.1', '192.0.2.7'] : []);
    await publicScopeGate(c, resolve).allowPublic(['pacs.example']);
    expect(c.asked).toEqual([['pacs.example (192.0.2.7)']]);
  });

  it('no is scope-refused, naming the ranges and saying nothing was sent', async () => {
    const err = await publicScopeGate(asking(false), noDns).allowPublic(['192.0.2.1']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'scope-refused', message: expect.stringMatching(/192\.0\.2\.1.*not confirmed: nothing was sent/) as unknown });
  });

  it('a confirmer that fails, or answers anything but true, is a no', async () => {
    await expect(publicScopeGate(asking(() => Promise.reject(new Error('dialog broke'))), noDns).allowPublic(['192.0.2.1'])).rejects.toMatchObject({ code: 'scope-refused' });
    const odd: PublicScopeConfirmer = { confirmPublicScope: () => Promise.resolve('yes' as unknown as boolean) };
    await expect(publicScopeGate(odd, noDns).allowPublic(['192.0.2.1'])).rejects.toMatchObject({ code: 'scope-refused' });
  });

  it('where nobody can be asked (the default), public targets are refused', async () => {
    await expect(publicScopeGate(refusePublicScope, noDns).allowPublic(['192.0.2.1'])).rejects.toMatchObject({ code: 'scope-refused' });
  });

  it('a scope the engine would refuse anyway is refused before anyone is asked', async () => {
    const c = asking(true);
    await expect(publicScopeGate(c, noDns).allowPublic(['192.0.2.300'])).rejects.toMatchObject({ code: 'scope-refused' });
    await expect(publicScopeGate(c, noDns).allowPublic(['192.0.0.0/8'])).rejects.toMatchObject({ code: 'scope-refused', message: expect.stringMatching(/larger than a \/16/) as unknown });
    expect(c.asked).toEqual([]);
  });

  it('one question at a time: a second request while one is open is busy', async () => {
    let answer!: (yes: boolean) => void;
    const c = asking(() => new Promise<boolean>((r) => (answer = r)));
    const gate = publicScopeGate(c, noDns);
    const first = gate.allowPublic(['192.0.2.1']);
    await expect(gate.allowPublic(['192.0.2.2'])).rejects.toMatchObject({ code: 'busy' });
    answer(true);
    expect(await first).toBe(true);
    expect(c.asked).toEqual([['192.0.2.1']]);
  });
});

/** A scan manager over a scripted engine that records every request and never dials. */
function manager(confirmer?: PublicScopeConfirmer) {
  const requests: ScanRequest[] = [];
  const begun: string[] = [];
  const store: ScanStore = {
    beginScan: (s) => void begun.push(s.id),
    saveService: () => undefined,
    finishScan: () => undefined,
    getScan: () => undefined,
    listScans: () => [],
    close: () => undefined,
  };
  const engine: ScanEngine = {
    runScan: (req, hooks) => {
      requests.push(req);
      hooks.onStart?.({ id: req.scanId!, startedAt: new Date().toISOString(), hosts: 1, ports: req.ports });
      const report: ScanReport = {
        tool: { name: 'collimator', version: 't' },
        scan: { id: req.scanId!, startedAt: '', finishedAt: '', vantage: req.options.vantage, targets: req.targets, ports: req.ports },
        services: [],
        summary: { services: 0, fail: { info: 0, low: 0, medium: 0, high: 0, critical: 0 } },
      };
      return Promise.resolve(report);
    },
    resolve: noDns,
    parseInventoryCsv: () => [],
  };
  const m = confirmer ? new ScanManager(engine, store, () => undefined, publicScopeGate(confirmer, noDns)) : new ScanManager(engine, store, () => undefined);
  return { m, requests, begun };
}

const req = (targets: string[]): ScanStartRequest => ({ targets, ports: [104], calledAes: [], vantage: { label: 't', untrusted: false }, scanId: randomUUID() });

describe('ScanManager and public targets', () => {
  it('refused: scope-refused, the engine is never called, nothing is saved', async () => {
    const c = asking(false);
    const w = manager(c);
    await expect(w.m.start(req(['192.0.2.1']))).rejects.toMatchObject({ code: 'scope-refused' });
    expect(c.asked).toEqual([['192.0.2.1']]);
    expect(w.requests).toEqual([]);
    expect(w.begun).toEqual([]);
  });

  it('confirmed: the engine runs with allowPublic true', async () => {
    const w = manager(asking(true));
    await w.m.start(req(['192.0.2.1']));
    expect(w.requests).toHaveLength(1);
    expect(w.requests[0]).toMatchObject({ targets: ['192.0.2.1'], allowPublic: true });
  });

  it('private only: the engine runs with allowPublic false and nobody is asked', async () => {
    const c = asking(true);
    const w = manager(c);
    await w.m.start(req(['127.0.0.1']));
    expect(w.requests[0]).toMatchObject({ allowPublic: false });
    expect(c.asked).toEqual([]);
  });

  it('a page-sent allowPublic authorises nothing, even if it got past validation', async () => {
    const w = manager(); // the default: nobody to ask
    const forged = { ...req(['192.0.2.1']), allowPublic: true } as ScanStartRequest;
    await expect(w.m.start(forged)).rejects.toMatchObject({ code: 'scope-refused' });
    expect(w.requests).toEqual([]);
  });
});

describe('the channels: scan:start and remediation:verify', () => {
  function app(confirmer: PublicScopeConfirmer) {
    const services = createAppServices({ dbPath: ':memory:', version: 't', transport: 'web', emit: () => undefined, confirmPublicScope: confirmer }, realDeps('t'));
    return { services, dispatcher: createDispatcher(createHandlers(services)) };
  }

  it('scan:start with allowPublic is invalid-argument (strict schema), and nobody is asked', async () => {
    const c = asking(true);
    const { services, dispatcher } = app(c);
    try {
      const r = await dispatcher.dispatch('scan:start', { ...req(['192.0.2.1']), allowPublic: true });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/allowPublic/) as unknown } });
      expect(c.asked).toEqual([]);
      expect(services.scans.list()).toEqual([]);
    } finally {
      await services.close();
    }
  });

  it('a re-check of a public server asks first: refused, the re-check never runs', async () => {
    const c = asking(false);
    const { services, dispatcher } = app(c);
    try {
      expect(await dispatcher.dispatch('remediation:verify', { host: '192.0.2.1', port: 104, allowPublic: true })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect(c.asked).toEqual([]);
      expect(await dispatcher.dispatch('remediation:verify', { host: '192.0.2.1', port: 104 })).toMatchObject({ ok: false, error: { code: 'scope-refused' } });
      expect(c.asked).toEqual([['192.0.2.1']]);
    } finally {
      await services.close();
    }
  });

  it('a re-check confirmed goes on to the service (which finds no earlier scan: nothing is dialled)', async () => {
    const c = asking(true);
    const { services, dispatcher } = app(c);
    try {
      expect(await dispatcher.dispatch('remediation:verify', { host: '192.0.2.1', port: 104 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(c.asked).toEqual([['192.0.2.1']]);
    } finally {
      await services.close();
    }
  });
});

describe('the web bridge terminal confirmer', () => {
  function terminal(deadlineMs?: number) {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c: Buffer) => (printed += c.toString('utf8')));
    const confirmer = terminalPublicScopeConfirmer({ input, output }, deadlineMs);
    const code = (): string => /type (\d{4}) and Enter/.exec(printed)?.[1] ?? '';
    return { input, confirmer, printed: () => printed, code };
  }

  it('names every range and a fresh code; only that code confirms', async () => {
    const t = terminal();
    const answer = t.confirmer.confirmPublicScope(['192.0.2.1', 'pacs.example (192.0.2.7)']);
    await new Promise((r) => setImmediate(r));
    expect(t.printed()).toMatch(/PUBLIC[^\n]*\n {2}192\.0\.2\.1\n {2}pacs\.example \(192\.0\.2\.7\)\n/);
    expect(t.code()).toMatch(/^\d{4}$/);
    t.input.write(`${t.code()}\n`);
    expect(await answer).toBe(true);
    expect(t.printed()).toMatch(/confirmed/);
  });

  it('"yes", an empty line, or another code refuses', async () => {
    for (const typed of ['yes', '', 'y']) {
      const t = terminal();
      const answer = t.confirmer.confirmPublicScope(['192.0.2.1']);
      await new Promise((r) => setImmediate(r));
      t.input.write(`${typed}\n`);
      expect(await answer, JSON.stringify(typed)).toBe(false);
      expect(t.printed()).toMatch(/not the code: refused, nothing is sent/);
    }
  });

  it('the end of input, or no answer by the deadline, refuses', async () => {
    const closed = terminal();
    const a = closed.confirmer.confirmPublicScope(['192.0.2.1']);
    closed.input.end();
    expect(await a).toBe(false);
    const silent = terminal(1);
    expect(await silent.confirmer.confirmPublicScope(['192.0.2.1'])).toBe(false);
    expect(silent.printed()).toMatch(/no answer: refused/);
  });

  it('asks afresh each time: a second question has its own code', async () => {
    const t = terminal();
    const first = t.confirmer.confirmPublicScope(['192.0.2.1']);
    await new Promise((r) => setImmediate(r));
    const code1 = t.code();
    t.input.write('nope\n');
    expect(await first).toBe(false);
    const second = t.confirmer.confirmPublicScope(['192.0.2.1']);
    await new Promise((r) => setImmediate(r));
    const code2 = [...t.printed().matchAll(/type (\d{4}) and Enter/g)].at(-1)?.[1];
    t.input.write(`${code2}\n`);
    expect(await second).toBe(true);
    expect(code1).toMatch(/^\d{4}$/);
  });
});
