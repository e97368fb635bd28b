/**
 * The sweep against a real firewall: a network namespace of our own (10.200.0.0/16,
 * removed afterwards) whose nftables drop one port (filtered: connect timeout) and
 * reset another (closed), with a real listener on a third (open). Loopback cannot show
 * `filtered`; this is where the mapping is seen for real.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProbeOptions } from '../../electron/engine/options';
import { runScan } from '../../electron/engine/scan';
import { peerSkipReason } from './harness';

const skip = peerSkipReason('netns');

// Our own names and a /30 unlikely to meet another test's namespace.
const tag = process.pid % 100_000;
const NS = `clm-sweep-${tag}`;
const VETH_HOST = `csw${tag}a`;
const VETH_NS = `csw${tag}b`;
const octet = 200 + (process.pid % 50);
const HOST_IP = `10.200.${octet}.1`;
const NS_IP = `10.200.${octet}.2`;
const OPEN = 11112;
const DROPPED = 104;
const RESET = 4242;
const NOTHING = 2762; // no rule, no listener: the kernel answers RST

function sh(...args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
}

function nsExec(...args: string[]): void {
  sh('ip', 'netns', 'exec', NS, ...args);
}

let server: ChildProcess | undefined;

function teardown(): void {
  if (server?.pid !== undefined && server.exitCode === null) server.kill('SIGKILL');
  try {
    sh('ip', 'netns', 'del', NS); // takes the veth pair with it
  } catch {
    /* not there */
  }
  try {
    sh('ip', 'link', 'del', VETH_HOST);
  } catch {
    /* already gone with the namespace */
  }
}

describe.skipIf(skip)('sweep through a real firewall (network namespace)', () => {
  beforeAll(async () => {
    teardown();
    sh('ip', 'netns', 'add', NS);
    sh('ip', 'link', 'add', VETH_HOST, 'type', 'veth', 'peer', 'name', VETH_NS);
    sh('ip', 'link', 'set', VETH_NS, 'netns', NS);
    sh('ip', 'addr', 'add', `${HOST_IP}/30`, 'dev', VETH_HOST);
    sh('ip', 'link', 'set', VETH_HOST, 'up');
    nsExec('ip', 'link', 'set', 'lo', 'up');
    nsExec('ip', 'addr', 'add', `${NS_IP}/30`, 'dev', VETH_NS);
    nsExec('ip', 'link', 'set', VETH_NS, 'up');
    nsExec('nft', 'add', 'table', 'inet', 'lab');
    nsExec('nft', 'add', 'chain', 'inet', 'lab', 'input', '{ type filter hook input priority 0; policy accept; }');
    nsExec('nft', 'add', 'rule', 'inet', 'lab', 'input', 'tcp', 'dport', String(DROPPED), 'drop');
    nsExec('nft', 'add', 'rule', 'inet', 'lab', 'input', 'tcp', 'dport', String(RESET), 'reject', 'with', 'tcp', 'reset');
    // A listener inside the namespace that accepts and never speaks.
    server = spawn('ip', ['netns', 'exec', NS, process.execPath, '-e',
      `require('net').createServer(() => {}).listen(${OPEN}, '${NS_IP}', () => console.log('ready'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('namespace listener did not start')), 10_000);
      server!.stdout!.once('data', () => {
        clearTimeout(t);
        resolve();
      });
      server!.once('exit', (code) => {
        clearTimeout(t);
        reject(new Error(`namespace listener exited with ${code}`));
      });
    });
  }, 30_000);

  afterAll(() => {
    teardown();
  });

  it('maps drop to filtered, reset to closed, a listener to open', async () => {
    const report = await runScan({
      targets: [NS_IP],
      ports: [OPEN, DROPPED, RESET, NOTHING],
      options: defaultProbeOptions({ connectTimeoutMs: 1000, ioTimeoutMs: 500, targetTimeoutMs: 3000 }),
      includeClosed: true,
    });
    const state = Object.fromEntries(report.services.map((s) => [s.port, s.state]));
    expect(state).toEqual({ [OPEN]: 'open', [DROPPED]: 'filtered', [RESET]: 'closed', [NOTHING]: 'closed' });
    expect(report.summary.services).toBe(1);
    const open = report.services.find((s) => s.port === OPEN)!;
    expect(open.protocol).toBe('unknown'); // silent peer: not DICOM
  });

  it('cancelling while dials hang on dropped SYNs ends at once, marked cancelled', async () => {
    const ctrl = new AbortController();
    let started = false;
    const p = runScan(
      {
        targets: [NS_IP],
        ports: [DROPPED],
        // A connect timeout far beyond the test's patience: only the cancel can end it.
        options: defaultProbeOptions({ connectTimeoutMs: 600_000, ioTimeoutMs: 500, targetTimeoutMs: 3000 }),
      },
      { signal: ctrl.signal, onStart: () => { started = true; } },
    );
    setTimeout(() => ctrl.abort(), 300);
    const report = await p;
    expect(started).toBe(true);
    expect(report.scan.cancelled).toBe(true);
    expect(report.services).toEqual([]);
  }, 20_000);
});
