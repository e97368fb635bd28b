/**
 * How a DICOM association gets its byte stream. The association and DIMSE code
 * only see a Duplex, so the same code runs over plain TCP (`dicom`) and over TLS
 * (`dicom-tls`): the caller injects the connector.
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Protocol } from '../../../shared/catalog';
import { onAbort as whenAborted } from '../deadline';
import { nodeTls } from '../lazy-node';
import type { Outcome, Target, TlsMaterial } from '../net-types';

/** Bounds of one connection attempt. */
export interface ConnectBounds {
  /** Give up after this many ms without a completed handshake (TCP, and TLS where used). */
  timeoutMs: number;
  /** Cancellation / service deadline. */
  signal: AbortSignal;
  /** Epoch ms of the service deadline, to tell a deadline from a user's cancel when the signal fires. */
  deadline?: number;
}

/** Opens a connected byte stream to the target, or rejects with a ConnectError. */
export type ConnectFn = (target: Target, bounds: ConnectBounds) => Promise<Duplex>;

/** A failed connection attempt, with its outcome word. */
export class ConnectError extends Error {
  constructor(
    readonly outcome: Outcome,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectError';
  }
}

/** The outcome word for a socket error code. */
export function outcomeOfSocketError(err: unknown): Outcome {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'connection-timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection-reset';
  if (typeof code === 'string' && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) return 'tls-error';
  return 'connection-closed';
}

/** 'deadline' when the signal fired because time ran out, 'cancelled' when someone cancelled. */
export function abortedOutcome(signal: AbortSignal, deadline?: number): Outcome {
  if (deadline !== undefined && Date.now() >= deadline) return 'deadline';
  return signal.reason instanceof Error && signal.reason.name === 'TimeoutError' ? 'deadline' : 'cancelled';
}

/**
 * Connect and wait for `readyEvent` under a timer and the signal; on any failure the
 * socket is destroyed here, so nothing is left half-open.
 */
function connectWith<S extends net.Socket>(make: () => S, readyEvent: 'connect' | 'secureConnect', bounds: ConnectBounds): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    if (bounds.signal.aborted) {
      reject(new ConnectError(abortedOutcome(bounds.signal, bounds.deadline), 'cancelled before connecting'));
      return;
    }
    const sock = make();
    const finish = (err?: ConnectError): void => {
      clearTimeout(timer);
      unlink();
      sock.removeListener('error', onError);
      sock.removeListener(readyEvent, onReady);
      if (err) {
        sock.destroy();
        reject(err);
      } else resolve(sock);
    };
    const onReady = (): void => finish();
    const onError = (e: Error): void => finish(new ConnectError(outcomeOfSocketError(e), e.message));
    const onAbort = (): void => finish(new ConnectError(abortedOutcome(bounds.signal, bounds.deadline), 'cancelled while connecting'));
    const timer = setTimeout(
      () => finish(new ConnectError('connection-timeout', `no connection within ${bounds.timeoutMs} ms`)),
      Math.max(0, bounds.timeoutMs),
    );
    sock.once(readyEvent, onReady);
    sock.on('error', onError);
    const unlink = whenAborted(bounds.signal, onAbort);
  });
}

/** Plain TCP, Nagle off (DICOM exchanges are small request/response pairs). */
export const plainConnect: ConnectFn = async (target, bounds) => {
  const sock = await connectWith(() => net.connect({ host: target.host, port: target.port }), 'connect', bounds);
  sock.setNoDelay(true);
  return sock;
};

/**
 * DICOM over TLS. The server's certificate is not verified here (a scanner must
 * reach self-signed servers to judge them; the tls.* checks judge the certificate).
 * `tlsMaterial` is the user's extra CAs and client certificate (PEM).
 */
export function tlsConnector(tlsMaterial: TlsMaterial | undefined): ConnectFn {
  return async (target, bounds) => {
    const sock = await connectWith(
      () =>
        nodeTls().connect({
          host: target.host,
          port: target.port,
          rejectUnauthorized: false,
          ...(net.isIP(target.host) ? {} : { servername: target.host }),
          ...(tlsMaterial?.ca ? { ca: tlsMaterial.ca } : {}),
          ...(tlsMaterial?.cert ? { cert: tlsMaterial.cert } : {}),
          ...(tlsMaterial?.key ? { key: tlsMaterial.key } : {}),
        }),
      'secureConnect',
      bounds,
    );
    sock.setNoDelay(true);
    return sock;
  };
}

/** The connector for a service: TLS for `dicom-tls`, plain TCP otherwise. */
export function connectorFor(protocol: Protocol, options: { tls?: TlsMaterial }): ConnectFn {
  return protocol === 'dicom-tls' ? tlsConnector(options.tls) : plainConnect;
}
