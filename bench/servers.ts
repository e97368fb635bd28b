/**
 * The benchmark's own servers, as one child process: dcmjs-dimse SCPs playing the
 * bench profiles, an SSH-like banner, silent listeners and delaying relays, each on
 * its own address:port. Run on loopback directly, or inside the bench's network
 * namespace with `ip netns exec`. It prints one JSON line when every listener is up,
 * and exits on SIGTERM/SIGINT or when its stdin closes (the bench died), so it
 * never outlives the benchmark.
 *
 *   tsx bench/servers.ts '<json: ServerSpec[]>'
 */
import net from 'node:net';
import dimse from 'dcmjs-dimse';
import { serveBanner } from '../electron/practice-lab/banner';
import { attachScp } from '../electron/practice-lab/scp';
import { BENCH_PROFILES, type BenchProfileKey } from './profiles';
import { relayConnection } from './relay';

export type ServerSpec =
  | { kind: 'scp'; host: string; port: number; profile: BenchProfileKey }
  | { kind: 'banner'; host: string; port: number }
  | { kind: 'silent'; host: string; port: number }
  | { kind: 'relay'; host: string; port: number; to: { host: string; port: number }; delayMs: number };

/** Loopback, or the bench's own namespace block 10.200.0.0/16: nothing else is ever bound. */
export function allowedBind(host: string): boolean {
  return (net.isIPv4(host) && (host.startsWith('127.') || host.startsWith('10.200.'))) || host === '::1';
}

/** Most connections one listener holds; a scan needs a handful, nmap a few more. */
const MAX_CONNECTIONS = 512;

function listen(spec: ServerSpec, sockets: Set<net.Socket>): Promise<net.Server> {
  if (!allowedBind(spec.host)) return Promise.reject(new Error(`refusing to listen on ${spec.host}`));
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.once('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    sock.setNoDelay(true);
    switch (spec.kind) {
      case 'scp':
        attachScp(sock, BENCH_PROFILES[spec.profile].profile);
        return;
      case 'banner':
        serveBanner(sock);
        return;
      case 'silent':
        sock.resume();
        return;
      case 'relay':
        relayConnection(sock, spec.to, spec.delayMs);
        return;
    }
  });
  server.maxConnections = MAX_CONNECTIONS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: spec.host, port: spec.port, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', () => undefined);
      resolve(server);
    });
  });
}

async function main(): Promise<void> {
  dimse.log.setLevel('silent');
  const specs = JSON.parse(process.argv[2] ?? '[]') as ServerSpec[];
  const sockets = new Set<net.Socket>();
  const servers: net.Server[] = [];
  let stopping = false;
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
    // Closing is best-effort; the process ends either way.
    setTimeout(() => process.exit(code), 200).unref();
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  process.stdin.on('end', () => stop(0));
  process.stdin.on('error', () => stop(0));
  process.stdin.resume();
  try {
    for (const spec of specs) servers.push(await listen(spec, sockets));
  } catch (e) {
    process.stderr.write(`bench servers: ${e instanceof Error ? e.message : String(e)}\n`);
    stop(1);
    return;
  }
  process.stdout.write(`${JSON.stringify({ ready: true, listeners: servers.length })}\n`);
}

void main();
