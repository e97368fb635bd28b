/**
 * Verification (cli.md `verify`): re-probe ONE service, all its checks, through the scan
 * orchestrator (targets [host], ports [port]: identification and every probe, under the
 * same deadlines), from the same kind of vantage as the earlier scan, then compare per
 * check with the pure shared/verdict.ts. Plain Node; nothing here writes anywhere.
 */
import { randomUUID } from 'node:crypto';
import { calledAeKey, serverKey } from '../../shared/host';
import type { ServerRef, VerificationRecord } from '../../shared/remediation';
import type { ServiceResult, Vantage } from '../../shared/types';
import { compareServices } from '../../shared/verdict';
import { runScanWith, type ScanDeps } from './scan';
import { ScopeError } from './scope';
import type { ProbeOptions } from './types';

/** A verification that cannot start (bad input); its message is one line for the user. */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
}

/** The earlier observation to compare with (the store's `latestService`). */
export interface VerifyBefore {
  scanId: string;
  /** When that scan started (ISO-8601 UTC). */
  at: string;
  vantage: Vantage;
  service: ServiceResult;
}

export interface VerifyInput extends ServerRef {
  before: VerifyBefore;
  /** Probe options of the re-probe; `vantage.untrusted` must equal the earlier scan's. */
  options: ProbeOptions;
  /** Cancels the re-probe (the promise then rejects with VerifyError). */
  signal?: AbortSignal;
  /** The user is authorized to probe a public address (as `scan --authorized-public`). */
  allowPublic?: boolean;
}

/**
 * Probe options for the re-probe: the server's AE title learned from the user or the
 * inventory in the earlier scan is passed on (a guessed one is not: it may have been a
 * random title the server accepted only because it checked none).
 */
export function reprobeOptions(input: Pick<VerifyInput, 'host' | 'port' | 'before' | 'options'>): ProbeOptions {
  const key = calledAeKey(input.host, input.port);
  const s = input.before.service;
  if (input.options.calledAes.has(key) || s.calledAe === undefined || (s.calledAeSource !== 'user' && s.calledAeSource !== 'inventory')) return input.options;
  return { ...input.options, calledAes: new Map([...input.options.calledAes, [key, s.calledAe]]) };
}

/**
 * Re-probe `host:port` and compare with `before`. Rejects with VerifyError when the
 * input cannot be verified (nothing was found open before, another kind of vantage,
 * cancelled); otherwise resolves, whatever the network does (a host gone is a result).
 */
export async function verifyService(input: VerifyInput, deps: ScanDeps = {}): Promise<VerificationRecord> {
  const { host, port, before } = input;
  const where = serverKey(input);
  if (before.service.host !== host || before.service.port !== port) {
    throw new VerifyError(`the earlier observation is of ${serverKey(before.service)}, not ${where}`);
  }
  if (before.service.state !== 'open') throw new VerifyError(`the latest scan of ${where} found it ${before.service.state}: there is nothing to verify`);
  if (input.options.vantage.untrusted !== before.vantage.untrusted) {
    const kind = (u: boolean): string => (u ? 'an untrusted' : 'a trusted');
    throw new VerifyError(
      `the scan of ${where} ran from ${kind(before.vantage.untrusted)} vantage ("${before.vantage.label}"); verify from the same kind of network${before.vantage.untrusted ? ' (--untrusted)' : ' (without --untrusted)'}`,
    );
  }
  const options = reprobeOptions(input);
  const at = new Date().toISOString();
  let report;
  try {
    report = await runScanWith(
      { targets: [host], ports: [port], options, includeClosed: true, concurrency: 1, allowPublic: input.allowPublic ?? false },
      input.signal ? { signal: input.signal } : {},
      deps,
    );
  } catch (e) {
    // The orchestrator rejects only before any traffic, on input it refuses (scope, bounds).
    if (e instanceof ScopeError) throw new VerifyError(`cannot verify ${where}: ${e.message}`);
    throw e;
  }
  if (report.scan.cancelled || input.signal?.aborted) throw new VerifyError(`the verification of ${where} was cancelled`);
  // The orchestrator lists a swept port whatever its state (includeClosed); a port it
  // could not list at all counts as not answering.
  const after: ServiceResult = report.services.find((s) => s.host === host && s.port === port) ?? { host, port, state: 'filtered', checks: [] };
  const cmp = compareServices(before.service, after, options.vantage);
  return {
    id: randomUUID(),
    service: { host, port },
    before: {
      scanId: before.scanId,
      at: before.at,
      vantage: before.vantage,
      state: before.service.state,
      ...(before.service.protocol ? { protocol: before.service.protocol } : {}),
    },
    after: {
      at,
      finishedAt: report.scan.finishedAt,
      vantage: { ...options.vantage },
      state: after.state,
      ...(after.protocol ? { protocol: after.protocol } : {}),
    },
    checks: cmp.checks,
    unverified: cmp.unverified,
    counts: cmp.counts,
    passed: cmp.passed,
    ...(cmp.unreachable ? { unreachable: cmp.unreachable } : {}),
    beforeService: before.service,
    afterService: after,
  };
}
