/**
 * The built-in capture reader on a classic pcap with raw IPv6 packets (link type 229),
 * written here byte by byte because this lab's DCMTK has no IPv6: A-ASSOCIATE-RQ split
 * over two segments arriving out of order, the A-ASSOCIATE-AC, a C-ECHO command in
 * P-DATA-TF, a retransmission; then a refused association (A-ASSOCIATE-RJ), and one
 * without an answer (named, not counted). The lab tests read real captures (IPv4).
 */
import { describe, expect, it } from 'vitest';
import { learnPeers } from '../../../electron/peers';

const SERVER = Buffer.from('20010db8000000000000000000000001', 'hex');
const CLIENT = Buffer.from('20010db8000000000000000000000005', 'hex');

function ae(s: string): Buffer {
  return Buffer.from(s.padEnd(16, ' '), 'latin1');
}
function assocPdu(type: number, called: string, calling: string): Buffer {
  const b = Buffer.alloc(74);
  b[0] = type;
  b.writeUInt32BE(68, 2);
  b.writeUInt16BE(1, 6);
  ae(called).copy(b, 10);
  ae(calling).copy(b, 26);
  return b;
}
function echoPdata(): Buffer {
  const cmd = Buffer.alloc(10);
  cmd.writeUInt16LE(0x0000, 0);
  cmd.writeUInt16LE(0x0100, 2);
  cmd.writeUInt32LE(2, 4);
  cmd.writeUInt16LE(0x0030, 8);
  const item = Buffer.alloc(6);
  item.writeUInt32BE(2 + cmd.length, 0);
  item[4] = 1;
  item[5] = 0x03;
  const body = Buffer.concat([item, cmd]);
  const head = Buffer.alloc(6);
  head[0] = 4;
  head.writeUInt32BE(body.length, 2);
  return Buffer.concat([head, body]);
}
function packet(src: Buffer, dst: Buffer, sport: number, dport: number, seq: number, flags: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(sport, 0);
  tcp.writeUInt16BE(dport, 2);
  tcp.writeUInt32BE(seq, 4);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  const ip = Buffer.alloc(40);
  ip[0] = 0x60;
  ip.writeUInt16BE(20 + payload.length, 4);
  ip[6] = 6;
  ip[7] = 64;
  src.copy(ip, 8);
  dst.copy(ip, 24);
  return Buffer.concat([ip, tcp, payload]);
}
function pcap(packets: Buffer[]): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(229, 20);
  const recs = packets.map((p, i) => {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(1_796_200_000 + i, 0);
    r.writeUInt32LE(0, 4);
    r.writeUInt32LE(p.length, 8);
    r.writeUInt32LE(p.length, 12);
    return Buffer.concat([r, p]);
  });
  return Buffer.concat([head, ...recs]);
}

describe('the built-in pcap reader', () => {
  it('IPv6, out-of-order segments, retransmission, accepted, refused and unanswered associations', async () => {
    const rq = assocPdu(1, 'PACS', 'V6_MODALITY');
    const [a, b] = [rq.subarray(0, 30), rq.subarray(30)];
    const SYN = 0x02;
    const DATA = 0x18;
    const c = (seq: number, flags: number, p?: Buffer) => packet(CLIENT, SERVER, 40000, 11112, seq, flags, p);
    const s = (seq: number, flags: number, p?: Buffer) => packet(SERVER, CLIENT, 11112, 40000, seq, flags, p);
    const refused = assocPdu(1, 'PACS', 'STRANGER');
    const rj = Buffer.from([3, 0, 0, 0, 0, 4, 0, 1, 1, 3]);
    const lonely = assocPdu(1, 'PACS', 'NO_ANSWER');
    const bytes = pcap([
      c(1000, SYN),
      s(5000, SYN | 0x10),
      c(1001 + 30, DATA, b), // second half first
      c(1001, DATA, a),
      c(1001, DATA, a), // retransmitted
      s(5001, DATA, assocPdu(2, 'PACS', 'V6_MODALITY')),
      c(1001 + 74, DATA, echoPdata()),
      packet(CLIENT, SERVER, 40001, 11112, 7000, SYN),
      packet(CLIENT, SERVER, 40001, 11112, 7001, DATA, refused),
      packet(SERVER, CLIENT, 11112, 40001, 9001, DATA, rj),
      packet(CLIENT, SERVER, 40002, 11112, 100, DATA, lonely),
    ]);
    // The request is whole once its first half arrives (the 4th packet).
    const RQ_DONE = new Date((1_796_200_000 + 3) * 1000).toISOString();
    const r = await learnPeers([{ name: 'v6.pcap', src: { bytes } }], { tshark: false });
    expect(r.servers).toEqual([
      {
        host: '2001:db8::1', port: 11112, calledAe: 'PACS',
        peers: [
          { callingAe: 'STRANGER', address: '2001:db8::5', operations: [], firstSeen: expect.any(String) as string, lastSeen: expect.any(String) as string, count: 1, accepted: false },
          { callingAe: 'V6_MODALITY', address: '2001:db8::5', operations: ['echo'], firstSeen: RQ_DONE, lastSeen: RQ_DONE, count: 1, accepted: true },
        ],
      },
    ]);
    expect(r.problems).toEqual([{ at: 'v6.pcap', reason: expect.stringMatching(/^1 association\(s\) without an answer/) as string }]);
  });
});
