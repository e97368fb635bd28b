/**
 * One handshake against hostile and broken loopback peers: every path must end by the
 * timeout, the signal or the peer, with the right outcome word.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DeadlineError } from '../../../../electron/engine/deadline';
import { alertFromCode, dialTls, outcomeOfError, tlsHandshake, type TlsDialOptions } from '../../../../electron/engine/tls/handshake';

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A raw TCP peer on 127.0.0.1 that runs `onConn` for each connection. */
async function peer(onConn: (s: Socket) => void): Promise<number> {
  const srv = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    onConn(s);
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return (srv.address() as { port: number }).port;
}

function opts(port: number, over: Partial<TlsDialOptions> = {}): TlsDialOptions {
  return { host: '127.0.0.1', port, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', signal: new AbortController().signal, timeoutMs: 400, ...over };
}

describe('alertFromCode / outcomeOfError', () => {
  it('names the alert in OpenSSL error codes', () => {
    expect(alertFromCode('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE')).toBe('handshake failure');
    expect(alertFromCode('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED')).toBe('certificate required');
    expect(alertFromCode('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION')).toBe('protocol version');
    expect(alertFromCode('ERR_SSL_WRONG_VERSION_NUMBER')).toBeUndefined();
    expect(alertFromCode(undefined)).toBeUndefined();
  });

  it('maps socket errors to outcome words', () => {
    const e = (code: string, message = 'x'): NodeJS.ErrnoException => Object.assign(new Error(message), { code });
    expect(outcomeOfError(e('ECONNREFUSED'), false)).toBe('connection-refused');
    expect(outcomeOfError(e('ERR_SSL_WRONG_VERSION_NUMBER'), true)).toBe('tls-error');
    expect(outcomeOfError(e('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established'), true)).toBe('connection-closed');
    expect(outcomeOfError(e('ECONNRESET'), true)).toBe('connection-reset');
    expect(outcomeOfError(e('ETIMEDOUT'), false)).toBe('connection-timeout');
  });
});

describe('dialTls against hostile peers', () => {
  it('a silent peer: the timeout fires (io-timeout), nothing hangs', async () => {
    const port = await peer(() => undefined);
    const r = await tlsHandshake(opts(port));
    expect(r.outcome).toBe('io-timeout');
    expect(r.serverCertificateSeen).toBe(false);
  });

  it('a banner instead of TLS: a TLS error or a close, quickly', async () => {
    const port = await peer((s) => s.end('SSH-2.0-OpenSSH_9.2\r\n'));
    const r = await tlsHandshake(opts(port, { timeoutMs: 5_000 }));
    expect(['tls-error', 'connection-closed', 'connection-reset']).toContain(r.outcome);
  });

  it('a ServerHello-looking record followed by garbage: tls-error', async () => {
    const port = await peer((s) => {
      s.once('data', () => {
        const hello = Buffer.alloc(54, 0x41);
        hello.writeUInt8(0x02, 0); // ServerHello
        hello.writeUIntBE(50, 1, 3);
        hello.writeUInt16BE(0x0303, 4);
        s.write(Buffer.concat([Buffer.from([0x16, 0x03, 0x03, 0x00, hello.length]), hello]));
        s.write(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff)));
      });
    });
    const r = await tlsHandshake(opts(port, { timeoutMs: 5_000 }));
    expect(r.outcome).toBe('tls-error');
    expect(r.errorCode).toMatch(/^ERR_SSL_/);
  });

  it('a record that never completes (one byte at a time): the timeout fires', async () => {
    const port = await peer((s) => {
      s.once('data', () => {
        s.write(Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00]));
        const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write(Buffer.from([0x00]))), 20);
        s.on('close', () => clearInterval(t));
      });
    });
    const r = await tlsHandshake(opts(port, { timeoutMs: 500 }));
    expect(r.outcome).toBe('io-timeout');
  });

  it('a closed port: connection-refused', async () => {
    const port = await peer(() => undefined);
    await new Promise((r) => servers.pop()!.close(r));
    const r = await tlsHandshake(opts(port));
    expect(r.outcome).toBe('connection-refused');
  });

  it('stops on the signal: cancelled, or deadline when the deadline fired', async () => {
    const port = await peer(() => undefined);
    const c1 = new AbortController();
    setTimeout(() => c1.abort(), 50);
    expect((await tlsHandshake(opts(port, { signal: c1.signal, timeoutMs: 60_000 }))).outcome).toBe('cancelled');
    const c2 = new AbortController();
    setTimeout(() => c2.abort(new DeadlineError('deadline passed')), 50);
    expect((await tlsHandshake(opts(port, { signal: c2.signal, timeoutMs: 60_000 }))).outcome).toBe('deadline');
    const c3 = new AbortController();
    c3.abort();
    expect((await tlsHandshake(opts(port, { signal: c3.signal }))).outcome).toBe('cancelled');
  });

  it('unusable client key material is a tls-error before any traffic', async () => {
    let connections = 0;
    const port = await peer(() => connections++);
    const r = await tlsHandshake(opts(port, { cert: 'not a cert', key: 'not a key' }));
    expect(r.outcome).toBe('tls-error');
    expect(r.errorCode).toBe('ERR_TLS_CONTEXT');
    expect(connections).toBe(0);
  });

  it('keep=true without a completed handshake returns no socket', async () => {
    const port = await peer(() => undefined);
    const { result, socket } = await dialTls(opts(port, { timeoutMs: 200 }), true);
    expect(result.outcome).toBe('io-timeout');
    expect(socket).toBeUndefined();
  });
});
