/**
 * Protocol identification of an open port. A port is `dicom` only when it answers
 * our A-ASSOCIATE-RQ with a well-formed A-ASSOCIATE-AC or -RJ (checks.md); the
 * association attempts made here are kept in `identification` as evidence for the
 * DICOM probes. Anything else goes to the TLS/HTTP identifier (identify-other.ts)
 * with the first bytes the peer sent; what neither recognises stays `unknown`.
 *
 * A port that has said nothing for a while to our first A-ASSOCIATE-RQ is asked the
 * TLS and HTTP questions alongside it (speculatively), so a silent port costs about
 * one reply timeout in all instead of two in a row; the speculative answer is used
 * only when the DICOM attempt ends with the peer still silent, and is dropped (its
 * connections closed) as soon as the peer speaks.
 */
import type { Duplex } from 'node:stream';
import { onAbort } from './deadline';
import { plainConnect, type ConnectFn } from './dicom/connect';
import { identifyDicom } from './dicom/identification';
import { classifyFirstBytes, identifyNonDicom } from './identify-other';
import type { Outcome, ProbeContext, ServiceInfo, Target } from './types';

/** After these, another protocol attempt cannot learn anything now. */
const HOPELESS: ReadonlySet<Outcome> = new Set<Outcome>(['connection-refused', 'connection-timeout', 'deadline', 'cancelled']);

/**
 * How long the first A-ASSOCIATE-RQ may go unanswered before TLS and HTTP are tried
 * alongside it, ms: half the reply timeout, at most 2 s. DICOM servers answer in
 * milliseconds; one that is merely slow gets a TLS hello and a GET it will refuse.
 */
export function speculateAfterMs(ioTimeoutMs: number): number {
  return Math.min(2000, ioTimeoutMs / 2);
}

/** Identify what answers on an open port. Never rejects; `unknown` when nothing is recognised. */
export async function identify(target: Target, ctx: ProbeContext): Promise<ServiceInfo> {
  const base: ServiceInfo = { host: target.host, port: target.port, protocol: 'unknown', identification: {} };
  // Watch the first attempt's socket: has the peer said anything yet?
  let first: { spoke: boolean } | undefined;
  const watching: ConnectFn = async (t, bounds) => {
    const sock: Duplex = await plainConnect(t, bounds);
    if (!first) {
      const seen = { spoke: false };
      first = seen;
      sock.once('data', () => (seen.spoke = true));
      sock.once('close', () => (seen.spoke = true)); // closed: not silent, its bytes (if any) decide
    }
    return sock;
  };
  // The speculative attempt's own signal, made only when it starts (most ports answer
  // first): a controller, its link to ctx.signal and its abort cost CPU on every service.
  let spec: AbortController | undefined;
  let unlink: (() => void) | undefined;
  let speculative: Promise<ServiceInfo | null> | undefined;
  const timer = setTimeout(() => {
    if (!first || first.spoke || ctx.signal.aborted) return;
    const own = new AbortController();
    spec = own;
    unlink = onAbort(ctx.signal, () => own.abort(ctx.signal.reason));
    speculative = identifyNonDicom(target, { ...ctx, signal: own.signal }, undefined);
  }, speculateAfterMs(ctx.options.ioTimeoutMs));
  try {
    const id = await identifyDicom(target, ctx, watching);
    clearTimeout(timer);
    if (id.isDicom) {
      return {
        ...base,
        protocol: 'dicom',
        ...(id.product ? { product: id.product } : {}),
        ...(id.calledAe ? { calledAe: id.calledAe } : {}),
        ...(id.calledAeSource ? { calledAeSource: id.calledAeSource } : {}),
        identification: { ...id },
      };
    }
    const attempt = id.attempts[0];
    if (attempt && !HOPELESS.has(attempt.outcome) && !ctx.signal.aborted) {
      const bytes = attempt.peerFirstBytesHex ? Buffer.from(attempt.peerFirstBytesHex, 'hex') : undefined;
      // A web server answered: what follows is mostly TLS and HTTP, so the host's slot is
      // let go; DICOM inside TLS, if it comes to that, takes it back first (ctx.holdHost).
      if (classifyFirstBytes(bytes) === 'http') ctx.releaseHost?.();
      // The speculative answer asked exactly the questions a silent peer gets.
      const other = speculative && classifyFirstBytes(bytes) === 'none' ? await speculative : await identifyNonDicom(target, ctx, bytes);
      if (other) return other;
    }
    return { ...base, identification: { ...id } };
  } catch (e) {
    // Both identifiers are written not to throw; this is the last guard of the "never rejects" promise.
    return { ...base, identification: { error: e instanceof Error ? e.message : String(e) } };
  } finally {
    clearTimeout(timer);
    unlink?.();
    // A speculative attempt not used is stopped; none outlives identification.
    spec?.abort();
    await speculative?.catch(() => null);
  }
}
