/**
 * Web checks against real Orthanc 1.10.1 HTTP: open (no authentication, DICOMweb on),
 * behind a password, and with Orthanc's own default user (RemoteAccessAllowed with
 * authentication and no registered users makes it create orthanc/orthanc). The
 * opt-in default-credentials check must find that user, and a plain scan must not
 * even try it: nginx in front logs every request's Basic user.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DICOMWEB_PLUGIN, freePorts, httpGet, LAB_HOST, peerSkipReason, ORTHANC_PEER_USER, startOrthanc, tcpAccepts, waitUntil, whichBinary, type OrthancServer } from './harness';
import { makeTempDir, once, removeTempDir, spawnPeer, stopPeerProcess } from './harness/process';
import { startNginx, type NginxServer } from './harness-nginx';
import { makeCertSet, type CertSet } from './tls-certs';
import { check, scanLoopback, serviceAt, tlsWebStatuses } from './tls-web-scan';

/** A running Orthanc with its default user. */
interface DefaultUserOrthanc {
  httpPort: number;
  dicomPort: number;
  logPath: string;
  stop(): Promise<void>;
}

/**
 * Orthanc exactly as the insecure setup the check is about: remote access on,
 * authentication on, no RegisteredUsers. (The harness's readiness probe cannot log
 * in as a user the config does not name, so this one is started here.)
 */
async function startOrthancDefaultUser(): Promise<DefaultUserOrthanc> {
  const dir = makeTempDir('orthanc-default-user');
  const storage = join(dir, 'storage');
  mkdirSync(storage);
  const [dicomPort, httpPort] = await freePorts(2);
  const config = {
    Name: 'orthanc-default-user', DicomAet: 'ORTHANC', DicomPort: dicomPort, HttpPort: httpPort,
    StorageDirectory: storage, IndexDirectory: storage, TemporaryDirectory: dir, Plugins: [], SaveJobs: false,
    RemoteAccessAllowed: true, AuthenticationEnabled: true, RegisteredUsers: {},
  };
  const configPath = join(dir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const logPath = join(dir, 'orthanc.log');
  const proc = spawnPeer(whichBinary('Orthanc') ?? 'Orthanc', [`--logfile=${logPath}`, configPath], { cwd: dir, logPath: join(dir, 'stdout.log') });
  const ready = await waitUntil(
    async () => {
      if (!(await tcpAccepts(LAB_HOST, dicomPort!))) return false;
      try {
        return (await httpGet(httpPort!, '/system', { auth: { username: 'orthanc', password: 'orthanc' } })).status === 200;
      } catch {
        return false;
      }
    },
    { timeoutMs: 20_000, intervalMs: 150, abort: () => proc.hasExited() },
  );
  const stop = once(async () => {
    try {
      await stopPeerProcess(proc);
    } finally {
      removeTempDir(dir);
    }
  });
  if (!ready) {
    const tail = proc.logTail(20);
    await stop();
    throw new Error(`peers: Orthanc with its default user did not start\n${tail}`);
  }
  return { httpPort: httpPort!, dicomPort: dicomPort!, logPath, stop };
}

describe.skipIf(peerSkipReason('orthanc', 'nginx'))('web checks against real Orthanc HTTP', () => {
  let open: OrthancServer;
  let locked: OrthancServer;
  let dflt: DefaultUserOrthanc;
  let certs: CertSet;
  let nginx: NginxServer;

  beforeAll(async () => {
    certs = makeCertSet();
    open = await startOrthanc({ preset: 'insecure', config: { Plugins: [DICOMWEB_PLUGIN] }, name: 'orthanc-web-open' });
    locked = await startOrthanc({ preset: 'restricted', config: { Plugins: [DICOMWEB_PLUGIN] }, name: 'orthanc-web-locked' });
    dflt = await startOrthancDefaultUser();
    nginx = await startNginx([{ name: 'dflt', cert: certs.valid.cert, key: certs.valid.key, hsts: true, upstreamPort: dflt.httpPort, accessLog: true }]);
  });

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all([open?.stop(), locked?.stop(), dflt?.stop()]);
    certs?.remove();
  });

  it('open Orthanc REST + DICOMweb over plain HTTP: detected with version, plaintext, unauthenticated', async () => {
    const report = await scanLoopback([open.httpPort]);
    const s = serviceAt(report, open.httpPort);
    expect(s.protocol).toBe('http');
    expect(s.product).toEqual({ name: 'Orthanc', version: '1.10.1' });
    expect(tlsWebStatuses(s)).toEqual({
      'tls.legacy-protocol': 'not-applicable',
      'tls.certificate': 'not-applicable',
      'tls.certificate-expiring': 'not-applicable',
      'tls.weak-cipher': 'not-applicable',
      'tls.weak-key-exchange': 'not-applicable',
      'tls.profile': 'not-applicable',
      'web.detected': 'fail',
      'web.plaintext': 'fail',
      'web.unauthenticated': 'fail',
      'web.default-credentials': 'skipped',
      'web.no-hsts': 'not-applicable',
    });
    const detected = check(s, 'web.detected');
    expect(detected.evidence.interfaces).toEqual(expect.arrayContaining(['Orthanc Explorer', 'Orthanc REST API', 'DICOMweb QIDO-RS']));
    expect(detected.evidence.location).toBe('app/explorer.html');
    const unauth = check(s, 'web.unauthenticated');
    expect(unauth.evidence.orthancSystem).toMatchObject({ Version: '1.10.1', DicomAet: 'ORTHANC', DicomPort: open.port, Name: 'orthanc-web-open' });
    expect(unauth.evidence.endpoints).toContainEqual(expect.objectContaining({ endpoint: 'DICOMweb QIDO-RS /studies', status: 200, results: 0 }));
    expect(unauth.summary).toContain('/system');
    expect(unauth.summary).toContain('QIDO-RS');
  });

  it('Orthanc behind a password: recognised by its realm, the data endpoints ask for credentials', async () => {
    const report = await scanLoopback([locked.httpPort], { optIn: new Set(['web.default-credentials']) });
    const s = serviceAt(report, locked.httpPort);
    expect(s.product?.name).toBe('Orthanc');
    expect(s.product?.version).toBeUndefined();
    expect(tlsWebStatuses(s)).toMatchObject({
      'web.detected': 'fail',
      'web.plaintext': 'fail',
      'web.unauthenticated': 'pass',
      // Its user is labadmin, not the vendor default.
      'web.default-credentials': 'pass',
    });
    expect(check(s, 'web.unauthenticated').evidence.endpoints).toContainEqual(expect.objectContaining({ endpoint: 'Orthanc REST API /system', status: 401 }));
    expect(check(s, 'web.default-credentials').evidence.attempts).toEqual([
      { product: 'Orthanc', username: 'orthanc', path: '/system', outcome: 'success', status: 401, accepted: false },
    ]);
    // The lab's own user still works: the check did not lock anything.
    expect((await httpGet(locked.httpPort, '/system', { auth: ORTHANC_PEER_USER })).status).toBe(200);
  });

  it('Orthanc with its default user: --opt-in finds orthanc/orthanc with one attempt; a plain scan never tries it', async () => {
    const https = nginx.ports.dflt!.https;
    const plain = await scanLoopback([https], { tls: { ca: certs.ca.certPem } });
    const ps = serviceAt(plain, https);
    expect(ps.protocol).toBe('https');
    expect(check(ps, 'web.default-credentials').status).toBe('skipped');
    expect(check(ps, 'web.unauthenticated').status).toBe('pass');
    expect(nginx.accessLog('dflt').length).toBeGreaterThan(0);
    expect(nginx.accessLog('dflt').filter((l) => !l.startsWith('- '))).toEqual([]);

    const before = nginx.accessLog('dflt').length;
    const opted = await scanLoopback([https], { tls: { ca: certs.ca.certPem }, optIn: new Set(['web.default-credentials']) });
    const os = serviceAt(opted, https);
    const dc = check(os, 'web.default-credentials');
    expect(dc.status).toBe('fail');
    expect(dc.severity).toBe('critical');
    expect(dc.summary).toContain('orthanc');
    expect(dc.evidence.attempts).toEqual([{ product: 'Orthanc', username: 'orthanc', path: '/system', outcome: 'success', status: 200, accepted: true }]);
    const withUser = nginx.accessLog('dflt').slice(before).filter((l) => !l.startsWith('- '));
    expect(withUser).toEqual(['orthanc GET /system 200']);
  });

  it('the same default user straight on Orthanc\'s HTTP port', async () => {
    const report = await scanLoopback([dflt.httpPort], { optIn: new Set(['web.default-credentials']) });
    const s = serviceAt(report, dflt.httpPort);
    expect(tlsWebStatuses(s)).toMatchObject({ 'web.detected': 'fail', 'web.plaintext': 'fail', 'web.unauthenticated': 'pass', 'web.default-credentials': 'fail' });
  });
});
