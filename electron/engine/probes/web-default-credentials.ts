/**
 * OPT-IN `web.default-credentials`: the recognised product's documented default
 * login, one attempt per credential pair, only when the user asked for it
 * (`--opt-in web.default-credentials`); otherwise it does not run and the check is
 * `skipped`.
 */
import { judgeDefaultCredentials, tryDefaultCredentials, type DefaultCredentialsObservation } from '../web/credentials';
import { webObservationOf } from '../web/collect';
import type { Probe } from '../types';

export const webDefaultCredentialsProbe: Probe<DefaultCredentialsObservation> = {
  meta: {
    id: 'web-default-credentials',
    checks: ['web.default-credentials'],
    safety: 'opt-in',
    description: "Tries the recognised product's vendor-documented default login once (e.g. Orthanc orthanc/orthanc).",
  },
  applies: (service, options) => (service.protocol === 'http' || service.protocol === 'https') && options.optIn.has('web.default-credentials'),
  run: async (service, ctx) => tryDefaultCredentials(service, await webObservationOf(service, ctx), ctx),
  judge: (obs, _service, options) => [judgeDefaultCredentials(obs, options)],
};
