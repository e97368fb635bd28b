/**
 * Small scripted peers on 127.0.0.1 for unit tests: a raw TCP server whose
 * behaviour per connection is a function, plus builders for the PDUs a server
 * sends (A-ASSOCIATE-AC, DIMSE responses) that Collimator itself never builds.
 */
import net from 'node:net';
import type { ProbeContext, ProbeOptions } from '../../../../electron/engine/types';
import { type AssociateFields, parseAssociate, PduReader, type RawPdu } from '../../../../electron/engine/dicom/pdu';

export interface FakePeer {
  host: string;
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Start a loopback server; `onSocket` scripts each connection. */
export async function startFakePeer(onSocket: (sock: net.Socket, index: number) => void): Promise<FakePeer> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    onSocket(sock, count++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Feed a socket's bytes to a PDU reader and call `onPdu` per PDU. */
export function readPdus(sock: net.Socket, onPdu: (pdu: RawPdu) => void): void {
  const reader = new PduReader();
  sock.on('data', (chunk: Buffer) => {
    const r = reader.push(chunk);
    if (r.ok) r.value.forEach(onPdu);
    else sock.destroy();
  });
}

function item(type: number, value: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt8(type, 0);
  h.writeUInt16BE(value.length, 2);
  return Buffer.concat([h, value]);
}

export interface AcOptions {
  /** Result per proposed abstract syntax (0 = accept); default accept all. */
  resultFor?: (abstractSyntax: string) => number;
  implementationClassUid?: string;
  implementationVersionName?: string;
  maxPduLength?: number;
  /** Leave out the application context item (malformed AC). */
  omitApplicationContext?: boolean;
}

/** An A-ASSOCIATE-AC answering the given RQ. */
export function buildAc(rq: AssociateFields, o: AcOptions = {}): Buffer {
  const fixed = Buffer.alloc(68);
  fixed.writeUInt16BE(1, 0);
  fixed.write(rq.calledAe.padEnd(16, ' '), 4, 'latin1');
  fixed.write(rq.callingAe.padEnd(16, ' '), 20, 'latin1');
  const items: Buffer[] = [];
  if (!o.omitApplicationContext) items.push(item(0x10, Buffer.from('1.2.840.10008.3.1.1.1')));
  for (const c of rq.contexts) {
    const result = o.resultFor ? o.resultFor(c.abstractSyntax ?? '') : 0;
    items.push(item(0x21, Buffer.concat([Buffer.from([c.id, 0, result, 0]), item(0x40, Buffer.from(c.transferSyntaxes?.[0] ?? '1.2.840.10008.1.2'))])));
  }
  const max = Buffer.alloc(4);
  max.writeUInt32BE(o.maxPduLength ?? 16384, 0);
  items.push(
    item(
      0x50,
      Buffer.concat([
        item(0x51, max),
        item(0x52, Buffer.from(o.implementationClassUid ?? '1.2.826.0.1.3680043.9.3811.2.0.2')),
        item(0x55, Buffer.from(o.implementationVersionName ?? 'PYNETDICOM_202')),
      ]),
    ),
  );
  const body = Buffer.concat([fixed, ...items]);
  const h = Buffer.alloc(6);
  h.writeUInt8(0x02, 0);
  h.writeUInt32BE(body.length, 2);
  return Buffer.concat([h, body]);
}

/** Parse an RQ body (throws in tests when malformed). */
export function rqOf(pdu: RawPdu): AssociateFields {
  const r = parseAssociate(pdu.body, 'rq');
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** A DIMSE response command set (Implicit VR LE) with the given fields. */
export function responseCommand(f: { commandField: number; messageId: number; status: number; hasDataset?: boolean; sopClassUid?: string }): Buffer {
  const els: Array<[number, Buffer]> = [];
  const us = (n: number): Buffer => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(n, 0);
    return b;
  };
  if (f.sopClassUid) {
    let v = Buffer.from(f.sopClassUid, 'latin1');
    if (v.length % 2) v = Buffer.concat([v, Buffer.from([0])]);
    els.push([0x0002, v]);
  }
  els.push([0x0100, us(f.commandField)], [0x0120, us(f.messageId)], [0x0800, us(f.hasDataset ? 0x0102 : 0x0101)], [0x0900, us(f.status)]);
  const enc = (elem: number, v: Buffer): Buffer => {
    const h = Buffer.alloc(8);
    h.writeUInt16LE(0, 0);
    h.writeUInt16LE(elem, 2);
    h.writeUInt32LE(v.length, 4);
    return Buffer.concat([h, v]);
  };
  const rest = Buffer.concat(els.map(([e, v]) => enc(e, v)));
  const gl = Buffer.alloc(4);
  gl.writeUInt32LE(rest.length, 0);
  return Buffer.concat([enc(0x0000, gl), rest]);
}

/** Probe options for tests: short timeouts, a fixed calling AE. */
export function testOptions(extra: Partial<ProbeOptions> = {}): ProbeOptions {
  return {
    callingAe: 'CLMTESTCALLER',
    calledAes: new Map(),
    inventory: [],
    vantage: { label: 'unit test', untrusted: false },
    optIn: new Set(),
    connectTimeoutMs: 1000,
    ioTimeoutMs: 1000,
    targetTimeoutMs: 10_000,
    ...extra,
  };
}

/** A probe context with its own controller (abort it to cancel). */
export function testContext(extra: Partial<ProbeOptions> = {}, deadlineMs = 10_000): ProbeContext & { controller: AbortController } {
  const controller = new AbortController();
  return { signal: controller.signal, deadline: Date.now() + deadlineMs, options: testOptions(extra), controller };
}
