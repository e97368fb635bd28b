import { describe, expect, it } from 'vitest';
import type { ServiceInfo } from '../../../../electron/engine/types';
import type { WebObservation } from '../../../../electron/engine/web/collect';
import type { HttpSummary } from '../../../../electron/engine/web/fingerprint';
import { hstsMaxAge, judgeNoHsts, judgeWebDetected, judgeWebPlaintext, judgeWebUnauthenticated, redirectsToHttps } from '../../../../electron/engine/web/judge';

const http: ServiceInfo = { host: '127.0.0.1', port: 8042, protocol: 'http', identification: {} };
const https: ServiceInfo = { host: '127.0.0.1', port: 443, protocol: 'https', identification: {} };

const s = (over: Partial<HttpSummary>): HttpSummary => ({ step: 'root', path: '/', outcome: 'success', status: 200, markers: [], bodyBytes: 10, truncated: false, ...over });
const sys = (status: number, withFields = status === 200): HttpSummary =>
  s({ step: 'orthanc-system', path: '/system', status, ...(withFields ? { orthancSystem: { Name: 'O', Version: '1.10.1', DicomAet: 'ORTHANC', ApiVersion: 18, DicomPort: 4242 } } : {}), ...(status === 401 ? { wwwAuthenticate: 'Basic realm="Orthanc Secure Area"' } : {}) });
const qido = (status: number, results?: number): HttpSummary =>
  s({ step: 'qido', path: '/dicom-web/studies?PatientID=CLM-1&limit=1', status, ...(results !== undefined ? { dicomJson: { results, fieldNames: [] } } : {}) });

function web(exchanges: HttpSummary[], tls = false, recognition?: WebObservation['recognition']): WebObservation {
  return { kind: 'web', tls, exchanges, ...(recognition ? { recognition } : {}) };
}
const orthanc = { product: 'Orthanc', version: '1.10.1', interfaces: ['Orthanc REST API'], recognisedBy: ['/system JSON'] };

describe('judgeWebDetected', () => {
  it('fails (info) for a recognised interface, with product, version and how', () => {
    const r = judgeWebDetected(web([s({ status: 307, location: 'app/explorer.html' }), sys(200)], false, orthanc));
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('info');
    expect(r.evidence).toMatchObject({ product: 'Orthanc', version: '1.10.1', interfaces: ['Orthanc REST API'], recognisedBy: ['/system JSON'] });
    expect(r.summary).toContain('Orthanc 1.10.1');
  });
  it('passes an unrecognised HTTP service, inconclusive when GET / got no answer', () => {
    expect(judgeWebDetected(web([s({ title: 'Printer' })])).status).toBe('pass');
    expect(judgeWebDetected(web([s({ outcome: 'io-timeout', status: undefined })])).status).toBe('inconclusive');
    expect(judgeWebDetected(web([])).status).toBe('inconclusive');
  });
});

describe('judgeWebPlaintext', () => {
  it('fails plain HTTP that serves the interface', () => {
    const r = judgeWebPlaintext(web([s({ status: 307, location: 'app/explorer.html' })], false, orthanc), http);
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('high');
    expect(r.evidence).toMatchObject({ scheme: 'http', status: 307, location: 'app/explorer.html' });
  });
  it('passes plain HTTP that only redirects to https://, and HTTPS', () => {
    expect(judgeWebPlaintext(web([s({ status: 301, location: 'https://127.0.0.1:8443/' })]), http).status).toBe('pass');
    expect(judgeWebPlaintext(web([s({})], true), https).status).toBe('pass');
  });
  it('a redirect to another plain HTTP page is not a redirect to HTTPS', () => {
    expect(redirectsToHttps(s({ status: 302, location: 'http://127.0.0.1/login' }))).toBe(false);
    expect(redirectsToHttps(s({ status: 200, location: 'https://x/' }))).toBe(false);
    expect(judgeWebPlaintext(web([s({ status: 302, location: '/login' })]), http).status).toBe('fail');
  });
  it('inconclusive without an answer', () => {
    expect(judgeWebPlaintext(web([s({ outcome: 'connection-reset', status: undefined })]), http).status).toBe('inconclusive');
  });
});

describe('judgeWebUnauthenticated', () => {
  it('fails when Orthanc /system answers without credentials, keeping only its fields', () => {
    const r = judgeWebUnauthenticated(web([s({}), sys(200), qido(404)]));
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('critical');
    expect(r.summary).toContain('/system');
    expect(r.evidence.orthancSystem).toMatchObject({ Version: '1.10.1', DicomAet: 'ORTHANC' });
  });
  it('fails when a QIDO query that cannot match is answered, with the result count', () => {
    const r = judgeWebUnauthenticated(web([s({}), sys(404, false), qido(200, 0)]));
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('QIDO-RS');
    expect(r.evidence.endpoints).toContainEqual(expect.objectContaining({ endpoint: 'DICOMweb QIDO-RS /studies', status: 200, results: 0 }));
  });
  it('passes when the data endpoints ask for credentials', () => {
    const r = judgeWebUnauthenticated(web([s({ status: 401 }), sys(401), qido(401)]));
    expect(r.status).toBe('pass');
  });
  it('a /system 200 that is not Orthanc JSON does not count', () => {
    expect(judgeWebUnauthenticated(web([s({}), sys(200, false), qido(404)])).status).toBe('inconclusive');
  });
  it('inconclusive when no data endpoint exists', () => {
    const r = judgeWebUnauthenticated(web([s({}), sys(404), qido(404)]));
    expect(r.status).toBe('inconclusive');
  });
});

describe('judgeNoHsts', () => {
  it('fails HTTPS without the header, passes with a max-age', () => {
    expect(judgeNoHsts(web([s({})], true), https).status).toBe('fail');
    const r = judgeNoHsts(web([s({ hsts: 'max-age=31536000; includeSubDomains' })], true), https);
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ maxAge: 31536000, includeSubDomains: true });
  });
  it('takes the header from the landing page after a redirect', () => {
    expect(judgeNoHsts(web([s({ status: 307, location: 'app/x' }), s({ step: 'landing', hsts: 'max-age=100' })], true), https).status).toBe('pass');
  });
  it('max-age=0 switches HSTS off: fail', () => {
    expect(hstsMaxAge('max-age=0')).toBe(0);
    expect(hstsMaxAge('includeSubDomains; max-age="600"')).toBe(600);
    expect(hstsMaxAge('includeSubDomains')).toBeUndefined();
    expect(judgeNoHsts(web([s({ hsts: 'max-age=0' })], true), https).status).toBe('fail');
  });
  it('not-applicable on plain HTTP, inconclusive without an answer', () => {
    expect(judgeNoHsts(web([s({})]), http).status).toBe('not-applicable');
    expect(judgeNoHsts(web([s({ outcome: 'tls-error', status: undefined })], true), https).status).toBe('inconclusive');
  });
});
