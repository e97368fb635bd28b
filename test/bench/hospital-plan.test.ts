/**
 * The hospital set's address plan (bench/hospital-plan.ts, pure): a /20 of
 * 10.200.0.0/16 only, 40 live hosts inside it, the router link outside it, and the
 * 2 % of live ports the firewall drops (stable, never a port with a service).
 */
import { describe, expect, it } from 'vitest';
import { addressAt, fnv1a, HOSPITAL_PORTS, hospitalBlock, hospitalPlan, pickDropped, type HospitalHost } from '../../bench/hospital-plan';

function toInt(ip: string): number {
  const [a, b, c, d] = ip.split('.').map(Number);
  return ((a! << 24) | (b! << 16) | (c! << 8) | d!) >>> 0;
}

describe('hospital plan', () => {
  it('is a /20 of 10.200.0.0/16, apart from the lan/wan octets, for every pid', () => {
    const seen = new Set<number>();
    for (let pid = 0; pid < 10; pid++) {
      const plan = hospitalPlan(pid);
      seen.add(plan.base);
      expect(plan.base % 16).toBe(0);
      expect(plan.base).toBeGreaterThanOrEqual(16);
      expect(plan.base + 15).toBeLessThan(100); // 100-199: the lan/wan sets and the repo's namespace tests
      expect(plan.block).toBe(`10.200.${plan.base}.0/20`);
      expect(plan.addresses).toHaveLength(4096);
      expect(new Set(plan.addresses).size).toBe(4096);
      const first = toInt(`10.200.${plan.base}.0`);
      // One expect per plan, not per address (4,096 each).
      expect(plan.addresses.every((a, i) => toInt(a) === first + i && a.startsWith('10.200.'))).toBe(true);
      expect([plan.link.root, plan.link.ns].every((a) => a.startsWith('10.200.'))).toBe(true);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([16, 32, 48, 64, 80]);
  });

  it('puts the router link in a /30 outside the /20, and 40 distinct live hosts inside it', () => {
    const plan = hospitalPlan(12345);
    const inside = new Set(plan.addresses);
    expect(inside.has(plan.link.root)).toBe(false);
    expect(inside.has(plan.link.ns)).toBe(false);
    expect(toInt(plan.link.ns) - toInt(plan.link.root)).toBe(1);
    expect(toInt(plan.link.root) % 4).toBe(1);
    expect(plan.hosts).toHaveLength(40);
    expect(new Set(plan.hosts.map((h) => h.ip)).size).toBe(40);
    for (const h of plan.hosts) {
      expect(inside.has(h.ip)).toBe(true);
      expect(h.ip).toBe(addressAt(plan.base, h.offset));
      expect(h.offset).toBeGreaterThan(0);
      expect(h.offset).toBeLessThan(4095);
      expect(h.services.length).toBeGreaterThan(0);
      for (const s of h.services) expect(HOSPITAL_PORTS).toContain(s.port);
      expect(new Set(h.services.map((s) => s.port)).size).toBe(h.services.length);
    }
    // Spread over the whole /20, not packed into one /24.
    expect(new Set(plan.hosts.map((h) => h.ip.split('.')[2])).size).toBe(16);
  });

  it('carries the real servers and the fleet the set promises', () => {
    const kinds = hospitalPlan(1).hosts.flatMap((h) => h.services.map((s) => (s.kind === 'orthanc' ? `orthanc-${s.role}${s.rest ? '-rest' : ''}` : s.kind === 'storescp' ? `storescp${s.tls ? '-tls' : ''}` : s.kind)));
    const count = (k: string): number => kinds.filter((x) => x === k).length;
    for (const k of ['orthanc-open', 'orthanc-restricted', 'orthanc-tls', 'orthanc-open-rest', 'nginx', 'storescp', 'storescp-tls']) expect(count(k)).toBe(1);
    expect(count('dcmqrscp')).toBe(2);
    expect(count('scp')).toBeGreaterThanOrEqual(40);
    expect(count('banner')).toBeGreaterThan(0);
  });

  it('drops 2 % of the live ports, never where a service listens, the same way every time', () => {
    const plan = hospitalPlan(7);
    expect(plan.dropped).toHaveLength(Math.round(40 * HOSPITAL_PORTS.length * 0.02));
    const byIp = new Map(plan.hosts.map((h) => [h.ip, h]));
    for (const d of plan.dropped) {
      const h = byIp.get(d.host);
      expect(h).toBeDefined();
      expect(h!.services.map((s) => s.port)).not.toContain(d.port);
    }
    expect(new Set(plan.dropped.map((d) => `${d.host}:${d.port}`)).size).toBe(plan.dropped.length);
    expect(hospitalPlan(7).dropped).toEqual(plan.dropped);
  });

  it('pickDropped takes what is free when asked for more, and a seed changes the choice', () => {
    const hosts: HospitalHost[] = [
      { ip: '10.200.16.1', offset: 1, services: [{ kind: 'banner', port: 104 }] },
      { ip: '10.200.16.2', offset: 2, services: [{ kind: 'banner', port: 11112 }] },
    ];
    expect(pickDropped(hosts, [104, 11112], 1)).toEqual(expect.arrayContaining([{ host: '10.200.16.1', port: 11112 }, { host: '10.200.16.2', port: 104 }]));
    expect(pickDropped(hosts, [104, 11112], 1)).toHaveLength(2);
    expect(pickDropped(hosts, [104, 11112], 0)).toEqual([]);
    const many: HospitalHost[] = Array.from({ length: 40 }, (_, i) => ({ ip: addressAt(16, i + 1), offset: i + 1, services: [] }));
    expect(pickDropped(many, HOSPITAL_PORTS, 0.02, 'a')).not.toEqual(pickDropped(many, HOSPITAL_PORTS, 0.02, 'b'));
  });

  it('addressAt and hospitalBlock stay in range; fnv1a is the known hash', () => {
    expect(addressAt(16, 0)).toBe('10.200.16.0');
    expect(addressAt(16, 4095)).toBe('10.200.31.255');
    expect(() => addressAt(16, 4096)).toThrow(/outside a \/20/);
    expect(() => addressAt(16, -1)).toThrow();
    expect(hospitalBlock(-3)).toEqual(hospitalBlock(3));
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
  });
});
