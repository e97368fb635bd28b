/**
 * Scope parsing: what the user is allowed to scan. Targets are IPv4/IPv6 addresses,
 * CIDR blocks, ranges (`10.0.0.1-10.0.0.40`, short `10.0.0.1-40`) and host names.
 * The result is a list of address blocks, expanded lazily (a generator), so a /16 is
 * never held as 65,536 objects; the sweep dials exactly these addresses and nothing else.
 *
 * Refusals are ScopeErrors with a one-line message naming the bad token, raised
 * before any traffic (name resolution aside).
 */
import {
  type Addr,
  type Interval,
  cidrInterval,
  familyBits,
  formatAddr,
  isLinkLocalV6,
  isPrivateInterval,
  parseAddr,
  parseIPv4,
} from './scope-ip';

/** Bad scope, ports or scan parameters: a one-line reason for the user. */
export class ScopeError extends Error {
  override name = 'ScopeError';
}

/** The authorizations the user gave for this scan. */
export interface ScopeLimits {
  /** Allow more than LARGE_SCOPE_LIMIT addresses in total (`--allow-large`). */
  allowLarge: boolean;
  /** Allow addresses outside private space (see scope-ip.ts for the table). */
  allowPublic: boolean;
}

export interface Scope {
  /**
   * Literal addresses, deduplicated, in the order given (ascending within a block).
   * Built on each read: for large scopes iterate `addresses()` instead.
   */
  hosts: string[];
  /** The targets as the user gave them (one entry per token). */
  given: string[];
}

/** The parsed scope with the lazy forms the engine uses. */
export interface ExpandedScope extends Scope {
  /** Number of distinct addresses. */
  count: number;
  /** Host names given, with the addresses each resolved to. */
  resolved: ReadonlyMap<string, readonly string[]>;
  /** Yields each distinct address once, in `hosts` order, without materialising the list. */
  addresses(): Generator<string, void, undefined>;
  /**
   * The targets that reach outside private space, named as the user gave them (a host
   * name with the public addresses it resolved to): what a person must confirm before
   * the scan may use `allowPublic` (electron/services/public-scope.ts). Empty when the
   * scope is private only.
   */
  publicTargets: string[];
}

/** More addresses than this (a /16) need `allowLarge`. */
export const LARGE_SCOPE_LIMIT = 65_536;
/**
 * Never more than this (a /8), whatever the user allows: an IPv6 /64 would otherwise
 * pass with `allowLarge` and run for centuries.
 */
export const MAX_SCOPE = 16_777_216;
/** A host name that has not resolved by then is refused, ms. */
export const RESOLVE_TIMEOUT_MS = 10_000;

/** One target token after parsing: an interval, with the zone of a link-local literal. */
interface Block extends Interval {
  token: string;
  zone?: string;
}

type Resolver = (name: string) => Promise<string[]>;

/** Default resolver: the system's (dns.lookup), every address, in the order it gives them. */
export async function systemResolve(name: string): Promise<string[]> {
  // Loaded on the first name: a scan of addresses only never needs the resolver.
  const { lookup } = await import('node:dns/promises');
  const res = await lookup(name, { all: true, verbatim: true });
  return res.map((r) => r.address);
}

/** Parse, expand and authorize the user's targets. Rejects only with ScopeError. */
export async function parseScope(targets: string[], limits: ScopeLimits, resolve: Resolver = systemResolve): Promise<ExpandedScope> {
  const given = splitTargets(targets);
  if (given.length === 0) throw new ScopeError('no targets given');
  // Syntax first, so a typo is reported before any name lookup.
  const parsed = given.map((t) => ({ token: t, block: parseToken(t) }));
  const blocks: Block[] = [];
  const resolved = new Map<string, string[]>();
  for (const p of parsed) {
    if (p.block) {
      blocks.push(p.block);
      continue;
    }
    const addrs = await resolveName(p.token, resolve);
    resolved.set(p.token, addrs.map(formatAddr));
    for (const a of addrs) blocks.push({ family: a.family, start: a.value, end: a.value, token: p.token });
  }
  const count = unionSize(blocks);
  if (count > BigInt(MAX_SCOPE)) {
    throw new ScopeError(`scope of ${count} addresses exceeds the hard limit of ${MAX_SCOPE} (a /8); split it into smaller scans`);
  }
  if (count > BigInt(LARGE_SCOPE_LIMIT) && !limits.allowLarge) {
    throw new ScopeError(`scope of ${count} addresses is larger than a /16 (${LARGE_SCOPE_LIMIT}); allow large scopes to scan it`);
  }
  const publicBlocks = blocks.filter((b) => !isPrivateInterval(b));
  if (!limits.allowPublic) {
    const pub = publicBlocks[0];
    if (pub) {
      const what = resolved.has(pub.token)
        ? `host name "${pub.token}" resolves to public address ${formatAddr({ family: pub.family, value: pub.start })}`
        : `"${pub.token}" includes public (non-private) addresses`;
      throw new ScopeError(`${what}; allow public addresses to scan it`);
    }
  }
  return makeScope(blocks, given, Number(count), resolved, namePublic(publicBlocks, resolved));
}

/** One entry per target token with public addresses; a host name lists its public addresses. */
function namePublic(publicBlocks: readonly Block[], resolved: ReadonlyMap<string, readonly string[]>): string[] {
  const byToken = new Map<string, string[]>();
  for (const b of publicBlocks) {
    const addrs = byToken.get(b.token) ?? [];
    if (resolved.has(b.token)) addrs.push(formatAddr({ family: b.family, value: b.start }));
    byToken.set(b.token, addrs);
  }
  return [...byToken].map(([token, addrs]) => (addrs.length > 0 ? `${token} (${addrs.join(', ')})` : token));
}

/** Targets may arrive as one text field: split on commas and white space. */
function splitTargets(targets: string[]): string[] {
  return targets.flatMap((t) => t.split(/[\s,]+/)).filter((t) => t.length > 0);
}

const HOSTNAME_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** Parse one literal token; undefined means "a host name, resolve it"; ScopeError if neither. */
function parseToken(token: string): Block | undefined {
  const bad = (why: string): never => {
    throw new ScopeError(`bad target "${token}": ${why}`);
  };
  const t = token.startsWith('[') && token.endsWith(']') ? token.slice(1, -1) : token;
  if (t.includes('/')) {
    const [base = '', prefixText = '', ...rest] = t.split('/');
    if (rest.length > 0) bad('more than one "/"');
    const { addr, zone } = literal(base, bad);
    if (!/^\d{1,3}$/.test(prefixText)) bad(`"${prefixText}" is not a prefix length`);
    const prefix = Number(prefixText);
    if (prefix > familyBits(addr.family)) bad(`prefix /${prefix} is longer than ${familyBits(addr.family)} bits`);
    return withZone({ ...cidrInterval(addr.family, addr.value, prefix), token }, zone, bad);
  }
  const dash = t.indexOf('-');
  const looksNumeric = /^[0-9.]+-[0-9.]+$/.test(t) || (t.includes(':') && dash !== -1);
  if (looksNumeric) {
    const left = t.slice(0, dash);
    const right = t.slice(dash + 1);
    const { addr: start, zone } = literal(left, bad);
    let end: Addr;
    if (/^\d{1,3}$/.test(right) && start.family === 4) {
      // Short form `10.0.0.1-40`: the last octet of the end address.
      const last = Number(right);
      if (last > 255 || (right.length > 1 && right.startsWith('0'))) bad(`"${right}" is not an octet`);
      end = { family: 4, value: (start.value & ~0xffn) | BigInt(last) };
    } else {
      const e = literal(right, bad);
      if (e.zone !== undefined && e.zone !== zone) bad('the two ends name different zones');
      end = e.addr;
    }
    if (end.family !== start.family) bad('the two ends are of different address families');
    if (end.value < start.value) bad('the range ends before it starts');
    return withZone({ family: start.family, start: start.value, end: end.value, token }, zone, bad);
  }
  if (t.includes(':') || /^[0-9.]+$/.test(t) || t.includes('%')) {
    const { addr, zone } = literal(t, bad);
    return withZone({ family: addr.family, start: addr.value, end: addr.value, token }, zone, bad);
  }
  // A host name (RFC 1123); an all-numeric last label means a mistyped address, not a name.
  const name = t.endsWith('.') ? t.slice(0, -1) : t;
  const labels = name.split('.');
  if (name.length === 0 || name.length > 253 || !labels.every((l) => HOSTNAME_LABEL.test(l))) {
    bad('not an IPv4/IPv6 address, CIDR block, range or host name');
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) bad('not a valid IPv4 address');
  return undefined;
}

/** A literal address with an optional `%zone`. */
function literal(text: string, bad: (why: string) => never): { addr: Addr; zone?: string } {
  const pct = text.indexOf('%');
  const bare = pct === -1 ? text : text.slice(0, pct);
  const zone = pct === -1 ? undefined : text.slice(pct + 1);
  const addr = parseAddr(bare);
  if (!addr) {
    if (/^[0-9.]+$/.test(bare) && parseIPv4(bare.replace(/\b0+(\d)/g, '$1')) !== undefined) {
      bad(`"${bare}" has leading zeros (read as octal by some tools); write it without them`);
    }
    bad(`"${bare}" is not a valid ${bare.includes(':') ? 'IPv6' : 'IPv4'} address`);
  }
  if (zone !== undefined && !/^[A-Za-z0-9_.-]{1,32}$/.test(zone)) bad(`"${zone}" is not an interface name`);
  return zone === undefined ? { addr } : { addr, zone };
}

/** Zones only make sense on IPv6 link-local addresses (fe80::/10). */
function withZone(block: Block, zone: string | undefined, bad: (why: string) => never): Block {
  if (zone === undefined) return block;
  if (block.family !== 6 || !isLinkLocalV6(block.start) || !isLinkLocalV6(block.end)) {
    bad('a %zone is allowed only on IPv6 link-local (fe80::/10) addresses');
  }
  return { ...block, zone };
}

async function resolveName(name: string, resolve: Resolver): Promise<Addr[]> {
  let timer: NodeJS.Timeout | undefined;
  let answers: string[];
  try {
    answers = await Promise.race([
      resolve(name),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ScopeError(`host name "${name}" did not resolve within ${RESOLVE_TIMEOUT_MS / 1000} s`)), RESOLVE_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    if (e instanceof ScopeError) throw e;
    const code = (e as { code?: unknown }).code;
    throw new ScopeError(`host name "${name}" does not resolve${typeof code === 'string' ? ` (${code})` : ''}`);
  } finally {
    clearTimeout(timer);
  }
  const out: Addr[] = [];
  const seen = new Set<string>();
  for (const a of answers) {
    const addr = parseAddr(a);
    if (!addr) throw new ScopeError(`host name "${name}" resolved to "${a}", which is not an address`);
    const key = formatAddr(addr);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(addr);
    }
  }
  if (out.length === 0) throw new ScopeError(`host name "${name}" resolves to no address`);
  return out;
}

/** Distinct addresses over all blocks (zones make distinct hosts of one address). */
function unionSize(blocks: readonly Block[]): bigint {
  const groups = new Map<string, Block[]>();
  for (const b of blocks) {
    const k = `${b.family}%${b.zone ?? ''}`;
    const g = groups.get(k) ?? [];
    g.push(b);
    groups.set(k, g);
  }
  let total = 0n;
  for (const g of groups.values()) {
    const sorted = [...g].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    let curStart = -1n;
    let curEnd = -2n;
    for (const b of sorted) {
      if (b.start > curEnd + 1n) {
        if (curEnd >= curStart && curStart >= 0n) total += curEnd - curStart + 1n;
        curStart = b.start;
        curEnd = b.end;
      } else if (b.end > curEnd) {
        curEnd = b.end;
      }
    }
    if (curStart >= 0n) total += curEnd - curStart + 1n;
  }
  return total;
}

function sameSpace(a: Block, b: Block): boolean {
  return a.family === b.family && (a.zone ?? '') === (b.zone ?? '');
}

/**
 * For each block, the earlier blocks (by position) it overlaps, found with one pass
 * over the blocks sorted by start: O(n log n) for the usual disjoint lists, so a
 * pasted list of 20,000 addresses costs milliseconds.
 */
function earlierOverlaps(blocks: readonly Block[]): Block[][] {
  const earlier: Block[][] = blocks.map(() => []);
  const spaces = blocks.map((b) => `${b.family}%${b.zone ?? ''}`);
  const order = blocks.map((_, i) => i).sort((a, b) => {
    const x = blocks[a]!;
    const y = blocks[b]!;
    const sx = spaces[a]!;
    const sy = spaces[b]!;
    if (sx !== sy) return sx < sy ? -1 : 1;
    return x.start < y.start ? -1 : x.start > y.start ? 1 : a - b;
  });
  let active: number[] = [];
  for (const i of order) {
    const b = blocks[i]!;
    active = active.filter((j) => sameSpace(blocks[j]!, b) && blocks[j]!.end >= b.start);
    for (const j of active) {
      if (j < i) earlier[i]!.push(blocks[j]!);
      else earlier[j]!.push(b);
    }
    active.push(i);
  }
  return earlier;
}

function makeScope(all: Block[], given: string[], count: number, resolved: ReadonlyMap<string, string[]>, publicTargets: string[]): ExpandedScope {
  // A block identical to an earlier one adds nothing: drop it before the overlap pass.
  const seen = new Set<string>();
  const blocks = all.filter((b) => {
    const k = `${b.family}%${b.zone ?? ''}|${b.start}|${b.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  // An address already yielded by an earlier overlapping block is skipped. Usually
  // there is none, so dedup costs nothing per address.
  const earlier = earlierOverlaps(blocks);
  function* addresses(): Generator<string, void, undefined> {
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]!;
      const prior = earlier[i]!;
      for (let v = b.start; v <= b.end; v++) {
        if (prior.some((e) => v >= e.start && v <= e.end)) continue;
        const text = formatAddr({ family: b.family, value: v });
        yield b.zone === undefined ? text : `${text}%${b.zone}`;
      }
    }
  }
  return {
    given,
    count,
    resolved,
    addresses,
    publicTargets,
    get hosts() {
      return [...addresses()];
    },
  };
}
