/**
 * Everything `collimator scan` checks before the first packet: files read, ports
 * parsed, the scan runner's plan made (scope authorized, names resolved, AE titles
 * keyed by address), the database opened last (so a bad input never creates or
 * changes a database file). Every refusal is a UsageError: exit 2, one line, nothing
 * written, nothing sent.
 */
import os from 'node:os';
import type { Vantage } from '../../shared/types';
import { DEFAULT_PORTS, parsePorts } from '../engine/ports';
import { ScopeError, type ExpandedScope } from '../engine/scope';
import type { ProbeOptions } from '../engine/types';
import { CalledAeError, keyCalledAes, planScan, type ScanPlan } from '../scan-run';
import { defaultDbPath, type Store } from '../store';
import { UsageError } from './errors';
import { readInventory } from './inventory-csv';
import { openDatabase } from './open-db';
import { targetTimeoutFor, type CalledAeArg, type ScanArgs } from './scan-options';
import { loadTlsMaterial } from './tls-files';

/** A scan ready to run: validated request parts, the scan runner's plan, and the open database. */
export interface PreparedScan {
  targets: string[];
  ports: number[];
  options: ProbeOptions;
  vantage: Vantage;
  /** What the scan runner runs (scan-run.ts): names resolved, AE titles keyed by address. */
  plan: ScanPlan;
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

/**
 * --called-ae values keyed by address (the scan runner's rule, scan-run.ts
 * keyCalledAes), refused in the command line's words: a host name must be one of the
 * targets (its resolved addresses are then each keyed); the engine sees addresses only.
 */
export function calledAeMap(given: readonly CalledAeArg[], scope: Pick<ExpandedScope, 'resolved'>): Map<string, string> {
  try {
    return keyCalledAes(given, scope.resolved);
  } catch (e) {
    if (e instanceof CalledAeError) throw new UsageError(calledAeWords(e));
    throw e;
  }
}

function calledAeWords(e: CalledAeError): string {
  const c = e.given;
  return e.kind === 'not-a-target'
    ? `--called-ae ${c.ae}@${c.host}:${c.port}: host name ${c.host} is not one of the TARGETs; give its address instead`
    : `--called-ae gives ${e.clash?.key ?? c.host} two AE titles: ${e.clash?.first ?? '?'} and ${c.ae}`;
}

export async function prepareScan(args: ScanArgs): Promise<PreparedScan> {
  const inventory = args.inventoryFile === undefined ? [] : readInventory(args.inventoryFile);
  const tls = loadTlsMaterial({ trust: args.trustFile, cert: args.tlsCertFile, key: args.tlsKeyFile });

  let ports: number[];
  try {
    ports = args.ports === undefined ? [...DEFAULT_PORTS] : parsePorts(args.ports);
  } catch (e) {
    if (e instanceof ScopeError) throw new UsageError(`--ports: ${e.message}`);
    throw e;
  }
  const vantage: Vantage = { label: args.vantage ?? (os.hostname() || 'this machine'), untrusted: args.untrusted };
  const timeouts =
    args.timeoutMs === undefined ? {} : { connectTimeoutMs: args.timeoutMs, ioTimeoutMs: args.timeoutMs, targetTimeoutMs: targetTimeoutFor(args.timeoutMs) };
  let plan: ScanPlan;
  try {
    // The scope is checked and its names resolved here, once: a refusal comes before
    // the database is created, and the engine scans the addresses the titles are keyed by.
    plan = await planScan({
      targets: args.targets,
      ports,
      vantage,
      calledAes: args.calledAes,
      inventory,
      probe: {
        ...(args.callingAe === undefined ? {} : { callingAe: args.callingAe }),
        optIn: new Set(args.optIn),
        ...timeouts,
        ...(tls === undefined ? {} : { tls }),
      },
      ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
      ...(args.rate === undefined ? {} : { ratePerSecond: args.rate }),
      ...(args.perHost === undefined ? {} : { perHostAssociations: args.perHost }),
      allowLargeScope: args.allowLarge,
      allowPublic: args.authorizedPublic,
      includeClosed: args.all,
      selection: args.selection,
    });
  } catch (e) {
    if (e instanceof ScopeError) throw new UsageError(scopeMessage(e));
    if (e instanceof CalledAeError) throw new UsageError(calledAeWords(e));
    throw e;
  }

  // Last: the first step that can create a file.
  const dbFile = args.db ?? defaultDbPath();
  const store = openDatabase(dbFile);
  return { targets: args.targets, ports, options: plan.engine.options, vantage, plan, dbFile, store };
}
