/**
 * The log parsers on lines as each server writes them (Orthanc's authorization warning as
 * in its source, OrthancServer/Sources/main.cpp and the DICOMweb plugin: `DICOM
 * authorization rejected for AET X on IP Y: ...`). Orthanc's and DCMTK's were taken
 * from the real servers in this lab (the learn-* lab tests check them end to end);
 * dcm4chee-arc cannot run here, so its lines are built from the formats in the dcm4che
 * library's source: dcm4che-net/src/main/java/org/dcm4che3/net/TCPListener.java
 * ("Accept connection {}" with java.net.Socket's toString) and Association.java (names
 * "CALLED<-CALLING(n)" / "CALLING->CALLED(n)", ">> A-ASSOCIATE-RQ", "<< A-ASSOCIATE-AC",
 * "<< A-ASSOCIATE-RJ[...]", ">> 1:C-STORE-RQ[...]"), in WildFly's server.log layout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { learnPeers, lineTime, formatOfLine } from '../../../electron/peers';
import type { LearnResult } from '../../../shared/observed-peers';

const dir = mkdtempSync(join(tmpdir(), 'collimator-peers-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string | Buffer): string {
  const f = join(dir, `f${n++}.log`);
  writeFileSync(f, text);
  return f;
}
const learn = (text: string | Buffer, opts: Parameters<typeof learnPeers>[1] = {}): Promise<LearnResult> => {
  const f = file(text);
  return learnPeers([{ name: 'x.log', src: { path: f }, modifiedAt: Date.UTC(2026, 11, 2) }], opts);
};

describe('Orthanc', () => {
  it('the formats of the issue, old and new: one or two spaces, quoted titles, requests without an address', async () => {
    const r = await learn(
      [
        'W1202 10:00:00.000001 main.cpp:1314] DICOM server listening with AET PACS on port: 4242',
        'I1202 10:00:01.000000 CommandDispatcher.cpp:333] (dicom) Association Received from AET CT ROOM 3 on IP 203.0.113.5',
        'I1202 10:00:01.000100 main.cpp:317] Incoming connection from AET CT ROOM 3 on IP 203.0.113.5, calling AET PACS',
        'I1202 10:00:01.000200 CommandDispatcher.cpp:664] (dicom) Association Acknowledged (Max Send PDV: 16372) to AET CT ROOM 3 on IP 203.0.113.5',
        'I1202 10:00:02.000000 main.cpp:352] Incoming Store request from AET CT ROOM 3 on IP 203.0.113.5, calling AET PACS',
        'W1202 10:00:03.000000 main.cpp:99] DICOM authorization rejected for AET EVIL on IP 198.51.100.7:  Not allowed',
        'W1202 10:00:04.000000 main.cpp:99] DICOM authorization rejected for AET EVIL2 on IP 198.51.100.8: The DICOM command Store is not allowed for this modality according to configuration option "DicomModalities"',
        'W1202 10:00:05.000000 main.cpp:99] Rejected Move request from remote DICOM modality with AET "WS9" and hostname "198.51.100.9"',
        'I1202 10:00:06.000000 main.cpp:99] Incoming Find request from AET OLDWS',
        'I1202 10:00:07.000000 OrthancFindRequestHandler.cpp:659] (dicom)   (0010,0010)  PatientName = SECRET^NAME',
      ].join('\n'),
    );
    expect(r.lines).toEqual({ read: 10, understood: 9, malformed: 0 });
    expect(r.servers).toEqual([
      {
        host: null, port: 4242, calledAe: 'PACS',
        peers: [
          { callingAe: 'CT ROOM 3', address: '203.0.113.5', operations: ['store'], firstSeen: '2026-12-02T10:00:01.000Z', lastSeen: '2026-12-02T10:00:02.000Z', count: 1, accepted: true },
          { callingAe: 'EVIL', address: '198.51.100.7', operations: [], firstSeen: '2026-12-02T10:00:03.000Z', lastSeen: '2026-12-02T10:00:03.000Z', count: 1, accepted: false },
          { callingAe: 'EVIL2', address: '198.51.100.8', operations: ['store'], firstSeen: '2026-12-02T10:00:04.000Z', lastSeen: '2026-12-02T10:00:04.000Z', count: 1, accepted: false },
          { callingAe: 'OLDWS', address: null, operations: ['find'], firstSeen: '2026-12-02T10:00:06.000Z', lastSeen: '2026-12-02T10:00:06.000Z', count: 1, accepted: true },
          { callingAe: 'WS9', address: '198.51.100.9', operations: ['move'], firstSeen: '2026-12-02T10:00:05.000Z', lastSeen: '2026-12-02T10:00:05.000Z', count: 1, accepted: false },
        ],
      },
    ]);
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  it('--since leaves out what came before; a title longer than 16 characters is not kept', async () => {
    const lines = [
      'I1201 09:00:00.000000 main.cpp:1] Incoming Echo request from AET OLD on IP 203.0.113.1, calling AET PACS',
      'I1202 09:00:00.000000 main.cpp:1] Incoming Echo request from AET NEW on IP 203.0.113.2, calling AET PACS',
      'I1202 09:00:01.000000 main.cpp:1] Incoming Echo request from AET ABCDEFGHIJKLMNOPQRS on IP 203.0.113.3, calling AET PACS',
    ].join('\n');
    const r = await learn(lines, { since: Date.UTC(2026, 11, 2) });
    expect(r.servers[0]!.peers.map((p) => p.callingAe)).toEqual([null, 'NEW']);
  });
});

describe('DCMTK', () => {
  it('-v lines name peer and called AE; a refused one is refused; requests are read', async () => {
    const r = await learn(
      [
        'I: Association Received (203.0.113.5:CT_ROOM3 -> QR)',
        'I: Association Acknowledged (Max Send PDV: 16372)',
        'I: Received Find SCP:',
        'I: (0010,0010) PN [SECRET^NAME]                           #   4, 1 PatientName',
        'I: Association Release',
        'I: Association Received (2001:db8::5:INTRUDER -> QR)',
        'I: Refusing Association (BadAEService)',
      ].join('\n'),
    );
    expect(r.servers).toEqual([
      {
        host: null, port: null, calledAe: 'QR',
        peers: [
          { callingAe: 'CT_ROOM3', address: '203.0.113.5', operations: ['find'], firstSeen: null, lastSeen: null, count: 1, accepted: true },
          { callingAe: 'INTRUDER', address: '2001:db8::5', operations: [], firstSeen: null, lastSeen: null, count: 1, accepted: false },
        ],
      },
    ]);
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  it('log4cplus time stamps in other locales are read', async () => {
    const r = await learn(
      [
        '02.12.2026 10:11:12,345 I: Association Received (203.0.113.5:CT_ROOM3 -> QR)',
        '02.12.2026 10:11:12,400 I: Association Acknowledged (Max Send PDV: 16372)',
        '2026/12/03 08:00:00 I: Association Received (203.0.113.5:CT_ROOM3 -> QR)',
        '2026/12/03 08:00:00 I: Association Acknowledged (Max Send PDV: 16372)',
      ].join('\r\n'),
      { format: 'dcmtk' },
    );
    expect(r.servers[0]!.peers[0]).toMatchObject({ firstSeen: '2026-12-02T10:11:12.345Z', lastSeen: '2026-12-03T08:00:00.000Z', count: 2 });
  });
});

describe('dcm4chee-arc (lines built from dcm4che source formats; the archive cannot run here)', () => {
  const log = [
    '2026-12-02 10:00:00,001 INFO  [org.dcm4che3.net.Connection] (EE-ManagedExecutorService-default-Thread-1) Accept connection Socket[addr=/203.0.113.5,port=50123,localport=11112]',
    '2026-12-02 10:00:00,010 INFO  [org.dcm4che3.net.Association] (EE-ManagedExecutorService-default-Thread-2) DCM4CHEE<-MODALITY1(17) >> A-ASSOCIATE-RQ',
    '2026-12-02 10:00:00,020 INFO  [org.dcm4che3.net.Association] (EE-ManagedExecutorService-default-Thread-2) DCM4CHEE<-MODALITY1(17) << A-ASSOCIATE-AC',
    '2026-12-02 10:00:00,030 INFO  [org.dcm4che3.net.Dimse] (EE-ManagedExecutorService-default-Thread-2) DCM4CHEE<-MODALITY1(17) >> 1:C-STORE-RQ[pcid=1, prior=0',
    '2026-12-02 10:00:01,001 INFO  [org.dcm4che3.net.Connection] (EE-ManagedExecutorService-default-Thread-1) Accept connection Socket[addr=/198.51.100.7,port=40000,localport=11112]',
    '2026-12-02 10:00:01,010 INFO  [org.dcm4che3.net.Association] (EE-ManagedExecutorService-default-Thread-3) DCM4CHEE<-STRANGER(18) >> A-ASSOCIATE-RQ',
    '2026-12-02 10:00:01,020 INFO  [org.dcm4che3.net.Association] (EE-ManagedExecutorService-default-Thread-3) DCM4CHEE<-STRANGER(18) << A-ASSOCIATE-RJ[result: 1 - rejected-permanent, source: 1 - service-user, reason: 3 - calling-AE-title-not-recognized]',
    '2026-12-02 10:00:02,000 INFO  [org.dcm4che3.net.Association] (EE-ManagedExecutorService-default-Thread-4) DCM4CHEE->STORESCP(19) << A-ASSOCIATE-RQ',
    '2026-12-02 10:00:03,000 INFO  [org.dcm4che3.net.Connection] (EE-ManagedExecutorService-default-Thread-1) Reject connection Socket[addr=/198.51.100.66,port=1234,localport=11112]',
    '2026-12-02 10:00:04,000 INFO  [org.dcm4che3.net.Association] (EE-ManagedExecutorService-default-Thread-5) DCM4CHEE<-CUT(20) >> A-ASSOC',
  ].join('\n');

  it('incoming associations with their connection, refusals, blacklisted connections; outgoing ones are not peers', async () => {
    const r = await learn(log);
    expect(r.lines).toEqual({ read: 10, understood: 9, malformed: 1 });
    expect(r.problems).toEqual([{ at: 'x.log:10', reason: expect.stringContaining('cut short') as string }]);
    expect(r.servers).toEqual([
      { host: null, port: 11112, calledAe: null, peers: [{ callingAe: null, address: '198.51.100.66', operations: [], firstSeen: '2026-12-02T10:00:03.000Z', lastSeen: '2026-12-02T10:00:03.000Z', count: 1, accepted: false }] },
      {
        host: null, port: 11112, calledAe: 'DCM4CHEE',
        peers: [
          { callingAe: 'MODALITY1', address: '203.0.113.5', operations: ['store'], firstSeen: '2026-12-02T10:00:00.010Z', lastSeen: '2026-12-02T10:00:00.010Z', count: 1, accepted: true },
          { callingAe: 'STRANGER', address: '198.51.100.7', operations: [], firstSeen: '2026-12-02T10:00:01.010Z', lastSeen: '2026-12-02T10:00:01.010Z', count: 1, accepted: false },
        ],
      },
    ]);
  });

  it('at DEBUG the serial number ties an association to its connection, whatever the order', async () => {
    const r = await learn(
      [
        '2026-12-02 10:00:00,001 INFO  [org.dcm4che3.net.Connection] (T1) Accept connection Socket[addr=/203.0.113.1,port=1,localport=11112]',
        '2026-12-02 10:00:00,002 INFO  [org.dcm4che3.net.Connection] (T1) Accept connection Socket[addr=/203.0.113.2,port=2,localport=11112]',
        '2026-12-02 10:00:00,003 DEBUG [org.dcm4che3.net.Association] (T3) /203.0.113.9:11112<-/203.0.113.2:2(8): enter state: Sta2',
        '2026-12-02 10:00:00,004 INFO  [org.dcm4che3.net.Association] (T3) ARC<-SECOND(8) >> A-ASSOCIATE-RQ',
        '2026-12-02 10:00:00,005 INFO  [org.dcm4che3.net.Association] (T3) ARC<-SECOND(8) << A-ASSOCIATE-AC',
        '2026-12-02 10:00:00,006 INFO  [org.dcm4che3.net.Association] (T2) ARC<-FIRST(7) >> A-ASSOCIATE-RQ',
        '2026-12-02 10:00:00,007 INFO  [org.dcm4che3.net.Association] (T2) ARC<-FIRST(7) << A-ASSOCIATE-AC',
      ].join('\n'),
    );
    expect(r.servers[0]!.peers.map((p) => [p.callingAe, p.address])).toEqual([
      ['FIRST', '203.0.113.1'],
      ['SECOND', '203.0.113.2'],
    ]);
  });
});

describe('files', () => {
  it('gzip, CRLF, a line too long, an unknown format, binary data: counted and named, never a crash', async () => {
    const orthanc = 'I1202 10:00:00.000000 main.cpp:1] Incoming Echo request from AET A1 on IP 203.0.113.1, calling AET PACS\n';
    const gz = await learn(gzipSync(orthanc.repeat(3)));
    expect(gz.servers[0]!.peers[0]!.count).toBe(0); // requests on an association whose start is not in the log
    expect(gz.lines).toEqual({ read: 3, understood: 3, malformed: 0 });

    const long = await learn(`${orthanc}${'x'.repeat(70 * 1024)}\n${orthanc}`);
    expect(long.lines).toEqual({ read: 3, understood: 2, malformed: 1 });
    expect(long.problems).toEqual([{ at: 'x.log:2', reason: 'a line longer than 64 KiB: skipped' }]);

    const unknown = await learn('hello\nworld\n');
    expect(unknown.problems[0]!.reason).toMatch(/no line of a known log format/);
    const binary = await learn(Buffer.from([0, 1, 2, 3, 0, 0, 9]));
    expect(binary.problems[0]!.reason).toMatch(/neither a text log nor a capture/);
    const damagedGz = await learn(gzipSync(orthanc.repeat(1000)).subarray(0, 200));
    expect(damagedGz.problems.some((p) => /could not be read to the end/.test(p.reason))).toBe(true);
  });

  it('progress by bytes, and cancellation stops the read', async () => {
    const line = 'I1202 10:00:00.000000 main.cpp:1] Incoming Echo request from AET A1 on IP 203.0.113.1, calling AET PACS\n';
    const f = file(line.repeat(40_000));
    const seen: number[] = [];
    await learnPeers([{ name: f, src: { path: f } }], { onProgress: (p) => seen.push(p.bytesDone / p.bytesTotal) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen.some((x) => x > 0 && x < 1)).toBe(true);
    const ac = new AbortController();
    const run = learnPeers([{ name: f, src: { path: f } }], { signal: ac.signal, onProgress: (p) => p.bytesDone > 0 && ac.abort() });
    await expect(run).rejects.toThrow('cancelled');
  });

  it('time stamps: ISO with comma or zone, glog, syslog in several languages, German dates', () => {
    expect(lineTime('2026-12-02 10:00:00,250 INFO x', 2026)).toBe(Date.UTC(2026, 11, 2, 10, 0, 0, 250));
    expect(lineTime('2026-12-02T10:00:00+01:00 x', 2026)).toBe(Date.UTC(2026, 11, 2, 9));
    expect(lineTime('I1202 10:00:00.500000 main.cpp:1] x', 2026, 11)).toBe(Date.UTC(2026, 11, 2, 10, 0, 0, 500));
    expect(lineTime('I1231 10:00:00.000000 main.cpp:1] x', 2026, 0)).toBe(Date.UTC(2025, 11, 31, 10));
    expect(lineTime('Dez  2 10:00:00 host orthanc: x', 2026)).toBe(Date.UTC(2026, 11, 2, 10));
    expect(lineTime('déc. 2 10:00:00 host x', 2026)).toBe(Date.UTC(2026, 11, 2, 10));
    expect(lineTime('Mär 14 10:00:00 host x', 2026)).toBe(Date.UTC(2026, 2, 14, 10));
    expect(lineTime('02.12.2026 10:00:00 x', 2026)).toBe(Date.UTC(2026, 11, 2, 10));
    expect(lineTime('no time here', 2026)).toBeNull();
    expect(formatOfLine('I: Association Received (1.2.3.4:A -> B)')).toBe('dcmtk');
  });
});
