/**
 * Pure judgement of the web checks (checks.md, "Web checks") from a WebObservation.
 */
import type { CheckResult, Evidence } from '../../../shared/types';
import { checkResult } from '../tls/check-result';
import type { ServiceInfo } from '../types';
import type { WebObservation } from './collect';
import { asksForCredentials, isQidoAnswer, type HttpSummary } from './fingerprint';

function root(obs: WebObservation): HttpSummary | undefined {
  return obs.exchanges.find((e) => e.step === 'root');
}

function unreachable(id: CheckResult['id'], r: HttpSummary | undefined): CheckResult {
  return checkResult(id, 'inconclusive', `the web server did not answer GET / (${r?.outcome ?? 'not tried'}${r?.error ? `: ${r.error}` : ''})`, {
    outcome: r?.outcome ?? null,
  });
}

/** Header facts of the landing page, for evidence. */
function pageEvidence(r: HttpSummary): Evidence {
  return {
    status: r.status ?? null,
    server: r.server ?? null,
    ...(r.location ? { location: r.location } : {}),
    ...(r.title ? { title: r.title } : {}),
  };
}

/** `web.detected` (info): an imaging-related interface answers here. */
export function judgeWebDetected(obs: WebObservation): CheckResult {
  const r = root(obs);
  if (!r || r.outcome !== 'success') return unreachable('web.detected', r);
  const rec = obs.recognition;
  if (!rec) {
    return checkResult('web.detected', 'pass', 'an HTTP service that is not recognised as an imaging interface', pageEvidence(r));
  }
  const name = `${rec.product}${rec.version ? ` ${rec.version}` : ''}`;
  return checkResult('web.detected', 'fail', `${name}: ${rec.interfaces.join(', ')}`, {
    product: rec.product,
    version: rec.version ?? null,
    interfaces: rec.interfaces,
    recognisedBy: rec.recognisedBy,
    ...pageEvidence(r),
  });
}

/** True when a response redirects to an https:// URL. */
export function redirectsToHttps(r: HttpSummary): boolean {
  return r.status !== undefined && r.status >= 300 && r.status < 400 && /^https:\/\//i.test(r.location ?? '');
}

/** `web.plaintext`: served over plain HTTP without a redirect to HTTPS. */
export function judgeWebPlaintext(obs: WebObservation, service: ServiceInfo): CheckResult {
  if (obs.tls || service.protocol === 'https') {
    return checkResult('web.plaintext', 'pass', 'served over HTTPS', { scheme: 'https' });
  }
  const r = root(obs);
  if (!r || r.outcome !== 'success') return unreachable('web.plaintext', r);
  if (redirectsToHttps(r)) {
    return checkResult('web.plaintext', 'pass', `plain HTTP only redirects to HTTPS (${r.location ?? ''})`, { scheme: 'http', ...pageEvidence(r) });
  }
  const what = obs.recognition ? `${obs.recognition.product} interface` : 'web interface';
  return checkResult('web.plaintext', 'fail', `${what} served over plain HTTP without a redirect to HTTPS: logins and images cross the network in clear text`, {
    scheme: 'http',
    ...pageEvidence(r),
  });
}

const DATA_STEPS = new Set(['orthanc-system', 'qido', 'qido-root', 'dcm4chee-qido']);

/** What an endpoint is, in words. */
function endpointName(s: HttpSummary): string {
  return s.step === 'orthanc-system' ? 'Orthanc REST API /system' : 'DICOMweb QIDO-RS /studies';
}

/** An endpoint answered as if authorised. */
function answeredOpenly(s: HttpSummary): boolean {
  if (s.step === 'orthanc-system') return s.status === 200 && s.orthancSystem !== undefined;
  return isQidoAnswer(s);
}

/** `web.unauthenticated`: a data or control endpoint answers without credentials. */
export function judgeWebUnauthenticated(obs: WebObservation): CheckResult {
  const r = root(obs);
  if (!r || r.outcome !== 'success') return unreachable('web.unauthenticated', r);
  const endpoints = obs.exchanges.filter((e) => DATA_STEPS.has(e.step));
  const listed = endpoints.map((e) => ({
    endpoint: endpointName(e),
    path: e.path,
    status: e.status ?? null,
    outcome: e.outcome,
    ...(e.dicomJson ? { results: e.dicomJson.results } : {}),
  }));
  const open = endpoints.filter(answeredOpenly);
  if (open.length > 0) {
    const names = [...new Set(open.map(endpointName))];
    const sys = open.find((e) => e.orthancSystem)?.orthancSystem;
    return checkResult('web.unauthenticated', 'fail', `${names.join(' and ')} answer${names.length > 1 ? '' : 's'} without credentials`, {
      endpoints: listed,
      ...(sys ? { orthancSystem: sys } : {}),
    });
  }
  const guarded = endpoints.filter(asksForCredentials);
  if (guarded.length > 0) {
    return checkResult('web.unauthenticated', 'pass', `${[...new Set(guarded.map(endpointName))].join(' and ')} ask${guarded.length > 1 ? '' : 's'} for credentials`, {
      endpoints: listed,
    });
  }
  return checkResult('web.unauthenticated', 'inconclusive', 'no known data or control endpoint (Orthanc REST, DICOMweb) was found to test', { endpoints: listed });
}

/** max-age of a Strict-Transport-Security value, seconds; undefined when absent or unreadable. */
export function hstsMaxAge(value: string): number | undefined {
  const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** `web.no-hsts`: HTTPS without a Strict-Transport-Security header (max-age=0 counts as none). */
export function judgeNoHsts(obs: WebObservation, service: ServiceInfo): CheckResult {
  if (!obs.tls && service.protocol !== 'https') return checkResult('web.no-hsts', 'not-applicable', 'HSTS applies to HTTPS only');
  const r = root(obs);
  if (!r || r.outcome !== 'success') return unreachable('web.no-hsts', r);
  const landing = obs.exchanges.find((e) => e.step === 'landing');
  const value = r.hsts ?? landing?.hsts;
  if (!value) return checkResult('web.no-hsts', 'fail', 'HTTPS without a Strict-Transport-Security header: browsers may still be led to plain HTTP', { header: null });
  const maxAge = hstsMaxAge(value);
  if (maxAge === undefined || maxAge === 0) {
    return checkResult('web.no-hsts', 'fail', `Strict-Transport-Security does not take effect (${maxAge === 0 ? 'max-age=0' : 'no max-age'})`, { header: value, maxAge: maxAge ?? null });
  }
  return checkResult('web.no-hsts', 'pass', `Strict-Transport-Security max-age=${maxAge}`, {
    header: value,
    maxAge,
    includeSubDomains: /includesubdomains/i.test(value),
  });
}
