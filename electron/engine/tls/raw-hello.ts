/**
 * A hand-built TLS 1.0-1.2 ClientHello, for the suites node:tls cannot offer because
 * its OpenSSL 3 has them compiled out (3DES, RC4, DES, export, IDEA, SEED): the
 * server's ServerHello names the suite it picked, which is all `tls.weak-cipher` and
 * the profiles need. No handshake is completed (we could not: this client has no code
 * for those ciphers); the connection is closed after the ServerHello or the alert.
 *
 * Reads at most MAX_READ bytes, within one deadline; never throws on a hostile reply.
 */
import { randomBytes } from 'node:crypto';
import { connect, isIP } from 'node:net';
import type { TlsVersion } from './handshake';

/** Wire version of a protocol version. */
export const WIRE_VERSION: Readonly<Record<Exclude<TlsVersion, 'TLSv1.3'>, number>> = { TLSv1: 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303 };

/** Bytes read before giving up on finding a ServerHello. */
const MAX_READ = 32 * 1024;

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n & 0xffff);
  return b;
}

function ext(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(body.length), body]);
}

/** A ClientHello record offering `codes` at `version`, with SNI when `servername` is a host name. */
export function buildClientHello(version: Exclude<TlsVersion, 'TLSv1.3'>, codes: readonly number[], servername?: string): Buffer {
  const exts: Buffer[] = [];
  if (servername && isIP(servername) === 0 && servername.length < 256) {
    const name = Buffer.from(servername, 'ascii');
    const entry = Buffer.concat([Buffer.from([0]), u16(name.length), name]);
    exts.push(ext(0x0000, Buffer.concat([u16(entry.length), entry])));
  }
  const groups = [0x001d, 0x0017, 0x0018, 0x0019];
  exts.push(ext(0x000a, Buffer.concat([u16(groups.length * 2), ...groups.map(u16)])));
  exts.push(ext(0x000b, Buffer.from([1, 0])));
  if (version === 'TLSv1.2') {
    const sigs = [0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0804, 0x0805, 0x0201, 0x0203];
    exts.push(ext(0x000d, Buffer.concat([u16(sigs.length * 2), ...sigs.map(u16)])));
  }
  exts.push(ext(0xff01, Buffer.from([0])));
  const extBlock = Buffer.concat(exts);
  const suites = Buffer.concat(codes.map(u16));
  const body = Buffer.concat([
    u16(WIRE_VERSION[version]),
    randomBytes(32),
    Buffer.from([0]),
    u16(suites.length),
    suites,
    Buffer.from([1, 0]),
    u16(extBlock.length),
    extBlock,
  ]);
  const hs = Buffer.concat([Buffer.from([1, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), u16(hs.length), hs]);
}

/** What the server answered a raw ClientHello with. */
export type RawAnswer =
  | { kind: 'server-hello'; version: number; suite: number }
  | { kind: 'alert'; level: number; description: number }
  | { kind: 'closed' }
  | { kind: 'timeout' }
  | { kind: 'refused' }
  | { kind: 'garbage' };

/**
 * Parse what has arrived so far: a ServerHello's version and suite, an alert, garbage,
 * or undefined when more bytes are needed. Handshake messages may span records.
 */
export function parseServerReply(buf: Buffer): RawAnswer | undefined {
  let off = 0;
  const hs: Buffer[] = [];
  while (off + 5 <= buf.length) {
    const type = buf[off]!;
    const len = buf.readUInt16BE(off + 3);
    if (buf[off + 1] !== 0x03 || len > 18432) return { kind: 'garbage' };
    if (off + 5 + len > buf.length) break;
    const frag = buf.subarray(off + 5, off + 5 + len);
    if (type === 0x15) {
      if (frag.length < 2) return { kind: 'garbage' };
      return { kind: 'alert', level: frag[0]!, description: frag[1]! };
    }
    if (type !== 0x16) return { kind: 'garbage' };
    hs.push(frag);
    off += 5 + len;
    const all = Buffer.concat(hs);
    if (all.length >= 4) {
      if (all[0] !== 2) return { kind: 'garbage' };
      const mlen = (all[1]! << 16) | (all[2]! << 8) | all[3]!;
      if (all.length >= 4 + Math.min(mlen, 39)) {
        const m = all.subarray(4);
        if (m.length < 35) return { kind: 'garbage' };
        const version = m.readUInt16BE(0);
        const sid = m[34]!;
        if (m.length < 35 + sid + 2) return all.length >= 4 + mlen ? { kind: 'garbage' } : undefined;
        return { kind: 'server-hello', version, suite: m.readUInt16BE(35 + sid) };
      }
    }
  }
  return undefined;
}

/** Send one raw ClientHello and read the answer; bounded by `timeoutMs` and the signal. Never rejects. */
export function rawHello(host: string, port: number, hello: Buffer, timeoutMs: number, signal: AbortSignal): Promise<RawAnswer> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve({ kind: 'timeout' });
      return;
    }
    let done = false;
    let got = Buffer.alloc(0);
    const sock = connect({ host, port });
    const finish = (a: RawAnswer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      sock.destroy();
      resolve(a);
    };
    const onAbort = (): void => finish({ kind: 'timeout' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), Math.max(1, timeoutMs));
    signal.addEventListener('abort', onAbort, { once: true });
    let connected = false;
    sock.once('connect', () => {
      connected = true;
      sock.write(hello);
    });
    sock.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const a = parseServerReply(got);
      if (a) finish(a);
      else if (got.length > MAX_READ) finish({ kind: 'garbage' });
    });
    sock.on('error', () => finish(connected ? { kind: 'closed' } : { kind: 'refused' }));
    sock.once('close', () => finish(connected ? { kind: 'closed' } : { kind: 'refused' }));
  });
}
