/**
 * One DICOM Upper Layer connection: a byte stream turned into a queue of PDUs,
 * where every wait ends by the reply timeout, the service deadline or the abort
 * signal, whichever comes first. The link owns the socket and destroys it itself
 * on any end (hostile or silent peers never keep it open).
 */
import type { Duplex } from 'node:stream';
import type { Outcome } from '../net-types';
import { onAbort } from '../deadline';
import { abortedOutcome, outcomeOfSocketError } from './connect';
import { DEFAULT_MAX_PDU_BODY, PduReader, type RawPdu } from './pdu';

export interface LinkBounds {
  signal: AbortSignal;
  /** Epoch ms by which all work on the service must be over. */
  deadline: number;
  /** Default wait for one PDU, ms. */
  ioTimeoutMs: number;
  /** Largest PDU body accepted, bytes (default 1 MiB). */
  maxPduBody?: number;
}

/** Why the link stopped delivering PDUs. */
export interface LinkEnd {
  outcome: Outcome;
  /** One line, for evidence. */
  detail: string;
}

/** Bytes of received PDUs allowed to wait unread; a peer flooding faster than we read is cut off. */
export const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** How many of the peer's first bytes are kept (see firstBytes()). */
export const FIRST_BYTES = 32;

export type LinkEvent = { kind: 'pdu'; pdu: RawPdu } | { kind: 'end'; end: LinkEnd };

export class UlLink {
  private readonly reader: PduReader;
  private readonly queue: RawPdu[] = [];
  private queuedBytes = 0;
  /** The first bytes the peer sent, kept to tell a banner, an HTTP reply or a TLS alert apart when it is not DICOM. */
  private head = Buffer.alloc(0);
  private ended: LinkEnd | undefined;
  private wake: (() => void) | undefined;
  /** Detaches from the signal (deadline.ts onAbort: O(1), no EventTarget listener per link). */
  private unlink: (() => void) | undefined;
  private readonly onAbort = (): void =>
    this.fail(abortedOutcome(this.bounds.signal, this.bounds.deadline), 'stopped: cancelled or out of time');

  constructor(
    private readonly sock: Duplex,
    private readonly bounds: LinkBounds,
  ) {
    this.reader = new PduReader(bounds.maxPduBody ?? DEFAULT_MAX_PDU_BODY);
    sock.on('data', (chunk: Buffer) => {
      if (this.ended) return;
      if (this.head.length < FIRST_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, FIRST_BYTES - this.head.length)]);
      const r = this.reader.push(chunk);
      if (!r.ok) this.fail('protocol-error', r.error);
      else {
        for (const p of r.value) {
          this.queue.push(p);
          this.queuedBytes += p.body.length;
        }
        if (this.queuedBytes > MAX_QUEUED_BYTES) this.fail('protocol-error', `the peer sent over ${MAX_QUEUED_BYTES} bytes that were not asked for`);
        this.poke();
      }
    });
    // The error listener stays for the socket's whole life: a late error after destroy must not become an uncaught exception.
    sock.on('error', (e: Error) => this.fail(outcomeOfSocketError(e), e.message));
    sock.on('end', () => this.fail('connection-closed', 'the peer closed the connection'));
    sock.on('close', () => this.fail('connection-closed', 'the peer closed the connection'));
    if (bounds.signal.aborted) this.onAbort();
    else this.unlink = onAbort(bounds.signal, this.onAbort);
  }

  /** True once the link ended (peer closed, error, abort, or destroy()). */
  get isEnded(): boolean {
    return this.ended !== undefined;
  }

  /**
   * The next PDU, or why none will come. Waits at most `timeoutMs` (default: the
   * reply timeout) and never past the deadline. PDUs already received are delivered
   * even after the peer closed.
   */
  async next(timeoutMs = this.bounds.ioTimeoutMs): Promise<LinkEvent> {
    const started = Date.now();
    for (;;) {
      const pdu = this.queue.shift();
      if (pdu) {
        this.queuedBytes -= pdu.body.length;
        return { kind: 'pdu', pdu };
      }
      if (this.ended) return { kind: 'end', end: this.ended };
      const now = Date.now();
      const toDeadline = this.bounds.deadline - now;
      if (toDeadline <= 0) {
        this.fail('deadline', 'the time allowed for this service ran out');
        continue;
      }
      const left = timeoutMs - (now - started);
      if (left <= 0) return { kind: 'end', end: { outcome: 'io-timeout', detail: `no answer within ${timeoutMs} ms` } };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, toDeadline));
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = undefined;
    }
  }

  /** Up to FIRST_BYTES of what the peer sent first (empty if it sent nothing). */
  firstBytes(): Buffer {
    return this.head;
  }

  /** Write a PDU; false when the link already ended. */
  send(pdu: Buffer): boolean {
    if (this.ended) return false;
    this.sock.write(pdu);
    return true;
  }

  /** Close the socket now (idempotent). */
  destroy(detail = 'closed by Collimator'): void {
    this.fail('connection-closed', detail);
  }

  private fail(outcome: Outcome, detail: string): void {
    if (!this.ended) this.ended = { outcome, detail };
    this.unlink?.();
    this.unlink = undefined;
    if (!this.sock.destroyed) this.sock.destroy();
    this.poke();
  }

  private poke(): void {
    this.wake?.();
  }
}
