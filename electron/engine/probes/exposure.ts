/**
 * Exposure (checks.md, "Exposure checks"): judged from where the scan runs. Reaching
 * an open service is itself the observation: the sweep already made the TCP
 * handshake, so this probe sends nothing.
 */
import { CATALOG } from '../../../shared/catalog';
import type { CheckResult, Vantage } from '../../../shared/types';
import type { Probe } from '../types';

/** What this probe observed: the service answered a TCP handshake from this vantage. */
export interface ExposureObservation {
  reachable: boolean;
  vantage: Vantage;
}

function result(id: 'exposure.untrusted-reach' | 'exposure.internet', status: CheckResult['status'], summary: string, evidence: CheckResult['evidence']): CheckResult {
  const def = CATALOG[id];
  return { id, status, severity: def.severity, summary, evidence, attack: [...def.attack] };
}

/** Pure judgement of the exposure checks. */
export function judgeExposure(o: ExposureObservation): CheckResult[] {
  const evidence = { vantage: o.vantage.label, untrusted: o.vantage.untrusted };
  let reach: CheckResult;
  if (!o.vantage.untrusted) {
    reach = result('exposure.untrusted-reach', 'not-applicable', 'judged only from a vantage marked untrusted; this scan ran from a trusted one', evidence);
  } else if (o.reachable) {
    reach = result('exposure.untrusted-reach', 'fail', `reachable from untrusted network "${o.vantage.label}"`, { ...evidence, reached: true });
  } else {
    reach = result('exposure.untrusted-reach', 'pass', `not reachable from untrusted network "${o.vantage.label}"`, { ...evidence, reached: false });
  }
  // A scan judges nothing from outside; imported Censys/Shodan/nmap observations are shown beside it (electron/internet/finding.ts).
  const internet = result('exposure.internet', 'not-applicable', 'judged from imported internet scan data (collimator import, the Internet view), not by a scan', {});
  return [reach, internet];
}

export const exposureProbe: Probe<ExposureObservation> = {
  meta: {
    id: 'exposure',
    checks: ['exposure.untrusted-reach', 'exposure.internet'],
    safety: 'safe',
    description: 'Judges reachability of the service from the scan vantage; sends nothing beyond the sweep.',
    offline: true,
  },
  // Every open service: reachability does not depend on the protocol.
  applies: () => true,
  run: (_service, ctx) => Promise.resolve({ reachable: true, vantage: ctx.options.vantage }),
  judge: (o) => judgeExposure(o),
};
