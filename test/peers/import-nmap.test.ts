/**
 * `collimator import` of REAL nmap XML (issue 13): nmap 7.93 with its dicom-ping script
 * run against real Orthanc (any AE accepted; called-AE check on), real dcmqrscp (its
 * peers listed) and a DCMTK storescp speaking DICOM TLS, all on loopback. What nmap
 * really writes differs from a hand-made file: the script runs only on ports 104/11112
 * unless forced (`+dicom-ping`), it leaves an empty `<script output="">` on a port that is
 * not DICOM and "ERROR: Script execution failed" on a TLS port, ports carry no
 * `<service>` at all, and -sV names a DICOM TLS port only "unknown" tunnel="ssl".
 * Then the fix: the open Orthanc is taken off, nmap "from outside" sees the port closed,
 * and the reconcile table and the exposure.internet finding say closed as seen from
 * the internet. Nothing but loopback is ever scanned.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internetFindingFor } from '../../electron/internet/finding';
import { importFiles } from '../../electron/internet/import';
import { reconcile } from '../../electron/internet/reconcile';
import { openStore, type Store } from '../../electron/store';
import { seedScan } from '../unit/records/fixtures';
import { freePort, makeTestPki, peerSkipReason, startDcmqrscp, startOrthanc, startStorescp, tcpAccepts, type TestPki } from './harness/index';

const dir = mkdtempSync(path.join(tmpdir(), 'clm-import-nmap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** nmap -oX of 127.0.0.1 only, these ports only; returns the file written. */
function nmap(name: string, ports: number[], extra: string[] = []): string {
  const file = path.join(dir, name);
  execFileSync('nmap', ['-n', '-Pn', ...extra, '-p', ports.join(','), '--script', '+dicom-ping', '-oX', file, '127.0.0.1'], { stdio: 'pipe', timeout: 120_000 });
  return file;
}

type Said = { dicom?: { accepted?: boolean; calledAeCheck?: boolean; discovered?: boolean }; nmap?: { state: string; reason: string } };

describe.skipIf(peerSkipReason('orthanc', 'dcmtk', 'nmap'))('import of real nmap XML (dicom-ping) from real DICOM servers', () => {
  let store: Store;
  beforeAll(() => {
    store = openStore(path.join(dir, 'store.db'));
    return () => store.close();
  });

  it('reads what nmap really wrote, then sees the fixed server closed from outside', async () => {
    const open = await startOrthanc({ preset: 'insecure' });
    const restricted = await startOrthanc({ preset: 'restricted' });
    const qr = await startDcmqrscp({ aets: [{ aet: 'QRSCP', peers: [{ aet: 'KNOWNPEER', host: '127.0.0.1', port: 11119 }] }] });
    let openStopped = false;
    try {
      const closed = await freePort();
      const file = nmap('before.xml', [open.port, restricted.port, qr.port, open.httpPort, closed]);
      const r = await importFiles(store, [{ name: 'before.xml', path: file }], { collect: true });
      expect(r).toMatchObject({ format: 'nmap', read: 1, skipped: 0, problems: [] });
      expect(r.imported).toBe(5); // every port nmap named, the closed one too
      const of = (port: number) => store.internet.observationsOf('127.0.0.1', port);
      const said = (port: number): Said => of(port)[0]!.said;
      // Orthanc accepting any AE title: what dicom-ping said is kept.
      expect(of(open.port)[0]).toMatchObject({ state: 'open', kind: 'dicom', source: 'nmap', tls: false });
      expect(said(open.port).dicom).toMatchObject({ discovered: true, accepted: true });
      // Orthanc and dcmqrscp checking the called AE.
      for (const port of [restricted.port, qr.port]) {
        expect(of(port)[0]).toMatchObject({ state: 'open', kind: 'dicom' });
        expect(said(port).dicom).toMatchObject({ discovered: true, calledAeCheck: true });
      }
      // Orthanc's HTTP port: dicom-ping left an empty output there; not DICOM.
      expect(of(open.httpPort)[0]).toMatchObject({ state: 'open' });
      expect(of(open.httpPort)[0]!.kind).not.toMatch(/^dicom/);
      expect(said(open.httpPort).dicom).toBeUndefined();
      // The closed port is stored (it can close an earlier observation) but is no open service.
      expect(of(closed)[0]).toMatchObject({ state: 'closed' });
      expect(said(closed).nmap).toEqual({ state: 'closed', reason: 'reset' });
      expect(r.observations.map((o) => o.port).sort()).toEqual([open.port, restricted.port, qr.port, open.httpPort].sort());

      // The inside view knows the open Orthanc; the outside view agrees.
      seedScan(store, 'inside-1', new Date(Date.now() - 60_000).toISOString(), '127.0.0.1', open.port);
      const row = () => reconcile({ observations: store.internet.listObservations(), inside: store.internet.insideServices(), mappings: [], now: new Date() }).rows.find((x) => x.port === open.port)!;
      expect(row()).toMatchObject({ status: 'outside-and-inside', kind: 'dicom', closedOutside: null });
      expect(internetFindingFor(store, '127.0.0.1', open.port, new Date())!.check.status).toBe('fail');

      // The fix: the open server is taken off the network; nmap, a second later, finds the port closed.
      await open.stop();
      openStopped = true;
      expect(await tcpAccepts('127.0.0.1', open.port)).toBe(false);
      await new Promise((res) => setTimeout(res, 1100)); // nmap's times are whole seconds
      const after = nmap('after.xml', [open.port]);
      const r2 = await importFiles(store, [{ name: 'after.xml', path: after }]);
      expect(r2).toMatchObject({ format: 'nmap', imported: 1, problems: [] });
      expect(row().closedOutside).toMatchObject({ source: 'nmap', how: 'closed' });
      const finding = internetFindingFor(store, '127.0.0.1', open.port, new Date())!;
      expect(finding.check.status).toBe('pass');
      expect(finding.check.summary).toMatch(/^closed as seen from the internet: nmap on \d{4}-\d\d-\d\d/);
    } finally {
      if (!openStopped) await open.stop();
      await restricted.stop();
      await qr.stop();
    }
  }, 180_000);

  it('takes a DICOM TLS port as TLS from -sV (tunnel="ssl"), whatever dicom-ping failed to say', async () => {
    const pki: TestPki = makeTestPki();
    const tls = await startStorescp({ tls: { key: pki.serverKey, cert: pki.serverCert } });
    try {
      const file = nmap('tls.xml', [tls.port], ['-sV', '--version-light']);
      const r = await importFiles(store, [{ name: 'tls.xml', path: file }], { collect: true });
      expect(r).toMatchObject({ format: 'nmap', imported: 1, skipped: 0, problems: [] });
      const o = store.internet.observationsOf('127.0.0.1', tls.port)[0]!;
      expect(o).toMatchObject({ state: 'open', tls: true });
      // nmap cannot tell DICOM inside TLS: the script failed there, and that is no DICOM finding.
      expect((o.said as Said).dicom).toBeUndefined();
    } finally {
      await tls.stop();
      pki.remove();
    }
  }, 180_000);
});
