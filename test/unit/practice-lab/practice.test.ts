/**
 * The practice lab against a real DICOM client (DCMTK's echoscu/findscu/
 * movescu/getscu): each server lets in or turns away the right AE titles with
 * the right reason, answers queries as its profile says, and listens on
 * loopback only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type Server } from 'node:net';
import dimse from 'dcmjs-dimse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeLab, type PracticeLab, type PracticeServer } from '../../../electron/practice-lab/practice';
import { NOT_DICOM_BANNER } from '../../../electron/practice-lab/banner';
import { freePort, peerSkipReason } from '../../peers/harness';

// The library logs every PDU at info level; the assertions below say what matters.
dimse.log.setLevel('silent');

interface ToolResult {
  ok: boolean;
  output: string;
}

/** Run a DCMTK client with short network timeouts and a hard deadline; never throws. */
function dcmtk(
  bin: string,
  server: { host: string; port: number },
  calling: string,
  called: string,
  extra: string[] = [],
  files: string[] = [],
): Promise<ToolResult> {
  const args = ['-v', '-to', '5', '-ta', '5', '-td', '5', '-aet', calling, '-aec', called, ...extra, server.host, String(server.port), ...files];
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 20_000 }, (err, stdout, stderr) => resolve({ ok: err === null, output: `${stdout}${stderr}` }));
  });
}

const QUERY = ['-S', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'PatientID=CLM-no-such-patient', '-k', 'StudyInstanceUID'];

/** Linux: local addresses of LISTEN sockets on this TCP port, from the kernel's own table. */
function kernelListeners(port: number): string[] {
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [addrHex, portHex] = (cols[1] ?? '').split(':');
      if (cols[3] !== '0A' || !addrHex || !portHex || parseInt(portHex, 16) !== port) continue;
      // IPv4 entries are one little-endian 32-bit word.
      found.push(
        addrHex.length === 8
          ? [6, 4, 2, 0].map((i) => parseInt(addrHex.slice(i, i + 2), 16)).join('.')
          : `v6:${addrHex}`,
      );
    }
  }
  return found;
}

/** Whether a TCP connect to host:port is accepted, with its own deadline. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (v: boolean): void => {
      clearTimeout(t);
      s.destroy();
      resolve(v);
    };
    const t = setTimeout(() => done(false), 2_000);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Bytes a service sends right after connect (before we say anything), up to a deadline. */
function greeting(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    let got = '';
    const t = setTimeout(() => finish(), 2_000);
    const finish = (): void => {
      clearTimeout(t);
      s.destroy();
      resolve(got);
    };
    s.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (got.includes('\n')) finish();
    });
    s.once('error', finish);
    s.once('close', finish);
  });
}

/** Whether the peer closes the connection after we send `bytes`, before a generous deadline. */
function closedAfter(host: string, port: number, bytes: Buffer, deadlineMs = 5_000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port }, () => s.write(bytes));
    const t = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, deadlineMs);
    s.on('data', () => undefined);
    s.once('error', () => undefined);
    s.once('close', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

describe('practice lab: bad options', () => {
  it('refuses a non-loopback address with a one-line reason', async () => {
    await expect(startPracticeLab({ host: '0.0.0.0' })).rejects.toThrow(/not a loopback address/);
    await expect(startPracticeLab({ host: '10.200.1.10' })).rejects.toThrow(/not a loopback address/);
    await expect(startPracticeLab({ host: 'localhost' })).rejects.toThrow(/not a loopback address/);
  });

  it('refuses an impossible base port', async () => {
    await expect(startPracticeLab({ basePort: 65_534 })).rejects.toThrow(/base port/);
    await expect(startPracticeLab({ basePort: 0 })).rejects.toThrow(/base port/);
  });
});

describe.skipIf(peerSkipReason('dcmtk'))('practice lab against DCMTK', () => {
  let lab: PracticeLab;
  const byAet = (aet: string): PracticeServer => {
    const s = lab.servers.find((x) => x.aet === aet);
    if (!s) throw new Error(`no server ${aet}`);
    return s;
  };

  beforeAll(async () => {
    lab = await startPracticeLab();
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('describes itself: targets, ports and the AE titles an admin would know', () => {
    expect(lab.targets).toEqual(['127.0.0.1']);
    expect(lab.servers).toHaveLength(5);
    expect(lab.ports).toEqual(lab.servers.map((s) => s.port));
    expect(new Set(lab.ports).size).toBe(5);
    expect(lab.calledAes.map((c) => c.aet).sort()).toEqual(['ARCHIVE', 'CT_SCANNER', 'OPENPACS', 'SECUREPACS']);
    for (const s of lab.servers) {
      expect(s.host).toBe('127.0.0.1');
      expect(s.name.length && s.description.length && s.expected.length).toBeGreaterThan(0);
    }
  });

  it('Open PACS: any AE titles; C-FIND Success, C-MOVE/C-GET processed with a failure', async () => {
    const s = byAet('OPENPACS');
    const echo = await dcmtk('echoscu', s, 'CLMRANDOM1', 'NOT_ITS_AE');
    expect(echo.ok, echo.output).toBe(true);
    const find = await dcmtk('findscu', s, 'CLMRANDOM1', 'OPENPACS', QUERY);
    expect(find.output).toMatch(/Received Final Find Response \(Success\)/);
    const move = await dcmtk('movescu', s, 'CLMRANDOM1', 'OPENPACS', ['-aem', 'NOWHERE', ...QUERY]);
    expect(move.output).toMatch(/MoveDestinationUnknown/);
    const get = await dcmtk('getscu', s, 'CLMRANDOM1', 'OPENPACS', QUERY);
    expect(get.output).toMatch(/UnableToProcess/);
  });

  it('Open PACS announces the lab implementation identity', async () => {
    const s = byAet('OPENPACS');
    const echo = await dcmtk('echoscu', s, 'CLMRANDOM1', 'OPENPACS', ['-d']);
    expect(echo.output).toMatch(/Their Implementation Version Name:\s+COLLIMATOR_LAB/);
    expect(echo.output).toMatch(/Their Implementation Class UID:\s+2\.25\./);
  });

  it('Locked-down PACS: unknown caller 1/1/3, wrong called AE 1/1/7, registered peer accepted', async () => {
    const s = byAet('SECUREPACS');
    const stranger = await dcmtk('echoscu', s, 'CLMRANDOM1', 'SECUREPACS');
    expect(stranger.ok).toBe(false);
    expect(stranger.output).toMatch(/Result: Rejected Permanent, Source: Service User/);
    expect(stranger.output).toMatch(/Reason: Calling AE Title Not Recognized/);
    const wrongCalled = await dcmtk('echoscu', s, 'MODALITY1', 'NOT_ITS_AE');
    expect(wrongCalled.ok).toBe(false);
    expect(wrongCalled.output).toMatch(/Reason: Called AE Title Not Recognized/);
    const peer = await dcmtk('echoscu', s, 'MODALITY1', 'SECUREPACS');
    expect(peer.ok, peer.output).toBe(true);
  });

  it('takes no data: C-STORE is negotiated where the profile allows it, then refused and dropped', async () => {
    // A synthetic object with no patient data, made by DCMTK from a text dump.
    const dir = mkdtempSync(join(tmpdir(), 'collimator-practice-'));
    try {
      const dump = join(dir, 'synthetic.dump');
      const file = join(dir, 'synthetic.dcm');
      writeFileSync(dump, '(0008,0016) UI =CTImageStorage\n(0008,0018) UI [2.25.1]\n(0010,0020) LO [CLM-SYNTHETIC]\n(0020,000d) UI [2.25.2]\n(0020,000e) UI [2.25.3]\n');
      await new Promise<void>((resolve, reject) => execFile('dump2dcm', [dump, file], (e) => (e ? reject(new Error(`dump2dcm failed: ${e.message}`)) : resolve())));
      for (const aet of ['OPENPACS', 'CT_SCANNER']) {
        const store = await dcmtk('storescu', byAet(aet), 'CLMRANDOM1', aet, [], [file]);
        expect(store.output).toMatch(/Received Store Response \(Refused: OutOfResources\)/);
      }
      const archive = await dcmtk('storescu', byAet('ARCHIVE'), 'CLMRANDOM1', 'ARCHIVE', [], [file]);
      expect(archive.ok).toBe(false);
      expect(archive.output).toMatch(/No Acceptable Presentation Contexts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a hostile peer: garbage gets the connection closed, and the server keeps serving', async () => {
    const s = byAet('OPENPACS');
    expect(await closedAfter(s.host, s.port, Buffer.from('GET / HTTP/1.0\r\n\r\n'))).toBe(true);
    expect(await closedAfter(s.host, s.port, Buffer.from([0x99, 0x00, 0x00, 0x00, 0x00, 0x00]))).toBe(true);
    // An A-ASSOCIATE-RQ that promises more bytes than it sends: the association
    // timeout (10 s) must end it; 20 s is only this test's own deadline.
    expect(await closedAfter(s.host, s.port, Buffer.from([0x01, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00]), 20_000)).toBe(true);
    expect((await dcmtk('echoscu', s, 'CLMRANDOM1', 'OPENPACS')).ok).toBe(true);
  });

  it('Modality with open storage: any AE titles, Q/R contexts rejected', async () => {
    const s = byAet('CT_SCANNER');
    expect((await dcmtk('echoscu', s, 'CLMRANDOM1', 'WHATEVER')).ok).toBe(true);
    const find = await dcmtk('findscu', s, 'CLMRANDOM1', 'CT_SCANNER', QUERY);
    expect(find.ok).toBe(false);
    expect(find.output).toMatch(/No Acceptable Presentation Contexts/);
  });

  it('Called-AE-strict archive: any caller with the right called AE, 1/1/7 otherwise; queries refused', async () => {
    const s = byAet('ARCHIVE');
    expect((await dcmtk('echoscu', s, 'CLMRANDOM1', 'ARCHIVE')).ok).toBe(true);
    const wrong = await dcmtk('echoscu', s, 'CLMRANDOM1', 'PACS');
    expect(wrong.ok).toBe(false);
    expect(wrong.output).toMatch(/Reason: Called AE Title Not Recognized/);
    const find = await dcmtk('findscu', s, 'CLMRANDOM1', 'ARCHIVE', QUERY);
    expect(find.output).toMatch(/Final Find Response \((Unknown Status: 0x124|Refused)/);
  });

  it('Not DICOM: an SSH-like greeting, and echoscu fails on it', async () => {
    const s = lab.servers.find((x) => x.aet === '');
    expect(s).toBeDefined();
    expect(await greeting(s!.host, s!.port)).toBe(NOT_DICOM_BANNER);
    const echo = await dcmtk('echoscu', s!, 'CLMRANDOM1', 'ANY-SCP');
    expect(echo.ok).toBe(false);
    expect(echo.output).not.toMatch(/Association Accepted|Association Rejected/);
  });

  it.skipIf(process.platform !== 'linux')('every listener is bound to 127.0.0.1 only (kernel table; 127.0.0.2 refused)', async () => {
    for (const port of lab.ports) {
      expect(kernelListeners(port)).toEqual(['127.0.0.1']);
      // Bound to 0.0.0.0 it would answer on every loopback address too.
      expect(await accepts('127.0.0.2', port)).toBe(false);
      expect(await accepts('127.0.0.1', port)).toBe(true);
    }
  });
});

describe.skipIf(peerSkipReason('dcmtk'))('practice lab lifecycle', () => {
  it('stop leaves no listener behind, and twice is fine', async () => {
    const lab = await startPracticeLab();
    const ports = [...lab.ports];
    // An open connection must not keep stop() waiting.
    const held = connect({ host: '127.0.0.1', port: ports[0]! });
    held.on('error', () => undefined);
    await new Promise((r) => held.once('connect', r));
    await lab.stop();
    await lab.stop();
    held.destroy();
    for (const port of ports) {
      expect(await accepts('127.0.0.1', port)).toBe(false);
      if (process.platform === 'linux') expect(kernelListeners(port)).toEqual([]);
    }
  });

  it.skipIf(process.platform !== 'linux')('listens on another loopback address when asked', async () => {
    const lab = await startPracticeLab({ host: '127.0.0.2' });
    try {
      expect(lab.targets).toEqual(['127.0.0.2']);
      const s = lab.servers.find((x) => x.aet === 'OPENPACS')!;
      expect(s.host).toBe('127.0.0.2');
      expect((await dcmtk('echoscu', s, 'CLMRANDOM1', 'OPENPACS')).ok).toBe(true);
      expect(await accepts('127.0.0.1', s.port)).toBe(false);
    } finally {
      await lab.stop();
    }
  });

  it('uses consecutive ports from a base port, and fails cleanly when one is taken', async () => {
    // Another process may hold a port in the range: try a few bases.
    let lab: PracticeLab | undefined;
    let base = 0;
    for (let i = 0; i < 5 && !lab; i += 1) {
      base = await freePort();
      if (base > 65_000) continue;
      lab = await startPracticeLab({ basePort: base }).catch(() => undefined);
    }
    expect(lab).toBeDefined();
    expect(lab!.ports).toEqual([base, base + 1, base + 2, base + 3, base + 4]);
    await lab!.stop();

    // Hold base+2: the lab must refuse to start, name the port, and close what it opened.
    const blocker = await new Promise<Server>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen({ host: '127.0.0.1', port: base + 2 }, () => resolve(srv));
    });
    try {
      await expect(startPracticeLab({ basePort: base })).rejects.toThrow(new RegExp(`port ${base + 2} on 127\\.0\\.0\\.1 is already in use`));
      expect(await accepts('127.0.0.1', base)).toBe(false);
      expect(await accepts('127.0.0.1', base + 1)).toBe(false);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
