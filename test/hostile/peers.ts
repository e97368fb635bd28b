/**
 * A harness of misbehaving servers on loopback: each plays one way a peer on a
 * hospital network can be hostile or broken (silent, slow, lying PDU lengths,
 * garbage, the wrong protocol, TLS that breaks after its hello, an endless body,
 * a tarpit that hoards connections). Every peer counts what it did (connections,
 * bytes) so a test can check the scanner's behaviour, and stops itself after its
 * lifetime even if a test forgets it. Loopback addresses only.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { createServer as createHttpsServer } from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { acCutAt, acHeader4GiB, acNonsenseItems, acTruncatedItems, pdataHeader4GiB, proposedContextIds, unknownPdu, wellFormedAc } from './pdus';

/** The hostile behaviours, one per test case. */
export type HostileKind =
  /** Accepts TCP and never sends a byte. */
  | 'silent'
  /** Sends a well-formed A-ASSOCIATE-AC one byte per second, forever (slowloris). */
  | 'trickle'
  /** Answers the A-ASSOCIATE-RQ with the first 20 bytes of an AC, then closes. */
  | 'close-mid-pdu'
  /** Answers with an AC header announcing 4 GiB, then streams filler as fast as it may. */
  | 'ac-4gib'
  /** An AC whose last item claims more bytes than the PDU holds. */
  | 'ac-truncated-items'
  /** An AC full of unknown items, no application context, a 2-byte max-length sub-item. */
  | 'ac-nonsense-items'
  /** Answers with PDU type 0x0a. */
  | 'unknown-pdu'
  /** Answers any bytes with an HTTP/1.1 200 page, then closes. */
  | 'http-page'
  /** Greets every connection with an SSH banner. */
  | 'ssh-banner'
  /** Sends random bytes on connect and after every chunk it receives (bounded per connection). */
  | 'random-bytes'
  /** A real TLS server's first record (the ServerHello) goes through; everything after it is garbage. */
  | 'tls-garbage-after-hello'
  /** A real HTTPS server whose every response body never ends. */
  | 'https-endless-body'
  /** Accepts every association properly, then never answers a request (nor the release). */
  | 'ac-then-silent'
  /** Accepts every association properly, then answers a request with a P-DATA-TF announcing 4 GiB, and streams filler. */
  | 'ac-then-4gib';

export const HOSTILE_KINDS: readonly HostileKind[] = [
  'silent',
  'trickle',
  'close-mid-pdu',
  'ac-4gib',
  'ac-truncated-items',
  'ac-nonsense-items',
  'unknown-pdu',
  'http-page',
  'ssh-banner',
  'random-bytes',
  'tls-garbage-after-hello',
  'https-endless-body',
  'ac-then-silent',
  'ac-then-4gib',
];

/** What a peer saw and did; live counters. */
export interface PeerStats {
  /** Connections accepted. */
  accepted: number;
  /** Connections open now. */
  open: number;
  /** Most connections open at once. */
  maxOpen: number;
  /** Bytes written to clients. */
  bytesSent: number;
}

export interface HostilePeer {
  kind: HostileKind;
  host: string;
  port: number;
  stats: PeerStats;
  /** Close the listener and every connection. Idempotent. */
  stop(): Promise<void>;
}

/** PEM key and certificate for the TLS peers. */
export interface PeerTls {
  key: string;
  cert: string;
}

export interface HostileOptions {
  /** A loopback address, e.g. 127.66.0.3. */
  host: string;
  /** Required by the TLS kinds. */
  tls?: PeerTls;
  /** The peer stops itself after this long, ms [120 000]. */
  lifetimeMs?: number;
}

/** Most bytes `random-bytes` sends on one connection, and the chunk it answers with. */
const RANDOM_CAP = 1024 * 1024;
const RANDOM_CHUNK = 4096;
/** Most garbage `tls-garbage-after-hello` sends on one connection. */
const TLS_GARBAGE = 16 * 1024;
/** Chunk of an endless body / of 4 GiB filler. */
const STREAM_CHUNK = 16 * 1024;

export function assertLoopback(host: string): void {
  if (!(net.isIPv4(host) && host.startsWith('127.')) && host !== '::1') throw new Error(`hostile peers listen on loopback only, not ${host}`);
}

function newStats(): PeerStats {
  return { accepted: 0, open: 0, maxOpen: 0, bytesSent: 0 };
}

/** Per-connection helpers: counted writes, timers that die with the socket. */
interface Conn {
  sock: net.Socket;
  write(b: Buffer | string): boolean;
  every(ms: number, fn: () => void): void;
  after(ms: number, fn: () => void): void;
}

function track(sock: net.Socket, stats: PeerStats, sockets: Set<net.Socket>): Conn {
  const timers: NodeJS.Timeout[] = [];
  stats.accepted++;
  stats.open++;
  stats.maxOpen = Math.max(stats.maxOpen, stats.open);
  sockets.add(sock);
  sock.on('error', () => undefined);
  sock.once('close', () => {
    stats.open--;
    sockets.delete(sock);
    timers.forEach((t) => clearTimeout(t));
  });
  return {
    sock,
    write(b) {
      if (sock.destroyed || !sock.writable) return false;
      stats.bytesSent += typeof b === 'string' ? Buffer.byteLength(b) : b.length;
      return sock.write(b);
    },
    every(ms, fn) {
      timers.push(setInterval(fn, ms));
    },
    after(ms, fn) {
      timers.push(setTimeout(fn, ms));
    },
  };
}

/** Write `chunk` again and again, as fast as the client reads, until the socket closes. */
function stream(c: Conn, chunk: Buffer): void {
  const pump = (): void => {
    while (!c.sock.destroyed && c.write(chunk)) {
      // keep writing while the kernel buffer takes it
    }
  };
  c.sock.on('drain', pump);
  pump();
}

/** The behaviour of one connection for the plain-TCP kinds. */
function behave(kind: HostileKind, c: Conn): void {
  const onFirstData = (fn: () => void): void => {
    c.sock.once('data', fn);
  };
  c.sock.resume(); // read and discard whatever the client sends
  switch (kind) {
    case 'silent':
      return;
    case 'trickle': {
      const ac = wellFormedAc();
      let i = 0;
      c.every(1000, () => {
        c.write(ac.subarray(i % ac.length, (i % ac.length) + 1));
        i++;
      });
      return;
    }
    case 'close-mid-pdu':
      onFirstData(() => {
        c.write(acCutAt(20));
        c.sock.end();
      });
      return;
    case 'ac-4gib':
      onFirstData(() => {
        c.write(acHeader4GiB());
        stream(c, Buffer.alloc(STREAM_CHUNK, 0x41));
      });
      return;
    case 'ac-truncated-items':
      onFirstData(() => c.write(acTruncatedItems()));
      return;
    case 'ac-nonsense-items':
      onFirstData(() => c.write(acNonsenseItems()));
      return;
    case 'unknown-pdu':
      onFirstData(() => c.write(unknownPdu()));
      return;
    case 'http-page':
      onFirstData(() => {
        const body = '<!doctype html><html><head><title>Welcome</title></head><body><h1>It works</h1></body></html>';
        c.write(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
        c.sock.end();
      });
      return;
    case 'ssh-banner':
      c.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n');
      return;
    case 'random-bytes': {
      let sent = 0;
      const spray = (n: number): void => {
        const k = Math.min(n, RANDOM_CAP - sent);
        if (k <= 0) return;
        sent += k;
        c.write(randomBytes(k));
      };
      spray(RANDOM_CHUNK);
      c.sock.on('data', () => spray(RANDOM_CHUNK));
      return;
    }
    case 'ac-then-silent':
    case 'ac-then-4gib':
      acceptThen(c, kind === 'ac-then-4gib');
      return;
    default:
      throw new Error(`behave: ${kind} is not a plain-TCP kind`);
  }
}

/** Most bytes an accepting peer buffers while waiting for a whole A-ASSOCIATE-RQ. */
const RQ_CAP = 64 * 1024;

/**
 * Answer the A-ASSOCIATE-RQ with an AC accepting every proposed context; then, on the
 * first request, fall silent (`flood` false) or announce a 4 GiB P-DATA-TF and stream.
 */
function acceptThen(c: Conn, flood: boolean): void {
  let buf = Buffer.alloc(0);
  let state: 'await-rq' | 'associated' | 'done' = 'await-rq';
  c.sock.on('data', (d: Buffer) => {
    if (state === 'done') return;
    if (state === 'associated') {
      if (flood && d[0] === 0x04) {
        state = 'done'; // answer the first request only, and never anything after
        c.write(pdataHeader4GiB());
        stream(c, Buffer.alloc(STREAM_CHUNK, 0x42));
      }
      return;
    }
    buf = Buffer.concat([buf, d]).subarray(0, RQ_CAP);
    if (buf.length < 6 || buf.length < 6 + buf.readUInt32BE(2)) return;
    const ids = proposedContextIds(buf);
    if (!ids) {
      c.sock.destroy();
      return;
    }
    state = 'associated';
    c.write(wellFormedAc(ids));
  });
}

/** Listen on host:0; resolves with the bound port. */
function listen(server: net.Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  return new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}

/** `https-endless-body`: every request gets 200 and a body that never ends (it honours back-pressure). */
async function startEndlessHttps(host: string, t: PeerTls, stats: PeerStats, sockets: Set<net.Socket>): Promise<net.Server> {
  const server = createHttpsServer({ key: t.key, cert: t.cert, ALPNProtocols: ['http/1.1'] }, (req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(STREAM_CHUNK, 0x3c);
    const pump = (): void => {
      for (let more = true; more && !res.destroyed; ) {
        more = res.write(chunk);
        stats.bytesSent += chunk.length;
      }
    };
    res.on('drain', pump);
    pump();
  });
  server.on('connection', (sock: net.Socket) => {
    track(sock, stats, sockets);
  });
  server.on('tlsClientError', () => undefined);
  await listen(server, host);
  return server;
}

/**
 * `tls-garbage-after-hello`: a relay in front of a real TLS server on 127.0.0.1; the
 * server's first TLS record (its ServerHello) is passed through, then the relay sends
 * 16 KiB of garbage instead of the rest and falls silent.
 */
function relayGarbageAfterHello(c: Conn, backendPort: number): void {
  const back = net.connect({ host: '127.0.0.1', port: backendPort });
  back.on('error', () => c.sock.destroy());
  c.sock.once('close', () => back.destroy());
  c.sock.on('data', (d: Buffer) => back.write(d));
  let buf = Buffer.alloc(0);
  let passed = false;
  back.on('data', (d: Buffer) => {
    if (passed) return;
    buf = Buffer.concat([buf, d]);
    if (buf.length < 5) return;
    const recordLength = 5 + buf.readUInt16BE(3);
    if (buf.length < recordLength) return;
    passed = true;
    c.write(buf.subarray(0, recordLength));
    const garbage = randomBytes(TLS_GARBAGE);
    garbage[0] = 0xab; // not a TLS content type: the record layer must choke on it
    c.write(garbage);
    back.destroy();
  });
}

/** Start one hostile peer on `opts.host`, on a port the kernel picks. */
export async function startHostilePeer(kind: HostileKind, opts: HostileOptions): Promise<HostilePeer> {
  assertLoopback(opts.host);
  const stats = newStats();
  const sockets = new Set<net.Socket>();
  const servers: net.Server[] = [];
  let server: net.Server;
  if (kind === 'https-endless-body') {
    if (!opts.tls) throw new Error('https-endless-body needs tls material');
    server = await startEndlessHttps(opts.host, opts.tls, stats, sockets);
  } else if (kind === 'tls-garbage-after-hello') {
    if (!opts.tls) throw new Error('tls-garbage-after-hello needs tls material');
    const backend = tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, (s) => s.resume());
    backend.on('tlsClientError', () => undefined);
    const backendPort = await listen(backend, '127.0.0.1');
    servers.push(backend);
    server = net.createServer((sock) => relayGarbageAfterHello(track(sock, stats, sockets), backendPort));
    await listen(server, opts.host);
  } else {
    server = net.createServer((sock) => behave(kind, track(sock, stats, sockets)));
    await listen(server, opts.host);
  }
  servers.push(server);
  const port = (server.address() as net.AddressInfo).port;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearTimeout(lifetime);
      await Promise.all(servers.map((s) => closeServer(s, sockets)));
    })();
    return stopping;
  };
  const lifetime = setTimeout(() => void stop(), opts.lifetimeMs ?? 120_000);
  lifetime.unref();
  return { kind, host: opts.host, port, stats, stop };
}

/** A tarpit: listeners on many loopback addresses (one port) that accept and hold every connection. */
export interface ConnectionHoarder {
  hosts: string[];
  port: number;
  stats: PeerStats;
  /** Resolves when it stopped (by itself after `maxHeld` connections or its lifetime, or by stop()). */
  stopped: Promise<void>;
  /** Why it stopped, once it did. */
  stopReason(): 'max-held' | 'lifetime' | 'stop()' | undefined;
  stop(): Promise<void>;
}

/**
 * Accept and hold (never answer, never close) every connection on `hosts`, all on one
 * port, until `maxHeld` connections were accepted: then close everything and stop
 * listening, so later dials are refused (a host that vanishes mid-scan).
 */
export async function startConnectionHoarder(opts: { hosts: string[]; maxHeld?: number; lifetimeMs?: number }): Promise<ConnectionHoarder> {
  opts.hosts.forEach(assertLoopback);
  const maxHeld = opts.maxHeld ?? 2000;
  const stats = newStats();
  const sockets = new Set<net.Socket>();
  let servers: net.Server[] = [];
  let reason: ReturnType<ConnectionHoarder['stopReason']>;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  const stopWith = (why: NonNullable<typeof reason>): Promise<void> => {
    stopping ??= (async () => {
      reason = why;
      clearTimeout(lifetime);
      await Promise.all(servers.map((s) => closeServer(s, sockets)));
      resolveStopped();
    })();
    return stopping;
  };
  const onSocket = (sock: net.Socket): void => {
    if (stopping) {
      sock.destroy();
      return;
    }
    track(sock, stats, sockets);
    sock.resume();
    if (stats.accepted >= maxHeld) void stopWith('max-held');
  };
  // One port free on every address: try a few random ones.
  let port = 0;
  for (let attempt = 0; attempt < 8 && port === 0; attempt++) {
    const candidate = randomInt(20_000, 60_000);
    const made: net.Server[] = [];
    try {
      for (const h of opts.hosts) {
        const s = net.createServer(onSocket);
        made.push(s);
        await listen(s, h, candidate);
      }
      servers = made;
      port = candidate;
    } catch {
      await Promise.all(made.map((s) => closeServer(s, new Set())));
    }
  }
  if (port === 0) throw new Error('connection hoarder: no common free port');
  const lifetime = setTimeout(() => void stopWith('lifetime'), opts.lifetimeMs ?? 120_000);
  lifetime.unref();
  return { hosts: opts.hosts, port, stats, stopped, stopReason: () => reason, stop: () => stopWith('stop()') };
}
