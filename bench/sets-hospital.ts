/**
 * The `hospital` set (issue 16): a /20 of 10.200.0.0/16 (4,096 addresses) behind a
 * router, the bench's own network namespace `clm-bench-<pid>-h`, reached from the
 * root namespace over a veth pair and a /30 link outside the /20. Always removed: at
 * the end, on errors, on Ctrl-C (bench/children.ts).
 *
 * - 40 live hosts spread over the /20 (bench/hospital-plan.ts): real Orthanc x3
 *   (open, restricted, DICOM TLS; their REST ports), nginx as an HTTPS web viewer in
 *   front of the open Orthanc's REST, storescp plain and +tls, dcmqrscp locked and
 *   open, and 32 hosts of dcmjs-dimse SCPs with the six bench AE policies and banners.
 *   Certificates are made with openssl in a temp dir (test/peers/harness makeTestPki).
 * - Every live service sits behind a relay adding 1 ms each way (bench/relay.ts):
 *   `tc netem` is not in this kernel ("Specified qdisc kind is unknown", checked in a
 *   namespace), so the relay is the latency. The real servers listen on internal
 *   ports of the namespace, unreachable from outside (nftables).
 * - nftables in the namespace: the 4,056 empty addresses answer nothing (dropped
 *   before routing: the firewall of a routed hospital network), 2 % of the live hosts'
 *   other ports are dropped too, the rest of a live host's ports refuse (closed).
 *
 * Orthanc and DCMTK have no bind-address option; inside the namespace they bind all
 * of its addresses on their internal ports, which nftables keeps from the veth.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestPki, orthancPresetConfig, tcpAccepts, waitUntil, whichBinary, DEFAULT_MODALITY, ORTHANC_PEER_USER, dcmqrscpConfig } from '../test/peers/harness';
import { makeTempDir, removeTempDir, spawnPeer, stopPeerProcess, type PeerProcess } from '../test/peers/harness/process';
import { onCleanup, startServers } from './children';
import type { TruthService } from './compare';
import { hospitalPlan, type HospitalPlan, type HospitalService } from './hospital-plan';
import { BENCH_PROFILES } from './profiles';
import type { ServerSpec } from './servers';
import type { TargetSet } from './sets-loopback';
import { netnsSkipReason } from './sets-netns';

const tag = process.pid % 100_000;
const NS = `clm-bench-${tag}-h`;
const VETH_HOST = `chh${tag}`;
const VETH_NS = `chn${tag}`;
/** Latency the relay adds in each direction, ms. */
export const HOSPITAL_DELAY_MS = 1;
/** Internal ports of the real servers inside the namespace (dropped from the veth). */
const INTERNAL = { first: 31_000, last: 32_999 } as const;

/** Why the hospital set cannot run here, or undefined. */
export function hospitalSkipReason(): string | undefined {
  const netns = netnsSkipReason();
  if (netns) return netns;
  for (const bin of ['Orthanc', 'storescp', 'dcmqrscp', 'nginx', 'openssl']) if (!whichBinary(bin)) return `${bin} is not installed`;
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

function nsExec(...args: string[]): void {
  sh('ip', 'netns', 'exec', NS, ...args);
}

function removeNamespace(): void {
  quiet('ip', 'netns', 'del', NS);
  quiet('ip', 'link', 'del', VETH_HOST);
}

function buildNamespace(plan: HospitalPlan): void {
  removeNamespace(); // leftovers of an earlier, killed run with the same pid tag
  sh('ip', 'netns', 'add', NS);
  sh('ip', 'link', 'add', VETH_HOST, 'type', 'veth', 'peer', 'name', VETH_NS);
  sh('ip', 'link', 'set', VETH_NS, 'netns', NS);
  sh('ip', 'addr', 'add', `${plan.link.root}/${plan.link.prefix}`, 'dev', VETH_HOST);
  sh('ip', 'link', 'set', VETH_HOST, 'up');
  sh('ip', 'route', 'add', plan.block, 'via', plan.link.ns, 'dev', VETH_HOST);
  nsExec('ip', 'link', 'set', 'lo', 'up');
  nsExec('ip', 'addr', 'add', `${plan.link.ns}/${plan.link.prefix}`, 'dev', VETH_NS);
  for (const h of plan.hosts) nsExec('ip', 'addr', 'add', `${h.ip}/32`, 'dev', VETH_NS);
  nsExec('ip', 'link', 'set', VETH_NS, 'up');
  const live = plan.hosts.map((h) => h.ip).join(', ');
  nsExec('nft', 'add', 'table', 'inet', 'bench');
  nsExec('nft', 'add', 'chain', 'inet', 'bench', 'pre', '{ type filter hook prerouting priority 0; policy accept; }');
  // Empty addresses: no answer (a routed network's firewall, no ARP at this scale).
  nsExec('nft', 'add', 'rule', 'inet', 'bench', 'pre', 'iifname', VETH_NS, 'ip', 'daddr', plan.block, 'ip', 'daddr', '!=', `{ ${live} }`, 'drop');
  if (plan.dropped.length) {
    const pairs = plan.dropped.map((d) => `${d.host} . ${d.port}`).join(', ');
    nsExec('nft', 'add', 'rule', 'inet', 'bench', 'pre', 'iifname', VETH_NS, 'ip', 'daddr', '.', 'tcp', 'dport', `{ ${pairs} }`, 'drop');
  }
}

/** After the real servers answered on their internal ports: close those ports to the outside. */
function closeInternalPorts(): void {
  nsExec('nft', 'add', 'rule', 'inet', 'bench', 'pre', 'iifname', VETH_NS, 'tcp', 'dport', `${INTERNAL.first}-${INTERNAL.last}`, 'drop');
}

/** A real server run inside the namespace (`ip netns exec` execs it: its PID is the server's). */
interface NsServer {
  name: string;
  proc: PeerProcess;
  dir: string;
  ports: number[];
}

function spawnInNs(name: string, dir: string, bin: string, args: string[], ports: number[]): NsServer {
  const proc = spawnPeer('ip', ['netns', 'exec', NS, whichBinary(bin) ?? bin, ...args], {
    cwd: dir,
    logPath: join(dir, `${name}.log`),
    // DCMTK otherwise adds ~45 ms per exchange (Nagle); Orthanc ignores it.
    env: { TCP_NODELAY: '1' },
  });
  return { name, proc, dir, ports };
}

/** Wait until each server accepts on its internal ports, reached at the namespace's link address. */
async function waitReady(servers: NsServer[], at: string): Promise<void> {
  await Promise.all(
    servers.map(async (s) => {
      const ok = await waitUntil(async () => (await Promise.all(s.ports.map((p) => tcpAccepts(at, p)))).every(Boolean), {
        timeoutMs: 30_000,
        intervalMs: 150,
        abort: () => s.proc.hasExited(),
      });
      if (!ok) throw new Error(`hospital: ${s.name} did not start (${s.proc.hasExited() ? 'exited' : 'not ready'}): ${s.proc.logTail(8)}`);
    }),
  );
}

/** Build the /20, start everything, and return the set (its `stop` removes it all). */
export async function hospitalSet(): Promise<TargetSet> {
  const plan = hospitalPlan(tag);
  const real: NsServer[] = [];
  const dirs: string[] = [];
  let servers: { stop(): Promise<void> } | undefined;
  const pki = makeTestPki();
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await servers?.stop();
    await Promise.all(real.map((s) => stopPeerProcess(s.proc).catch(() => undefined)));
    for (const d of dirs) removeTempDir(d);
    pki.remove();
    removeNamespace();
  };
  const off = onCleanup(`hospital namespace ${NS}`, stop);
  try {
    buildNamespace(plan);
    const dir = makeTempDir('bench-hospital');
    dirs.push(dir);
    // Internal ports (namespace-local): Orthanc DICOM/REST pairs, nginx, DCMTK.
    const port = {
      orthanc: { open: [31_001, 31_002], restricted: [31_003, 31_004], tls: [31_005, 31_006] },
      nginx: 31_007,
      storescp: 31_008,
      storescpTls: 31_009,
      qrLocked: 31_010,
      qrOpen: 31_011,
    } as const;
    const orthanc = (role: 'open' | 'restricted' | 'tls'): NsServer => {
      const [dicom, http] = port.orthanc[role];
      const d = join(dir, `orthanc-${role}`);
      mkdirSync(join(d, 'storage'), { recursive: true });
      const base = orthancPresetConfig(role === 'restricted' ? 'restricted' : 'insecure');
      const config = {
        ...base,
        Name: `bench-hospital-${role}`,
        DicomAet: role === 'restricted' ? 'HOSPPACS' : 'ORTHANC',
        DicomPort: dicom,
        HttpPort: http,
        StorageDirectory: join(d, 'storage'),
        IndexDirectory: join(d, 'storage'),
        TemporaryDirectory: d,
        Plugins: [],
        SaveJobs: false,
        ...(role === 'restricted' ? { DicomModalities: { MODALITY1: DEFAULT_MODALITY } } : {}),
        ...(role === 'tls'
          ? {
              DicomTlsEnabled: true,
              DicomTlsCertificate: pki.serverCert,
              DicomTlsPrivateKey: pki.serverKey,
              DicomTlsTrustedCertificates: pki.caCert,
              DicomTlsRemoteCertificateRequired: false,
              // Its REST behind a password, unlike the open one.
              AuthenticationEnabled: true,
              RegisteredUsers: { [ORTHANC_PEER_USER.username]: ORTHANC_PEER_USER.password },
            }
          : {}),
      };
      const cfg = join(d, 'orthanc.json');
      writeFileSync(cfg, `${JSON.stringify(config, null, 2)}\n`);
      return spawnInNs(`orthanc-${role}`, d, 'Orthanc', ['--verbose-dicom', `--logfile=${join(d, 'orthanc.log')}`, cfg], [dicom, http]);
    };
    real.push(orthanc('open'), orthanc('restricted'), orthanc('tls'));
    // nginx: an HTTPS web viewer in front of the open Orthanc's REST.
    const ngx = join(dir, 'nginx');
    for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) mkdirSync(join(ngx, d), { recursive: true });
    const ngxConf = join(ngx, 'nginx.conf');
    writeFileSync(
      ngxConf,
      [
        'user root;',
        'worker_processes 1;',
        `pid ${join(ngx, 'nginx.pid')};`,
        `error_log ${join(ngx, 'logs', 'error.log')} warn;`,
        'events { worker_connections 512; }',
        'http {',
        '  access_log off;',
        ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((d) => `  ${d === 'body' ? 'client_body' : d}_temp_path ${join(ngx, d)};`),
        '  server {',
        `    listen ${port.nginx} ssl;`,
        `    ssl_certificate ${pki.serverCert};`,
        `    ssl_certificate_key ${pki.serverKey};`,
        '    ssl_protocols TLSv1.2 TLSv1.3;',
        `    location / { proxy_pass http://127.0.0.1:${port.orthanc.open[1]}; proxy_read_timeout 10s; }`,
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    real.push(spawnInNs('nginx', ngx, 'nginx', ['-p', ngx, '-c', ngxConf, '-e', join(ngx, 'logs', 'error.log'), '-g', 'daemon off;'], [port.nginx]));
    // DCMTK: storescp plain and DICOM TLS, dcmqrscp locked to one peer and open to any.
    const store = (tls: boolean): NsServer => {
      const d = join(dir, tls ? 'storescp-tls' : 'storescp');
      mkdirSync(join(d, 'received'), { recursive: true });
      const p = tls ? port.storescpTls : port.storescp;
      const args = ['-aet', 'STORESCP', '-od', join(d, 'received'), ...(tls ? ['+tls', pki.serverKey, pki.serverCert, '-ic'] : []), String(p)];
      return spawnInNs(tls ? 'storescp-tls' : 'storescp', d, 'storescp', args, [p]);
    };
    const qr = (open: boolean): NsServer => {
      const d = join(dir, open ? 'dcmqrscp-open' : 'dcmqrscp-locked');
      mkdirSync(d, { recursive: true });
      const p = open ? port.qrOpen : port.qrLocked;
      const cfg = join(d, 'dcmqrscp.cfg');
      const aets = open
        ? [{ aet: 'PACS', peers: 'ANY' as const }]
        : [{ aet: 'QRSCP', peers: [{ aet: DEFAULT_MODALITY.AET, host: DEFAULT_MODALITY.Host, port: DEFAULT_MODALITY.Port }] }];
      writeFileSync(cfg, dcmqrscpConfig(p, d, aets));
      return spawnInNs(open ? 'dcmqrscp-open' : 'dcmqrscp-locked', d, 'dcmqrscp', ['-dhl', '-c', cfg, String(p)], [p]);
    };
    real.push(store(false), store(true), qr(false), qr(true));

    // The relays (1 ms each way) and the dcmjs-dimse fleet: one bench/servers.ts in the namespace.
    const specs: ServerSpec[] = [];
    const truth: TruthService[] = [];
    let next = 32_000;
    const relay = (host: string, listen: number, to: number): void => {
      specs.push({ kind: 'relay', host, port: listen, to: { host: '127.0.0.1', port: to }, delayMs: HOSPITAL_DELAY_MS });
    };
    const internalOf = (s: HospitalService): number => {
      switch (s.kind) {
        case 'orthanc':
          return port.orthanc[s.role][s.rest ? 1 : 0];
        case 'nginx':
          return port.nginx;
        case 'storescp':
          return s.tls ? port.storescpTls : port.storescp;
        case 'dcmqrscp':
          return s.open ? port.qrOpen : port.qrLocked;
        case 'scp': {
          const p = next++;
          specs.push({ kind: 'scp', host: '127.0.0.1', port: p, profile: s.profile });
          return p;
        }
        case 'banner': {
          const p = next++;
          specs.push({ kind: 'banner', host: '127.0.0.1', port: p });
          return p;
        }
      }
    };
    for (const h of plan.hosts) {
      for (const s of h.services) {
        relay(h.ip, s.port, internalOf(s));
        truth.push(truthOf(h.ip, s));
      }
    }
    const fleet = await startServers(specs, ['ip', 'netns', 'exec', NS]);
    servers = fleet;
    await waitReady(real, plan.link.ns);
    closeInternalPorts();
    const dicomHosts = plan.hosts.filter((h) => h.services.length > 0).length;
    return {
      name: 'hospital /20 (netns)',
      description: `${plan.block} behind a router namespace: ${dicomHosts} live hosts (Orthanc x3 + REST, nginx HTTPS viewer, storescp plain/TLS, dcmqrscp x2, ${dicomHosts - 8} dcmjs-dimse SCP hosts), ${4096 - dicomHosts} empty addresses dropped, ${plan.dropped.length} live ports dropped (2 %), +${HOSPITAL_DELAY_MS} ms each way (relay)`,
      hosts: plan.addresses,
      collimatorTargets: [plan.block],
      nmapTargets: [plan.block],
      ports: [...plan.ports],
      truth,
      goal: '5x',
      stop: async () => {
        off();
        await stop();
      },
    };
  } catch (e) {
    off();
    await stop();
    throw e;
  }
}

/** What the bench knows is at host:port. */
function truthOf(host: string, s: HospitalService): TruthService {
  switch (s.kind) {
    case 'orthanc':
      if (s.rest) return { host, port: s.port, label: `Orthanc REST (${s.role === 'open' ? 'no password' : 'password'})`, dicom: false };
      if (s.role === 'open') return { host, port: s.port, label: 'Orthanc, every DIMSE service open', dicom: true, calling: 'accepts', called: 'accepts' };
      if (s.role === 'restricted') return { host, port: s.port, label: 'Orthanc, called AE + modality list', dicom: true, calling: 'refuses', called: 'refuses' };
      return { host, port: s.port, label: 'Orthanc over DICOM TLS (any AE)', dicom: true, tls: true, calling: 'accepts', called: 'accepts' };
    case 'nginx':
      return { host, port: s.port, label: 'web viewer: nginx HTTPS in front of Orthanc REST', dicom: false };
    case 'storescp':
      return s.tls
        ? { host, port: s.port, label: 'storescp over DICOM TLS', dicom: true, tls: true, calling: 'accepts', called: 'accepts' }
        : { host, port: s.port, label: 'storescp (accepts any AE)', dicom: true, calling: 'accepts', called: 'accepts' };
    case 'dcmqrscp':
      return s.open
        ? { host, port: s.port, label: 'dcmqrscp, AE PACS, any peer', dicom: true, calling: 'accepts', called: 'refuses' }
        : { host, port: s.port, label: 'dcmqrscp, one registered peer', dicom: true, calling: 'refuses', called: 'refuses' };
    case 'scp': {
      const p = BENCH_PROFILES[s.profile];
      return { host, port: s.port, label: p.label, dicom: true, calling: p.calling, called: p.called };
    }
    case 'banner':
      return { host, port: s.port, label: 'SSH-like banner', dicom: false };
  }
}
