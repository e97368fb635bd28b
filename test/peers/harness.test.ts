/**
 * The real-peer harness itself: each kind of server starts, answers as configured,
 * and is really gone after stop(). Checked with DCMTK's echoscu and Orthanc's
 * REST API, on loopback only.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DICOMWEB_PLUGIN,
  freePort,
  httpGet,
  peerSkipReason,
  makeTestPki,
  ORTHANC_PEER_USER,
  parseJsonc,
  startDcmqrscp,
  startOrthanc,
  startStorescp,
  stripJsonComments,
  tcpAccepts,
  type PeerServer,
  type TestPki,
} from './harness';

interface EchoResult {
  ok: boolean;
  /** echoscu's stdout+stderr (verbose), holding the reject reason when rejected. */
  output: string;
}

/** Run echoscu -v with a hard deadline; never throws. */
function echo(server: { host: string; port: number }, calling: string, called: string, extra: string[] = []): Promise<EchoResult> {
  return new Promise((resolve) => {
    execFile(
      'echoscu',
      ['-v', '-to', '5', '-ta', '5', '-td', '5', '-aet', calling, '-aec', called, ...extra, server.host, String(server.port)],
      { timeout: 15_000 },
      (err, stdout, stderr) => resolve({ ok: err === null, output: `${stdout}${stderr}` }),
    );
  });
}

/** True while a process with this PID exists and is not a zombie (dead, waiting to be reaped). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/PID/stat: "pid (comm) S ..."; Z is a zombie, already dead.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Poll until the PID is gone, bounded. */
async function pidGone(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !pidAlive(pid);
}

/** Stop a server and check that its process, port and temp dir are gone. */
async function stopAndCheck(server: PeerServer): Promise<void> {
  expect(existsSync(server.tempDir)).toBe(true);
  await server.stop();
  await server.stop(); // idempotent
  expect(await pidGone(server.pid)).toBe(true);
  expect(await tcpAccepts(server.host, server.port)).toBe(false);
  expect(existsSync(server.tempDir)).toBe(false);
}

describe('harness helpers (no servers)', () => {
  it('freePort gives a port on 127.0.0.1 that can be bound', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(await tcpAccepts('127.0.0.1', port, 500)).toBe(false);
  });

  it('strips JSON comments but not // inside strings', () => {
    const text = '{ // line\n "a": "http://x/*y*/", /* block\n */ "b": [1,2,], }';
    expect(stripJsonComments(text)).not.toContain('line');
    expect(parseJsonc(text)).toEqual({ a: 'http://x/*y*/', b: [1, 2] });
  });

  it('peerSkipReason names what is missing, and nothing when all is there', () => {
    const reason = peerSkipReason('orthanc', 'dcmtk');
    // On the project's machines both are installed; elsewhere the reason must say which.
    if (reason !== undefined) expect(reason).toMatch(/Orthanc|storescp|Linux/);
    else expect(existsSync('/usr/sbin/Orthanc') || existsSync('/usr/bin/Orthanc')).toBe(true);
  });
});

describe.skipIf(peerSkipReason('orthanc', 'dcmtk'))('Orthanc presets', () => {
  it('insecure: open REST, any calling and called AE accepted', async () => {
    const pacs = await startOrthanc({ preset: 'insecure', aet: 'OPENPACS' });
    try {
      const sys = await httpGet(pacs.httpPort, '/system');
      expect(sys.status).toBe(200);
      expect((JSON.parse(sys.body) as { DicomAet: string; DicomPort: number }).DicomAet).toBe('OPENPACS');
      expect((JSON.parse(sys.body) as { DicomPort: number }).DicomPort).toBe(pacs.port);
      expect((await echo(pacs, 'CLMRANDOM', 'WRONGAE')).ok).toBe(true);
      const plugins = await httpGet(pacs.httpPort, '/plugins');
      // 'explorer.js' is Orthanc's built-in pseudo-entry; no real plugin is loaded.
      expect((JSON.parse(plugins.body) as string[]).filter((p) => p !== 'explorer.js')).toEqual([]);
    } finally {
      expect(dirname(pacs.configPath)).toBe(pacs.tempDir);
      await stopAndCheck(pacs);
    }
  });

  it('restricted: REST needs the password, unknown caller 1/1/3, wrong called AE 1/1/7, restart on the same ports', async () => {
    const pacs = await startOrthanc({ preset: 'restricted' });
    try {
      expect(pacs.aet).toBe('ORTHANC');
      expect((await httpGet(pacs.httpPort, '/system')).status).toBe(401);
      const sys = await httpGet(pacs.httpPort, '/system', { auth: ORTHANC_PEER_USER });
      expect(sys.status).toBe(200);

      const known = await echo(pacs, 'MODALITY1', 'ORTHANC');
      expect(known.ok).toBe(true);
      const unknownCaller = await echo(pacs, 'CLMRANDOM', 'ORTHANC');
      expect(unknownCaller.ok).toBe(false);
      expect(unknownCaller.output).toMatch(/Calling AE Title Not Recognized/i);
      const wrongCalled = await echo(pacs, 'MODALITY1', 'NOTORTHANC');
      expect(wrongCalled.ok).toBe(false);
      expect(wrongCalled.output).toMatch(/Called AE Title Not Recognized/i);

      const firstPid = pacs.pid;
      await pacs.restart({ DicomCheckCalledAet: false, DicomAlwaysAllowEcho: true, DicomModalities: {} });
      expect(await pidGone(firstPid)).toBe(true);
      expect(pacs.pid).not.toBe(firstPid);
      const written = JSON.parse(readFileSync(pacs.configPath, 'utf8')) as Record<string, unknown>;
      expect(written.DicomCheckCalledAet).toBe(false);
      expect(written.DicomPort).toBe(pacs.port);
      // Echo is always allowed and the called AE is no longer checked.
      expect((await echo(pacs, 'CLMRANDOM', 'NOTORTHANC')).ok).toBe(true);
    } finally {
      expect(dirname(pacs.configPath)).toBe(pacs.tempDir);
      await stopAndCheck(pacs);
    }
  });

  it('debian-defaults: Debian file with only ports and dirs changed', async () => {
    const pacs = await startOrthanc({ preset: 'debian-defaults' });
    try {
      const written = JSON.parse(readFileSync(pacs.configPath, 'utf8')) as Record<string, unknown>;
      expect(written.RemoteAccessAllowed).toBe(false); // Debian's default, kept
      expect(written.DicomAlwaysAllowStore).toBe(true);
      expect(written.Plugins).toEqual([]);
      const sys = await httpGet(pacs.httpPort, '/system'); // localhost needs no password
      expect(sys.status).toBe(200);
      expect((await echo(pacs, 'CLMRANDOM', 'ANYTHING')).ok).toBe(true);
    } finally {
      expect(dirname(pacs.configPath)).toBe(pacs.tempDir);
      await stopAndCheck(pacs);
    }
  });

  it('loads the DICOMweb plugin when the config asks for it', async () => {
    const pacs = await startOrthanc({
      preset: 'insecure',
      config: { Plugins: [DICOMWEB_PLUGIN], DicomWeb: { Enable: true, Root: '/dicom-web/' } },
    });
    try {
      const res = await httpGet(pacs.httpPort, '/dicom-web/studies?PatientID=CLM-none');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual([]);
    } finally {
      await stopAndCheck(pacs);
    }
  });
});

describe.skipIf(peerSkipReason('dcmtk'))('cleanup when a test process ends without stop()', () => {
  it.each(['exit', 'throw'])('kills its servers and removes their temp dirs (%s)', async (mode) => {
    const dir = mkdtempSync(join(tmpdir(), 'collimator-harness-exit-'));
    try {
      const script = join(dir, 'leaky.mts'); // .mts: ESM (top-level await) outside the package
      const harness = resolve(import.meta.dirname, 'harness/index.ts');
      writeFileSync(
        script,
        [
          `import { startStorescp, startDcmqrscp } from ${JSON.stringify(harness)};`,
          `const s = await startStorescp();`,
          `const q = await startDcmqrscp({ aets: [{ aet: 'QR', peers: 'ANY' }] });`,
          `console.log(JSON.stringify({ pids: [s.pid, q.pid], dirs: [s.tempDir, q.tempDir] }));`,
          mode === 'throw' ? `throw new Error('a failing test');` : `process.exit(0);`,
        ].join('\n'),
      );
      const [stdout, stderr] = await new Promise<[string, string]>((done) => {
        execFile(process.execPath, ['--import', 'tsx', script], { timeout: 30_000 }, (_err, out, err) => done([out, err]));
      });
      const line = stdout.split('\n').find((l) => l.startsWith('{"pids"'));
      expect(line, `${stdout}\n${stderr}`).toBeDefined();
      const { pids, dirs } = JSON.parse(line!) as { pids: number[]; dirs: string[] };
      for (const pid of pids) expect(await pidGone(pid)).toBe(true);
      for (const d of dirs) expect(existsSync(d)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(peerSkipReason('dcmtk'))('DCMTK servers', () => {
  let pki: TestPki | undefined;
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => pki?.remove());

  it('storescp (plain) answers C-ECHO for any called AE', async () => {
    const scp = await startStorescp({ aet: 'CT_SCANNER' });
    try {
      expect(scp.aet).toBe('CT_SCANNER');
      expect((await echo(scp, 'CLMRANDOM', 'WHATEVER')).ok).toBe(true);
      expect(readdirSync(scp.receivedDir)).toEqual([]);
    } finally {
      await stopAndCheck(scp);
    }
  });

  it('storescp with TLS requiring a client certificate', async () => {
    const tls = { key: pki!.serverKey, cert: pki!.serverCert, ca: pki!.caCert, requireClientCert: true };
    const scp = await startStorescp({ tls });
    try {
      const withCert = await echo(scp, 'CLMRANDOM', 'STORESCP', ['+tls', pki!.clientKey, pki!.clientCert, '+cf', pki!.caCert]);
      expect(withCert.ok, withCert.output).toBe(true);
      expect((await echo(scp, 'CLMRANDOM', 'STORESCP', ['+tla', '+cf', pki!.caCert])).ok).toBe(false);
      expect((await echo(scp, 'CLMRANDOM', 'STORESCP')).ok).toBe(false); // plaintext on a TLS port
    } finally {
      await stopAndCheck(scp);
    }
  });

  it('dcmqrscp: open AE accepts anyone, restricted AE only its peer (else 1/1/7)', async () => {
    const qr = await startDcmqrscp({
      aets: [
        { aet: 'OPENQR', peers: 'ANY' },
        { aet: 'LOCKEDQR', peers: [{ aet: 'MODALITY1', host: '127.0.0.1', port: 11113 }] },
      ],
    });
    try {
      expect(qr.aets).toEqual(['OPENQR', 'LOCKEDQR']);
      expect((await echo(qr, 'CLMRANDOM', 'OPENQR')).ok).toBe(true);
      expect((await echo(qr, 'MODALITY1', 'LOCKEDQR')).ok).toBe(true);
      const refused = await echo(qr, 'CLMRANDOM', 'LOCKEDQR');
      expect(refused.ok).toBe(false);
      expect(refused.output).toMatch(/Called AE Title Not Recognized/i);
    } finally {
      await stopAndCheck(qr);
    }
  });
});
