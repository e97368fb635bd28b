import { afterEach, describe, expect, it } from 'vitest';
import { identify } from '../../../../electron/engine/identify';
import { WELL_KNOWN_CALLED_AES } from '../../../../electron/engine/dicom/ae';
import type { AssociateFields } from '../../../../electron/engine/dicom/pdu';
import { buildReject, buildReleaseRp, PDU } from '../../../../electron/engine/dicom/pdu';
import { identifyDicom, readDicomIdentification } from '../../../../electron/engine/dicom/identification';
import { AssociationHolder } from '../../../../electron/engine/dicom/held';
import { plainConnect } from '../../../../electron/engine/dicom/connect';
import { buildAc, type FakePeer, readPdus, rqOf, startFakePeer, testContext } from './fake-peer';

/** A peer deciding each association from its AE titles; it releases politely. */
function aeScp(decide: (rq: AssociateFields) => Buffer): Promise<FakePeer> {
  return startFakePeer((sock) =>
    readPdus(sock, (pdu) => {
      if (pdu.type === PDU.ASSOCIATE_RQ) sock.write(decide(rqOf(pdu)));
      else if (pdu.type === PDU.RELEASE_RQ) sock.end(buildReleaseRp());
    }),
  );
}

const acceptAll = (rq: AssociateFields): Buffer => buildAc(rq);
/** Orthanc with DicomCheckCalledAet and a modality list: called AE first (1/1/7), then calling AE (1/1/3). */
const orthancRestricted = (rq: AssociateFields): Buffer =>
  rq.calledAe !== 'ORTHANC' ? buildReject(1, 1, 7) : rq.callingAe !== 'MODALITY1' ? buildReject(1, 1, 3) : buildAc(rq);

let peer: FakePeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

describe('identifyDicom: order of attempts', () => {
  it('open server, nothing known: one association with a random called AE answers everything', async () => {
    peer = await aeScp(acceptAll);
    const id = await identifyDicom(peer, testContext(), plainConnect);
    expect(id.isDicom).toBe(true);
    expect(id.attempts).toHaveLength(1);
    expect(id.attempts[0]?.calledAeSource).toBe('random');
    expect(id.attempts[0]?.callingAe).toBe('CLMTESTCALLER');
    expect(id.calledAe).toBe(id.attempts[0]?.calledAe);
    expect(id.calledAeSource).toBe('guess');
    expect(id.product).toMatchObject({ name: 'pynetdicom', version: '2.0.2' });
    expect(id.maxPduLength).toBe(16384);
    expect(peer.connections()).toBe(1);
  });

  it('restricted Orthanc, nothing known: random (1/1/7), ANY-SCP (1/1/7), ORTHANC (1/1/3), then stops', async () => {
    peer = await aeScp(orthancRestricted);
    const id = await identifyDicom(peer, testContext(), plainConnect);
    expect(id.attempts.map((a) => [a.calledAeSource, a.reject?.codes.reason])).toEqual([
      ['random', 7],
      ['guess', 7],
      ['guess', 3],
    ]);
    expect(id.attempts[2]?.calledAe).toBe('ORTHANC');
    expect(id.calledAe).toBeUndefined();
    expect(id.product).toBeUndefined();
  });

  it('a server answering 1/1/7 to everything gets the random title and the whole well-known list, no more', async () => {
    peer = await aeScp(() => buildReject(1, 1, 7));
    const id = await identifyDicom(peer, testContext(), plainConnect);
    expect(id.attempts.map((a) => a.calledAe).slice(1)).toEqual([...WELL_KNOWN_CALLED_AES]);
    expect(peer.connections()).toBe(1 + WELL_KNOWN_CALLED_AES.length);
  });

  it('finds the one well-known title a server accepts', async () => {
    peer = await aeScp((rq) => (rq.calledAe === 'PACS' ? buildAc(rq) : buildReject(1, 1, 7)));
    const id = await identifyDicom(peer, testContext(), plainConnect);
    expect(id.calledAe).toBe('PACS');
    expect(id.calledAeSource).toBe('guess');
    expect(id.attempts.at(-1)?.outcome).toBe('success');
  });

  it('tries one random title, then the user title, and no guesses', async () => {
    peer = await aeScp(orthancRestricted);
    const ctx = testContext({ calledAes: new Map([[`127.0.0.1:${peer.port}`, 'ORTHANC']]) });
    const id = await identifyDicom(peer, ctx, plainConnect);
    expect(id.attempts.map((a) => [a.calledAe === 'ORTHANC' ? 'ORTHANC' : a.calledAeSource, a.reject?.codes.reason])).toEqual([
      ['random', 7],
      ['ORTHANC', 3],
    ]);
    expect(id.calledAe).toBe('ORTHANC');
    expect(id.calledAeSource).toBe('user');
  });

  it('uses the inventory row of this host:port, and stops trying known titles once one is accepted', async () => {
    peer = await aeScp((rq) => (rq.calledAe === 'MAIN' ? buildAc(rq) : buildReject(1, 1, 7)));
    const inventory = [
      { aeTitle: 'WRONG', host: '127.0.0.1', port: peer.port, role: 'archive', description: '' },
      { aeTitle: 'MAIN', host: '127.0.0.1', port: peer.port, role: 'archive', description: '' },
      { aeTitle: 'LATER', host: '127.0.0.1', port: peer.port, role: 'archive', description: '' },
    ];
    const id = await identifyDicom(peer, testContext({ inventory }), plainConnect);
    expect(id.attempts.map((a) => (a.calledAeSource === 'random' ? 'random' : a.calledAe))).toEqual(['random', 'WRONG', 'MAIN']);
    expect(id.calledAe).toBe('MAIN');
    expect(id.calledAeSource).toBe('inventory');
  });

  it('stops at a transient rejection (never hammers a busy server)', async () => {
    peer = await aeScp(() => buildReject(2, 3, 1));
    const id = await identifyDicom(peer, testContext(), plainConnect);
    expect(id.isDicom).toBe(true);
    expect(id.attempts).toHaveLength(1);
    expect(id.attempts[0]?.reject?.reason).toBe('temporary-congestion');
  });

  it('stops after one attempt when the peer is not DICOM', async () => {
    peer = await startFakePeer((sock) => sock.write('SSH-2.0-OpenSSH_9.2p1\r\n'));
    const id = await identifyDicom(peer, testContext(), plainConnect);
    expect(id.isDicom).toBe(false);
    expect(id.attempts).toHaveLength(1);
    expect(peer.connections()).toBe(1);
  });
});

describe('identify()', () => {
  it('returns dicom with product, called AE and the identification evidence', async () => {
    peer = await aeScp((rq) => buildAc(rq, { implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7', implementationVersionName: 'OFFIS_DCMTK_367' }));
    const s = await identify({ host: peer.host, port: peer.port }, testContext());
    expect(s.protocol).toBe('dicom');
    expect(s.product).toMatchObject({ name: 'DCMTK', version: '3.6.7' });
    expect(s.calledAeSource).toBe('guess');
    const id = readDicomIdentification(s.identification);
    expect(id?.implementationVersionName).toBe('OFFIS_DCMTK_367');
    // JSON-safe: it is stored and shown as evidence.
    expect(JSON.parse(JSON.stringify(s.identification))).toEqual(s.identification);
  });

  it('is dicom on a rejection alone', async () => {
    peer = await aeScp(() => buildReject(1, 1, 3));
    const s = await identify({ host: peer.host, port: peer.port }, testContext());
    expect(s.protocol).toBe('dicom');
    expect(s.product).toBeUndefined();
  });

  it('is unknown for garbage, silence, a banner and an A-ABORT, and never rejects', async () => {
    const behaviours: Array<(sock: import('node:net').Socket) => void> = [
      (sock) => sock.once('data', () => sock.end(Buffer.from([0x03, 0, 0, 0, 0, 4, 0, 9, 9, 9]))), // RJ with result 9
      () => undefined,
      (sock) => sock.write('SSH-2.0-OpenSSH_9.2p1\r\n'),
      (sock) => sock.once('data', () => sock.end(Buffer.from([0x07, 0, 0, 0, 0, 4, 0, 0, 2, 0]))),
    ];
    for (const b of behaviours) {
      peer = await startFakePeer(b);
      const s = await identify({ host: peer.host, port: peer.port }, testContext({ ioTimeoutMs: 150, connectTimeoutMs: 150 }));
      expect(s.protocol).toBe('unknown');
      await peer.close();
      peer = undefined;
    }
  });

  it('hands an HTTP reply to the web identifier instead of calling it DICOM', async () => {
    peer = await startFakePeer((sock) =>
      sock.once('data', () => sock.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')),
    );
    const s = await identify({ host: peer.host, port: peer.port }, testContext());
    expect(s.protocol).toBe('http');
  });

  it('is unknown when cancelled before starting', async () => {
    peer = await aeScp(acceptAll);
    const ctx = testContext();
    ctx.controller.abort();
    const s = await identify({ host: peer.host, port: peer.port }, ctx);
    expect(s.protocol).toBe('unknown');
    expect(peer.connections()).toBe(0);
  });
});

describe('identifyDicom with a holder: the last accepted association is kept open, never two at once', () => {
  /** A peer that counts associations open at once and releases politely. */
  function countingScp(decide: (rq: AssociateFields) => Buffer): Promise<FakePeer & { maxOpen: () => number; open: () => number }> {
    let open = 0;
    let max = 0;
    return startFakePeer((sock) => {
      let counted = false;
      sock.on('close', () => {
        if (counted) open--;
      });
      readPdus(sock, (pdu) => {
        if (pdu.type === PDU.ASSOCIATE_RQ) {
          const answer = decide(rqOf(pdu));
          if (answer[0] === PDU.ASSOCIATE_AC) {
            counted = true;
            open++;
            max = Math.max(max, open);
          }
          sock.write(answer);
        } else if (pdu.type === PDU.RELEASE_RQ) sock.end(buildReleaseRp());
      });
    }).then((p) => Object.assign(p, { maxOpen: () => max, open: () => open }));
  }

  it('keeps the accepted known title (after the random one was accepted and released), and only that one', async () => {
    const p = await countingScp(acceptAll);
    peer = p;
    const holder = new AssociationHolder(1000);
    const ctx = { ...testContext({ calledAes: new Map([[`127.0.0.1:${p.port}`, 'MAIN']]) }), held: holder };
    const id = await identifyDicom(p, ctx, plainConnect);
    expect(id.attempts.map((a) => [a.calledAeSource, a.outcome])).toEqual([
      ['random', 'success'],
      ['user', 'success'],
    ]);
    const kept = holder.take(id.attempts[1]!);
    expect(kept?.record.calledAe).toBe('MAIN');
    expect(kept?.link.isEnded).toBe(false);
    expect(holder.take(id.attempts[1]!)).toBeUndefined(); // lent once at a time
    holder.giveBack(kept!);
    await holder.close();
    expect(kept?.link.isEnded).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(p.maxOpen()).toBe(1);
    expect(p.open()).toBe(0);
  });

  it('closes and drops a lent association given back unclean (a request without its final response)', async () => {
    const p = await countingScp(acceptAll);
    peer = p;
    const holder = new AssociationHolder(1000);
    const id = await identifyDicom(p, { ...testContext(), held: holder }, plainConnect);
    const kept = holder.take(id.attempts[0]!);
    expect(kept?.link.isEnded).toBe(false);
    holder.giveBack(kept!, false);
    expect(kept?.link.isEnded).toBe(true);
    expect(holder.take(id.attempts[0]!)).toBeUndefined();
    await holder.close();
  });

  it('releases an accepted attempt that is followed by another, and keeps nothing for a rejecting server', async () => {
    const p = await countingScp((rq) => (rq.calledAe === 'PACS' ? buildAc(rq) : buildReject(1, 1, 7)));
    peer = p;
    const holder = new AssociationHolder(1000);
    const id = await identifyDicom(p, { ...testContext(), held: holder }, plainConnect);
    expect(id.calledAe).toBe('PACS');
    const last = id.attempts.at(-1)!;
    expect(holder.take(id.attempts[0]!)).toBeUndefined(); // a rejected random title: nothing to lend for it
    const kept = holder.take(last);
    expect(kept?.record.calledAe).toBe('PACS');
    holder.giveBack(kept!);
    await holder.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(p.maxOpen()).toBe(1);
    expect(p.open()).toBe(0);
  });
});
