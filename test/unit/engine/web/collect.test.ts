/** The request plan, against a scripted loopback web server. */
import { describe, expect, it } from 'vitest';
import { collectWeb, isWebObservation, sameOriginPath, webObservationOf } from '../../../../electron/engine/web/collect';
import { ctx, orthancLike, site } from './loopback-site';

describe('sameOriginPath', () => {
  const t = { host: '127.0.0.1', port: 8042 };
  it('resolves relative and same-origin absolute locations', () => {
    expect(sameOriginPath('app/explorer.html', t, false)).toBe('/app/explorer.html');
    expect(sameOriginPath('/ui/app/?x=1', t, false)).toBe('/ui/app/?x=1');
    expect(sameOriginPath('http://127.0.0.1:8042/a', t, false)).toBe('/a');
  });
  it('never follows to another host, port or scheme', () => {
    expect(sameOriginPath('http://10.200.0.9:8042/a', t, false)).toBeUndefined();
    expect(sameOriginPath('http://127.0.0.1:9999/a', t, false)).toBeUndefined();
    expect(sameOriginPath('https://127.0.0.1:8042/a', t, false)).toBeUndefined();
    expect(sameOriginPath('//evil.example/a', t, false)).toBeUndefined();
  });
});

describe('collectWeb', () => {
  it('follows one same-origin redirect, asks /system, and a QIDO query that cannot match', async () => {
    const { port, seen } = await site(orthancLike(undefined));
    const o = await collectWeb({ host: '127.0.0.1', port }, false, ctx());
    expect(o.exchanges.map((e) => e.step)).toEqual(['root', 'landing', 'orthanc-system', 'qido', 'qido-root', 'dcm4chee-ui']);
    expect(seen.map((x) => x.path.replace(/CLM-[0-9a-f-]{36}/, 'CLM-<uuid>'))).toEqual([
      '/', '/app/explorer.html', '/system', '/dicom-web/studies?PatientID=CLM-<uuid>&limit=1', '/studies?PatientID=CLM-<uuid>&limit=1', '/dcm4chee-arc/ui2/',
    ]);
    expect(seen[3]?.accept).toContain('application/dicom+json');
    expect(seen.every((x) => x.auth === undefined)).toBe(true);
    expect(o.recognition?.product).toBe('Orthanc');
    expect(isWebObservation(o)).toBe(true);
    expect(isWebObservation({ kind: 'web' })).toBe(false);
  });

  it('asks the dcm4chee QIDO endpoint only when the dcm4chee UI is there, and skips /studies when /dicom-web answered', async () => {
    const { port, seen } = await site((req, res) => {
      if (req.url?.startsWith('/dicom-web/studies')) res.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end('[]');
      else if (req.url === '/dcm4chee-arc/ui2/') res.writeHead(200).end('<title>dcm4chee-arc-ui</title>');
      else if (req.url?.startsWith('/dcm4chee-arc/aets/')) res.writeHead(401).end();
      else res.writeHead(404).end();
    });
    const o = await collectWeb({ host: '127.0.0.1', port }, false, ctx());
    expect(o.exchanges.map((e) => e.step)).toEqual(['root', 'orthanc-system', 'qido', 'dcm4chee-ui', 'dcm4chee-qido']);
    expect(seen[4]?.path).toMatch(/^\/dcm4chee-arc\/aets\/DCM4CHEE\/rs\/studies\?PatientID=CLM-/);
    expect(o.recognition?.product).toBe('dcm4chee-arc');
  });

  it('stops after GET / when it got no HTTP answer', async () => {
    const o = await collectWeb({ host: '127.0.0.1', port: 1 }, false, ctx());
    expect(o.exchanges).toHaveLength(1);
    expect(o.exchanges[0]?.outcome).toBe('connection-refused');
  });

  it('webObservationOf reuses what identification stored', async () => {
    const stored = { kind: 'web', tls: false, exchanges: [] };
    const got = await webObservationOf({ host: '127.0.0.1', port: 1, protocol: 'http', identification: { web: stored } }, ctx());
    expect(got).toBe(stored);
  });
});

