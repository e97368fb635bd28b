/**
 * Learning from real DCMTK servers' logs: dcmqrscp (-v -d, one AE restricted to a known
 * peer, one open to ANY), storescp (-v -d) and wlmscpfs (-v) are called by real DCMTK
 * clients with known calling AE titles from several loopback addresses; the peers
 * learned from each server's own output equal those calls, and nothing else. storescp
 * with -v only names no peer: said plainly, nothing invented.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnPeers } from '../../electron/peers';
import { freePort, peerSkipReason, tcpAccepts, waitUntil, whichBinary } from './harness';
import { dcmqrscpConfig } from './harness';
import { makeTempDir, removeTempDir, spawnPeer, stopPeerProcess, type PeerProcess } from './harness/process';
import { dcmtkCall, startRelay, type Relay } from './learn-lab';

const skip = peerSkipReason('dcmtk') ?? (whichBinary('wlmscpfs') ? undefined : 'wlmscpfs is not installed');

interface Running {
  proc: PeerProcess;
  port: number;
  log: string;
}

async function start(dir: string, name: string, args: (port: number) => string[]): Promise<Running> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const log = join(dir, `${name}-${port}.log`);
    const proc = spawnPeer(whichBinary(name) ?? name, args(port), { cwd: dir, logPath: log, env: { TCP_NODELAY: '1' } });
    if (await waitUntil(() => tcpAccepts('127.0.0.1', port), { timeoutMs: 10_000, intervalMs: 100, abort: () => proc.hasExited() })) return { proc, port, log };
    await stopPeerProcess(proc);
  }
  throw new Error(`${name} did not start`);
}

const strip = (r: Awaited<ReturnType<typeof learnPeers>>) => r.servers.map((s) => ({ ...s, peers: s.peers.map(({ firstSeen: _f, lastSeen: _l, ...p }) => p) }));

describe.skipIf(skip)('peers learned from real DCMTK logs', () => {
  let dir: string;
  const servers: Running[] = [];
  const relays: Relay[] = [];
  let qr: Running;
  let scp: Running;
  let scpQuiet: Running;
  let wl: Running;

  beforeAll(async () => {
    dir = makeTempDir('learn-dcmtk');
    // dcmqrscp: QR accepts only CT_ROOM3 at 127.0.0.1; OPEN accepts anyone.
    const cfg = join(dir, 'dcmqrscp.cfg');
    qr = await start(dir, 'dcmqrscp', (p) => {
      writeFileSync(cfg, dcmqrscpConfig(p, dir, [{ aet: 'QR', peers: [{ aet: 'CT_ROOM3', host: '127.0.0.1', port: 11113 }] }, { aet: 'OPEN', peers: 'ANY' }]));
      return ['-v', '-d', '-dhl', '-c', cfg, String(p)];
    });
    mkdirSync(join(dir, 'in'));
    scp = await start(dir, 'storescp', (p) => ['-v', '-d', '-dhl', '-aet', 'STORESCP', '-od', join(dir, 'in'), String(p)]);
    scpQuiet = await start(dir, 'storescp', (p) => ['-v', '-aet', 'QUIET', '-od', join(dir, 'in'), String(p)]);
    mkdirSync(join(dir, 'wl', 'WL'), { recursive: true });
    wl = await start(dir, 'wlmscpfs', (p) => ['-v', '-dhl', '-dfp', join(dir, 'wl'), String(p)]);
    servers.push(qr, scp, scpQuiet, wl);

    const via = async (port: number, from: string): Promise<number> => {
      const r = await startRelay(port, from);
      relays.push(r);
      return r.port;
    };
    expect(await dcmtkCall('echo', qr.port, 'CT_ROOM3', 'QR', dir)).toBe(true);
    expect(await dcmtkCall('echo', await via(qr.port, '127.0.0.9'), 'INTRUDER', 'QR', dir)).toBe(false);
    expect(await dcmtkCall('find', await via(qr.port, '127.0.0.9'), 'WS_1', 'OPEN', dir)).toBe(true);
    expect(await dcmtkCall('echo', await via(qr.port, '127.0.0.7'), 'MR_2', 'OPEN', dir)).toBe(true);
    expect(await dcmtkCall('store', scp.port, 'CT_ROOM3', 'STORESCP', dir)).toBe(true);
    expect(await dcmtkCall('echo', await via(scp.port, '127.0.0.7'), 'MR_2', 'STORESCP', dir)).toBe(true);
    expect(await dcmtkCall('echo', scpQuiet.port, 'CT_ROOM3', 'QUIET', dir)).toBe(true);
    expect(await dcmtkCall('echo', await via(wl.port, '127.0.0.12'), 'RIS_1', 'WL', dir)).toBe(true);
    // The servers write asynchronously (dcmqrscp from forked children): wait for the last lines.
    await waitUntil(() => Promise.resolve(readFileSync(qr.log, 'utf8').split('Association Release').length >= 4), { timeoutMs: 10_000, intervalMs: 100 });
  }, 120_000);
  afterAll(async () => {
    for (const r of relays) await r.close();
    for (const s of servers) await stopPeerProcess(s.proc);
    if (dir) removeTempDir(dir);
  });

  it('dcmqrscp -v -d: accepted and refused callers, per called AE, with their requests', async () => {
    const r = await learnPeers([{ name: qr.log, src: { path: qr.log } }]);
    expect(strip(r)).toEqual([
      { host: null, port: null, calledAe: 'OPEN', peers: [
        { callingAe: 'MR_2', address: '127.0.0.7', operations: ['echo'], count: 1, accepted: true },
        { callingAe: 'WS_1', address: '127.0.0.9', operations: ['find'], count: 1, accepted: true },
      ] },
      { host: null, port: null, calledAe: 'QR', peers: [
        { callingAe: 'CT_ROOM3', address: '127.0.0.1', operations: ['echo'], count: 1, accepted: true },
        { callingAe: 'INTRUDER', address: '127.0.0.9', operations: [], count: 1, accepted: false },
      ] },
    ]);
    expect(r.problems).toEqual([]);
    expect(r.lines.malformed).toBe(0);
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  it('storescp -v -d: the peer of each association; storescp -v alone names none, and says so', async () => {
    const r = await learnPeers([{ name: scp.log, src: { path: scp.log } }]);
    expect(strip(r)).toEqual([
      { host: null, port: null, calledAe: 'STORESCP', peers: [
        { callingAe: 'CT_ROOM3', address: '127.0.0.1', operations: ['store'], count: 1, accepted: true },
        { callingAe: 'MR_2', address: '127.0.0.7', operations: ['echo'], count: 1, accepted: true },
      ] },
    ]);
    expect(JSON.stringify(r)).not.toContain('SECRET');
    const q = await learnPeers([{ name: scpQuiet.log, src: { path: scpQuiet.log } }], { format: 'dcmtk' });
    expect(q.servers).toEqual([]);
    expect(q.problems.map((p) => p.reason).join(' ')).toMatch(/without their peer.*-d/);
  });

  it('wlmscpfs -v: the worklist caller', async () => {
    const r = await learnPeers([{ name: wl.log, src: { path: wl.log } }]);
    expect(strip(r)).toEqual([
      { host: null, port: null, calledAe: 'WL', peers: [{ callingAe: 'RIS_1', address: '127.0.0.12', operations: ['echo'], count: 1, accepted: true }] },
    ]);
  });

  it('all logs at once, one of them cut mid-line: the cut line is named and counted', async () => {
    const text = readFileSync(qr.log, 'utf8');
    const at = text.indexOf('Association Received (127.0.0.9:INTRUDER');
    const cut = join(dir, 'dcmqrscp-cut.log');
    writeFileSync(cut, text.slice(0, at + 'Association Received (127.0.0.9:INTR'.length));
    const r = await learnPeers([cut, scp.log].map((f) => ({ name: f, src: { path: f } })));
    expect(r.lines.malformed).toBe(1);
    expect(r.problems[0]).toEqual({ at: `${cut}:${text.slice(0, at).split('\n').length}`, reason: expect.stringMatching(/cut short.*ends mid-line/) as string });
    expect(r.servers.map((s) => s.calledAe)).toEqual(['QR', 'STORESCP']);
  });
});
