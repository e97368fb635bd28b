/**
 * Cipher suites, key exchange and PS3.15 profiles of an HTTPS or DICOM TLS service
 * (issue 15): `tls.weak-cipher`, `tls.weak-key-exchange`, `tls.profile`. A probe of
 * its own so a check selection (or a discovery-only scan) that leaves these three out
 * skips the whole enumeration. Runs under the host's slot: one handshake at a time.
 */
import { enumerateTls, type TlsEnumeration } from '../tls/enumerate';
import { judgeSuites } from '../tls/judge-suites';
import type { Probe } from '../types';

export const tlsSuitesProbe: Probe<TlsEnumeration> = {
  meta: {
    id: 'tls-suites',
    checks: ['tls.weak-cipher', 'tls.weak-key-exchange', 'tls.profile'],
    safety: 'safe',
    description: 'Offers cipher suites per TLS version (the rest of the list again after each accepted one), then key exchange groups one at a time; grades the result against PS3.15 Annex B profiles.',
  },
  applies: (service) => service.protocol === 'https' || service.protocol === 'dicom-tls',
  run: async (service, ctx) => {
    // One handshake at a time under the host's slot, as an association would be.
    if (ctx.holdHost) await ctx.holdHost();
    try {
      return await enumerateTls(service, ctx);
    } finally {
      ctx.releaseHost?.();
    }
  },
  judge: (e, service) => judgeSuites(e, service),
};
