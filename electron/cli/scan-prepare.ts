/**
 * Everything `collimator scan` checks before the first packet: files read, ports and
 * scope parsed and authorized, the database opened last (so a bad input never creates
 * or changes a database file). Every refusal is a UsageError: exit 2, one line,
 * nothing written, nothing sent.
 */
import os from 'node:os';
import { calledAeKey, canonicalAddress, canonicalHost } from '../../shared/host';
import type { InventoryNode, Vantage } from '../../shared/types';
import { defaultProbeOptions } from '../engine/options';
import { DEFAULT_PORTS, parsePorts } from '../engine/ports';
import { parseScope, ScopeError, type ExpandedScope } from '../engine/scope';
import type { ProbeOptions } from '../engine/types';
import { defaultDbPath, type Store } from '../store';
import { UsageError } from './errors';
import { readInventory } from './inventory-csv';
import { openDatabase } from './open-db';
import { targetTimeoutFor, type CalledAeArg, type ScanArgs } from './scan-options';
import { loadTlsMaterial } from './tls-files';

/** A scan ready to run: validated request parts and the open database. */
export interface PreparedScan {
  targets: string[];
  ports: number[];
  options: ProbeOptions;
  vantage: Vantage;
  /** The database file, and the store opened on it (close it when done). */
  dbFile: string;
  store: Store;
}

/**
 * The engine's scope messages end in a generic "allow ... to scan it"; on the command
 * line the way to allow it is a flag, so name it.
 */
export function scopeMessage(e: ScopeError): string {
  return e.message
    .replace(/allow large scopes to scan it/, 'add --allow-large to scan it')
    .replace(/allow public addresses to scan it/, 'add --authorized-public if you are authorized to scan it');
}

export { calledAeKey };

/**
 * --called-ae values keyed by address. A host name must be one of the targets
 * (its resolved addresses are then each keyed); the engine sees addresses only.
 */
export function calledAeMap(given: readonly CalledAeArg[], scope: Pick<ExpandedScope, 'resolved'>): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of given) {
    const literal = canonicalAddress(c.host);
    const hosts = literal !== undefined ? [literal] : findResolved(scope.resolved, c.host);
    if (hosts === undefined) throw new UsageError(`--called-ae ${c.ae}@${c.host}:${c.port}: host name ${c.host} is not one of the TARGETs; give its address instead`);
    for (const h of hosts) {
      const key = calledAeKey(h, c.port);
      const before = map.get(key);
      if (before !== undefined && before !== c.ae) throw new UsageError(`--called-ae gives ${key} two AE titles: ${before} and ${c.ae}`);
      map.set(key, c.ae);
    }
  }
  return map;
}

function findResolved(resolved: ReadonlyMap<string, readonly string[]>, name: string): readonly string[] | undefined {
  for (const [k, v] of resolved) if (k.toLowerCase().replace(/\.$/, '') === name.replace(/\.$/, '')) return v;
  return undefined;
}

/** Inventory rows with hosts written canonically, so they compare equal to scanned hosts. */
function canonicalInventory(nodes: readonly InventoryNode[]): InventoryNode[] {
  return nodes.map((n) => ({ ...n, host: canonicalHost(n.host) }));
}

export async function prepareScan(args: ScanArgs): Promise<PreparedScan> {
  const inventory = args.inventoryFile === undefined ? [] : canonicalInventory(readInventory(args.inventoryFile));
  const tls = loadTlsMaterial({ trust: args.trustFile, cert: args.tlsCertFile, key: args.tlsKeyFile });

  let ports: number[];
  let scope: ExpandedScope;
  try {
    ports = args.ports === undefined ? [...DEFAULT_PORTS] : parsePorts(args.ports);
  } catch (e) {
    if (e instanceof ScopeError) throw new UsageError(`--ports: ${e.message}`);
    throw e;
  }
  try {
    // The engine checks the scope again before its sweep; this pass only makes sure a
    // refusal comes before the database is created.
    scope = await parseScope(args.targets, { allowLarge: args.allowLarge, allowPublic: args.authorizedPublic });
  } catch (e) {
    if (e instanceof ScopeError) throw new UsageError(scopeMessage(e));
    throw e;
  }
  const calledAes = calledAeMap(args.calledAes, scope);

  const vantage: Vantage = { label: args.vantage ?? (os.hostname() || 'this machine'), untrusted: args.untrusted };
  const timeouts =
    args.timeoutMs === undefined ? {} : { connectTimeoutMs: args.timeoutMs, ioTimeoutMs: args.timeoutMs, targetTimeoutMs: targetTimeoutFor(args.timeoutMs) };
  const options = defaultProbeOptions({
    ...(args.callingAe === undefined ? {} : { callingAe: args.callingAe }),
    calledAes,
    inventory,
    vantage,
    optIn: new Set(args.optIn),
    ...timeouts,
    ...(tls === undefined ? {} : { tls }),
  });

  // Last: the first step that can create a file.
  const dbFile = args.db ?? defaultDbPath();
  const store = openDatabase(dbFile);
  return { targets: args.targets, ports, options, vantage, dbFile, store };
}
