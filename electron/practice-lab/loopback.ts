/**
 * Listeners that exist only on the loopback interface. The practice lab is a
 * set of deliberately weak servers: reachable from the LAN they would be a real
 * exposure, so every socket is bound to a loopback address and checked after binding.
 */
import { createServer, isIPv4, type Server, type Socket } from 'node:net';

/** True for 127.0.0.0/8 and ::1. */
export function isLoopbackAddress(host: string): boolean {
  if (isIPv4(host)) return host.split('.')[0] === '127';
  return host === '::1';
}

/** Throw a clear one-line error unless `host` is a loopback address. */
export function assertLoopback(host: string): void {
  if (!isLoopbackAddress(host)) {
    throw new Error(`practice lab: ${host} is not a loopback address (127.0.0.0/8 or ::1); the lab never listens beyond this machine`);
  }
}

/** A listening loopback server and how to stop it. */
export interface LoopbackListener {
  host: string;
  /** The bound TCP port. */
  port: number;
  /** Stop listening and destroy every open connection; resolves when closed. */
  close(): Promise<void>;
}

/** Most connections one practice server keeps at once; a scan needs a handful. */
const MAX_CONNECTIONS = 64;

/**
 * Listen on host:port (port 0: the kernel picks a free one) and call
 * `onSocket` for each connection. Rejects with a one-line reason if the port is taken.
 */
export function listenLoopback(host: string, port: number, onSocket: (socket: Socket) => void): Promise<LoopbackListener> {
  assertLoopback(host);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A reset from the peer must never become an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    onSocket(socket);
  });
  server.maxConnections = MAX_CONNECTIONS;
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${err.code ?? err.message})`;
      reject(new Error(`practice lab: port ${port} on ${host} ${why}`));
    });
    server.listen({ host, port, exclusive: true }, () => {
      const addr = server.address();
      if (typeof addr !== 'object' || addr === null || !isLoopbackAddress(addr.address)) {
        server.close();
        reject(new Error(`practice lab: listener did not bind to loopback (${JSON.stringify(addr)})`));
        return;
      }
      server.on('error', () => {
        /* after listening, errors concern single connections; they are handled per socket */
      });
      let closing: Promise<void> | undefined;
      resolve({
        host: addr.address,
        port: addr.port,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
          })),
      });
    });
  });
}
