/**
 * The peers channels end to end through the real dispatcher, zod schemas, handlers,
 * services and store (in memory): files the renderer read (logs and a capture written by
 * real servers, test/fixtures/peers) are learned, stored by name, listed per server and
 * compared with the inventory; bad arguments change nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvokeArg, InvokeChannel, InvokeValue, Result } from '../../../shared/contract';
import { createDispatcher, type Dispatcher } from '../../../electron/ipc/dispatcher';
import { createHandlers } from '../../../electron/ipc/handlers';
import { createAppServices, type AppServices } from '../../../electron/services/app-services';
import { realDeps } from '../../../electron/services/real-deps';

const FIX = path.join(__dirname, '..', '..', 'fixtures', 'peers');
const b64 = (f: string, gz = false): string => (gz ? gzipSync(readFileSync(path.join(FIX, f))) : readFileSync(path.join(FIX, f))).toString('base64');

let services: AppServices;
let dispatcher: Dispatcher;
beforeAll(() => {
  services = createAppServices({ dbPath: ':memory:', version: '0.1.0', transport: 'web', emit: () => undefined }, realDeps('0.1.0'));
  dispatcher = createDispatcher(createHandlers(services));
});
afterAll(() => services.close());

async function call<C extends InvokeChannel>(channel: C, arg?: InvokeArg<C>): Promise<Result<InvokeValue<C>>> {
  return (await dispatcher.dispatch(channel, arg)) as Result<InvokeValue<C>>;
}
async function ok<C extends InvokeChannel>(channel: C, arg?: InvokeArg<C>): Promise<InvokeValue<C>> {
  const r = await call(channel, arg);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('peers channels', () => {
  it('learn from dropped files (gzip\'d too), list per server, compare with the inventory', async () => {
    await ok('inventory:import', { csv: 'ae_title,host,port,role,description\nCT_ROOM3,127.0.0.1,104,CT,\nOLD_CR,127.0.0.44,104,CR,\n' });
    const r = await ok('peers:learn', { files: [{ name: 'orthanc.log.1.gz', base64: b64('orthanc-1.10-verbose.log', true) }, { name: 'dicom.pcapng', base64: b64('storescp-two-callers.pcapng') }] });
    expect(r.lines.malformed).toBe(0);
    expect(r.servers.map((s) => `${String(s.port)}/${String(s.calledAe)}`)).toEqual(['41021/ORTHANC', '41021/WRONG', '41031/STORESCP']);
    // Again: replaced, not doubled.
    await ok('peers:learn', { files: [{ name: 'orthanc.log.1.gz', base64: b64('orthanc-1.10-verbose.log', true) }] });

    const all = await ok('peers:list', {});
    expect(all.peers.find((p) => p.callingAe === 'CT_ROOM3' && p.calledAe === 'ORTHANC')).toMatchObject({ count: 2, accepted: true });
    expect(all.sources.map((s) => s.source).sort()).toEqual(['app:dicom.pcapng', 'app:orthanc.log.1.gz']);
    expect(all.vsInventory.seenNotInInventory.map((p) => `${String(p.callingAe)}@${String(p.address)}`).sort()).toEqual(['MR_2@127.0.0.5', 'WS_1@127.0.0.9']);
    expect(all.vsInventory.notSeenRecently.map((n) => n.node.aeTitle)).toEqual(['OLD_CR']);
    expect(all.vsInventory.knownSeen.length).toBeGreaterThan(0);

    const one = await ok('peers:list', { port: 41031 });
    expect(new Set(one.peers.map((p) => p.port))).toEqual(new Set([41031]));
    // The inventory itself is never changed by learning.
    expect((await ok('inventory:list')).map((n) => n.aeTitle)).toEqual(['CT_ROOM3', 'OLD_CR']);
  });

  it('bad arguments are refused with the field named, and nothing is stored', async () => {
    const before = (await ok('peers:list', {})).sources.length;
    for (const [arg, field] of [
      [{ files: [] }, 'files'],
      [{ files: [{ name: 'a.log', base64: 'ab$=' }] }, 'files[0].base64'],
      [{ files: [{ name: 'a.log', base64: 'QQ==' }], format: 'syslog' }, 'format'],
      [{ files: [{ name: 'a.log', base64: 'QQ==' }], since: 'yesterday' }, 'since'],
      [{ files: [{ name: 'a.log', base64: 'A'.repeat(3 * 1024 * 1024) }] }, 'files[0].base64'],
    ] as const) {
      const r = await call('peers:learn', arg as never);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid-argument');
        expect(r.error.message).toContain(field);
      }
    }
    expect((await ok('peers:list', {})).sources.length).toBe(before);
  });
});
