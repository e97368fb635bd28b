import { describe, expect, it } from 'vitest';
import { LARGE_SCOPE_LIMIT, ScopeError, parseScope, type ScopeLimits } from '../../../electron/engine/scope';

const PRIVATE_ONLY: ScopeLimits = { allowLarge: false, allowPublic: false };
const ALL: ScopeLimits = { allowLarge: true, allowPublic: true };

/** A resolver that never touches the network: a fixed table. */
const table =
  (t: Record<string, string[]>) =>
  (name: string): Promise<string[]> => {
    const a = t[name];
    if (a === undefined) return Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    return Promise.resolve(a);
  };
const noNames = table({});

async function hosts(targets: string[], limits = PRIVATE_ONLY, resolve = noNames): Promise<string[]> {
  return (await parseScope(targets, limits, resolve)).hosts;
}

async function refusal(targets: string[], limits = PRIVATE_ONLY, resolve = noNames): Promise<string> {
  try {
    await parseScope(targets, limits, resolve);
  } catch (e) {
    expect(e).toBeInstanceOf(ScopeError);
    const msg = (e as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error(`expected ${JSON.stringify(targets)} to be refused`);
}

describe('parseScope: good input', () => {
  it('single IPv4 and IPv6 literals, canonicalised', async () => {
    expect(await hosts(['127.0.0.1'])).toEqual(['127.0.0.1']);
    expect(await hosts(['::1'])).toEqual(['::1']);
    expect(await hosts(['0:0:0:0:0:0:0:1'])).toEqual(['::1']);
    expect(await hosts(['[::1]'])).toEqual(['::1']);
    expect(await hosts(['FD00:0:0:0::0A'])).toEqual(['fd00::a']);
  });

  it('CIDR blocks, v4 and v6, host bits masked', async () => {
    expect(await hosts(['10.200.0.0/30'])).toEqual(['10.200.0.0', '10.200.0.1', '10.200.0.2', '10.200.0.3']);
    expect(await hosts(['10.200.0.6/30'])).toEqual(['10.200.0.4', '10.200.0.5', '10.200.0.6', '10.200.0.7']);
    expect(await hosts(['10.200.9.9/32'])).toEqual(['10.200.9.9']);
    expect(await hosts(['fd00::/126'])).toEqual(['fd00::', 'fd00::1', 'fd00::2', 'fd00::3']);
    expect(await hosts(['::1/128'])).toEqual(['::1']);
    const s = await parseScope(['10.200.0.0/16'], PRIVATE_ONLY, noNames);
    expect(s.count).toBe(65_536);
  });

  it('ranges, full and short', async () => {
    expect(await hosts(['10.200.0.1-10.200.0.3'])).toEqual(['10.200.0.1', '10.200.0.2', '10.200.0.3']);
    expect(await hosts(['10.200.0.1-3'])).toEqual(['10.200.0.1', '10.200.0.2', '10.200.0.3']);
    expect(await hosts(['10.200.0.255-10.200.1.1'])).toEqual(['10.200.0.255', '10.200.1.0', '10.200.1.1']);
    expect(await hosts(['10.200.0.7-7'])).toEqual(['10.200.0.7']);
    expect(await hosts(['fd00::1-fd00::3'])).toEqual(['fd00::1', 'fd00::2', 'fd00::3']);
    const s = await parseScope(['10.200.0.1-10.200.0.40'], PRIVATE_ONLY, noNames);
    expect(s.count).toBe(40);
  });

  it('dedups across overlapping tokens, keeping first-seen order', async () => {
    expect(await hosts(['10.200.0.3', '10.200.0.0/30', '10.200.0.2-5', '10.200.0.1'])).toEqual([
      '10.200.0.3', '10.200.0.0', '10.200.0.1', '10.200.0.2', '10.200.0.4', '10.200.0.5',
    ]);
    const s = await parseScope(['10.200.0.0/24', '10.200.0.0/25', '10.200.0.128-255'], PRIVATE_ONLY, noNames);
    expect(s.count).toBe(256);
    expect(s.hosts).toHaveLength(256);
    expect(new Set(s.hosts).size).toBe(256);
  });

  it('dedups like a naive first-seen set, for random overlapping ranges', async () => {
    // A seeded generator: the same cases each run.
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const tokens: string[] = [];
      const naive: string[] = [];
      const seen = new Set<string>();
      for (let k = 0; k < 1 + rnd(8); k++) {
        const a = rnd(64);
        const b = a + rnd(16);
        tokens.push(a === b ? `10.200.0.${a}` : `10.200.0.${a}-${b}`);
        for (let v = a; v <= b; v++) {
          const h = `10.200.0.${v}`;
          if (!seen.has(h)) {
            seen.add(h);
            naive.push(h);
          }
        }
      }
      const s = await parseScope(tokens, PRIVATE_ONLY, noNames);
      expect(s.hosts).toEqual(naive);
      expect(s.count).toBe(naive.length);
    }
  });

  it('a long pasted list of addresses parses (linear, not quadratic)', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
    const s = await parseScope([...many, ...many], PRIVATE_ONLY, noNames);
    expect(s.count).toBe(5000);
    expect(s.hosts).toEqual(many);
  });

  it('keeps the tokens as given, splitting a pasted list', async () => {
    const s = await parseScope(['10.200.0.1, 10.200.0.2\n10.200.0.3', '  '], PRIVATE_ONLY, noNames);
    expect(s.given).toEqual(['10.200.0.1', '10.200.0.2', '10.200.0.3']);
    expect(s.hosts).toEqual(['10.200.0.1', '10.200.0.2', '10.200.0.3']);
  });

  it('resolves host names and records what they resolved to', async () => {
    const r = table({ 'pacs.local': ['10.200.1.1', '10.200.1.1', 'fd00::5'], 'ris-1.hospital.example': ['10.200.3.4'] });
    const s = await parseScope(['pacs.local', 'ris-1.hospital.example.', '10.200.1.1'], PRIVATE_ONLY, async (n) => r(n.replace(/\.$/, '')));
    expect(s.hosts).toEqual(['10.200.1.1', 'fd00::5', '10.200.3.4']);
    expect(s.resolved.get('pacs.local')).toEqual(['10.200.1.1', 'fd00::5']);
  });

  it('resolves localhost with the system resolver', async () => {
    const s = await parseScope(['localhost'], PRIVATE_ONLY);
    expect(s.hosts.length).toBeGreaterThan(0);
    for (const h of s.hosts) expect(['127.0.0.1', '::1']).toContain(h);
  });

  it('link-local IPv6 with a zone', async () => {
    expect(await hosts(['fe80::1%eth0'])).toEqual(['fe80::1%eth0']);
    expect(await hosts(['fe80::1%eth0', 'fe80::1%eth1', 'fe80::1%eth0'])).toEqual(['fe80::1%eth0', 'fe80::1%eth1']);
  });

  it('public addresses with allowPublic', async () => {
    expect(await hosts(['8.8.8.8', '2001:db8::1'], { allowLarge: false, allowPublic: true })).toEqual(['8.8.8.8', '2001:db8::1']);
  });

  it('large blocks with allowLarge, expanded lazily', async () => {
    const s = await parseScope(['10.200.0.0/15'], { allowLarge: true, allowPublic: false }, noNames);
    expect(s.count).toBe(131_072);
    // Iterate without materialising: take the first three and the count.
    const it = s.addresses();
    expect([it.next().value, it.next().value, it.next().value]).toEqual(['10.200.0.0', '10.200.0.1', '10.200.0.2']);
    let n = 3;
    for (const _ of it) n++;
    expect(n).toBe(131_072);
  });

  it('exactly a /16 in total is not large', async () => {
    const s = await parseScope(['10.200.0.0/17', '10.200.128.0/17'], PRIVATE_ONLY, noNames);
    expect(s.count).toBe(LARGE_SCOPE_LIMIT);
  });
});

describe('parseScope: refusals name the bad token', () => {
  it.each([
    ['10.200.0.300', /10\.200\.0\.300/],
    ['10.200.0', /10\.200\.0/],
    ['10.200.0.1.2', /10\.200\.0\.1\.2/],
    ['010.200.0.1', /leading zeros/],
    ['10.200.0.0/33', /longer than 32/],
    ['10.200.0.0/', /not a prefix/],
    ['10.200.0.0/x', /not a prefix/],
    ['10.200.0.0/8/8', /more than one/],
    ['fd00::/129', /longer than 128/],
    ['10.200.0.5-10.200.0.1', /ends before it starts/],
    ['10.200.0.5-1', /ends before it starts/],
    ['10.200.0.1-256', /not an octet/],
    ['10.200.0.1-fd00::1', /different address families/],
    ['1:2:3:4:5:6:7:8:9', /not a valid IPv6/],
    ['fd00:::1', /not a valid IPv6/],
    ['10.200.0.1%eth0', /zone/],
    ['fd00::1%eth0', /link-local/],
    ['fe80::1%eth!0', /not an interface name/],
    ['bad_name', /bad_name/],
    ['-leading.example', /-leading/],
    ['host..example', /host\.\.example/],
    ['a'.repeat(64) + '.example', /not an IPv4\/IPv6/],
    ['http://10.200.0.1', /http/],
    ['10-20', /not a valid IPv4/],
  ])('%s', async (token, re) => {
    const msg = await refusal(['10.200.0.1', token]);
    expect(msg).toMatch(re);
    expect(msg).toContain(`"${token}"`);
  });

  it('no targets', async () => {
    expect(await refusal([])).toMatch(/no targets/);
    expect(await refusal([' , '])).toMatch(/no targets/);
  });

  it('a host name that does not resolve', async () => {
    expect(await refusal(['nosuch.example'])).toMatch(/"nosuch\.example" does not resolve \(ENOTFOUND\)/);
    expect(await refusal(['empty.example'], PRIVATE_ONLY, table({ 'empty.example': [] }))).toMatch(/resolves to no address/);
    expect(await refusal(['weird.example'], PRIVATE_ONLY, table({ 'weird.example': ['not-an-ip'] }))).toMatch(/not an address/);
  });

  it('reports a typo before resolving any name', async () => {
    let asked = 0;
    const msg = await refusal(['pacs.local', '10.200.0.999'], PRIVATE_ONLY, (n) => {
      asked++;
      return table({ 'pacs.local': ['10.200.0.1'] })(n);
    });
    expect(msg).toMatch(/10\.200\.0\.999/);
    expect(asked).toBe(0);
  });

  it('blocks larger than a /16 need allowLarge', async () => {
    expect(await refusal(['10.200.0.0/15'])).toMatch(/131072 addresses.*larger than a \/16/);
    expect(await refusal(['fd00::/112', '10.200.0.1'])).toMatch(/65537 addresses/);
    expect(await refusal(['10.200.0.0/8'], { allowLarge: false, allowPublic: true })).toMatch(/larger than a \/16/);
  });

  it('absurd blocks are refused even with allowLarge', async () => {
    expect(await refusal(['fd00::/64'], ALL)).toMatch(/hard limit/);
    expect(await refusal(['0.0.0.0/0'], ALL)).toMatch(/hard limit/);
  });

  it('public addresses need allowPublic', async () => {
    expect(await refusal(['8.8.8.8'])).toMatch(/"8\.8\.8\.8" includes public/);
    expect(await refusal(['9.255.255.250-10.0.0.5'])).toMatch(/"9\.255\.255\.250-10\.0\.0\.5" includes public/);
    expect(await refusal(['2001:db8::1'])).toMatch(/public/);
    expect(await refusal(['192.168.255.254-192.169.0.1'])).toMatch(/public/);
    expect(await refusal(['100.63.255.255'])).toMatch(/public/);
  });

  it('host names resolving to public addresses need allowPublic', async () => {
    const r = table({ 'pacs.example': ['10.200.0.1', '203.0.113.7'] });
    expect(await refusal(['pacs.example'], PRIVATE_ONLY, r)).toMatch(/"pacs\.example" resolves to public address 203\.0\.113\.7/);
    expect(await hosts(['pacs.example'], { allowLarge: false, allowPublic: true }, r)).toEqual(['10.200.0.1', '203.0.113.7']);
  });
});
