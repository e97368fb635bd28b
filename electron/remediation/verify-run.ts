/**
 * One verification end to end, shared by `collimator verify` and the app: find the
 * latest scan of the service, re-probe it from the same kind of vantage with the
 * stored inventory, and record the result with its evidence.
 */
import { canonicalHost, serverKey } from '../../shared/host';
import type { VerificationRecord } from '../../shared/remediation';
import type { Vantage } from '../../shared/types';
import { defaultProbeOptions } from '../engine/options';
import type { ScanDeps } from '../engine/scan';
import type { ProbeOptions } from '../engine/types';
import { verifyService, VerifyError } from '../engine/verify';
import type { Store } from '../store';
import { RemediationError } from './errors';
import { peersCheckBasis, type LearnedPeersSource } from './peers-fix';
import { withPeersStillAccepted } from './verify-peers';

export interface VerifyRequest {
  host: string;
  port: number;
  /** Probe options the user gave; the rest are defaults. `inventory` defaults to the stored inventory. */
  probe?: Partial<Omit<ProbeOptions, 'vantage'>>;
  /** Where the re-probe runs from; each field defaults to the earlier scan's. */
  vantage?: Partial<Vantage>;
  /** The user is authorized to probe a public address. */
  allowPublic?: boolean;
  signal?: AbortSignal;
  /** Issue 14: where learned peers come from (peers-fix.ts `confirmedPeersFor`). */
  learnedPeers?: LearnedPeersSource;
}

/**
 * Verify `host:port` against its latest stored scan and save the verification.
 * Throws RemediationError (one line) when there is no earlier scan or the request
 * cannot be verified as given, and `cancelled` once `signal` aborted (as `collimator
 * verify` on Ctrl-C); nothing is stored then.
 */
export async function verifyAndRecord(store: Store, req: VerifyRequest, scanDeps: ScanDeps = {}): Promise<VerificationRecord> {
  const host = canonicalHost(req.host);
  const latest = store.latestService(host, req.port);
  if (latest === undefined) {
    throw new RemediationError('not-found', `no earlier scan of ${serverKey({ host, port: req.port })} in the database: scan it first (collimator scan ${host} --ports ${req.port})`);
  }
  const vantage: Vantage = { label: req.vantage?.label ?? latest.vantage.label, untrusted: req.vantage?.untrusted ?? latest.vantage.untrusted };
  const inventory = req.probe?.inventory ?? store.inventory.list().map(({ aeTitle, host: h, port, role, description }) => ({ aeTitle, host: h, port, role, description }));
  const options = defaultProbeOptions({ ...req.probe, inventory, vantage });
  let v: VerificationRecord;
  try {
    v = await verifyService(
      { host, port: req.port, before: latest, options, ...(req.signal ? { signal: req.signal } : {}), ...(req.allowPublic ? { allowPublic: true } : {}) },
      scanDeps,
    );
  } catch (e) {
    // The engine reports a cancelled re-probe as a VerifyError; it is not bad input, and nothing is stored.
    if (req.signal?.aborted) throw new RemediationError('cancelled', `the re-check of ${serverKey({ host, port: req.port })} was cancelled: nothing was stored`);
    if (e instanceof VerifyError) throw new RemediationError('invalid-argument', e.message);
    throw e;
  }
  // Issue 14: legitimate peers still accepted, from the same vantage, through the same host
  // limiter. A scripted network (a test's identify/connect) never gets a real association.
  if (scanDeps.identify === undefined && scanDeps.connect === undefined) {
    v = await withPeersStillAccepted(v, {
      ...peersCheckBasis(store, { host, port: req.port }, req.learnedPeers),
      options,
      ...(req.signal ? { signal: req.signal } : {}),
      ...(scanDeps.hostLimiter ? { hostLimiter: scanDeps.hostLimiter } : {}),
    });
  }
  // Cancelled once the probes were done: still not a result (a cancelled re-check is never stored).
  if (req.signal?.aborted) throw new RemediationError('cancelled', `the re-check of ${serverKey({ host, port: req.port })} was cancelled: nothing was stored`);
  store.verifications.save(v);
  return v;
}
