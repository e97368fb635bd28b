/**
 * Firewalling, applied for real: a DICOM server (DCMTK storescp) in a network namespace
 * of our own (10.200.0.0/16 only, removed afterwards, also on failure) is scanned from
 * the root namespace as an untrusted vantage, so exposure.untrusted-reach fails. The
 * test then runs the GENERATED nftables snippet inside that namespace and verifies:
 * `fixed`; its rollback brings the exposure back. A rule written for the wrong port
 * leaves it `still-failing`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProbeOptions } from '../../electron/engine/options';
import { createRemediationService, type RemediationService } from '../../electron/remediation/service';
import { openStore, type Store } from '../../electron/store';
import { buildContext, renderPlaybook } from '../../shared/playbooks';
import { peerSkipReason, tcpAccepts, waitUntil } from './harness';
import { scanAndStore, snippetOf, statusOf } from './remediation-helpers';

const skip = peerSkipReason('root', 'netns', 'dcmtk');
const PORT = 11112;
const VANTAGE = { label: 'guest wifi (lab)', untrusted: true };
const tag = process.pid % 100_000;
const octet = 100 + (process.pid % 50); // 10.200.100-149.x: apart from the sweep test's 200-249

function run(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 15_000, ...(input !== undefined ? { input } : {}) });
}

/** One namespace per test: its own name, veth pair and /29. */
interface Netns {
  ns: string;
  hostIp: string;
  nsIp: string;
  /** An address in the namespace's subnet that no one answers on: the inventory's legitimate peer. */
  peerIp: string;
  server?: ChildProcess;
  exec(...args: string[]): string;
  teardown(): void;
}

function createNetns(n: number): Netns {
  const ns = `clm-fw-${tag}-${n}`;
  const vh = `cfw${tag}x${n}`;
  const vn = `cfw${tag}y${n}`;
  const base = n * 8;
  const net: Netns = {
    ns,
    hostIp: `10.200.${octet}.${base + 1}`,
    nsIp: `10.200.${octet}.${base + 2}`,
    peerIp: `10.200.${octet}.${base + 5}`,
    exec: (...args) => run('ip', ['netns', 'exec', ns, ...args]),
    teardown() {
      // Our own server only, by its process group (spawned detached), then the namespace.
      const pid = net.server?.pid;
      if (pid !== undefined && net.server?.exitCode === null) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      for (const args of [['netns', 'del', ns], ['link', 'del', vh]]) {
        try {
          run('ip', args);
        } catch {
          /* not there */
        }
      }
    },
  };
  net.teardown();
  run('ip', ['netns', 'add', ns]);
  run('ip', ['link', 'add', vh, 'type', 'veth', 'peer', 'name', vn]);
  run('ip', ['link', 'set', vn, 'netns', ns]);
  run('ip', ['addr', 'add', `${net.hostIp}/29`, 'dev', vh]);
  run('ip', ['link', 'set', vh, 'up']);
  net.exec('ip', 'link', 'set', 'lo', 'up');
  net.exec('ip', 'addr', 'add', `${net.nsIp}/29`, 'dev', vn);
  net.exec('ip', 'link', 'set', vn, 'up');
  return net;
}

/** storescp inside the namespace: a real DICOM SCP that accepts any caller. */
async function startServer(net: Netns): Promise<void> {
  net.server = spawn('ip', ['netns', 'exec', net.ns, 'storescp', '--fork', '-aet', 'NSPACS', '-od', tmpdir(), String(PORT)], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, TCP_NODELAY: '1' },
  });
  const ready = await waitUntil(() => tcpAccepts(net.nsIp, PORT, 500), { timeoutMs: 10_000, intervalMs: 100, abort: () => net.server?.exitCode !== null });
  if (!ready) throw new Error(`storescp in ${net.ns} did not start`);
}

describe.skipIf(skip)('firewalling a DICOM server, verified from the untrusted side', () => {
  let dir: string;
  let store: Store;
  let svc: RemediationService;
  const nets: Netns[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'collimator-firewall-'));
    store = openStore(path.join(dir, 'collimator.db'));
    svc = createRemediationService(store);
  });
  afterAll(() => {
    for (const n of nets) n.teardown();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh namespace with the server, its inventory, and a stored untrusted scan that finds it exposed. */
  async function exposedServer(n: number): Promise<Netns> {
    const net = createNetns(n);
    nets.push(net);
    await startServer(net);
    svc.inventoryImport({
      csv: `ae_title,host,port,role,description\nNSPACS,${net.nsIp},${PORT},pacs,server in the namespace\nCT_NS${n},${net.peerIp},104,CT modality,the one legitimate peer\n`,
    });
    const before = await scanAndStore(store, net.nsIp, PORT, defaultProbeOptions({ vantage: VANTAGE, connectTimeoutMs: 1000, ioTimeoutMs: 2000, targetTimeoutMs: 20_000 }));
    expect(statusOf(before, 'exposure.untrusted-reach')).toBe('fail');
    expect(statusOf(before, 'dicom.any-calling-ae')).toBe('fail');
    return net;
  }

  it('the generated nftables snippet shuts the untrusted vantage out: fixed; the rollback undoes it', async () => {
    const net = await exposedServer(1);
    const checklist = svc.playbook({ host: net.nsIp, port: PORT });
    const nft = snippetOf(checklist, 'exposure.untrusted-reach', 'linux-nftables', 'linux-nftables');
    expect(nft.code).toContain(`ip saddr { ${net.peerIp} } accept`);

    net.exec('sh', '-c', nft.code);
    expect(net.exec('nft', 'list', 'tables')).toContain('collimator_tcp_11112');
    // Loading it twice is harmless (the snippet replaces its own table).
    net.exec('sh', '-c', nft.code);
    expect(net.exec('nft', 'list', 'table', 'inet', 'collimator_tcp_11112').match(/counter/g)).toHaveLength(1);

    const v = await svc.verify({ host: net.nsIp, port: PORT, timeoutMs: 1000 });
    expect(v.after.state).toBe('filtered');
    expect(v.unreachable).toMatch(/did not answer/);
    const reach = v.checks.find((c) => c.id === 'exposure.untrusted-reach')!;
    expect(reach).toMatchObject({ before: 'fail', after: 'pass', verdict: 'fixed' });
    // Nothing else can be judged through a closed door: never counted as fixed.
    for (const c of v.checks.filter((x) => x.id !== 'exposure.untrusted-reach')) expect(c.verdict, c.id).toBe('inconclusive');
    expect(v.passed).toBe(false);

    net.exec('sh', '-c', nft.rollback.code);
    expect(net.exec('nft', 'list', 'tables')).not.toContain('collimator_tcp_11112');
    const back = await svc.verify({ host: net.nsIp, port: PORT, timeoutMs: 1000 });
    expect(back.checks.find((c) => c.id === 'exposure.untrusted-reach')!.verdict).toBe('still-failing');
  });

  it('a rule written for the wrong port leaves it still-failing', async () => {
    const net = await exposedServer(2);
    const latest = store.latestService(net.nsIp, PORT)!;
    // The same playbook rendered for port 11113: what an admin gets by picking the wrong server.
    const ctx = buildContext({ service: { ...latest.service, port: PORT + 1 }, inventory: store.inventory.list(), vantage: latest.vantage });
    const wrong = renderPlaybook('exposure.untrusted-reach', ctx).variants.find((x) => x.id === 'linux-nftables')!.steps[0]!.snippet!;
    expect(wrong.code).toContain(`tcp dport ${PORT + 1} counter drop`);
    net.exec('sh', '-c', wrong.code);

    const v = await svc.verify({ host: net.nsIp, port: PORT, timeoutMs: 1000 });
    expect(v.after.state).toBe('open');
    expect(v.checks.find((c) => c.id === 'exposure.untrusted-reach')).toMatchObject({ before: 'fail', after: 'fail', verdict: 'still-failing' });
    expect(v.checks.find((c) => c.id === 'dicom.any-calling-ae')!.verdict).toBe('still-failing');
  });
});
