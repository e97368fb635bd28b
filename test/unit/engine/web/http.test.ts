/** The bounded HTTP client against real and hostile loopback peers. */
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY_CAP, httpExchange, type HttpRequestSpec } from '../../../../electron/engine/web/http';
import { loopbackListeners } from '../loopback-listeners';

const { listen, closeLast } = loopbackListeners();

function spec(port: number, over: Partial<HttpRequestSpec> = {}): HttpRequestSpec {
  return { host: '127.0.0.1', port, tls: false, path: '/', signal: new AbortController().signal, timeoutMs: 2_000, ...over };
}

describe('httpExchange', () => {
  it('reads status, headers (lower-case) and body; sends Basic credentials only when asked', async () => {
    const seen: (string | undefined)[] = [];
    const port = await listen(
      createHttpServer((req, res) => {
        seen.push(req.headers.authorization);
        res.writeHead(200, { 'Content-Type': 'text/html', 'X-Thing': 'a' });
        res.end('<html><title>hi</title></html>');
      }),
    );
    const r = await httpExchange(spec(port));
    expect(r.outcome).toBe('success');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html');
    expect(r.headers['x-thing']).toBe('a');
    expect(r.body.toString()).toContain('<title>hi</title>');
    expect(r.truncated).toBe(false);
    await httpExchange(spec(port, { basicAuth: { username: 'u', password: 'p' } }));
    expect(seen).toEqual([undefined, `Basic ${Buffer.from('u:p').toString('base64')}`]);
  });

  it('cuts an endless body at the cap and stops reading', async () => {
    let written = 0;
    const port = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        const chunk = Buffer.alloc(16 * 1024, 0x61);
        const pump = (): void => {
          while (!res.destroyed && written < 64 * 1024 * 1024) {
            written += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
        };
        pump();
      }),
    );
    const r = await httpExchange(spec(port, { maxBodyBytes: 32 * 1024 }));
    expect(r.outcome).toBe('success');
    expect(r.body.length).toBe(32 * 1024);
    expect(r.truncated).toBe(true);
    expect(written).toBeLessThan(64 * 1024 * 1024);
    expect(DEFAULT_BODY_CAP).toBe(64 * 1024);
  });

  it('a body that trickles forever: headers kept, body cut at the deadline', async () => {
    const port = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('x')), 20);
        res.on('close', () => clearInterval(t));
      }),
    );
    const r = await httpExchange(spec(port, { timeoutMs: 300 }));
    expect(r.outcome).toBe('success');
    expect(r.status).toBe(200);
    expect(r.truncated).toBe(true);
  });

  it('a silent peer: io-timeout', async () => {
    const port = await listen(createServer(() => undefined));
    const r = await httpExchange(spec(port, { timeoutMs: 300 }));
    expect(r.outcome).toBe('io-timeout');
    expect(r.status).toBeUndefined();
  });

  it('garbage instead of HTTP: protocol-error', async () => {
    const port = await listen(createServer((s) => s.end(Buffer.from([0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x02, 0x01]))));
    const r = await httpExchange(spec(port));
    expect(['protocol-error', 'connection-closed', 'connection-reset']).toContain(r.outcome);
    expect(r.status).toBeUndefined();
  });

  it('an endless header block: protocol-error, not a hang', async () => {
    const port = await listen(
      createServer((s) => {
        s.write('HTTP/1.1 200 OK\r\n');
        const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write(`X-Pad: ${'a'.repeat(1000)}\r\n`)), 1);
        s.on('close', () => clearInterval(t));
      }),
    );
    const r = await httpExchange(spec(port, { timeoutMs: 5_000 }));
    expect(r.outcome).toBe('protocol-error');
  });

  it('a refused port and a cancelled request', async () => {
    const port = await listen(createServer(() => undefined));
    await closeLast();
    expect((await httpExchange(spec(port))).outcome).toBe('connection-refused');
    const port2 = await listen(createServer(() => undefined));
    const c = new AbortController();
    setTimeout(() => c.abort(), 30);
    expect((await httpExchange(spec(port2, { signal: c.signal, timeoutMs: 60_000 }))).outcome).toBe('cancelled');
  });

  it('HTTPS against a plain HTTP port: an error outcome, never a response', async () => {
    const port = await listen(createHttpServer((_q, res) => res.end('plain')));
    const r = await httpExchange(spec(port, { tls: true }));
    expect(r.outcome).not.toBe('success');
  });
});
