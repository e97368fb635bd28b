/**
 * Target sets on loopback, built by the benchmark itself:
 * - real servers on 127.0.0.1: Orthanc (open, restricted, calling-AE only; its REST
 *   port too), storescp (plain and DICOM TLS), dcmqrscp (restricted, open), and
 *   closed ports: the real-peer harness starts them;
 * - a fleet of dcmjs-dimse SCPs on many 127.0.0.x addresses, with banners and closed ports;
 * - silent listeners (accept, never answer) next to fast SCPs;
 * - the floor: one closed port, so each tool's whole run is its own start and exit.
 */
import { freePorts, makeTestPki, startDcmqrscp, startOrthanc, startStorescp, DEFAULT_MODALITY, type PeerServer } from '../test/peers/harness';
import { onCleanup, startServers } from './children';
import type { TruthService } from './compare';
import { BENCH_PROFILES, PROFILE_CYCLE } from './profiles';
import type { ServerSpec } from './servers';

/** One target set: what both tools scan, and what the bench knows is there. */
export interface TargetSet {
  name: string;
  description: string;
  /** Every address scanned (the comparison walks hosts x ports). */
  hosts: string[];
  /** Target words for `collimator scan` and for nmap. */
  collimatorTargets: string[];
  nmapTargets: string[];
  ports: number[];
  truth: TruthService[];
  /**
   * 'faster': beat nmap; '3x': ports here are filtered or silent, beat it three times
   * over; '5x': the hospital /20 (issue 16), five times over; 'none': a reference
   * measurement (the start-up floor), no goal.
   */
  goal: 'faster' | '3x' | '5x' | 'none';
  stop(): Promise<void>;
}

/** Privileged port 104 when root, else a stand-in above 1024. */
export const DICOM_PORT = typeof process.getuid === 'function' && process.getuid() === 0 ? 104 : 10104;

function truthOfProfile(host: string, port: number, key: keyof typeof BENCH_PROFILES): TruthService {
  const p = BENCH_PROFILES[key];
  return { host, port, label: p.label, dicom: true, calling: p.calling, called: p.called };
}

/** Real Orthanc and DCMTK servers on 127.0.0.1 (a few seconds to start). */
export async function realServersSet(): Promise<TargetSet> {
  const started: PeerServer[] = [];
  const pki = makeTestPki();
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((s) => s.stop()));
    pki.remove();
  };
  const off = onCleanup('real servers', stop);
  const truth: TruthService[] = [];
  const add = <T extends PeerServer>(s: T): T => {
    started.push(s);
    return s;
  };
  const host = '127.0.0.1';
  const open = add(await startOrthanc({ preset: 'insecure', name: 'bench-orthanc-open' }));
  truth.push({ host, port: open.port, label: 'Orthanc, every DIMSE service open', dicom: true, calling: 'accepts', called: 'accepts' });
  truth.push({ host, port: open.httpPort, label: 'Orthanc REST (no password)', dicom: false });
  const restricted = add(await startOrthanc({ preset: 'restricted', name: 'bench-orthanc-restricted' }));
  truth.push({ host, port: restricted.port, label: 'Orthanc, called AE + modality list', dicom: true, calling: 'refuses', called: 'refuses' });
  truth.push({ host, port: restricted.httpPort, label: 'Orthanc REST (password)', dicom: false });
  const callingOnly = add(await startOrthanc({ preset: 'restricted', name: 'bench-orthanc-calling', config: { DicomCheckCalledAet: false } }));
  truth.push({ host, port: callingOnly.port, label: 'Orthanc, modality list only (called AE not checked)', dicom: true, calling: 'refuses', called: 'refuses' });
  const store = add(await startStorescp({}));
  truth.push({ host, port: store.port, label: 'storescp (accepts any AE)', dicom: true, calling: 'accepts', called: 'accepts' });
  const tls = add(await startStorescp({ tls: { key: pki.serverKey, cert: pki.serverCert } }));
  truth.push({ host, port: tls.port, label: 'storescp over DICOM TLS', dicom: true, tls: true, calling: 'accepts', called: 'accepts' });
  const qrLocked = add(await startDcmqrscp({ aets: [{ aet: 'QRSCP', peers: [{ aet: DEFAULT_MODALITY.AET, host: DEFAULT_MODALITY.Host, port: DEFAULT_MODALITY.Port }] }] }));
  truth.push({ host, port: qrLocked.port, label: 'dcmqrscp, one registered peer', dicom: true, calling: 'refuses', called: 'refuses' });
  const qrOpen = add(await startDcmqrscp({ aets: [{ aet: 'PACS', peers: 'ANY' }] }));
  truth.push({ host, port: qrOpen.port, label: 'dcmqrscp, AE PACS, any peer', dicom: true, calling: 'accepts', called: 'refuses' });
  const closed = await freePorts(3);
  for (const p of closed) truth.push({ host, port: p, label: 'closed', dicom: false });
  return {
    name: 'real servers',
    description: 'Orthanc x3 (+2 REST), storescp, storescp TLS, dcmqrscp x2, 3 closed ports on 127.0.0.1',
    hosts: [host],
    collimatorTargets: [host],
    nmapTargets: [host],
    ports: truth.map((t) => t.port),
    truth,
    goal: 'faster',
    stop: async () => {
      off();
      await stop();
    },
  };
}

/** `count` hosts from 127.0.0.`first`: SCPs on the DICOM ports, a banner on some, closed ports. */
export async function scpFleetSet(count = 40, first = 10): Promise<TargetSet> {
  const hosts = Array.from({ length: count }, (_, i) => `127.0.0.${first + i}`);
  const ports = [DICOM_PORT, 11112, 4242, 2762];
  const specs: ServerSpec[] = [];
  const truth: TruthService[] = [];
  hosts.forEach((host, i) => {
    const a = PROFILE_CYCLE[i % PROFILE_CYCLE.length]!;
    specs.push({ kind: 'scp', host, port: DICOM_PORT, profile: a });
    truth.push(truthOfProfile(host, DICOM_PORT, a));
    if (i % 5 === 4) {
      specs.push({ kind: 'banner', host, port: 11112 });
      truth.push({ host, port: 11112, label: 'SSH-like banner', dicom: false });
    } else {
      const b = PROFILE_CYCLE[(i + 3) % PROFILE_CYCLE.length]!;
      specs.push({ kind: 'scp', host, port: 11112, profile: b });
      truth.push(truthOfProfile(host, 11112, b));
    }
  });
  const servers = await startServers(specs);
  return {
    name: 'SCP fleet',
    description: `${count} hosts 127.0.0.${first}-${first + count - 1}: dcmjs-dimse SCPs (6 AE policies) on ${DICOM_PORT}/11112, banners, 4242/2762 closed`,
    hosts,
    collimatorTargets: [`${hosts[0]}-${hosts[hosts.length - 1]}`],
    nmapTargets: [`127.0.0.${first}-${first + count - 1}`],
    ports,
    truth,
    goal: 'faster',
    stop: () => servers.stop(),
  };
}

/** `count` hosts from 127.0.0.`first`, each with a silent listener on 11112 and a fast SCP on the DICOM port. */
export async function silentSet(count = 4, first = 60): Promise<TargetSet> {
  const hosts = Array.from({ length: count }, (_, i) => `127.0.0.${first + i}`);
  const ports = [DICOM_PORT, 11112, 4242];
  const specs: ServerSpec[] = [];
  const truth: TruthService[] = [];
  for (const host of hosts) {
    specs.push({ kind: 'scp', host, port: DICOM_PORT, profile: 'open-pacs' });
    truth.push(truthOfProfile(host, DICOM_PORT, 'open-pacs'));
    specs.push({ kind: 'silent', host, port: 11112 });
    truth.push({ host, port: 11112, label: 'silent (accepts, never answers)', dicom: false });
  }
  const servers = await startServers(specs);
  return {
    name: 'silent ports',
    description: `${count} hosts 127.0.0.${first}-${first + count - 1}: a silent listener on 11112, an open SCP on ${DICOM_PORT}, 4242 closed`,
    hosts,
    collimatorTargets: [`${hosts[0]}-${hosts[hosts.length - 1]}`],
    nmapTargets: [`127.0.0.${first}-${first + count - 1}`],
    ports,
    truth,
    goal: '3x',
    stop: () => servers.stop(),
  };
}

/**
 * One closed port on 127.0.0.1: nothing to find, so each tool's wall time is its own
 * start, a single refused dial and its exit. Every other set's time sits on top of
 * this; it is the floor no engine work can go below.
 */
export async function floorSet(): Promise<TargetSet> {
  const host = '127.0.0.1';
  const [port] = await freePorts(1);
  return {
    name: 'start-up floor',
    description: `one closed port (${port}) on ${host}: start, one refused dial, exit`,
    hosts: [host],
    collimatorTargets: [host],
    nmapTargets: [host],
    ports: [port!],
    truth: [],
    goal: 'none',
    stop: async () => {},
  };
}
