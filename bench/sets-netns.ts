/**
 * Target sets in a network namespace the benchmark creates and always removes (on
 * success, failure, Ctrl-C): addresses from 10.200.0.0/16 only.
 *
 * - LAN /24: a few live hosts (SCPs, a banner) on a veth, the rest of the /24 empty
 *   (ARP fails: host unreachable), and nftables dropping 4242 and 2762 (filtered).
 * - WAN: relays on a second /24 add 25 ms each way in front of SCPs in the namespace.
 */
import { execFileSync } from 'node:child_process';
import { onCleanup, startServers } from './children';
import type { TruthService } from './compare';
import { BENCH_PROFILES, type BenchProfileKey } from './profiles';
import type { ServerSpec } from './servers';
import { DICOM_PORT, type TargetSet } from './sets-loopback';

const tag = process.pid % 100_000;
const NS = `clm-bench-${tag}`;
const VETH_HOST = `cbh${tag}`;
const VETH_NS = `cbn${tag}`;
/** Third octets: LAN in 100-149, WAN in 150-199 (the repo's netns tests use others). */
const LAN = 100 + (process.pid % 50);
const WAN = LAN + 50;
/** Ports nftables drops inside the namespace. */
const DROPPED = [4242, 2762];
/** Latency the relay adds in each direction, ms. */
export const WAN_DELAY_MS = 25;

/** Why the namespace sets cannot run here, or undefined. */
export function netnsSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'network namespaces need root';
  for (const bin of ['ip', 'nft']) {
    try {
      execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    } catch {
      return `${bin} is not installed`;
    }
  }
  return undefined;
}

function sh(...args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
}

function quiet(...args: string[]): void {
  try {
    sh(...args);
  } catch {
    /* already gone */
  }
}

/** Remove the namespace (and with it its end of the veth and every address in it). */
export function removeNamespace(): void {
  quiet('ip', 'netns', 'del', NS);
  quiet('ip', 'link', 'del', VETH_HOST);
}

function nsExec(...args: string[]): void {
  sh('ip', 'netns', 'exec', NS, ...args);
}

/** Live hosts of the LAN /24 and what runs on them. */
const LAN_HOSTS: { last: number; dicom?: BenchProfileKey; other?: { port: number; kind: 'scp' | 'banner'; profile?: BenchProfileKey } }[] = [
  { last: 10, dicom: 'open-pacs', other: { port: 11112, kind: 'scp', profile: 'locked-pacs' } },
  { last: 11, dicom: 'called-ae-archive', other: { port: 11112, kind: 'scp', profile: 'modality-storage' } },
  { last: 12, dicom: 'calling-only', other: { port: 11112, kind: 'banner' } },
  { last: 13, dicom: 'locked-default-ae' },
];

/** WAN relays: relay address last octet → the profile behind it. */
const WAN_HOSTS: { last: number; dicom: BenchProfileKey; other: BenchProfileKey }[] = [
  { last: 20, dicom: 'open-pacs', other: 'locked-pacs' },
  { last: 21, dicom: 'called-ae-archive', other: 'calling-only' },
  { last: 22, dicom: 'modality-storage', other: 'locked-default-ae' },
];

/** Create the namespace and both sets. `stop()` of either set leaves the other running; the namespace goes with the last. */
export async function netnsSets(): Promise<TargetSet[]> {
  removeNamespace(); // leftovers of an earlier, killed run with the same pid tag
  onCleanup(`namespace ${NS}`, removeNamespace);
  sh('ip', 'netns', 'add', NS);
  sh('ip', 'link', 'add', VETH_HOST, 'type', 'veth', 'peer', 'name', VETH_NS);
  sh('ip', 'link', 'set', VETH_NS, 'netns', NS);
  sh('ip', 'addr', 'add', `10.200.${LAN}.1/24`, 'dev', VETH_HOST);
  sh('ip', 'addr', 'add', `10.200.${WAN}.1/24`, 'dev', VETH_HOST);
  sh('ip', 'link', 'set', VETH_HOST, 'up');
  nsExec('ip', 'link', 'set', 'lo', 'up');
  for (const h of LAN_HOSTS) nsExec('ip', 'addr', 'add', `10.200.${LAN}.${h.last}/24`, 'dev', VETH_NS);
  for (const h of WAN_HOSTS) nsExec('ip', 'addr', 'add', `10.200.${WAN}.${h.last}/24`, 'dev', VETH_NS);
  nsExec('ip', 'link', 'set', VETH_NS, 'up');
  nsExec('nft', 'add', 'table', 'inet', 'bench');
  nsExec('nft', 'add', 'chain', 'inet', 'bench', 'input', '{ type filter hook input priority 0; policy accept; }');
  nsExec('nft', 'add', 'rule', 'inet', 'bench', 'input', 'tcp', 'dport', `{ ${DROPPED.join(', ')} }`, 'drop');

  const specs: ServerSpec[] = [];
  const lanTruth: TruthService[] = [];
  for (const h of LAN_HOSTS) {
    const host = `10.200.${LAN}.${h.last}`;
    if (h.dicom) {
      specs.push({ kind: 'scp', host, port: DICOM_PORT, profile: h.dicom });
      lanTruth.push({ host, port: DICOM_PORT, label: BENCH_PROFILES[h.dicom].label, dicom: true, calling: BENCH_PROFILES[h.dicom].calling, called: BENCH_PROFILES[h.dicom].called });
    }
    if (h.other?.kind === 'banner') {
      specs.push({ kind: 'banner', host, port: h.other.port });
      lanTruth.push({ host, port: h.other.port, label: 'SSH-like banner', dicom: false });
    } else if (h.other?.profile) {
      const p = BENCH_PROFILES[h.other.profile];
      specs.push({ kind: 'scp', host, port: h.other.port, profile: h.other.profile });
      lanTruth.push({ host, port: h.other.port, label: p.label, dicom: true, calling: p.calling, called: p.called });
    }
  }
  const wanTruth: TruthService[] = [];
  let backend = 21_000;
  for (const h of WAN_HOSTS) {
    const host = `10.200.${WAN}.${h.last}`;
    for (const [port, key] of [[DICOM_PORT, h.dicom], [11112, h.other]] as const) {
      const behind = backend++;
      specs.push({ kind: 'scp', host: '127.0.0.1', port: behind, profile: key });
      specs.push({ kind: 'relay', host, port, to: { host: '127.0.0.1', port: behind }, delayMs: WAN_DELAY_MS });
      const p = BENCH_PROFILES[key];
      wanTruth.push({ host, port, label: `${p.label}, +${WAN_DELAY_MS} ms each way`, dicom: true, calling: p.calling, called: p.called });
    }
  }
  const servers = await startServers(specs, ['ip', 'netns', 'exec', NS]);
  let running = 2;
  const stopOne = async (): Promise<void> => {
    if (--running > 0) return;
    await servers.stop();
    removeNamespace();
  };
  const lanPorts = [DICOM_PORT, 11112, ...DROPPED, 8080];
  const lanHosts = Array.from({ length: 256 }, (_, i) => `10.200.${LAN}.${i}`);
  const wanHosts = WAN_HOSTS.map((h) => `10.200.${WAN}.${h.last}`);
  return [
    {
      name: 'LAN /24 (netns)',
      description: `10.200.${LAN}.0/24 in a namespace: 4 live hosts, 252 addresses empty, ${DROPPED.join('/')} dropped by nftables, 8080 closed`,
      hosts: lanHosts,
      collimatorTargets: [`10.200.${LAN}.0/24`],
      nmapTargets: [`10.200.${LAN}.0/24`],
      ports: lanPorts,
      truth: lanTruth,
      goal: '3x',
      stop: stopOne,
    },
    {
      name: `WAN relay +${WAN_DELAY_MS} ms (netns)`,
      description: `${wanHosts.length} hosts 10.200.${WAN}.${WAN_HOSTS[0]!.last}-${WAN_HOSTS[WAN_HOSTS.length - 1]!.last} behind a relay adding ${WAN_DELAY_MS} ms each way; ${DROPPED.join('/')} dropped, 8080 closed`,
      hosts: wanHosts,
      collimatorTargets: [`${wanHosts[0]}-${wanHosts[wanHosts.length - 1]}`],
      nmapTargets: [`10.200.${WAN}.${WAN_HOSTS[0]!.last}-${WAN_HOSTS[WAN_HOSTS.length - 1]!.last}`],
      ports: [DICOM_PORT, 11112, ...DROPPED, 8080],
      truth: wanTruth,
      goal: '3x',
      stop: stopOne,
    },
  ];
}
