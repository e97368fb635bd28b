/**
 * protocolBasis(): the one line saying why a service got its protocol, from the
 * identification shapes of identify.ts, identify-other.ts and dicom/identification.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Protocol } from '../../../shared/catalog';
import type { AssociationRecord } from '../../../electron/engine/dicom/association';
import type { DicomIdentification } from '../../../electron/engine/dicom/identification';
import { decodeAbort, decodeReject } from '../../../electron/engine/dicom/reject-reasons';
import { BASIS_MAX_CHARS, bytesFromHex, escapeLine, protocolBasis, showBytes } from '../../../electron/engine/protocol-basis';
import type { ServiceInfo } from '../../../electron/engine/types';
import { identify } from '../../../electron/engine/identify';
import { PDU } from '../../../electron/engine/dicom/pdu';
import { buildAc, readPdus, rqOf, startFakePeer, testContext, type FakePeer } from './dicom/fake-peer';

const RJ_CALLED = decodeReject(1, 1, 7);

it('decodes the rejection used below as the DICOM engine words it', () => {
  expect(RJ_CALLED.text).toMatch(/^rejected \(permanent\) by .*: called AE title not recognized \(1\/1\/7\)$/);
});

function attempt(over: Partial<AssociationRecord>): AssociationRecord {
  return { callingAe: 'CLMTEST', calledAe: 'RANDOM1', calledAeSource: 'random', outcome: 'success', detail: '', contexts: [], ...over };
}

const AC = attempt({ outcome: 'success', detail: 'association accepted (3 of 7 presentation contexts accepted)', peer: { implementationClassUid: '1.2.3' } });
const RJ = attempt({ outcome: 'association-rejected', detail: RJ_CALLED.text, reject: RJ_CALLED });

function dicomId(attempts: AssociationRecord[], isDicom = attempts.some((a) => a.outcome === 'success' || a.outcome === 'association-rejected')): DicomIdentification {
  return { kind: 'dicom-association', isDicom, callingAe: 'CLMTEST', attempts };
}

function info(protocol: Protocol, identification: Record<string, unknown>): ServiceInfo {
  return { host: '127.0.0.1', port: 11112, protocol, identification };
}

/** An unknown service whose only attempt ended as given. */
function notDicom(over: Partial<AssociationRecord>): ServiceInfo {
  return info('unknown', { ...dicomId([attempt(over)]) });
}

const hex = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

/** Every line protocolBasis may give: one line, bounded, nothing a terminal would act on. */
function expectSafe(line: string): void {
  expect(line.length).toBeGreaterThan(0);
  expect(Array.from(line).length).toBeLessThanOrEqual(BASIS_MAX_CHARS);
  expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  expect(line).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
}

describe('protocolBasis: dicom', () => {
  it('says the A-ASSOCIATE-RQ got an A-ASSOCIATE-AC', () => {
    expect(protocolBasis(info('dicom', { ...dicomId([AC]) }))).toBe('answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC');
  });

  it('gives the decoded reason of an A-ASSOCIATE-RJ', () => {
    expect(protocolBasis(info('dicom', { ...dicomId([RJ, AC]) }))).toBe(
      `answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-RJ (${RJ_CALLED.text})`,
    );
  });

  it('uses the first DICOM answer, skipping attempts that got none', () => {
    const gone = attempt({ outcome: 'io-timeout', detail: 'no answer to the association request: no answer within 50 ms' });
    expect(protocolBasis(info('dicom', { ...dicomId([gone, AC]) }))).toBe('answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC');
  });

  it('says so when the evidence is missing, without throwing', () => {
    expect(protocolBasis(info('dicom', {}))).toBe('DICOM (no A-ASSOCIATE-AC or -RJ kept as evidence)');
    expect(protocolBasis(info('dicom', { kind: 'dicom-association', callingAe: 'X', attempts: [null, 3, 'x'] }))).toBe('DICOM (no A-ASSOCIATE-AC or -RJ kept as evidence)');
  });

  it('shows an RJ without detail as a bare A-ASSOCIATE-RJ', () => {
    expect(protocolBasis(info('dicom', { ...dicomId([attempt({ outcome: 'association-rejected', detail: '' })]) }))).toBe('answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-RJ');
  });
});

describe('protocolBasis: dicom-tls', () => {
  const handshake = { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', clientCertificateDemanded: false, clientCertificateUsed: false };

  it('names the TLS version, then the DICOM answer inside it', () => {
    const id = { ...dicomId([AC]), tls: true, inner: 'dicom', tlsHandshake: handshake };
    expect(protocolBasis(info('dicom-tls', id))).toBe('TLS (TLSv1.3), then an A-ASSOCIATE-AC inside it');
  });

  it('puts the rejection reason last, and says when the client certificate was used', () => {
    const id = { ...dicomId([RJ]), tls: true, inner: 'dicom', tlsHandshake: { ...handshake, protocol: 'TLSv1.2', clientCertificateDemanded: true, clientCertificateUsed: true } };
    expect(protocolBasis(info('dicom-tls', id))).toBe(
      `TLS (TLSv1.2, with the client certificate), then an A-ASSOCIATE-RJ inside it (${RJ_CALLED.text})`,
    );
  });

  it('says plain TLS when the handshake facts are missing', () => {
    expect(protocolBasis(info('dicom-tls', { ...dicomId([AC]), tls: true, inner: 'dicom' }))).toBe('TLS, then an A-ASSOCIATE-AC inside it');
    expect(protocolBasis(info('dicom-tls', { tls: true, inner: 'dicom', tlsHandshake: 'nonsense' }))).toBe(
      'TLS, then DICOM inside it (no A-ASSOCIATE-AC or -RJ kept as evidence)',
    );
  });
});

describe('protocolBasis: http and https', () => {
  const web = (exchanges: unknown[]): Record<string, unknown> => ({ kind: 'web', tls: false, exchanges });
  const root = (status: number, extra: Record<string, unknown> = {}) => ({ step: 'root', path: '/', outcome: 'success', status, markers: [], bodyBytes: 0, truncated: false, ...extra });

  it('gives the status of GET /', () => {
    expect(protocolBasis(info('http', { web: web([root(200)]) }))).toBe('answered an HTTP GET / with 200');
  });

  it('names where a redirect points', () => {
    expect(protocolBasis(info('http', { web: web([root(302, { location: '/app/explorer.html' }), { step: 'landing', status: 200 }]) }))).toBe(
      'answered an HTTP GET / with 302 (to /app/explorer.html)',
    );
  });

  it('reads GET / among other requests, whatever their order', () => {
    expect(protocolBasis(info('http', { web: web([{ step: 'orthanc-system', status: 401 }, root(401)]) }))).toBe('answered an HTTP GET / with 401');
  });

  it('puts the TLS facts first for https', () => {
    const id = { tls: true, inner: 'http', tlsHandshake: { protocol: 'TLSv1.3', clientCertificateDemanded: false, clientCertificateUsed: false }, web: { ...web([root(200)]), tls: true } };
    expect(protocolBasis(info('https', id))).toBe('TLS (TLSv1.3), then, inside it, answered an HTTP GET / with 200');
  });

  it('does not invent a status it does not have', () => {
    expect(protocolBasis(info('http', {}))).toBe('answered HTTP (no answer to GET / kept as evidence)');
    expect(protocolBasis(info('http', { web: web([root(200, { status: '200' })]) }))).toBe('answered HTTP (no answer to GET / kept as evidence)');
    expect(protocolBasis(info('http', { web: { exchanges: 'x' } }))).toBe('answered HTTP (no answer to GET / kept as evidence)');
    expect(protocolBasis(info('https', { tls: true }))).toBe('TLS, then, inside it, answered HTTP (no answer to GET / kept as evidence)');
  });

  it('escapes and shortens a hostile redirect target', () => {
    const line = protocolBasis(info('http', { web: web([root(301, { location: `/\x1b[2J\r\nSet-Cookie: x${'A'.repeat(500)}` })]) }));
    expectSafe(line);
    expect(line).toContain('(to /\\x1b[2J\\r\\nSet-Cookie: x');
    expect(line).toContain('…)');
  });
});

describe('protocolBasis: unknown after a plaintext A-ASSOCIATE-RQ', () => {
  it('says how long the port stayed silent', () => {
    const s = notDicom({ outcome: 'io-timeout', detail: 'no answer to the association request: no answer within 5000 ms' });
    expect(protocolBasis(s)).toBe('silent for 5000 ms after an A-ASSOCIATE-RQ; no TLS or HTTP answer either');
  });

  it('says silent without a number when the detail has none', () => {
    expect(protocolBasis(notDicom({ outcome: 'io-timeout', detail: '' }))).toBe('silent after an A-ASSOCIATE-RQ; no TLS or HTTP answer either');
  });

  it('says the connection was closed without a word', () => {
    const s = notDicom({ outcome: 'connection-closed', detail: 'no answer to the association request: the peer closed the connection' });
    expect(protocolBasis(s)).toBe('closed the connection without a word after an A-ASSOCIATE-RQ; no TLS or HTTP answer either');
  });

  it('tells a connection that failed before the request from one closed after it', () => {
    expect(protocolBasis(notDicom({ outcome: 'connection-closed', detail: 'socket hang up' }))).toBe('the connection failed: socket hang up');
    expect(protocolBasis(notDicom({ outcome: 'connection-closed', detail: '' }))).toBe('the connection failed: closed');
  });

  it('says the connection was reset', () => {
    expect(protocolBasis(notDicom({ outcome: 'connection-reset', detail: 'no answer to the association request: read ECONNRESET' }))).toBe(
      'reset the connection without a word after an A-ASSOCIATE-RQ; no TLS or HTTP answer either',
    );
    expect(protocolBasis(notDicom({ outcome: 'connection-reset', detail: 'read ECONNRESET' }))).toBe('reset the connection without a word; no TLS or HTTP answer either');
  });

  it('shows a printable banner as text, control characters escaped', () => {
    const s = notDicom({ outcome: 'protocol-error', detail: 'no answer to the association request: not a DICOM PDU (first byte 0x53)', peerFirstBytesHex: hex('SSH-2.0-OpenSSH_9.2p1\r\n') });
    expect(protocolBasis(s)).toBe('sent bytes that are not DICOM, HTTP or TLS: "SSH-2.0-OpenSSH_9.2p1\\r\\n"');
  });

  it('marks a banner cut at 32 bytes, and one followed by silence', () => {
    const banner = 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n'.slice(0, 32);
    const s = notDicom({ outcome: 'io-timeout', detail: 'no answer to the association request: no answer within 50 ms', peerFirstBytesHex: hex(banner) });
    expect(protocolBasis(s)).toBe(`sent bytes that are not DICOM, HTTP or TLS: "${banner}…", then went silent`);
  });

  it('shows binary bytes as hex', () => {
    const s = notDicom({ outcome: 'protocol-error', detail: 'x', peerFirstBytesHex: 'ff00fe7f80' });
    expect(protocolBasis(s)).toBe('sent bytes that are not DICOM, HTTP or TLS: hex ff 00 fe 7f 80');
  });

  it('shows non-UTF-8 and escape bytes as hex, never raw', () => {
    const s = notDicom({ outcome: 'connection-closed', detail: 'x', peerFirstBytesHex: Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xc3, 0x28, 0xe2, 0x80, 0xae]).toString('hex') });
    const line = protocolBasis(s);
    expectSafe(line);
    expect(line).toBe('sent bytes that are not DICOM, HTTP or TLS: hex 1b 5b 32 4a c3 28 e2 80 ae');
  });

  it('shows at most 32 bytes of a very long hex string', () => {
    const s = notDicom({ outcome: 'protocol-error', detail: 'x', peerFirstBytesHex: '00'.repeat(100_000) });
    const line = protocolBasis(s);
    expectSafe(line);
    expect(line).toBe(`sent bytes that are not DICOM, HTTP or TLS: hex ${Array(32).fill('00').join(' ')}…`);
  });

  it('ignores first bytes that are not clean hex', () => {
    const s = notDicom({ outcome: 'io-timeout', detail: 'no answer to the association request: no answer within 9 ms', peerFirstBytesHex: 'zz' });
    expect(protocolBasis(s)).toBe('silent for 9 ms after an A-ASSOCIATE-RQ; no TLS or HTTP answer either');
    expect(protocolBasis(notDicom({ outcome: 'io-timeout', detail: '', peerFirstBytesHex: 'abc' }))).toMatch(/^silent after/);
  });

  it('says when an HTTP server answered the DICOM request but not GET /', () => {
    const s = notDicom({ outcome: 'protocol-error', detail: 'x', peerFirstBytesHex: hex('HTTP/1.1 400 Bad Request\r\n\r\n') });
    expect(protocolBasis(s)).toBe('answered the A-ASSOCIATE-RQ with HTTP ("HTTP/1.1 400 Bad Request\\r\\n\\r\\n"), but GET / got no HTTP answer');
  });

  it('says when a TLS record came back but no handshake completed', () => {
    const s = notDicom({ outcome: 'protocol-error', detail: 'x', peerFirstBytesHex: '15030100020228' });
    expect(protocolBasis(s)).toBe('answered the A-ASSOCIATE-RQ with a TLS record (hex 15 03 01 00 02 02 28), but no TLS handshake completed');
  });

  it('names a malformed DICOM answer', () => {
    const s = notDicom({ outcome: 'protocol-error', detail: 'malformed A-ASSOCIATE-AC: item runs past the PDU', peerFirstBytesHex: '0200000000' });
    expect(protocolBasis(s)).toBe('answered the A-ASSOCIATE-RQ with a malformed A-ASSOCIATE-AC: item runs past the PDU: hex 02 00 00 00 00');
  });

  it('says an A-ABORT is not an answer that makes it DICOM', () => {
    const abort = decodeAbort(0, 0);
    const s = notDicom({ outcome: 'association-aborted', detail: `the peer answered the association request with ${abort.text}`, abort, peerFirstBytesHex: '07000000000400000000' });
    expect(protocolBasis(s)).toBe(`answered the A-ASSOCIATE-RQ with an A-ABORT (${abort.text}), not an A-ASSOCIATE-AC or -RJ`);
    expect(protocolBasis(notDicom({ outcome: 'association-aborted', detail: '' }))).toBe('answered the A-ASSOCIATE-RQ with an A-ABORT, not an A-ASSOCIATE-AC or -RJ');
  });

  it('says when the port refused or did not take the connection at identification', () => {
    expect(protocolBasis(notDicom({ outcome: 'connection-refused', detail: 'connect ECONNREFUSED 127.0.0.1:11112' }))).toBe(
      'refused the connection at identification (it was open in the sweep)',
    );
    expect(protocolBasis(notDicom({ outcome: 'connection-timeout', detail: 'no connection within 3000 ms' }))).toBe(
      'did not take the connection at identification (no connection within 3000 ms)',
    );
    expect(protocolBasis(notDicom({ outcome: 'connection-timeout', detail: '' }))).toBe('did not take the connection at identification');
  });

  it('says when time ran out or the scan was cancelled', () => {
    expect(protocolBasis(notDicom({ outcome: 'deadline', detail: 'not attempted' }))).toBe('not identified: the time allowed for this service ran out before an answer');
    expect(protocolBasis(notDicom({ outcome: 'cancelled', detail: 'not attempted' }))).toBe('not identified: the scan was cancelled before an answer');
    expect(protocolBasis(info('unknown', { ...dicomId([]) }))).toBe('not identified: no association request was sent (out of time or cancelled)');
  });

  it('falls back to the outcome and detail for anything else', () => {
    expect(protocolBasis(notDicom({ outcome: 'tls-error', detail: 'odd' }))).toBe('no DICOM, TLS or HTTP answer (tls-error: odd)');
    expect(protocolBasis(notDicom({ outcome: 'protocol-error', detail: '' }))).toBe('no DICOM, TLS or HTTP answer (protocol-error)');
  });
});

describe('protocolBasis: unknown TLS service', () => {
  it('says TLS answered but the inner protocol could not be told', () => {
    const id = { tls: true, inner: 'unknown', tlsHandshake: { protocol: 'TLSv1.2', clientCertificateDemanded: false, clientCertificateUsed: false } };
    expect(protocolBasis(info('unknown', id))).toBe('TLS (TLSv1.2), but neither DICOM nor HTTP answered inside it: the protocol inside could not be told');
  });

  it('says when a client certificate is demanded and none was given', () => {
    const id = { tls: true, inner: 'unknown', tlsHandshake: { protocol: 'TLSv1.3', alert: 'certificate required', clientCertificateDemanded: true, clientCertificateUsed: false } };
    expect(protocolBasis(info('unknown', id))).toBe(
      'TLS (TLSv1.3), but it demands a client certificate (alert "certificate required") and none was given: the protocol inside could not be told',
    );
  });

  it('says when even the client certificate did not get an answer', () => {
    const id = { tls: true, inner: 'unknown', tlsHandshake: { protocol: 'TLSv1.3', alert: 'access denied', clientCertificateDemanded: true, clientCertificateUsed: true } };
    expect(protocolBasis(info('unknown', id))).toBe(
      'TLS (TLSv1.3, with the client certificate), but neither DICOM nor HTTP answered inside it (alert "access denied"): the protocol inside could not be told',
    );
  });

  it('copes with missing handshake facts', () => {
    expect(protocolBasis(info('unknown', { tls: true, inner: 'unknown' }))).toBe('TLS, but neither DICOM nor HTTP answered inside it: the protocol inside could not be told');
  });
});

describe('protocolBasis: errors and empty identification', () => {
  it('gives the identification error as it is when it says what failed', () => {
    expect(protocolBasis(info('unknown', { error: "the service's deadline (30000 ms) passed during identification" }))).toBe(
      "the service's deadline (30000 ms) passed during identification",
    );
    expect(protocolBasis(info('unknown', { error: 'the scan was cancelled during identification' }))).toBe('the scan was cancelled during identification');
    expect(protocolBasis(info('unknown', { error: 'identification failed: boom' }))).toBe('identification failed: boom');
    expect(protocolBasis(info('unknown', { error: 'internal error while probing: x is undefined' }))).toBe('internal error while probing: x is undefined');
  });

  it('prefixes a bare error message', () => {
    expect(protocolBasis(info('unknown', { error: 'boom' }))).toBe('identification failed: boom');
  });

  it('says when identification did not run or left nothing it can read', () => {
    expect(protocolBasis(info('unknown', {}))).toBe('not identified: identification did not run');
    expect(protocolBasis(info('unknown', { something: 1 }))).toBe('not identified: no DICOM, TLS or HTTP answer was recorded');
    expect(protocolBasis({ host: '127.0.0.1', port: 1, protocol: 'unknown', identification: null as unknown as Record<string, unknown> })).toBe(
      'not identified: identification did not run',
    );
  });

  it('never throws, even on a protocol outside the vocabulary or a hostile getter', () => {
    expect(protocolBasis(info('gopher' as Protocol, {}))).toBe('reported as gopher');
    const hostile = {
      get error(): string {
        throw new Error('no\nway');
      },
    };
    expect(protocolBasis(info('unknown', hostile))).toBe('the reason could not be put in words (no\\nway)');
  });
});

describe('protocolBasis: always one safe line', () => {
  const nasty = `\x00\x07\x1b[31m\r\n\u0085\u2028\u202e\u2066evil\ud800${'é'.repeat(50)}😀${'x'.repeat(5000)}`;
  const cases: ServiceInfo[] = [
    info('unknown', { error: nasty }),
    info('dicom', { ...dicomId([attempt({ outcome: 'association-rejected', detail: nasty })]) }),
    info('dicom-tls', { ...dicomId([attempt({ outcome: 'association-rejected', detail: nasty })]), tls: true, tlsHandshake: { protocol: nasty, clientCertificateUsed: true } }),
    info('unknown', { tls: true, inner: 'unknown', tlsHandshake: { protocol: nasty, alert: nasty, clientCertificateDemanded: true } }),
    info('https', { tls: true, tlsHandshake: { protocol: nasty }, web: { exchanges: [{ step: 'root', path: nasty, status: 307, location: nasty }] } }),
    notDicom({ outcome: 'connection-closed', detail: nasty }),
    notDicom({ outcome: 'protocol-error', detail: `malformed A-ASSOCIATE-RJ: ${nasty}`, peerFirstBytesHex: 'ff'.repeat(40) }),
    notDicom({ outcome: 'tls-error', detail: nasty }),
    notDicom({ outcome: 'connection-timeout', detail: nasty }),
    notDicom({ outcome: 'association-aborted', detail: '', abort: { text: nasty } as AssociationRecord['abort'] }),
  ];

  it.each(cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    const line = protocolBasis(c);
    expectSafe(line);
    expect(line).not.toContain('\x1b');
  });

  it('cuts at BASIS_MAX_CHARS with an ellipsis, never splitting a surrogate pair', () => {
    const line = protocolBasis(info('unknown', { error: `identification failed: ${'😀'.repeat(300)}` }));
    expect(Array.from(line)).toHaveLength(BASIS_MAX_CHARS);
    expect(line.endsWith('😀…')).toBe(true);
  });
});

describe('helpers', () => {
  it('escapeLine names tab, CR and LF and writes other controls as code points', () => {
    expect(escapeLine('a\tb\r\nc\x00\x7f\u0085\u2028\u202e')).toBe('a\\tb\\r\\nc\\x00\\x7f\\x85\\u2028\\u202e');
    expect(escapeLine('plain text é 😀')).toBe('plain text é 😀');
    expect(escapeLine('\udc00x\ud800')).toBe('\\udc00x\\ud800');
  });

  it('showBytes quotes printable ASCII and hexes the rest', () => {
    expect(showBytes(Buffer.from('220 ftp ready\r\n'))).toBe('"220 ftp ready\\r\\n"');
    expect(showBytes(Buffer.from([0x41, 0x00]))).toBe('hex 41 00');
    expect(showBytes(Buffer.from('é', 'utf8'))).toBe('hex c3 a9');
    expect(showBytes(Buffer.alloc(40, 0x41))).toBe(`"${'A'.repeat(32)}…"`);
  });

  it('bytesFromHex reads only clean, even-length hex', () => {
    expect(bytesFromHex('4142')).toEqual(Buffer.from('AB'));
    expect(bytesFromHex('ABcd')).toEqual(Buffer.from([0xab, 0xcd]));
    for (const bad of ['', '414', '41 42', 'zz', 42, undefined, null]) expect(bytesFromHex(bad)).toBeUndefined();
    expect(bytesFromHex('41'.repeat(1000))).toHaveLength(32);
  });
});

describe('protocolBasis of what identify() returns (loopback peers)', () => {
  let peer: FakePeer | undefined;
  afterEach(async () => {
    await peer?.close();
    peer = undefined;
  });
  const basisOf = async (onSocket: Parameters<typeof startFakePeer>[0], ioTimeoutMs = 1000): Promise<[string, string]> => {
    peer = await startFakePeer(onSocket);
    const got = await identify({ host: peer.host, port: peer.port }, testContext({ ioTimeoutMs, connectTimeoutMs: 1000 }));
    return [got.protocol, protocolBasis(got)];
  };

  it('a DICOM server that accepts', async () => {
    const [protocol, basis] = await basisOf((sock) =>
      readPdus(sock, (pdu) => {
        if (pdu.type === PDU.ASSOCIATE_RQ) sock.write(buildAc(rqOf(pdu)));
        else if (pdu.type === PDU.RELEASE_RQ) sock.end(Buffer.from([0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0]));
      }),
    );
    expect([protocol, basis]).toEqual(['dicom', 'answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC']);
  });

  it('an SSH daemon', async () => {
    const [protocol, basis] = await basisOf((sock) => {
      sock.write('SSH-2.0-OpenSSH_9.2p1\r\n');
      sock.once('data', () => sock.end('Invalid SSH identification string.\r\n'));
    });
    expect(protocol).toBe('unknown');
    expect(basis).toBe('sent bytes that are not DICOM, HTTP or TLS: "SSH-2.0-OpenSSH_9.2p1\\r\\n"');
  });

  it('a port that closes at once', async () => {
    const [protocol, basis] = await basisOf((sock) => sock.end());
    expect(protocol).toBe('unknown');
    expect(basis).toBe('closed the connection without a word after an A-ASSOCIATE-RQ; no TLS or HTTP answer either');
  });

  it('a port that never says anything', async () => {
    const [protocol, basis] = await basisOf(() => undefined, 300);
    expect(protocol).toBe('unknown');
    expect(basis).toBe('silent for 300 ms after an A-ASSOCIATE-RQ; no TLS or HTTP answer either');
  });
});
