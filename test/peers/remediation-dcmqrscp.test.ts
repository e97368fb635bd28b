/**
 * The dcmqrscp variant of the access playbook, applied for real: a DCMTK dcmqrscp whose
 * AE accepts ANY peer is scanned (unknown callers get in), its dcmqrscp.cfg is rewritten
 * with the HostTable lines of the generated snippet and the AETable line ending in
 * `collimator_peers` as the snippet says, it is restarted on the same port, and verify
 * says `fixed` for the unknown-caller checks. The inventory's peer still gets in.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProbeOptions } from '../../electron/engine/options';
import { createRemediationService, type RemediationService } from '../../electron/remediation/service';
import { openStore, type Store } from '../../electron/store';
import { peerSkipReason, startDcmqrscp, tcpAccepts, waitUntil, whichBinary } from './harness';
import { makeTempDir, removeTempDir, spawnPeer, stopPeerProcess, type PeerProcess } from './harness/process';
import { scanAndStore, snippetOf, statusOf } from './remediation-helpers';

const skip = peerSkipReason('dcmtk');

function echo(port: number, calling: string, called: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('echoscu', ['-to', '5', '-ta', '5', '-td', '5', '-aet', calling, '-aec', called, '127.0.0.1', String(port)], { timeout: 15_000 }, (err) => resolve(err === null));
  });
}

describe.skipIf(skip)('dcmqrscp: the playbook\'s AETable/HostTable fix, applied and verified', () => {
  let dir: string;
  let store: Store;
  let svc: RemediationService;
  let proc: PeerProcess | undefined;
  let procDir: string | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'collimator-dcmqrscp-'));
    store = openStore(path.join(dir, 'collimator.db'));
    svc = createRemediationService(store);
  });
  afterAll(async () => {
    if (proc) await stopPeerProcess(proc);
    if (procDir) removeTempDir(procDir);
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ANY -> collimator_peers -> verify: unknown callers shut out, the peer still in', async () => {
    const open = await startDcmqrscp({ aets: [{ aet: 'QRSCP', peers: 'ANY' }] });
    const port = open.port;
    let before;
    try {
      svc.inventoryImport({ csv: `ae_title,host,port,role,description\nQRSCP,127.0.0.1,${port},archive,dcmqrscp under test\nCT_ROOM1,127.0.0.1,11113,CT modality,the peer\n` });
      const inventory = svc.inventoryList().map(({ aeTitle, host, port: p, role, description }) => ({ aeTitle, host, port: p, role, description }));
      before = await scanAndStore(store, '127.0.0.1', port, defaultProbeOptions({ inventory, vantage: { label: 'lab', untrusted: false }, connectTimeoutMs: 2000, ioTimeoutMs: 3000, targetTimeoutMs: 30_000 }));
    } finally {
      await open.stop();
    }
    // dcmqrscp with ANY: unknown callers query, retrieve and store; it always checks the called AE.
    for (const id of ['dicom.any-calling-ae', 'dicom.query-open', 'dicom.retrieve-open', 'dicom.store-open'] as const) expect(statusOf(before, id), id).toBe('fail');
    expect(statusOf(before, 'dicom.any-called-ae')).toBe('pass');

    const snippet = snippetOf(svc.playbook({ host: '127.0.0.1', port }), 'dicom.any-calling-ae', 'dcmqrscp', 'dcmqrscp-peers');
    // The lines the admin pastes into the HostTable (everything that is not a comment).
    const hostTable = snippet.code.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(hostTable).toEqual(['collimator_peer1 = (CT_ROOM1, 127.0.0.1, 11113)', 'collimator_peers = collimator_peer1']);
    expect(snippet.code).toMatch(/end the line of QRSCP with collimator_peers instead of ANY/);

    procDir = makeTempDir('dcmqrscp-fixed');
    const area = path.join(procDir, 'db', 'QRSCP');
    mkdirSync(area, { recursive: true });
    const cfg = path.join(procDir, 'dcmqrscp.cfg');
    writeFileSync(cfg, [
      `NetworkTCPPort = ${port}`, 'MaxPDUSize = 16384', 'MaxAssociations = 16',
      'HostTable BEGIN', ...hostTable, 'HostTable END',
      'VendorTable BEGIN', 'VendorTable END',
      'AETable BEGIN', `QRSCP ${area} RW (10, 1024mb) collimator_peers`, 'AETable END', '',
    ].join('\n'));
    proc = spawnPeer(whichBinary('dcmqrscp') ?? 'dcmqrscp', ['-dhl', '-c', cfg, String(port)], { cwd: procDir, logPath: path.join(procDir, 'dcmqrscp.log'), env: { TCP_NODELAY: '1' } });
    expect(await waitUntil(() => tcpAccepts('127.0.0.1', port), { timeoutMs: 10_000, abort: () => proc!.hasExited() })).toBe(true);

    expect(await echo(port, 'CT_ROOM1', 'QRSCP')).toBe(true);
    expect(await echo(port, 'STRANGER', 'QRSCP')).toBe(false);

    const v = await svc.verify({ host: '127.0.0.1', port, timeoutMs: 3000 });
    const verdict = (id: string): string | undefined => v.checks.find((c) => c.id === id)?.verdict;
    for (const id of ['dicom.any-calling-ae', 'dicom.query-open', 'dicom.retrieve-open', 'dicom.store-open']) expect(verdict(id), id).toBe('fixed');
    expect(verdict('dicom.any-called-ae')).toBe('still-passing');
    expect(verdict('dicom.plaintext')).toBe('still-failing');
  });
});
