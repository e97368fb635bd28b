/**
 * The address plan of the `hospital` set (pure, tested in test/bench/hospital-plan.test.ts):
 * a /20 of 10.200.0.0/16 reached through a router (the bench's namespace), 40 live
 * hosts spread over it, what each one runs on which port, and which host:port pairs
 * the firewall drops (2 % of the live hosts' ports, chosen by a stable hash, never a
 * port where a service listens, so the truth keeps every service).
 */
import type { BenchProfileKey } from './profiles';
import { PROFILE_CYCLE } from './profiles';

/** Ports both tools scan on every address of the /20. */
export const HOSPITAL_PORTS: readonly number[] = [104, 11112, 4242, 2762, 443, 8042];

/** Live hosts in the /20. */
export const HOSPITAL_LIVE = 40;

/** Share of the live hosts' host:port pairs the firewall drops. */
export const HOSPITAL_DROP_FRACTION = 0.02;

/** What runs behind one host:port (every one sits behind the 1 ms relay). */
export type HospitalService =
  | { kind: 'orthanc'; role: 'open' | 'restricted' | 'tls'; port: number; rest?: true }
  | { kind: 'nginx'; port: number }
  | { kind: 'storescp'; tls: boolean; port: number }
  | { kind: 'dcmqrscp'; open: boolean; port: number }
  | { kind: 'scp'; profile: BenchProfileKey; port: number }
  | { kind: 'banner'; port: number };

export interface HospitalHost {
  /** Dotted address inside the /20. */
  ip: string;
  /** Offset of the address in the /20 (0-4095). */
  offset: number;
  /** One entry per listening port (an Orthanc's REST port is its own entry: kind 'orthanc', `rest: true`). */
  services: HospitalService[];
}

export interface HospitalPlan {
  /** The /20, e.g. 10.200.16.0/20. */
  block: string;
  /** Third octet of the /20's first address (a multiple of 16). */
  base: number;
  /** Every address of the /20, in order (4,096). */
  addresses: string[];
  /** The router link, a /30 outside the /20: root end and namespace end. */
  link: { root: string; ns: string; prefix: 30 };
  hosts: HospitalHost[];
  ports: readonly number[];
  /** host:port pairs the firewall drops (no answer). */
  dropped: { host: string; port: number }[];
}

/** Address at `offset` of the /20 whose third octet starts at `base`. */
export function addressAt(base: number, offset: number): string {
  if (!Number.isInteger(offset) || offset < 0 || offset > 4095) throw new Error(`offset ${offset} is outside a /20`);
  return `10.200.${base + (offset >> 8)}.${offset & 255}`;
}

/**
 * Which /20 a run uses: 10.200.{16,32,48,64,80}.0/20 by `tag` (the pid), so two
 * benches at once do not collide; 96 and up belong to the lan/wan sets and the
 * repo's namespace tests. The router link is 10.200.{250-254}.0/30 (unused elsewhere).
 */
export function hospitalBlock(tag: number): { base: number; link: number } {
  const k = Math.abs(Math.trunc(tag)) % 5;
  return { base: 16 * (k + 1), link: 250 + k };
}

/** FNV-1a of a string: a stable, seedable order without randomness. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Pick round(fraction x pairs) of the live hosts' host:port pairs to drop, never one
 * with a service on it; stable for a given `seed`.
 */
export function pickDropped(hosts: readonly HospitalHost[], ports: readonly number[], fraction: number, seed = 'hospital'): { host: string; port: number }[] {
  const want = Math.round(hosts.length * ports.length * fraction);
  const free: { host: string; port: number; h: number }[] = [];
  for (const host of hosts) {
    const used = new Set(host.services.map((s) => s.port));
    for (const port of ports) if (!used.has(port)) free.push({ host: host.ip, port, h: fnv1a(`${seed}:${host.ip}:${port}`) });
  }
  free.sort((a, b) => a.h - b.h || (a.host < b.host ? -1 : 1) || a.port - b.port);
  return free.slice(0, Math.min(want, free.length)).map(({ host, port }) => ({ host, port }));
}

/** Services of live host number `i` (0-39): real servers first, then the dcmjs-dimse fleet. */
function servicesOf(i: number): HospitalService[] {
  switch (i) {
    case 0:
      return [{ kind: 'orthanc', role: 'open', port: 4242 }, { kind: 'orthanc', role: 'open', port: 8042, rest: true }];
    case 1:
      return [{ kind: 'orthanc', role: 'restricted', port: 4242 }, { kind: 'orthanc', role: 'restricted', port: 8042, rest: true }];
    case 2:
      return [{ kind: 'orthanc', role: 'tls', port: 2762 }, { kind: 'orthanc', role: 'tls', port: 8042, rest: true }];
    case 3:
      return [{ kind: 'nginx', port: 443 }];
    case 4:
      return [{ kind: 'storescp', tls: false, port: 104 }];
    case 5:
      return [{ kind: 'storescp', tls: true, port: 2762 }];
    case 6:
      return [{ kind: 'dcmqrscp', open: false, port: 104 }];
    case 7:
      return [{ kind: 'dcmqrscp', open: true, port: 11112 }];
    default: {
      const j = i - 8;
      const out: HospitalService[] = [{ kind: 'scp', profile: PROFILE_CYCLE[j % PROFILE_CYCLE.length]!, port: 104 }];
      if (j % 5 === 4) out.push({ kind: 'banner', port: 11112 });
      else if (j % 2 === 0) out.push({ kind: 'scp', profile: PROFILE_CYCLE[(j + 3) % PROFILE_CYCLE.length]!, port: 11112 });
      return out;
    }
  }
}

/**
 * The plan for pid-derived `tag`: 40 live hosts spread over the /20 (offset
 * 37 + 101 i, never the /20's first or last address), the rest empty.
 */
export function hospitalPlan(tag: number): HospitalPlan {
  const { base, link } = hospitalBlock(tag);
  const hosts: HospitalHost[] = [];
  for (let i = 0; i < HOSPITAL_LIVE; i++) {
    const offset = 37 + 101 * i; // 37 .. 3976: spread over all 16 /24s
    hosts.push({ ip: addressAt(base, offset), offset, services: servicesOf(i) });
  }
  return {
    block: `10.200.${base}.0/20`,
    base,
    addresses: Array.from({ length: 4096 }, (_, o) => addressAt(base, o)),
    link: { root: `10.200.${link}.1`, ns: `10.200.${link}.2`, prefix: 30 },
    hosts,
    ports: HOSPITAL_PORTS,
    dropped: pickDropped(hosts, HOSPITAL_PORTS, HOSPITAL_DROP_FRACTION),
  };
}
