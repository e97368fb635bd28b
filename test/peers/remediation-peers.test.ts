/**
 * Issue 14's fix cycle in the lab, on a real Orthanc 1.10.1 and a real DCMTK dcmqrscp:
 * the confirmed peers (inventory rows and a learned peer) fill the AE restriction's
 * snippet; the server is restarted with exactly the configuration the snippet gives;
 * verify shows the unknown caller refused AND every peer still accepted (one
 * association per peer's calling AE title from this workbench, nothing else). Then a
 * deliberately wrong allow-list (a peer left out): verify shows that peer `regressed`,
 * with the server's reason, and the verification does not pass. A peer whose address is
 * elsewhere, where the control also checks the address, is `inconclusive` from here.
 *
 * The learned peers are given as a ConfirmedPeer list (the seam's `learnedPeers`); the
 * log parsers that produce them are another part of issue 14. Every association goes to
 * the loopback servers started here; 10.200.x.x addresses are data only, never dialled.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProbeOptions } from '../../electron/engine/options';
import { createRemediationService, type RemediationService } from '../../electron/remediation/service';
import { openStore, type Store } from '../../electron/store';
import type { ConfirmedPeer, PeerAcceptance } from '../../shared/peers';
import { peerSkipReason, startDcmqrscp, startOrthanc, tcpAccepts, waitUntil, whichBinary, type OrthancServer } from './harness';
import { makeTempDir, removeTempDir, spawnPeer, stopPeerProcess, type PeerProcess } from './harness/process';
import { scanAndStore, snippetOf, statusOf } from './remediation-helpers';

const recently = (): string => new Date(Date.now() - 2 * 86_400_000).toISOString();
const byAe = (peers: PeerAcceptance[] | undefined): Record<string, PeerAcceptance> => Object.fromEntries((peers ?? []).map((p) => [p.callingAe, p]));
const ACCESS_CHECKS = ['dicom.any-calling-ae', 'dicom.query-open', 'dicom.retrieve-open', 'dicom.store-open'] as const;

describe.skipIf(peerSkipReason('orthanc', 'dcmtk'))('Orthanc: peers kept by the AE restriction, proven after the fix', () => {
  let dir: string;
  let store: Store;
  let svc: RemediationService;
  let orthanc: OrthancServer | undefined;
  let learned: ConfirmedPeer[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'collimator-peers-orthanc-'));
    store = openStore(path.join(dir, 'collimator.db'));
    svc = createRemediationService(store, { learnedPeers: () => learned });
  });
  afterAll(async () => {
    await orthanc?.stop();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('peers -> filled snippet -> restart -> verify: unknown caller refused, every peer accepted; a wrong list: regressed', async () => {
    orthanc = await startOrthanc({ preset: 'insecure', name: 'orthanc-peers' });
    const port = orthanc.port;
    svc.inventoryImport({
      csv: [
        'ae_title,host,port,role,description',
        `ORTHANC,127.0.0.1,${port},pacs,the server under test`,
        'CT_ROOM1,127.0.0.1,11113,CT modality,sends images',
        'READ_WS1,127.0.0.1,11114,reading workstation,queries and retrieves',
      ].join('\n'),
    });
    learned = [{ callingAe: 'US_ROOM2', address: '127.0.0.1', lastSeen: recently(), source: 'learned' }];
    const inventory = svc.inventoryList().map(({ aeTitle, host, port: p, role, description }) => ({ aeTitle, host, port: p, role, description }));
    const before = await scanAndStore(store, '127.0.0.1', port, defaultProbeOptions({ vantage: { label: 'lab', untrusted: false }, inventory, connectTimeoutMs: 2000, ioTimeoutMs: 3000, targetTimeoutMs: 30_000 }));
    for (const id of ACCESS_CHECKS) expect(statusOf(before, id), id).toBe('fail');

    // The snippet, filled from the confirmed peers: the learned one included; its step keeps all three.
    const checklist = svc.playbook({ host: '127.0.0.1', port });
    const snippet = snippetOf(checklist, 'dicom.any-calling-ae', 'orthanc', 'orthanc-access');
    const config = JSON.parse(snippet.code) as Record<string, unknown> & { DicomModalities: Record<string, { AET: string }> };
    expect(Object.values(config.DicomModalities).map((m) => m.AET)).toEqual(['CT_ROOM1', 'READ_WS1', 'US_ROOM2']);
    expect(config.DicomCheckModalityHost).toBe(true);
    const step = checklist.playbooks[0]!.variants.find((v) => v.id === 'orthanc')!.steps.find((s) => s.id.endsWith('/config'))!;
    expect(step.peers!.kept.map((p) => p.callingAe)).toEqual(['CT_ROOM1', 'READ_WS1', 'US_ROOM2']);
    expect(step.peers!.cut).toEqual([]);

    await orthanc.restart(config);
    svc.setStep({ host: '127.0.0.1', port, stepId: step.id, done: true, by: 'lab test', note: 'snippet applied' });

    const v = await svc.verify({ host: '127.0.0.1', port, timeoutMs: 3000 });
    for (const id of ACCESS_CHECKS) expect(v.checks.find((c) => c.id === id)?.verdict, id).toBe('fixed');
    const peers = byAe(v.peers);
    expect(Object.keys(peers).sort()).toEqual(['CT_ROOM1', 'READ_WS1', 'US_ROOM2']);
    for (const p of Object.values(peers)) {
      expect(p.verdict, `${p.callingAe}: ${p.reason}`).toBe('still-accepted');
      expect(p).toMatchObject({ outcome: 'success', addressBound: true, from: '127.0.0.1' });
    }
    // Kept with the verification, and in the signed record's source.
    expect(store.verifications.get(v.id)!.peers).toHaveLength(3);

    // A deliberately wrong allow-list: US_ROOM2 left out of DicomModalities.
    const { US_ROOM2: _left, ...others } = config.DicomModalities;
    await orthanc.restart({ DicomModalities: others });
    const wrong = await svc.verify({ host: '127.0.0.1', port, timeoutMs: 3000 });
    const cut = byAe(wrong.peers).US_ROOM2!;
    expect(cut.verdict).toBe('regressed');
    expect(cut.outcome).toBe('association-rejected');
    expect(cut.reason).toMatch(/refused US_ROOM2 \(127\.0\.0\.1\): rejected .*; the fix cut this peer off/);
    expect(byAe(wrong.peers).CT_ROOM1!.verdict).toBe('still-accepted');
    expect(wrong.checks.find((c) => c.id === 'dicom.any-calling-ae')?.verdict).toBe('fixed');
    expect(wrong.passed).toBe(false);

    // A peer that calls from another address, where the control also checks the address: inconclusive from here.
    learned = [...learned, { callingAe: 'MR_REMOTE', address: '10.200.7.50', lastSeen: recently(), source: 'learned' }];
    await orthanc.restart({ DicomModalities: { ...config.DicomModalities, MR_REMOTE: { AET: 'MR_REMOTE', Host: '10.200.7.50', Port: 104, AllowEcho: true } } });
    const remote = await svc.verify({ host: '127.0.0.1', port, timeoutMs: 3000 });
    const r = byAe(remote.peers).MR_REMOTE!;
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toMatch(/also checks the peer's address \(10\.200\.7\.50\) and this workbench calls from 127\.0\.0\.1/);
    expect(byAe(remote.peers).US_ROOM2!.verdict).toBe('still-accepted');
  });
});

describe.skipIf(peerSkipReason('dcmtk'))('dcmqrscp: peers kept by the HostTable/AETable restriction, proven after the fix', () => {
  let dir: string;
  let store: Store;
  let svc: RemediationService;
  let proc: PeerProcess | undefined;
  let procDir: string | undefined;
  const learned: ConfirmedPeer[] = [{ callingAe: 'US_ROOM2', address: '127.0.0.1', lastSeen: new Date(Date.now() - 86_400_000).toISOString(), source: 'learned' }];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'collimator-peers-dcmqrscp-'));
    store = openStore(path.join(dir, 'collimator.db'));
    svc = createRemediationService(store, { learnedPeers: () => learned });
  });
  afterAll(async () => {
    if (proc) await stopPeerProcess(proc);
    if (procDir) removeTempDir(procDir);
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** dcmqrscp restarted on `port` with these HostTable lines and the AETable line the snippet asks for. */
  async function runWith(port: number, hostTable: string[], name: string): Promise<void> {
    if (proc) await stopPeerProcess(proc);
    if (procDir) removeTempDir(procDir);
    procDir = makeTempDir(name);
    const area = path.join(procDir, 'db', 'QRSCP');
    mkdirSync(area, { recursive: true });
    const cfg = path.join(procDir, 'dcmqrscp.cfg');
    writeFileSync(cfg, [
      `NetworkTCPPort = ${port}`, 'MaxPDUSize = 16384', 'MaxAssociations = 16',
      'HostTable BEGIN', ...hostTable, 'HostTable END', 'VendorTable BEGIN', 'VendorTable END',
      'AETable BEGIN', `QRSCP ${area} RW (10, 1024mb) collimator_peers`, 'AETable END', '',
    ].join('\n'));
    const p = spawnPeer(whichBinary('dcmqrscp') ?? 'dcmqrscp', ['-dhl', '-c', cfg, String(port)], { cwd: procDir, logPath: path.join(procDir, 'dcmqrscp.log'), env: { TCP_NODELAY: '1' } });
    proc = p;
    expect(await waitUntil(() => tcpAccepts('127.0.0.1', port), { timeoutMs: 10_000, abort: () => p.hasExited() })).toBe(true);
  }

  it('peers -> filled HostTable -> restart -> verify: unknown caller refused, every peer accepted; a wrong list: regressed', async () => {
    const open = await startDcmqrscp({ aets: [{ aet: 'QRSCP', peers: 'ANY' }] });
    const port = open.port;
    try {
      svc.inventoryImport({ csv: `ae_title,host,port,role,description\nQRSCP,127.0.0.1,${port},archive,dcmqrscp under test\nCT_ROOM1,127.0.0.1,11113,CT modality,the peer\n` });
      const inventory = svc.inventoryList().map(({ aeTitle, host, port: p, role, description }) => ({ aeTitle, host, port: p, role, description }));
      await scanAndStore(store, '127.0.0.1', port, defaultProbeOptions({ inventory, vantage: { label: 'lab', untrusted: false }, connectTimeoutMs: 2000, ioTimeoutMs: 3000, targetTimeoutMs: 30_000 }));
    } finally {
      await open.stop();
    }
    const checklist = svc.playbook({ host: '127.0.0.1', port });
    const snippet = snippetOf(checklist, 'dicom.any-calling-ae', 'dcmqrscp', 'dcmqrscp-peers');
    const hostTable = snippet.code.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(hostTable).toEqual(['collimator_peer1 = (CT_ROOM1, 127.0.0.1, 11113)', 'collimator_peer2 = (US_ROOM2, 127.0.0.1, 104)', 'collimator_peers = collimator_peer1, collimator_peer2']);
    const step = checklist.playbooks[0]!.variants.find((v) => v.id === 'dcmqrscp')!.steps.find((s) => s.id.endsWith('/config'))!;
    expect(step.peers).toMatchObject({ binding: 'ae+address', cut: [] });

    await runWith(port, hostTable, 'dcmqrscp-peers-fixed');
    svc.setStep({ host: '127.0.0.1', port, stepId: step.id, done: true, by: 'lab test' });
    const v = await svc.verify({ host: '127.0.0.1', port, timeoutMs: 3000 });
    for (const id of ACCESS_CHECKS) expect(v.checks.find((c) => c.id === id)?.verdict, id).toBe('fixed');
    const peers = byAe(v.peers);
    expect(Object.keys(peers).sort()).toEqual(['CT_ROOM1', 'US_ROOM2']);
    for (const p of Object.values(peers)) expect(p.verdict, `${p.callingAe}: ${p.reason}`).toBe('still-accepted');

    // Wrong: the learned peer left out of the HostTable group.
    await runWith(port, ['collimator_peer1 = (CT_ROOM1, 127.0.0.1, 11113)', 'collimator_peers = collimator_peer1'], 'dcmqrscp-peers-wrong');
    const wrong = await svc.verify({ host: '127.0.0.1', port, timeoutMs: 3000 });
    const cut = byAe(wrong.peers).US_ROOM2!;
    expect(cut.verdict, cut.reason).toBe('regressed');
    expect(cut.reason).toMatch(/refused US_ROOM2 \(127\.0\.0\.1\): rejected .*; the fix cut this peer off/);
    expect(byAe(wrong.peers).CT_ROOM1!.verdict).toBe('still-accepted');
    expect(wrong.passed).toBe(false);
  });
});
