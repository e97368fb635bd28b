/**
 * A small built-in reader of captures (pcap and pcapng, optionally gzip'd), for machines
 * without tshark: Ethernet, Linux cooked (v1/v2), loopback (BSD null) and raw IP links;
 * IPv4 and IPv6; TCP reassembled in order per direction, enough to read the
 * A-ASSOCIATE-RQ/AC/RJ PDUs and the command set of P-DATA-TF (the request kind). Data
 * sets are skipped, never read. Bounded memory: at most MAX_FLOWS connections followed,
 * out-of-order data held per connection at most MAX_HELD bytes.
 */
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { cleanAe, type PeerCollector } from './collector';
import { isGzip, ReadCancelled, type ByteSource } from './lines';
import type { PeerOperation } from '../../shared/observed-peers';

const MAX_FLOWS = 4096;
const MAX_HELD = 256 * 1024;
const MAX_CONTROL_PDU = 64 * 1024;
const MAX_RECORD = 16 * 1024 * 1024;

export const PCAP_MAGICS = [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a];

/** Is this the start of a pcap or pcapng file (not gzip'd)? */
export function isCapture(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const v = Buffer.from(head.buffer, head.byteOffset, 4).readUInt32BE(0);
  return PCAP_MAGICS.includes(v);
}

export interface CaptureCounts {
  packets: number;
  /** DICOM PDUs read (RQ, AC, RJ, P-DATA command sets). */
  pdus: number;
  /** Packets that could not be decoded (truncated, unknown link). */
  malformed: number;
}

interface Flow {
  next: number | null;
  held: Map<number, Buffer>;
  heldBytes: number;
  buf: Buffer;
  skip: number;
  /** Client → server direction of a DICOM association (its first PDU was an A-ASSOCIATE-RQ). */
  role: 'unknown' | 'rq' | 'rsp' | 'none';
}

interface Assoc {
  server: string;
  port: number;
  client: string;
  called: string | null;
  calling: string | null;
  at: number;
  outcome: boolean | null;
  ops: Set<PeerOperation>;
}

const COMMANDS: Record<number, PeerOperation> = { 0x0030: 'echo', 0x0001: 'store', 0x0020: 'find', 0x0021: 'move', 0x0010: 'get' };

class Dissector {
  flows = new Map<string, Flow>();
  assocs = new Map<string, Assoc>();
  counts: CaptureCounts = { packets: 0, pdus: 0, malformed: 0 };
  constructor(private readonly out: PeerCollector) {}

  packet(link: number, data: Buffer, at: number): void {
    this.counts.packets++;
    let off = 0;
    let proto = -1;
    switch (link) {
      case 0:
      case 108: {
        if (data.length < 4) return this.bad();
        const fam = data.readUInt32LE(0) > 0xffff ? data.readUInt32BE(0) : data.readUInt32LE(0);
        proto = fam === 2 ? 4 : 6;
        off = 4;
        break;
      }
      case 1: {
        if (data.length < 14) return this.bad();
        let et = data.readUInt16BE(12);
        off = 14;
        while ((et === 0x8100 || et === 0x88a8) && data.length >= off + 4) {
          et = data.readUInt16BE(off + 2);
          off += 4;
        }
        proto = et === 0x0800 ? 4 : et === 0x86dd ? 6 : -1;
        break;
      }
      case 113: {
        if (data.length < 16) return this.bad();
        const et = data.readUInt16BE(14);
        proto = et === 0x0800 ? 4 : et === 0x86dd ? 6 : -1;
        off = 16;
        break;
      }
      case 276: {
        if (data.length < 20) return this.bad();
        const et = data.readUInt16BE(0);
        proto = et === 0x0800 ? 4 : et === 0x86dd ? 6 : -1;
        off = 20;
        break;
      }
      case 101:
      case 228:
      case 229:
        proto = data.length > 0 ? data[0]! >> 4 : -1;
        break;
      default:
        return this.bad();
    }
    if (proto !== 4 && proto !== 6) return;
    let src: string;
    let dst: string;
    let tcp: number;
    let end: number;
    if (proto === 4) {
      if (data.length < off + 20) return this.bad();
      const ihl = (data[off]! & 0x0f) * 4;
      if (data[off + 9] !== 6) return;
      const total = data.readUInt16BE(off + 2);
      src = `${data[off + 12]}.${data[off + 13]}.${data[off + 14]}.${data[off + 15]}`;
      dst = `${data[off + 16]}.${data[off + 17]}.${data[off + 18]}.${data[off + 19]}`;
      tcp = off + ihl;
      end = Math.min(data.length, off + (total || data.length - off));
    } else {
      if (data.length < off + 40) return this.bad();
      if (data[off + 6] !== 6) return;
      src = ipv6(data.subarray(off + 8, off + 24));
      dst = ipv6(data.subarray(off + 24, off + 40));
      tcp = off + 40;
      end = Math.min(data.length, off + 40 + data.readUInt16BE(off + 4));
    }
    if (end < tcp + 20) return this.bad();
    const sport = data.readUInt16BE(tcp);
    const dport = data.readUInt16BE(tcp + 2);
    const seq = data.readUInt32BE(tcp + 4);
    const doff = (data[tcp + 12]! >> 4) * 4;
    const flags = data[tcp + 13]!;
    const payload = data.subarray(tcp + doff, end);
    this.segment(src, sport, dst, dport, seq, flags, payload, at);
  }

  private bad(): void {
    this.counts.malformed++;
  }

  private segment(src: string, sport: number, dst: string, dport: number, seq: number, flags: number, payload: Buffer, at: number): void {
    const key = `${src}|${sport}|${dst}|${dport}`;
    let f = this.flows.get(key);
    const syn = (flags & 0x02) !== 0;
    if (!f) {
      if (payload.length === 0 && !syn) return;
      if (this.flows.size >= MAX_FLOWS) {
        const oldest = this.flows.keys().next().value as string;
        this.flows.delete(oldest);
      }
      f = { next: null, held: new Map(), heldBytes: 0, buf: Buffer.alloc(0), skip: 0, role: 'unknown' };
      this.flows.set(key, f);
    }
    if (syn) {
      f.next = (seq + 1) >>> 0;
      return;
    }
    if (f.role === 'none' || payload.length === 0) return;
    if (f.next === null) f.next = seq;
    const rel = (seq - f.next) | 0;
    if (rel > 0) {
      if (f.heldBytes + payload.length <= MAX_HELD && !f.held.has(seq)) {
        f.held.set(seq, Buffer.from(payload));
        f.heldBytes += payload.length;
      }
      return;
    }
    let chunk = rel < 0 ? payload.subarray(-rel) : payload;
    if (chunk.length === 0) return;
    for (;;) {
      this.feed(f, chunk, { src, sport, dst, dport }, at);
      f.next = (f.next + chunk.length) >>> 0;
      const nextHeld = f.held.get(f.next);
      if (!nextHeld) break;
      f.held.delete(f.next);
      f.heldBytes -= nextHeld.length;
      chunk = nextHeld;
    }
  }

  private feed(f: Flow, chunk: Buffer, ends: { src: string; sport: number; dst: string; dport: number }, at: number): void {
    if (f.skip > 0) {
      const n = Math.min(f.skip, chunk.length);
      f.skip -= n;
      chunk = chunk.subarray(n);
      if (chunk.length === 0) return;
    }
    f.buf = f.buf.length ? Buffer.concat([f.buf, chunk]) : Buffer.from(chunk);
    while (f.role !== 'none' && f.buf.length >= 6) {
      const type = f.buf[0]!;
      const len = f.buf.readUInt32BE(2);
      if (f.role === 'unknown' && (type < 1 || type > 7 || f.buf[1] !== 0 || len > MAX_CONTROL_PDU || (type !== 1 && type !== 2 && type !== 3))) {
        f.role = 'none';
        f.buf = Buffer.alloc(0);
        return;
      }
      if (type === 4) {
        // P-DATA-TF: read the command set(s) at its start, skip the data.
        const have = f.buf.length - 6;
        if (have < Math.min(len, 2048)) return;
        if (f.role === 'rq') this.pdata(f.buf.subarray(6, 6 + Math.min(len, have)), ends);
        if (have >= len) f.buf = f.buf.subarray(6 + len);
        else {
          f.skip = len - have;
          f.buf = Buffer.alloc(0);
        }
        continue;
      }
      if (len > MAX_CONTROL_PDU) {
        f.role = 'none';
        f.buf = Buffer.alloc(0);
        this.counts.malformed++;
        return;
      }
      if (f.buf.length < 6 + len) return;
      const pdu = f.buf.subarray(0, 6 + len);
      f.buf = f.buf.subarray(6 + len);
      this.control(f, type, pdu, ends, at);
    }
    if (f.buf.length > MAX_CONTROL_PDU) f.buf = Buffer.alloc(0);
  }

  private conn(ends: { src: string; sport: number; dst: string; dport: number }, fromClient: boolean): string {
    return fromClient ? `${ends.src}|${ends.sport}|${ends.dst}|${ends.dport}` : `${ends.dst}|${ends.dport}|${ends.src}|${ends.sport}`;
  }

  private control(f: Flow, type: number, pdu: Buffer, ends: { src: string; sport: number; dst: string; dport: number }, at: number): void {
    if (type === 1) {
      if (pdu.length < 74) {
        this.counts.malformed++;
        return;
      }
      this.counts.pdus++;
      f.role = 'rq';
      const key = this.conn(ends, true);
      const prev = this.assocs.get(key);
      if (prev) this.finish(key, prev);
      if (this.assocs.size >= MAX_FLOWS) {
        const oldest = this.assocs.keys().next().value as string;
        this.finish(oldest, this.assocs.get(oldest)!);
      }
      this.assocs.set(key, {
        server: ends.dst,
        port: ends.dport,
        client: ends.src,
        called: cleanAe(pdu.subarray(10, 26).toString('latin1')),
        calling: cleanAe(pdu.subarray(26, 42).toString('latin1')),
        at,
        outcome: null,
        ops: new Set(),
      });
    } else if (type === 2 || type === 3) {
      this.counts.pdus++;
      if (f.role === 'unknown') f.role = 'rsp';
      const key = this.conn(ends, false);
      const a = this.assocs.get(key);
      if (a && a.outcome === null) {
        a.outcome = type === 2;
        if (type === 3) this.finish(key, a);
      }
    } else if (type === 5 || type === 6 || type === 7) {
      const key = this.conn(ends, f.role === 'rq');
      const a = this.assocs.get(key);
      if (a && a.outcome !== null) this.finish(key, a);
    }
  }

  private pdata(body: Buffer, ends: { src: string; sport: number; dst: string; dport: number }): void {
    const a = this.assocs.get(this.conn(ends, true));
    let p = 0;
    while (p + 6 <= body.length) {
      const itemLen = body.readUInt32BE(p);
      const ctrl = body[p + 5]!;
      const start = p + 6;
      const stop = Math.min(body.length, p + 4 + itemLen);
      if ((ctrl & 1) === 1) {
        // Command set: implicit VR little endian, group 0000 only.
        let q = start;
        while (q + 8 <= stop) {
          const group = body.readUInt16LE(q);
          const elem = body.readUInt16LE(q + 2);
          const vl = body.readUInt32LE(q + 4);
          if (group !== 0) break;
          if (elem === 0x0100 && vl === 2 && q + 10 <= stop) {
            const op = COMMANDS[body.readUInt16LE(q + 8)];
            this.counts.pdus++;
            if (a && op) a.ops.add(op);
            break;
          }
          q += 8 + vl;
        }
      }
      if (itemLen < 2) break;
      p += 4 + itemLen;
    }
  }

  private finish(key: string, a: Assoc): void {
    this.assocs.delete(key);
    if (a.outcome === null) return;
    this.out.add({ host: a.server, port: a.port, calledAe: a.called, callingAe: a.calling, address: a.client, accepted: a.outcome, at: Number.isFinite(a.at) && a.at > 0 ? a.at : null, operations: [...a.ops], count: 1 });
  }

  /** Associations whose answer never came (capture ended, or started mid-way). */
  end(): number {
    let open = 0;
    for (const [k, a] of [...this.assocs]) {
      if (a.outcome === null) open++;
      this.finish(k, a);
    }
    return open;
  }
}

function ipv6(b: Buffer): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(b.readUInt16BE(i).toString(16));
  const s = parts.join(':');
  // Compress the longest run of zeros.
  const runs = [...s.matchAll(/(?:^|:)0(?::0)+(?::|$)/g)].sort((x, y) => y[0].length - x[0].length);
  if (!runs.length) return s;
  const r = runs[0]!;
  return `${s.slice(0, r.index)}::${s.slice(r.index + r[0].length)}`;
}

export class CaptureError extends Error {}

/**
 * Reads a capture into `out`. Throws CaptureError when the file is not a capture this
 * reader knows (the caller says so plainly).
 */
export async function readCapture(src: ByteSource, head: Uint8Array, out: PeerCollector, progress: (bytes: number) => void, signal?: AbortSignal): Promise<CaptureCounts & { open: number }> {
  const raw: Readable = 'path' in src ? createReadStream(src.path, { highWaterMark: 1024 * 1024 }) : Readable.from([Buffer.from(src.bytes.buffer, src.bytes.byteOffset, src.bytes.byteLength)]);
  let rawBytes = 0;
  raw.on('data', (c: Buffer) => {
    rawBytes += c.length;
  });
  const stream: Readable = isGzip(head) ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (e) => stream.destroy(e));
  const d = new Dissector(out);
  let buf: Buffer = Buffer.alloc(0);
  let format: 'pcap' | 'pcapng' | null = null;
  let le = true;
  let nsec = false;
  let link = 1;
  const links: Array<{ link: number; res: number }> = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new ReadCancelled();
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let p = 0;
      if (format === null) {
        if (buf.length < 28) continue;
        const magic = buf.readUInt32BE(0);
        if (magic === 0x0a0d0d0a) format = 'pcapng';
        else if (PCAP_MAGICS.includes(magic)) {
          format = 'pcap';
          le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
          nsec = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
          link = le ? buf.readUInt32LE(20) & 0xffff : buf.readUInt32BE(20) & 0xffff;
          p = 24;
        } else throw new CaptureError('not a pcap or pcapng capture');
      }
      const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
      const u16 = (o: number): number => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
      if (format === 'pcap') {
        while (p + 16 <= buf.length) {
          const incl = u32(p + 8);
          if (incl > MAX_RECORD) throw new CaptureError('a damaged pcap record (length out of range)');
          if (p + 16 + incl > buf.length) break;
          const at = u32(p) * 1000 + u32(p + 4) / (nsec ? 1e6 : 1e3);
          d.packet(link, buf.subarray(p + 16, p + 16 + incl), at);
          p += 16 + incl;
        }
      } else {
        while (p + 12 <= buf.length) {
          const type = buf.readUInt32BE(p) === 0x0a0d0d0a ? 0x0a0d0d0a : u32(p);
          if (type === 0x0a0d0d0a) {
            if (p + 12 > buf.length) break;
            const bom = buf.readUInt32LE(p + 8);
            le = bom === 0x1a2b3c4d;
            if (!le && buf.readUInt32BE(p + 8) !== 0x1a2b3c4d) throw new CaptureError('a damaged pcapng section header');
            links.length = 0;
          }
          const len = u32(p + 4);
          if (len < 12 || len > MAX_RECORD) throw new CaptureError('a damaged pcapng block (length out of range)');
          if (p + len > buf.length) break;
          if (type === 1) {
            let res = 1e-6;
            let o = p + 16;
            while (o + 4 <= p + len - 4) {
              const code = u16(o);
              const olen = u16(o + 2);
              if (code === 0) break;
              if (code === 9 && olen >= 1) {
                const v = buf[o + 4]!;
                res = v & 0x80 ? 2 ** -(v & 0x7f) : 10 ** -(v & 0x7f);
              }
              o += 4 + Math.ceil(olen / 4) * 4;
            }
            links.push({ link: u16(p + 8), res });
          } else if (type === 6) {
            const iface = links[u32(p + 8)];
            const cap = u32(p + 20);
            if (iface && 28 + cap <= len) {
              const ts = u32(p + 12) * 2 ** 32 + u32(p + 16);
              d.packet(iface.link, buf.subarray(p + 28, p + 28 + cap), ts * iface.res * 1000);
            } else d.counts.malformed++;
          } else if (type === 3) {
            const iface = links[0];
            if (iface) d.packet(iface.link, buf.subarray(p + 16, p + len - 4), Number.NaN);
          }
          p += len;
        }
      }
      buf = p > 0 ? Buffer.from(buf.subarray(p)) : buf;
      if (buf.length > MAX_RECORD) throw new CaptureError('a damaged capture (record too large)');
      progress(rawBytes);
    }
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
  if (format === null) throw new CaptureError('not a pcap or pcapng capture (too short)');
  if (buf.length > 0) d.counts.malformed++;
  progress(rawBytes);
  const open = d.end();
  return { ...d.counts, open };
}
