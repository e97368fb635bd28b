/** A scripted loopback web server for the web unit tests (closed after each test), and probe options. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach } from 'vitest';
import type { CheckId } from '../../../../shared/catalog';
import type { ProbeContext, ProbeOptions } from '../../../../electron/engine/types';

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

export interface Seen { path: string; auth?: string; accept?: string }

export async function site(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const srv = createServer((req, res) => {
    seen.push({ path: req.url ?? '', ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), ...(req.headers.accept ? { accept: req.headers.accept } : {}) });
    handler(req, res);
  });
  srv.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as { port: number }).port, seen };
}

export function options(optIn: CheckId[] = []): ProbeOptions {
  return {
    callingAe: 'CLMTEST', calledAes: new Map(), inventory: [], vantage: { label: 't', untrusted: false },
    optIn: new Set(optIn),
    connectTimeoutMs: 1_000, ioTimeoutMs: 1_000, targetTimeoutMs: 10_000,
  };
}
export const ctx = (optIn: CheckId[] = []): ProbeContext => ({ signal: new AbortController().signal, deadline: Date.now() + 10_000, options: options(optIn) });

export const SYSTEM = JSON.stringify({ Name: 'Lab', Version: '1.10.1', ApiVersion: 18, DicomAet: 'ORTHANC', DicomPort: 4242 });
export const GOOD = `Basic ${Buffer.from('orthanc:orthanc').toString('base64')}`;

/** An Orthanc-like server: /system behind Basic auth with the given valid header (or open when undefined). */
export function orthancLike(valid: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/') {
      res.writeHead(307, { Location: 'app/explorer.html' }).end();
    } else if (req.url === '/system') {
      if (valid !== undefined && req.headers.authorization !== valid) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Orthanc Secure Area"' }).end();
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(SYSTEM);
      }
    } else {
      res.writeHead(404).end();
    }
  };
}

