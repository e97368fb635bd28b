/**
 * identify(): a port silent to the first A-ASSOCIATE-RQ is asked the TLS and HTTP
 * questions alongside it (so a silent port costs one reply timeout, not two in a row);
 * a DICOM server that answers gets no such traffic. Asserted by the order in which the
 * peer sees connections, never by time.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { identify } from '../../../electron/engine/identify';
import { PDU } from '../../../electron/engine/dicom/pdu';
import { buildAc, readPdus, rqOf, startFakePeer, testContext, type FakePeer } from './dicom/fake-peer';

let peer: FakePeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

/** Connections open at the moment each new one arrived. */
function tracking(onSocket: (sock: net.Socket, index: number) => void): { openWhenAccepted: number[]; start(): Promise<FakePeer> } {
  const openWhenAccepted: number[] = [];
  let open = 0;
  return {
    openWhenAccepted,
    start: () =>
      startFakePeer((sock, i) => {
        openWhenAccepted.push(open);
        open++;
        sock.once('close', () => open--);
        onSocket(sock, i);
      }),
  };
}

describe('speculative TLS/HTTP identification of a silent port', () => {
  it('a port silent to DICOM that serves HTTP to a GET: http, asked while the DICOM attempt still waited', async () => {
    const t = tracking((sock) => {
      let buf = '';
      sock.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        // Lenient: answers only a complete HTTP request; binary (DICOM, a ClientHello) gets silence.
        if (buf.startsWith('GET ') && buf.includes('\r\n\r\n')) sock.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
      });
    });
    peer = await t.start();
    const info = await identify({ host: peer.host, port: peer.port }, testContext({ ioTimeoutMs: 1000, connectTimeoutMs: 1000 }));
    expect(info.protocol).toBe('http');
    // The TLS hello and the GET arrived while the DICOM connection was still open.
    expect(t.openWhenAccepted.length).toBeGreaterThanOrEqual(3);
    expect(t.openWhenAccepted[1]).toBeGreaterThanOrEqual(1);
  });

  it('a DICOM server that answers at once gets no TLS or HTTP traffic', async () => {
    const t = tracking((sock) =>
      readPdus(sock, (pdu) => {
        if (pdu.type === PDU.ASSOCIATE_RQ) sock.write(buildAc(rqOf(pdu)));
        else if (pdu.type === PDU.RELEASE_RQ) sock.end(Buffer.from([0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0]));
      }),
    );
    peer = await t.start();
    const info = await identify({ host: peer.host, port: peer.port }, testContext({ ioTimeoutMs: 1000 }));
    expect(info.protocol).toBe('dicom');
    expect(t.openWhenAccepted).toEqual([0]); // one association (random called AE accepted), nothing else
  });

  it('a silent port stays unknown, and every speculative connection is closed afterwards', async () => {
    let open = 0;
    peer = await startFakePeer((sock) => {
      open++;
      sock.once('close', () => open--);
      sock.resume();
    });
    const info = await identify({ host: peer.host, port: peer.port }, testContext({ ioTimeoutMs: 600, connectTimeoutMs: 600 }));
    expect(info.protocol).toBe('unknown');
    expect(peer.connections()).toBeGreaterThanOrEqual(3); // DICOM, TLS, HTTP
    for (let i = 0; i < 100 && open > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(open).toBe(0);
  });
});

describe('identify(): the host slot of a web server', () => {
  it('is let go as soon as the port answered the A-ASSOCIATE-RQ with HTTP; a DICOM server keeps it', async () => {
    // An HTTP server: any request it cannot parse (our A-ASSOCIATE-RQ) gets a 400, a GET gets a page.
    peer = await startFakePeer((sock) => {
      let buf = '';
      sock.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        if (buf.startsWith('GET ')) {
          if (buf.includes('\r\n\r\n')) sock.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
        } else sock.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      });
    });
    let released = 0;
    const info = await identify({ host: peer.host, port: peer.port }, { ...testContext({ ioTimeoutMs: 1000, connectTimeoutMs: 1000 }), releaseHost: () => released++ });
    expect(info.protocol).toBe('http');
    expect(released).toBe(1);
    await peer.close();

    peer = await startFakePeer((sock) =>
      readPdus(sock, (pdu) => {
        if (pdu.type === PDU.ASSOCIATE_RQ) sock.write(buildAc(rqOf(pdu)));
        else if (pdu.type === PDU.RELEASE_RQ) sock.end(Buffer.from([0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0]));
      }),
    );
    released = 0;
    const dicom = await identify({ host: peer.host, port: peer.port }, { ...testContext(), releaseHost: () => released++ });
    expect(dicom.protocol).toBe('dicom');
    expect(released).toBe(0);
  });
});
