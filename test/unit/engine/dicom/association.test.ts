import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { associate, isDicomAnswer, releaseAssociation, type AssociationBounds } from '../../../../electron/engine/dicom/association';
import { plainConnect } from '../../../../electron/engine/dicom/connect';
import { buildAbort, buildPData, buildReject, buildReleaseRp, PDU } from '../../../../electron/engine/dicom/pdu';
import { CT_IMAGE_STORAGE, IMPLICIT_VR_LE, VERIFICATION } from '../../../../electron/engine/dicom/uids';
import { buildAc, type FakePeer, readPdus, rqOf, startFakePeer } from './fake-peer';

const CONTEXTS = [
  { id: 1, abstractSyntax: VERIFICATION, transferSyntaxes: [IMPLICIT_VR_LE] },
  { id: 3, abstractSyntax: CT_IMAGE_STORAGE, transferSyntaxes: [IMPLICIT_VR_LE] },
];
const SPEC = { callingAe: 'CLMCALLER', calledAe: 'ANY-SCP', calledAeSource: 'guess' as const, contexts: CONTEXTS };

function bounds(extra: Partial<AssociationBounds> = {}): AssociationBounds {
  return { connect: plainConnect, signal: new AbortController().signal, deadline: Date.now() + 5000, connectTimeoutMs: 1000, ioTimeoutMs: 1000, ...extra };
}

let peer: FakePeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

/** A peer answering every RQ with `answer(rq)`. */
async function answering(answer: (rq: ReturnType<typeof rqOf>) => Buffer | undefined): Promise<FakePeer> {
  return startFakePeer((sock) =>
    readPdus(sock, (pdu) => {
      if (pdu.type === PDU.ASSOCIATE_RQ) {
        const a = answer(rqOf(pdu));
        if (a) sock.write(a);
      }
    }),
  );
}

describe('associate against scripted peers', () => {
  it('decodes an A-ASSOCIATE-RJ 1/1/3 and counts it as DICOM', async () => {
    peer = await answering(() => buildReject(1, 1, 3));
    const a = await associate(peer, SPEC, bounds());
    expect(a.link).toBeUndefined();
    expect(a.record.outcome).toBe('association-rejected');
    expect(a.record.reject?.reason).toBe('calling-ae-title-not-recognized');
    expect(a.record.reject?.source).toBe('service-user');
    expect(a.record.detail).toContain('calling AE title not recognized (1/1/3)');
    expect(isDicomAnswer(a.record)).toBe(true);
  });

  it('reads an A-ASSOCIATE-AC: context results, the peer identity, then releases politely', async () => {
    let sawRelease = false;
    let seenCalling = '';
    peer = await startFakePeer((sock) =>
      readPdus(sock, (pdu) => {
        if (pdu.type === PDU.ASSOCIATE_RQ) {
          const rq = rqOf(pdu);
          seenCalling = rq.callingAe;
          sock.write(buildAc(rq, { resultFor: (as) => (as === CT_IMAGE_STORAGE ? 3 : 0) }));
        } else if (pdu.type === PDU.RELEASE_RQ) {
          sawRelease = true;
          sock.write(buildReleaseRp());
        }
      }),
    );
    const a = await associate(peer, SPEC, bounds());
    expect(seenCalling).toBe('CLMCALLER');
    expect(a.record.outcome).toBe('success');
    expect(a.record.contexts.map((c) => [c.name, c.result])).toEqual([
      ['Verification', 'accepted'],
      ['CT Image Storage', 'abstract-syntax-not-supported'],
    ]);
    expect(a.record.peer).toEqual({ implementationClassUid: '1.2.826.0.1.3680043.9.3811.2.0.2', implementationVersionName: 'PYNETDICOM_202', maxPduLength: 16384 });
    expect(a.link).toBeDefined();
    if (!a.link) return;
    expect(await releaseAssociation(a.link, 1000)).toBe('released');
    expect(sawRelease).toBe(true);
    expect(a.link.isEnded).toBe(true);
  });

  it('closes the socket itself when a peer never answers the A-RELEASE-RQ', async () => {
    let peerSawClose = false;
    peer = await startFakePeer((sock) => {
      sock.on('close', () => (peerSawClose = true));
      readPdus(sock, (pdu) => {
        if (pdu.type === PDU.ASSOCIATE_RQ) sock.write(buildAc(rqOf(pdu)));
      });
    });
    const a = await associate(peer, SPEC, bounds());
    if (!a.link) throw new Error('expected an association');
    expect(await releaseAssociation(a.link, 150)).toBe('no-reply');
    await new Promise((r) => setTimeout(r, 50));
    expect(peerSawClose).toBe(true);
  });

  it('is not DICOM when an HTTP server answers', async () => {
    peer = await startFakePeer((sock) => sock.once('data', () => sock.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
    const a = await associate(peer, SPEC, bounds());
    expect(a.record.outcome).toBe('protocol-error');
    expect(a.record.detail).toContain('not a DICOM PDU (first byte 0x48)');
    expect(isDicomAnswer(a.record)).toBe(false);
    // Kept (at most 32 bytes) so the TLS/HTTP identifier can tell what answered.
    const first = Buffer.from(a.record.peerFirstBytesHex ?? '', 'hex');
    expect(first.toString('latin1')).toBe('HTTP/1.1 400 Bad Request\r\nConten');
  });

  it('is not DICOM when a banner comes first', async () => {
    peer = await startFakePeer((sock) => sock.write('SSH-2.0-OpenSSH_9.2p1\r\n'));
    const a = await associate(peer, SPEC, bounds());
    expect(a.record.outcome).toBe('protocol-error');
  });

  it('gives up on a silent peer at the reply timeout', async () => {
    peer = await startFakePeer(() => undefined);
    const a = await associate(peer, SPEC, bounds({ ioTimeoutMs: 150 }));
    expect(a.record.outcome).toBe('io-timeout');
    expect(isDicomAnswer(a.record)).toBe(false);
  });

  it('reports a peer that closes without a word', async () => {
    peer = await startFakePeer((sock) => sock.once('data', () => sock.end()));
    const a = await associate(peer, SPEC, bounds());
    expect(a.record.outcome).toBe('connection-closed');
  });

  it('turns a 4 GiB PDU length followed by endless data into a protocol error', async () => {
    let timer: NodeJS.Timeout | undefined;
    peer = await startFakePeer((sock) =>
      sock.once('data', () => {
        sock.write(Buffer.from([0x02, 0x00, 0xff, 0xff, 0xff, 0xfa]));
        const junk = Buffer.alloc(64 * 1024, 0x41);
        timer = setInterval(() => {
          if (!sock.destroyed) sock.write(junk);
        }, 5);
        sock.on('close', () => clearInterval(timer));
      }),
    );
    const a = await associate(peer, SPEC, bounds());
    clearInterval(timer);
    expect(a.record.outcome).toBe('protocol-error');
    expect(a.record.detail).toContain('exceeds');
  });

  it('reports an A-ABORT answer, decoded, as not DICOM-proof', async () => {
    peer = await answering(() => buildAbort(2, 1));
    const a = await associate(peer, SPEC, bounds());
    expect(a.record.outcome).toBe('association-aborted');
    expect(a.record.abort?.reason).toBe('unrecognized-pdu');
    expect(isDicomAnswer(a.record)).toBe(false);
  });

  it('refuses a malformed A-ASSOCIATE-RJ and an AC without application context', async () => {
    peer = await answering(() => Buffer.from([0x03, 0x00, 0, 0, 0, 5, 0, 1, 1, 3, 0]));
    expect((await associate(peer, SPEC, bounds())).record.outcome).toBe('protocol-error');
    await peer.close();
    peer = await answering((rq) => buildAc(rq, { omitApplicationContext: true }));
    const a = await associate(peer, SPEC, bounds());
    expect(a.record.outcome).toBe('protocol-error');
    expect(a.record.detail).toContain('malformed A-ASSOCIATE-AC');
  });

  it('refuses an answer of the wrong PDU type', async () => {
    peer = await answering(() => buildPData([{ contextId: 1, command: true, last: true, data: Buffer.alloc(2) }]));
    const a = await associate(peer, SPEC, bounds());
    expect(a.record.outcome).toBe('protocol-error');
    expect(a.record.detail).toContain('unexpected PDU type 0x04');
  });

  it('reports a refused connection', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const a = await associate({ host: '127.0.0.1', port }, SPEC, bounds());
    expect(a.record.outcome).toBe('connection-refused');
  });

  it('stops waiting when the signal is aborted', async () => {
    peer = await startFakePeer(() => undefined);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    const a = await associate(peer, SPEC, bounds({ signal: ctl.signal, ioTimeoutMs: 60_000 }));
    expect(a.record.outcome).toBe('cancelled');
  });

  it('stops waiting at the service deadline even with a long reply timeout', async () => {
    peer = await startFakePeer(() => undefined);
    const a = await associate(peer, SPEC, bounds({ deadline: Date.now() + 100, ioTimeoutMs: 60_000 }));
    expect(a.record.outcome).toBe('deadline');
  });

  it('does not start when the deadline has passed', async () => {
    peer = await startFakePeer(() => undefined);
    const a = await associate(peer, SPEC, bounds({ deadline: Date.now() - 1 }));
    expect(a.record.outcome).toBe('deadline');
    expect(peer.connections()).toBe(0);
  });
});
