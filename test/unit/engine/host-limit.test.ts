/**
 * The per-host association limit holds for the whole process: two scans and a re-check
 * running at once against one host, through the real engine and its process-wide
 * limiter, never have more associations open on it than the strictest of them asked
 * for. Measured by the peer itself (counting-peer.ts), not by the engine's own books.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESS_HOST_LIMITER } from '../../../electron/engine/limits';
import { defaultProbeOptions } from '../../../electron/engine/options';
import { runScan } from '../../../electron/engine/scan';
import type { ProbeOptions } from '../../../electron/engine/types';
import { verifyService } from '../../../electron/engine/verify';
import { startCountingPeer, type CountingPeer } from './counting-peer';

let peer: CountingPeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

function options(): ProbeOptions {
  return defaultProbeOptions({ callingAe: 'CLMLIMITTEST', vantage: { label: 'unit test', untrusted: false }, connectTimeoutMs: 2000, ioTimeoutMs: 2000, targetTimeoutMs: 30_000 });
}

describe('the process-wide host limit, seen from the peer', () => {
  it('two concurrent scans and a re-check of one host: never more than one association open on it', async () => {
    peer = await startCountingPeer({ ports: 3, gather: 2, fallbackMs: 100 });
    const first = await runScan({ targets: [peer.host], ports: [peer.ports[0]!], options: options() });
    const service = first.services[0]!;
    expect(service).toMatchObject({ state: 'open', protocol: 'dicom' });

    const scan = () => runScan({ targets: [peer!.host], ports: peer!.ports, options: options() });
    const recheck = verifyService({ host: peer.host, port: peer.ports[0]!, before: { scanId: first.scan.id, at: first.scan.startedAt, vantage: first.scan.vantage, service }, options: options() });
    const [a, b, v] = await Promise.all([scan(), scan(), recheck]);

    for (const r of [a, b]) expect(r.services.map((s) => s.protocol)).toEqual(['dicom', 'dicom', 'dicom']);
    expect(v.after.protocol).toBe('dicom');
    // Enough associations for an overlap to have shown, and none did.
    expect(peer.total()).toBeGreaterThanOrEqual(7);
    expect(peer.peak()).toBe(1);
    expect(PROCESS_HOST_LIMITER.size).toBe(0);
  });

  it('with --per-host 2 on both scans, two at a time (and never more)', async () => {
    peer = await startCountingPeer({ ports: 3, gather: 2, fallbackMs: 100 });
    const scan = () => runScan({ targets: [peer!.host], ports: peer!.ports, options: options(), perHostAssociations: 2 });
    await Promise.all([scan(), scan()]);
    expect(peer.peak()).toBe(2);
    expect(PROCESS_HOST_LIMITER.size).toBe(0);
  });
});
