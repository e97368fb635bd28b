/**
 * A loopback DICOM peer that counts the associations open on it at once, across all
 * its ports (one host, several services): an association counts from its
 * A-ASSOCIATE-RQ until its connection closes. It accepts every association, answers
 * any DIMSE request with an A-ABORT (so the probes end at once) and a release with a
 * release reply.
 *
 * To let a broken limit show, each A-ASSOCIATE-AC waits until `gather` associations are
 * open at once (then all waiting ones are answered), or `fallbackMs` passed: a scanner
 * that opens two associations on the host at once is caught every time, while one
 * that never does only pays the fallback per association. The count is what the tests
 * assert; the fallback never decides a result.
 */
import net from 'node:net';
import { PDU } from '../../../electron/engine/dicom/pdu';
import { buildAc, readPdus, rqOf } from './dicom/fake-peer';

export interface CountingPeer {
  host: string;
  ports: number[];
  /** Most associations open at once so far. */
  peak(): number;
  /** Associations seen so far (A-ASSOCIATE-RQs). */
  total(): number;
  close(): Promise<void>;
}

const RELEASE_RP = Buffer.from([0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0]);
const ABORT = Buffer.from([0x07, 0, 0, 0, 0, 4, 0, 0, 2, 0]);

export async function startCountingPeer(opts: { ports: number; gather: number; fallbackMs: number }): Promise<CountingPeer> {
  let open = 0;
  let peak = 0;
  let total = 0;
  const sockets = new Set<net.Socket>();
  const waiting = new Set<() => void>();
  const answerAll = (): void => {
    const all = [...waiting];
    waiting.clear();
    for (const a of all) a();
  };
  const onSocket = (sock: net.Socket): void => {
    sockets.add(sock);
    let counted = false;
    sock.on('error', () => undefined);
    sock.on('close', () => {
      sockets.delete(sock);
      if (counted) open--;
    });
    readPdus(sock, (pdu) => {
      if (pdu.type === PDU.ASSOCIATE_RQ && !counted) {
        counted = true;
        total++;
        open++;
        peak = Math.max(peak, open);
        const ac = buildAc(rqOf(pdu));
        let timer: NodeJS.Timeout | undefined;
        const answer = (): void => {
          clearTimeout(timer);
          waiting.delete(answer);
          if (!sock.destroyed) sock.write(ac);
        };
        waiting.add(answer);
        if (open >= opts.gather) answerAll();
        else timer = setTimeout(answer, opts.fallbackMs);
      } else if (pdu.type === PDU.RELEASE_RQ) {
        sock.end(RELEASE_RP);
      } else if (pdu.type === PDU.P_DATA_TF) {
        sock.end(ABORT);
      }
    });
  };
  const servers: net.Server[] = [];
  const ports: number[] = [];
  for (let i = 0; i < opts.ports; i++) {
    const server = net.createServer(onSocket);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    ports.push((server.address() as net.AddressInfo).port);
  }
  return {
    host: '127.0.0.1',
    ports,
    peak: () => peak,
    total: () => total,
    close: async () => {
      answerAll();
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
