/**
 * Loopback servers for engine tests: listen on 127.0.0.1 at a port the kernel picks,
 * keep track of every connection, and close them all after each test (registered
 * with vitest's afterEach by loopbackListeners()).
 */
import type { Server as HttpServer } from 'node:http';
import type { Server, Socket } from 'node:net';
import { afterEach } from 'vitest';

export interface LoopbackListeners {
  /** Start `srv` on 127.0.0.1; resolves with its port. */
  listen: (srv: Server | HttpServer) => Promise<number>;
  /** Close the most recently started server and destroy every open connection (a refused port for the next dial). */
  closeLast: () => Promise<void>;
}

export function loopbackListeners(): LoopbackListeners {
  const servers: (Server | HttpServer)[] = [];
  const sockets = new Set<Socket>();
  const dropSockets = (): void => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  afterEach(async () => {
    dropSockets();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });
  return {
    listen: async (srv) => {
      srv.on('connection', (s: Socket) => {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      });
      srv.on('tlsClientError', () => undefined);
      servers.push(srv);
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      return (srv.address() as { port: number }).port;
    },
    closeLast: async () => {
      const srv = servers.pop();
      if (srv) await new Promise((r) => srv.close(r));
      dropSockets();
    },
  };
}
