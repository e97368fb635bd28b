import { describe, expect, it } from 'vitest';
import { recognise, summarise, type HttpSummary } from '../../../../electron/engine/web/fingerprint';
import type { HttpExchange } from '../../../../electron/engine/web/http';

function ex(status: number, headers: Record<string, string> = {}, body = ''): HttpExchange {
  return { outcome: 'success', status, headers, body: Buffer.from(body), truncated: false };
}

const ORTHANC_SYSTEM = JSON.stringify({
  ApiVersion: 18, DatabaseBackendPlugin: null, DatabaseVersion: 6, DicomAet: 'ORTHANC', DicomPort: 4242, HttpPort: 8042,
  IsHttpServerSecure: true, Name: 'MyOrthanc', PluginsEnabled: true, StorageAreaPlugin: null, Version: '1.10.1',
});

describe('summarise', () => {
  it('keeps the headers that matter, the title and the markers, never the body', () => {
    const s = summarise('root', '/', ex(200, { server: 'nginx', 'strict-transport-security': 'max-age=1', 'content-type': 'text/html' }, '<html><head><title>  OHIF   Viewer </title></head><body>secret PATIENT^NAME</body></html>'));
    expect(s).toMatchObject({ step: 'root', status: 200, server: 'nginx', hsts: 'max-age=1', title: 'OHIF Viewer', markers: ['ohif'] });
    expect(JSON.stringify(s)).not.toContain('PATIENT');
  });

  it('keeps only the Orthanc /system fields it needs', () => {
    const s = summarise('orthanc-system', '/system', ex(200, { 'content-type': 'application/json' }, ORTHANC_SYSTEM));
    expect(s.orthancSystem).toEqual({ Name: 'MyOrthanc', Version: '1.10.1', ApiVersion: 18, DicomAet: 'ORTHANC', DicomPort: 4242 });
  });

  it('counts DICOMweb results and keeps attribute tags, never values', () => {
    const answer = JSON.stringify([
      { '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] }, '00100020': { vr: 'LO', Value: ['MRN-123'] } },
      { '00100010': { vr: 'PN', Value: [{ Alphabetic: 'ROE^RICHARD' }] } },
    ]);
    const s = summarise('qido', '/dicom-web/studies?PatientID=CLM-x', ex(200, { 'content-type': 'application/dicom+json' }, answer));
    expect(s.dicomJson).toEqual({ results: 2, fieldNames: ['00100010', '00100020'] });
    const text = JSON.stringify(s);
    expect(text).not.toContain('DOE');
    expect(text).not.toContain('MRN-123');
  });

  it('a DICOM JSON answer cut by the cap: answered, count unknown', () => {
    const s = summarise('qido', '/dicom-web/studies', ex(200, { 'content-type': 'application/dicom+json' }, '[{"0010'));
    expect(s.dicomJson).toEqual({ results: null, fieldNames: [] });
  });

  it('HTML or junk on a QIDO path is not a DICOMweb answer', () => {
    expect(summarise('qido', '/dicom-web/studies', ex(200, { 'content-type': 'text/html' }, '<html></html>')).dicomJson).toBeUndefined();
    expect(summarise('qido', '/dicom-web/studies', ex(200, {}, '{"a":1}')).dicomJson).toBeUndefined();
  });

  it('keeps the failure of an exchange that got no answer', () => {
    const s = summarise('root', '/', { outcome: 'io-timeout', headers: {}, body: Buffer.alloc(0), truncated: false, error: 'x' });
    expect(s).toMatchObject({ outcome: 'io-timeout', markers: [], bodyBytes: 0 });
    expect(s.status).toBeUndefined();
  });
});

const root = (over: Partial<HttpSummary> = {}): HttpSummary => ({ step: 'root', path: '/', outcome: 'success', status: 200, markers: [], bodyBytes: 0, truncated: false, ...over });

describe('recognise', () => {
  it('Orthanc from the /system JSON, with its version', () => {
    const r = recognise([root(), summarise('orthanc-system', '/system', ex(200, {}, ORTHANC_SYSTEM))]);
    expect(r).toMatchObject({ product: 'Orthanc', version: '1.10.1', interfaces: ['Orthanc REST API'] });
  });

  it('Orthanc behind a password: the realm "Orthanc Secure Area", no version', () => {
    const r = recognise([root({ status: 401, wwwAuthenticate: 'Basic realm="Orthanc Secure Area"' })]);
    expect(r?.product).toBe('Orthanc');
    expect(r?.version).toBeUndefined();
    expect(r?.recognisedBy[0]).toContain('Orthanc Secure Area');
  });

  it('Orthanc Explorer and Explorer 2 from the redirect of GET /', () => {
    expect(recognise([root({ status: 307, location: '/app/explorer.html' })])?.interfaces).toEqual(['Orthanc Explorer']);
    expect(recognise([root({ status: 307, location: 'app/explorer.html' })])?.interfaces).toEqual(['Orthanc Explorer']);
    expect(recognise([root({ status: 302, location: '/ui/app/' })])?.interfaces).toEqual(['Orthanc Explorer 2']);
  });

  it('OHIF, dcm4chee-arc UI, Horos and OsiriX portals from their pages', () => {
    expect(recognise([summarise('root', '/', ex(200, {}, '<meta name="application-name" content="OHIF Viewer"/><title>OHIF Viewer</title>'))])?.product).toBe('OHIF');
    expect(recognise([root({ status: 404 }), summarise('dcm4chee-ui', '/dcm4chee-arc/ui2/', ex(200, {}, '<!doctype html><html><head><title>dcm4chee-arc-ui</title>'))])?.product).toBe('dcm4chee-arc');
    expect(recognise([summarise('root', '/', ex(200, {}, '<title>Horos Web Portal</title>'))])?.product).toBe('Horos');
    expect(recognise([root({ status: 401, wwwAuthenticate: 'Digest realm="OsiriX Web Portal (10.200.0.2 - 01/02/2026)"' })])?.product).toBe('OsiriX');
  });

  it('a DICOMweb endpoint on its own, and as part of a recognised product', () => {
    const qido = summarise('qido-root', '/studies?PatientID=CLM-1', ex(200, { 'content-type': 'application/dicom+json' }, '[]'));
    expect(recognise([root({ status: 404 }), qido])).toMatchObject({ product: 'DICOMweb', interfaces: ['DICOMweb QIDO-RS'] });
    const orthanc = recognise([root({ status: 307, location: 'app/explorer.html' }), { ...qido, step: 'qido' }]);
    expect(orthanc?.product).toBe('Orthanc');
    expect(orthanc?.interfaces).toEqual(['Orthanc Explorer', 'DICOMweb QIDO-RS']);
  });

  it('a 204 to a QIDO query counts as an answer', () => {
    expect(recognise([root(), { ...root(), step: 'qido', path: '/dicom-web/studies', status: 204 }])?.product).toBe('DICOMweb');
  });

  it('a generic login page, and nothing for an ordinary page or a 404', () => {
    const login = summarise('root', '/', ex(200, {}, '<title>Sign in</title><form><input name="u"><input type="password" name="p"></form>'));
    expect(recognise([login])).toMatchObject({ product: 'login page' });
    expect(recognise([summarise('root', '/', ex(200, {}, '<title>Welcome to nginx!</title>'))])).toBeUndefined();
    expect(recognise([root({ status: 404 }), { ...root({ status: 404 }), step: 'qido' }])).toBeUndefined();
  });

  it('a /system that is not Orthanc\'s JSON is not Orthanc', () => {
    expect(recognise([root(), summarise('orthanc-system', '/system', ex(200, {}, '{"Name":"x"}'))])).toBeUndefined();
  });
});
