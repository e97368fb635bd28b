/**
 * Learning from a real Orthanc's log: a real Orthanc 1.10 (harness, verbose DICOM log) is
 * called by real DCMTK clients with known calling AE titles from several loopback
 * addresses (accepted, refused for an unknown caller, refused for a wrong called AE);
 * the peers learned from its log file are exactly those calls, and nothing else: no
 * query key (patient data) of the C-FIND reaches the result.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnPeers } from '../../electron/peers';
import { peerSkipReason, startOrthanc, waitUntil, type OrthancServer } from './harness';
import { dcmtkCall, startRelay, type Relay } from './learn-lab';

const skip = peerSkipReason('orthanc', 'dcmtk');

describe.skipIf(skip)('peers learned from a real Orthanc log', () => {
  let pacs: OrthancServer;
  const relays: Relay[] = [];
  let log: string;

  beforeAll(async () => {
    pacs = await startOrthanc({
      preset: 'restricted',
      name: 'orthanc-learn',
      verbose: true,
      modalities: { ct: { AET: 'CT_ROOM3', Host: '127.0.0.1', Port: 11113 }, ws: { AET: 'WS_1', Host: '127.0.0.9', Port: 11114 } },
    });
    const from9 = await startRelay(pacs.port, '127.0.0.9');
    const from23 = await startRelay(pacs.port, '127.0.0.23');
    relays.push(from9, from23);
    const dir = pacs.tempDir;
    expect(await dcmtkCall('echo', pacs.port, 'CT_ROOM3', 'ORTHANC', dir)).toBe(true);
    expect(await dcmtkCall('find', pacs.port, 'CT_ROOM3', 'ORTHANC', dir)).toBe(true);
    expect(await dcmtkCall('find', from9.port, 'WS_1', 'ORTHANC', dir)).toBe(true);
    expect(await dcmtkCall('store', from9.port, 'WS_1', 'ORTHANC', dir)).toBe(true);
    expect(await dcmtkCall('echo', from23.port, 'INTRUDER', 'ORTHANC', dir)).toBe(false);
    expect(await dcmtkCall('echo', pacs.port, 'CT_ROOM3', 'WRONG', dir)).toBe(false);
    // Orthanc writes its log asynchronously: wait for the last refusal to be there.
    await waitUntil(() => Promise.resolve(/bad called AET in the request \(WRONG\)/.test(readFileSync(pacs.logPath, 'utf8'))), { timeoutMs: 10_000, intervalMs: 100 });
    log = join(dir, 'copy.log');
    copyFileSync(pacs.logPath, log);
  }, 90_000);
  afterAll(async () => {
    for (const r of relays) await r.close();
    await pacs?.stop();
  });

  const expected = (port: number) => [
    {
      host: null,
      port,
      calledAe: 'ORTHANC',
      peers: [
        { callingAe: 'CT_ROOM3', address: '127.0.0.1', operations: ['echo', 'find'], count: 2, accepted: true },
        { callingAe: 'INTRUDER', address: '127.0.0.23', operations: [], count: 1, accepted: false },
        { callingAe: 'WS_1', address: '127.0.0.9', operations: ['store', 'find'], count: 2, accepted: true },
      ],
    },
    { host: null, port, calledAe: 'WRONG', peers: [{ callingAe: 'CT_ROOM3', address: '127.0.0.1', operations: [], count: 1, accepted: false }] },
  ];
  const strip = (r: Awaited<ReturnType<typeof learnPeers>>) =>
    r.servers.map((s) => ({ ...s, peers: s.peers.map(({ firstSeen: _f, lastSeen: _l, ...p }) => p) }));

  it('learns exactly the calls made: who, from where, what, accepted or refused', async () => {
    const r = await learnPeers([{ name: log, src: { path: log } }]);
    expect(strip(r)).toEqual(expected(pacs.port));
    expect(r.problems).toEqual([]);
    expect(r.lines.malformed).toBe(0);
    expect(r.lines.understood).toBeGreaterThan(8);
    for (const s of r.servers) for (const p of s.peers) expect(p.firstSeen).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  it('reads the same log gzip\'d and rotated, and counts a line cut mid-way as malformed', async () => {
    const text = readFileSync(log, 'utf8');
    const gz = join(pacs.tempDir, 'orthanc.log.1.gz');
    writeFileSync(gz, gzipSync(text));
    const r = await learnPeers([{ name: gz, src: { path: gz } }]);
    expect(strip(r)).toEqual(expected(pacs.port));

    // Cut the file in the middle of the refusal of INTRUDER: that line is named, nothing crashes.
    const at = text.indexOf('Rejected association for remote AET INTRUDER');
    const cut = join(pacs.tempDir, 'cut.log');
    writeFileSync(cut, text.slice(0, at + 'Rejected association for remote AET INT'.length));
    const c = await learnPeers([{ name: cut, src: { path: cut } }]);
    expect(c.lines.malformed).toBe(1);
    const lineNo = text.slice(0, at).split('\n').length;
    expect(c.problems).toContainEqual({ at: `${cut}:${lineNo}`, reason: expect.stringContaining('cut') as string });
  });
});
