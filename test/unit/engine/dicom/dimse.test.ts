import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { associate, type OpenAssociation } from '../../../../electron/engine/dicom/association';
import { plainConnect } from '../../../../electron/engine/dicom/connect';
import { sendRequest } from '../../../../electron/engine/dicom/dimse';
import { COMMAND, encodeFindIdentifier, encodeRetrieveIdentifier, parseCommand } from '../../../../electron/engine/dicom/dimse-codec';
import { buildAbort, buildPData, parsePData, PDU } from '../../../../electron/engine/dicom/pdu';
import { IMPLICIT_VR_LE, STUDY_ROOT_FIND, STUDY_ROOT_MOVE } from '../../../../electron/engine/dicom/uids';
import { buildAc, type FakePeer, readPdus, responseCommand, rqOf, startFakePeer } from './fake-peer';

interface Request {
  commandField: number;
  identifier: Buffer;
}

/** A peer that accepts every association and hands each complete request to `onRequest`. */
async function scp(onRequest: (req: Request, sock: net.Socket) => void, seen: { aborts: number } = { aborts: 0 }): Promise<FakePeer> {
  return startFakePeer((sock) => {
    let cmd: Buffer[] = [];
    let data: Buffer[] = [];
    let field = -1;
    readPdus(sock, (pdu) => {
      if (pdu.type === PDU.ASSOCIATE_RQ) sock.write(buildAc(rqOf(pdu)));
      else if (pdu.type === PDU.ABORT) seen.aborts++;
      else if (pdu.type === PDU.P_DATA_TF) {
        const pdvs = parsePData(pdu.body);
        if (!pdvs.ok) throw new Error(pdvs.error);
        for (const p of pdvs.value) {
          if (p.command) {
            cmd.push(p.data);
            if (p.last) {
              const c = parseCommand(Buffer.concat(cmd));
              field = c.ok ? c.value.commandField : -1;
              cmd = [];
            }
          } else {
            data.push(p.data);
            if (p.last) {
              onRequest({ commandField: field, identifier: Buffer.concat(data) }, sock);
              data = [];
            }
          }
        }
      }
    });
  });
}

function pdata(command: Buffer, dataset?: Buffer): Buffer {
  const a = buildPData([{ contextId: 1, command: true, last: true, data: command }]);
  return dataset ? Buffer.concat([a, buildPData([{ contextId: 1, command: false, last: true, data: dataset }])]) : a;
}

const FIND_CTX = [{ id: 1, abstractSyntax: STUDY_ROOT_FIND, transferSyntaxes: [IMPLICIT_VR_LE] }];
const FIND = { command: COMMAND.C_FIND_RQ, sopClassUid: STUDY_ROOT_FIND, messageId: 1 } as const;
const PID = 'CLM-00000000-1111-4222-8333-444455556666';

let peer: FakePeer | undefined;
let open: OpenAssociation | undefined;
afterEach(async () => {
  open?.link?.destroy();
  await peer?.close();
  peer = undefined;
  open = undefined;
});

async function connectTo(p: FakePeer, ioTimeoutMs = 1000): Promise<NonNullable<OpenAssociation['link']>> {
  open = await associate(
    p,
    { callingAe: 'CLMCALLER', calledAe: 'ANY', calledAeSource: 'guess', contexts: FIND_CTX },
    { connect: plainConnect, signal: new AbortController().signal, deadline: Date.now() + 5000, connectTimeoutMs: 1000, ioTimeoutMs },
  );
  if (!open.link) throw new Error(`expected an association: ${open.record.detail}`);
  return open.link;
}

describe('sendRequest', () => {
  it('sends the non-matching C-FIND and reads a Success with zero matches', async () => {
    let got: Request | undefined;
    peer = await scp((req, sock) => {
      got = req;
      sock.write(pdata(responseCommand({ commandField: COMMAND.C_FIND_RSP, messageId: 1, status: 0x0000 })));
    });
    const ans = await sendRequest(await connectTo(peer), 1, FIND, encodeFindIdentifier(PID));
    expect(got?.commandField).toBe(COMMAND.C_FIND_RQ);
    expect(got?.identifier.toString('latin1')).toContain(PID);
    expect(ans).toMatchObject({ outcome: 'success', status: 0, statusText: '0x0000 Success', identifiersReturned: 0, pendingResponses: 0 });
  });

  it('counts a returned identifier without keeping it, and aborts the association at once', async () => {
    const seen = { aborts: 0 };
    peer = await scp((_req, sock) => {
      const pending = pdata(responseCommand({ commandField: COMMAND.C_FIND_RSP, messageId: 1, status: 0xff00, hasDataset: true }), Buffer.from('PATIENT DATA'));
      sock.write(Buffer.concat([pending, pending, pdata(responseCommand({ commandField: COMMAND.C_FIND_RSP, messageId: 1, status: 0 }))]));
    }, seen);
    const ans = await sendRequest(await connectTo(peer), 1, FIND, encodeFindIdentifier(PID));
    expect(ans.identifiersReturned).toBe(1);
    expect(ans.abortedByUs).toBe(true);
    expect(ans.pendingResponses).toBe(1);
    expect(JSON.stringify(ans)).not.toContain('PATIENT');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.aborts).toBe(1);
  });

  it('reports an A-ABORT answer (how Orthanc refuses)', async () => {
    peer = await scp((_req, sock) => sock.write(buildAbort(0, 0)));
    const ans = await sendRequest(await connectTo(peer), 1, FIND, encodeFindIdentifier(PID));
    expect(ans.outcome).toBe('association-aborted');
    expect(ans.abort?.source).toBe('service-user');
    expect(ans.status).toBeUndefined();
  });

  it('aborts when the peer starts a C-STORE sub-operation instead of answering', async () => {
    peer = await scp((_req, sock) => sock.write(pdata(responseCommand({ commandField: COMMAND.C_STORE_RQ, messageId: 1, status: 0 }))));
    const ans = await sendRequest(await connectTo(peer), 1, FIND, encodeFindIdentifier(PID));
    expect(ans.outcome).toBe('protocol-error');
    expect(ans.abortedByUs).toBe(true);
  });

  it('times out on a peer that never answers', async () => {
    peer = await scp(() => undefined);
    const ans = await sendRequest(await connectTo(peer, 150), 1, FIND, encodeFindIdentifier(PID));
    expect(ans.outcome).toBe('io-timeout');
  });

  it('refuses a malformed P-DATA-TF and a data set with no command before it', async () => {
    peer = await scp((_req, sock) => sock.write(Buffer.from([0x04, 0, 0, 0, 0, 3, 0, 0, 9])));
    expect((await sendRequest(await connectTo(peer), 1, FIND, encodeFindIdentifier(PID))).outcome).toBe('protocol-error');
    await peer.close();
    peer = await scp((_req, sock) => sock.write(buildPData([{ contextId: 1, command: false, last: true, data: Buffer.from('xx') }])));
    const ans = await sendRequest(await connectTo(peer), 1, FIND, encodeFindIdentifier(PID));
    expect(ans.outcome).toBe('protocol-error');
    expect(ans.identifiersReturned).toBe(0);
  });

  it('gives up after too many pending responses', async () => {
    peer = await scp((_req, sock) => {
      const p = pdata(responseCommand({ commandField: COMMAND.C_FIND_RSP, messageId: 1, status: 0xff00 }));
      sock.write(Buffer.concat(Array.from({ length: 40 }, () => p)));
    });
    const ans = await sendRequest(await connectTo(peer), 1, FIND, encodeFindIdentifier(PID));
    expect(ans.pendingResponses).toBe(33);
    expect(ans.abortedByUs).toBe(true);
  });

  it('reads past the data set of a final C-MOVE response so the link carries the next request', async () => {
    peer = await scp((req, sock) => {
      if (req.commandField === COMMAND.C_MOVE_RQ) {
        sock.write(pdata(responseCommand({ commandField: COMMAND.C_MOVE_RSP, messageId: 1, status: 0xa801, hasDataset: true }), Buffer.from('failed list')));
      } else sock.write(pdata(responseCommand({ commandField: COMMAND.C_FIND_RSP, messageId: 2, status: 0 })));
    });
    const link = await connectTo(peer);
    const move = await sendRequest(link, 1, { command: COMMAND.C_MOVE_RQ, sopClassUid: STUDY_ROOT_MOVE, messageId: 1, moveDestination: 'CLMCALLER' }, encodeRetrieveIdentifier('2.25.1'));
    expect(move).toMatchObject({ outcome: 'success', status: 0xa801, identifiersReturned: 0 });
    const find = await sendRequest(link, 1, { ...FIND, messageId: 2 }, encodeFindIdentifier(PID));
    expect(find).toMatchObject({ outcome: 'success', status: 0 });
  });

  it('aborts a data set that never ends (endless non-last fragments)', async () => {
    let timer: NodeJS.Timeout | undefined;
    peer = await scp((_req, sock) => {
      sock.write(pdata(responseCommand({ commandField: COMMAND.C_FIND_RSP, messageId: 1, status: 0xff00, hasDataset: true })));
      const chunk = buildPData([{ contextId: 1, command: false, last: false, data: Buffer.alloc(16 * 1024, 0x20) }]);
      timer = setInterval(() => {
        if (!sock.destroyed) sock.write(chunk);
      }, 1);
      sock.on('close', () => clearInterval(timer));
    });
    const ans = await sendRequest(await connectTo(peer), 1, FIND, encodeFindIdentifier(PID));
    clearInterval(timer);
    expect(ans.outcome).toBe('protocol-error');
    expect(ans.detail).toContain('data set over');
    expect(ans.identifiersReturned).toBe(0);
  });

  it('cuts off a peer that floods PDUs nobody asked for', async () => {
    peer = await startFakePeer((sock) =>
      readPdus(sock, (pdu) => {
        if (pdu.type !== PDU.ASSOCIATE_RQ) return;
        sock.write(buildAc(rqOf(pdu)));
        const junk = buildPData([{ contextId: 1, command: false, last: false, data: Buffer.alloc(512 * 1024) }]);
        for (let i = 0; i < 12; i++) sock.write(junk);
      }),
    );
    const link = await connectTo(peer);
    // Wait for the flood to arrive (bounded): without the cap the link would stay open for good.
    for (let i = 0; i < 100 && !link.isEnded; i++) await new Promise((r) => setTimeout(r, 50));
    expect(link.isEnded).toBe(true);
  });
});
