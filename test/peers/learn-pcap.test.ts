/**
 * Learning from a capture: dumpcap (as root) records loopback traffic to a real storescp
 * while real DCMTK clients call it with known calling AE titles from several loopback
 * addresses; the peers read from the capture, through tshark and through the built-in
 * pcapng reader, equal those calls and nothing else. A damaged capture is said plainly.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnPeers } from '../../electron/peers';
import { peerSkipReason, startDcmqrscp, startStorescp, waitUntil, whichBinary, type PeerServer } from './harness';
import { makeTempDir, removeTempDir } from './harness/process';
import { dcmtkCall, startRelay, type Relay } from './learn-lab';

const skip = peerSkipReason('dcmtk', 'root') ?? (whichBinary('dumpcap') && whichBinary('tshark') && whichBinary('editcap') ? undefined : 'dumpcap/tshark/editcap are not installed');

const strip = (r: Awaited<ReturnType<typeof learnPeers>>) => r.servers.map((s) => ({ ...s, peers: s.peers.map(({ firstSeen: _f, lastSeen: _l, ...p }) => p) }));

describe.skipIf(skip)('peers learned from a capture of real associations', () => {
  let dir: string;
  let scp: PeerServer;
  let qr: PeerServer;
  const relays: Relay[] = [];
  let capture: string;
  let dumpcap: ChildProcess | undefined;

  beforeAll(async () => {
    dir = makeTempDir('learn-pcap');
    scp = await startStorescp({ aet: 'STORESCP' });
    qr = await startDcmqrscp({ aets: [{ aet: 'QR', peers: [{ aet: 'CT_ROOM3', host: '127.0.0.1', port: 11113 }] }] });
    capture = join(dir, 'dicom.pcapng');
    // Only this test's two servers' ports: the other helpers' traffic on lo stays out.
    dumpcap = spawn(whichBinary('dumpcap')!, ['-i', 'lo', '-q', '-f', `tcp port ${scp.port} or tcp port ${qr.port}`, '-w', capture], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    dumpcap.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    expect(await waitUntil(() => Promise.resolve(err.includes('Capturing on')), { timeoutMs: 10_000, intervalMs: 50 })).toBe(true);
    const via = async (port: number, from: string): Promise<number> => {
      const r = await startRelay(port, from);
      relays.push(r);
      return r.port;
    };
    mkdirSync(join(dir, 'obj'));
    expect(await dcmtkCall('store', scp.port, 'CT_ROOM3', 'STORESCP', join(dir, 'obj'))).toBe(true);
    expect(await dcmtkCall('echo', await via(scp.port, '127.0.0.7'), 'MR_2', 'STORESCP', dir)).toBe(true);
    expect(await dcmtkCall('echo', qr.port, 'CT_ROOM3', 'QR', dir)).toBe(true);
    expect(await dcmtkCall('find', qr.port, 'CT_ROOM3', 'QR', dir)).toBe(true);
    expect(await dcmtkCall('echo', await via(qr.port, '127.0.0.9'), 'INTRUDER', 'QR', dir)).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    const exited = new Promise((r) => dumpcap!.once('exit', r));
    dumpcap.kill('SIGTERM');
    await exited;
  }, 120_000);
  afterAll(async () => {
    if (dumpcap && dumpcap.exitCode === null) dumpcap.kill('SIGKILL');
    for (const r of relays) await r.close();
    await scp?.stop();
    await qr?.stop();
    if (dir) removeTempDir(dir);
  });

  const expected = () => [
    { host: '127.0.0.1', port: Math.min(scp.port, qr.port), calledAe: scp.port < qr.port ? 'STORESCP' : 'QR', peers: [] as unknown[] },
    { host: '127.0.0.1', port: Math.max(scp.port, qr.port), calledAe: scp.port < qr.port ? 'QR' : 'STORESCP', peers: [] as unknown[] },
  ].map((s) => ({
    ...s,
    peers:
      s.calledAe === 'STORESCP'
        ? [
            { callingAe: 'CT_ROOM3', address: '127.0.0.1', operations: ['store'], count: 1, accepted: true },
            { callingAe: 'MR_2', address: '127.0.0.7', operations: ['echo'], count: 1, accepted: true },
          ]
        : [
            { callingAe: 'CT_ROOM3', address: '127.0.0.1', operations: ['echo', 'find'], count: 2, accepted: true },
            { callingAe: 'INTRUDER', address: '127.0.0.9', operations: [], count: 1, accepted: false },
          ],
  }));

  it('through tshark: exactly the associations made', async () => {
    const r = await learnPeers([{ name: capture, src: { path: capture } }]);
    expect(strip(r)).toEqual(expected());
    expect(r.problems).toEqual([]);
    for (const s of r.servers) for (const p of s.peers) expect(p.firstSeen).toMatch(/^\d{4}-/);
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  it('through the built-in reader (no tshark), gzip\'d and as classic pcap (editcap) too: the same', async () => {
    const gz = join(dir, 'dicom.pcapng.gz');
    writeFileSync(gz, gzipSync(readFileSync(capture)));
    const classic = join(dir, 'dicom.pcap');
    execFileSync(whichBinary('editcap') ?? 'editcap', ['-F', 'pcap', capture, classic]);
    for (const f of [capture, gz, classic]) {
      const r = await learnPeers([{ name: f, src: { path: f } }], { tshark: false });
      expect(strip(r)).toEqual(expected());
      expect(r.problems).toEqual([]);
    }
  });

  it('a capture cut short: what came before is used; a file that is no capture is said plainly', async () => {
    const bytes = readFileSync(capture);
    const cut = join(dir, 'cut.pcapng');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const r = await learnPeers([{ name: cut, src: { path: cut } }], { tshark: false });
    expect(r.servers.length).toBeGreaterThan(0);
    const bad = join(dir, 'notes.pcap');
    writeFileSync(bad, 'this is not a capture\n');
    const b = await learnPeers([{ name: bad, src: { path: bad } }], { format: 'pcap' });
    expect(b.servers).toEqual([]);
    expect(b.problems).toEqual([{ at: bad, reason: expect.stringMatching(/^neither tshark nor the built-in reader can read it/) as string }]);
  });
});
