/**
 * The remediation channels end to end through the real dispatcher, zod schemas,
 * handlers, services and store (in memory), with a real scan of a loopback listener:
 * what the renderer's screens will call, channel by channel.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, InvokeArg, InvokeChannel, InvokeValue, Result } from '../../../shared/contract';
import { createDispatcher, type Dispatcher } from '../../../electron/ipc/dispatcher';
import { createHandlers } from '../../../electron/ipc/handlers';
import { createAppServices, type AppServices } from '../../../electron/services/app-services';
import { realDeps } from '../../../electron/services/real-deps';

let services: AppServices;
let dispatcher: Dispatcher;
const finished: string[] = [];
const sockets = new Set<Socket>();
let listener: Server;
let port: number;

beforeAll(async () => {
  listener = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  port = (listener.address() as { port: number }).port;
  services = createAppServices(
    {
      dbPath: ':memory:',
      version: '0.1.0',
      transport: 'web',
      emit: (channel: EventChannel, payload: unknown) => {
        if (channel === 'scan:finished') finished.push((payload as { scanId: string }).scanId);
      },
    },
    realDeps('0.1.0'),
  );
  dispatcher = createDispatcher(createHandlers(services));
});
afterAll(async () => {
  await services.close();
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => (listener.listening ? listener.close(() => r()) : r()));
});

async function call<C extends InvokeChannel>(channel: C, arg?: InvokeArg<C>): Promise<Result<InvokeValue<C>>> {
  return (await dispatcher.dispatch(channel, arg)) as Result<InvokeValue<C>>;
}
async function ok<C extends InvokeChannel>(channel: C, arg?: InvokeArg<C>): Promise<InvokeValue<C>> {
  const r = await call(channel, arg);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('remediation channels', () => {
  it('inventory: a malformed import changes nothing and names the lines; edits work', async () => {
    const good = await ok('inventory:import', { csv: `ae_title,host,port,role,description\nLOOPSRV,127.0.0.1,${port},pacs,listener\nCT1,10.200.7.5,104,CT modality,\n` });
    expect(good).toMatchObject({ imported: true, added: 2 });
    const bad = await ok('inventory:import', { csv: 'ae_title,host,port,role,description\nX,10.200.0.1,104,,\nY,10.200.0.2,notaport,,\n', replace: true });
    expect(bad).toMatchObject({ imported: false, problems: [{ line: 3 }] });
    expect((await ok('inventory:list')).map((n) => n.aeTitle)).toEqual(['CT1', 'LOOPSRV']);
    const ws = await ok('inventory:upsert', { aeTitle: 'WS1', host: '10.200.7.6', port: 104, role: 'workstation', description: '' });
    expect(await ok('inventory:remove', { id: ws.id })).toEqual({ removed: true });
  });

  it('a never-scanned server: not-found, in words', async () => {
    const r = await call('remediation:playbook', { host: '127.0.0.1', port });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    if (!r.ok) expect(r.error.message).toMatch(/no scan of 127\.0\.0\.1:\d+/);
    expect(await call('maintenance-window:get', { id: 'none' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('scan -> checklist -> steps and attestation -> window -> the service goes away -> verify: fixed -> summary', async () => {
    const { scanId } = await ok('scan:start', { targets: ['127.0.0.1'], ports: [port], calledAes: [], vantage: { label: 'guest VLAN', untrusted: true }, scanId: randomUUID() });
    const deadline = Date.now() + 30_000;
    while (!finished.includes(scanId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(finished).toContain(scanId);

    const checklist = await ok('remediation:playbook', { host: '127.0.0.1', port });
    expect(checklist.aeTitle).toBe('LOOPSRV');
    expect(checklist.playbooks.map((p) => p.checkId)).toEqual(['exposure.untrusted-reach']);
    const nft = checklist.playbooks[0]!.variants.find((v) => v.id === 'linux-nftables')!.steps[0]!.snippet!;
    expect(nft.code).toContain(`tcp dport ${port} ip saddr { 10.200.7.5 } accept`);
    expect(nft.rollback.code).toContain(`nft delete table inet collimator_tcp_${port}`);

    // An id from before steps were grouped (a finding's own) is stored under its action's id.
    const step = await ok('remediation:set-step', { host: '127.0.0.1', port, stepId: 'exposure.untrusted-reach/linux-nftables/rules', done: true, by: 'alice', note: 'rule loaded' });
    expect(step.progress).toEqual({ done: 1, total: 3 });
    expect(step.checklist.steps.map((x) => x.stepId)).toEqual(['action/firewall/linux-nftables']);
    const att = await ok('remediation:attest', { host: '127.0.0.1', port, id: 'manual.lockout', attested: true, by: 'alice', note: 'no login on this service' });
    expect(att.checklist.history).toHaveLength(2);
    expect(await call('remediation:set-step', { host: '127.0.0.1', port, stepId: 'made/up', done: true, by: 'alice' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    const now = Date.now();
    const w = await ok('maintenance-window:create', { name: 'tonight', startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), servers: [{ host: '127.0.0.1', port }] });
    expect((await ok('maintenance-window:list')).map((x) => [x.id, x.phase])).toEqual([[w.id, 'open']]);
    const progress = await ok('maintenance-window:get', { id: w.id });
    expect(progress.servers[0]).toMatchObject({ scanned: true, findings: 1, stepsDone: 1, stepsTotal: 3, attestationsDone: 1 });

    // The admin takes the service off the network.
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => listener.close(() => r()));
    const v = await ok('remediation:verify', { host: '127.0.0.1', port, timeoutMs: 1000 });
    expect(v.checks.map((c) => [c.id, c.verdict])).toEqual([['exposure.untrusted-reach', 'fixed']]);
    expect(v.after.state).toBe('closed');
    expect(v.beforeService.state).toBe('open');
    expect((await ok('remediation:verifications', { host: '127.0.0.1', port })).map((x) => x.id)).toEqual([v.id]);

    const summary = await ok('maintenance-window:summary', { id: w.id });
    expect(summary.totals).toEqual({ fixed: 1, stillOpen: 0, regressed: 0 });
    expect(summary.fixed).toEqual([{ host: '127.0.0.1', port, checks: ['exposure.untrusted-reach'] }]);
  });
});
