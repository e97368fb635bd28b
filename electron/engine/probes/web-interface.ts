/**
 * The web interface of an HTTP(S) service: `web.detected`, `web.plaintext`,
 * `web.unauthenticated`, `web.no-hsts`. A few GETs any browser or DICOMweb client
 * sends (GET /, Orthanc /system, a QIDO-RS query that cannot match); bodies are
 * summarised and dropped.
 */
import type { CheckResult } from '../../../shared/types';
import { webObservationOf, type WebObservation } from '../web/collect';
import { judgeNoHsts, judgeWebDetected, judgeWebPlaintext, judgeWebUnauthenticated } from '../web/judge';
import type { Probe, ServiceInfo } from '../types';

/** Pure: the four checks from one observation. */
export function judgeWebInterface(obs: WebObservation, service: ServiceInfo): CheckResult[] {
  return [judgeWebDetected(obs), judgeWebPlaintext(obs, service), judgeWebUnauthenticated(obs), judgeNoHsts(obs, service)];
}

export const webInterfaceProbe: Probe<WebObservation> = {
  meta: {
    id: 'web-interface',
    checks: ['web.detected', 'web.plaintext', 'web.unauthenticated', 'web.no-hsts'],
    safety: 'safe',
    description: 'Recognises Orthanc, OHIF, dcm4chee-arc, DICOMweb, Horos/OsiriX portals and login pages; checks HTTPS, HSTS and unauthenticated data endpoints.',
  },
  applies: (service) => service.protocol === 'http' || service.protocol === 'https',
  run: (service, ctx) => webObservationOf(service, ctx),
  judge: (obs, service) => judgeWebInterface(obs, service),
};
