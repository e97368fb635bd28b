/**
 * The query and retrieve probes against peers that accept the association and
 * then misbehave: silence, a dropped connection, data nobody asked for. Every run
 * must end (bounded by the reply timeout, the deadline or the signal) with an
 * honest status.
 */
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { identify } from '../../../../electron/engine/identify';
import { COMMAND } from '../../../../electron/engine/dicom/dimse-codec';
import { buildPData, buildReleaseRp, PDU } from '../../../../electron/engine/dicom/pdu';
import { dicomQueryProbe } from '../../../../electron/engine/probes/dicom-query';
import { dicomRetrieveProbe } from '../../../../electron/engine/probes/dicom-retrieve';
import { buildAc, type FakePeer, readPdus, responseCommand, rqOf, startFakePeer, testContext } from '../dicom/fake-peer';

/** Accepts every association and releases politely; `onData` decides what a P-DATA-TF gets. */
function acceptingPeer(onData: (sock: net.Socket) => void): Promise<FakePeer> {
  return startFakePeer((sock) =>
    readPdus(sock, (pdu) => {
      if (pdu.type === PDU.ASSOCIATE_RQ) sock.write(buildAc(rqOf(pdu)));
      else if (pdu.type === PDU.RELEASE_RQ) sock.end(buildReleaseRp());
      else if (pdu.type === PDU.P_DATA_TF) onData(sock);
    }),
  );
}

let peer: FakePeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

async function runBoth(p: FakePeer, ctx = testContext({ ioTimeoutMs: 200 })) {
  const service = await identify({ host: p.host, port: p.port }, ctx);
  expect(service.protocol).toBe('dicom');
  const q = dicomQueryProbe.judge(await dicomQueryProbe.run(service, ctx), service, ctx.options)[0];
  const r = dicomRetrieveProbe.judge(await dicomRetrieveProbe.run(service, ctx), service, ctx.options)[0];
  return { q, r };
}

describe('query and retrieve against misbehaving peers', () => {
  it('a peer that accepts and then never answers: inconclusive, not pass', async () => {
    peer = await acceptingPeer(() => undefined);
    const { q, r } = await runBoth(peer);
    expect(q?.status).toBe('inconclusive');
    expect(q?.evidence.answer).toMatchObject({ outcome: 'io-timeout' });
    expect(r?.status).toBe('inconclusive');
  });

  it('a peer that drops the connection on a request: inconclusive (a reset is not a refusal)', async () => {
    peer = await acceptingPeer((sock) => sock.destroy());
    const { q, r } = await runBoth(peer);
    expect(q?.status).toBe('inconclusive');
    expect(r?.status).toBe('inconclusive');
  });

  it('a peer returning matches to a key that cannot match: fail, one identifier counted, the association aborted', async () => {
    peer = await acceptingPeer((sock) => {
      const cmd = responseCommand({ commandField: COMMAND.C_FIND_RSP, messageId: 1, status: 0xff00, hasDataset: true });
      const pending = Buffer.concat([
        buildPData([{ contextId: 1, command: true, last: true, data: cmd }]),
        buildPData([{ contextId: 1, command: false, last: true, data: Buffer.from('SOME PATIENT') }]),
      ]);
      for (let i = 0; i < 5; i++) sock.write(pending);
    });
    const ctx = testContext({ ioTimeoutMs: 200 });
    const service = await identify({ host: peer.host, port: peer.port }, ctx);
    const [q] = dicomQueryProbe.judge(await dicomQueryProbe.run(service, ctx), service, ctx.options);
    expect(q?.status).toBe('fail');
    expect(q?.evidence.answer).toMatchObject({ identifiersReturned: 1, abortedByUs: true });
    expect(JSON.stringify(q)).not.toContain('SOME PATIENT');
  });

  it('a cancelled scan stops a probe that is waiting, with a cancelled outcome', async () => {
    peer = await acceptingPeer(() => undefined);
    const ctx = testContext({ ioTimeoutMs: 60_000 });
    const service = await identify({ host: peer.host, port: peer.port }, ctx);
    setTimeout(() => ctx.controller.abort(), 100);
    const obs = await dicomQueryProbe.run(service, ctx);
    expect(obs.answer?.outcome).toBe('cancelled');
    expect(dicomQueryProbe.judge(obs, service, ctx.options)[0]?.status).toBe('inconclusive');
  });
});
