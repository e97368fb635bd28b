/**
 * DICOM Upper Layer PDUs (PS3.8 section 9.3): build what a client sends and parse
 * what a peer answers. Parsing is defensive: every length is checked against the
 * bytes present and against a size cap before anything is allocated, so a hostile
 * peer (a 4 GiB length, garbage, a truncated item) yields a parse error, never a
 * crash or a large buffer.
 */
import { APPLICATION_CONTEXT, COLLIMATOR_IMPLEMENTATION_UID, COLLIMATOR_VERSION_NAME } from './uids';

/** PDU type bytes (PS3.8 Table 9-11 and following). */
export const PDU = {
  ASSOCIATE_RQ: 0x01,
  ASSOCIATE_AC: 0x02,
  ASSOCIATE_RJ: 0x03,
  P_DATA_TF: 0x04,
  RELEASE_RQ: 0x05,
  RELEASE_RP: 0x06,
  ABORT: 0x07,
} as const;

/** Largest PDU body (bytes after the 6-byte header) the reader accepts. We announce a far smaller receive size. */
export const DEFAULT_MAX_PDU_BODY = 1024 * 1024;
/** The maximum PDU length we announce in User Information (bytes; DCMTK's default). */
export const OUR_MAX_PDU_LENGTH = 16384;

/** One PDU as read off the wire: its type byte and its body (without the 6-byte header). */
export interface RawPdu {
  type: number;
  body: Buffer;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

class PduError extends Error {}

/** A presentation context we propose. `id` is odd (1, 3, 5, ...). */
export interface ContextProposal {
  id: number;
  abstractSyntax: string;
  transferSyntaxes: readonly string[];
}

export interface AssociateRqParams {
  callingAe: string;
  calledAe: string;
  contexts: readonly ContextProposal[];
  /** Our maximum receive PDU length, bytes. */
  maxPduLength?: number;
}

/** One presentation context of an A-ASSOCIATE-AC (or, for RQ parsing, of an RQ). */
export interface ContextAnswer {
  id: number;
  /** PS3.8 Table 9-18: 0 acceptance, 1 user-rejection, 2 no-reason, 3 abstract syntax not supported, 4 transfer syntaxes not supported. */
  result: number;
  /** Accepted transfer syntax (meaningful only when result is 0). */
  transferSyntax?: string;
  /** Only in an RQ. */
  abstractSyntax?: string;
  /** Only in an RQ. */
  transferSyntaxes?: string[];
}

/** The fields of an A-ASSOCIATE-RQ/AC a scanner cares about. */
export interface AssociateFields {
  protocolVersion: number;
  calledAe: string;
  callingAe: string;
  applicationContext: string;
  contexts: ContextAnswer[];
  /** Max PDU length the peer can receive, bytes; 0 means unlimited; absent if not sent. */
  maxPduLength?: number;
  implementationClassUid?: string;
  implementationVersionName?: string;
}

/** One PDV of a P-DATA-TF. */
export interface Pdv {
  contextId: number;
  /** Message control header bit 0: command (true) or data set (false). */
  command: boolean;
  /** Message control header bit 1: last fragment. */
  last: boolean;
  data: Buffer;
}

// ---------------------------------------------------------------- building

function header(type: number, bodyLength: number): Buffer {
  const h = Buffer.alloc(6);
  h.writeUInt8(type, 0);
  h.writeUInt32BE(bodyLength, 2);
  return h;
}

function item(type: number, value: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt8(type, 0);
  h.writeUInt16BE(value.length, 2);
  return Buffer.concat([h, value]);
}

/** Encoded variable items (application context, presentation contexts, user information) by context list and max PDU length. */
const variableItems = new WeakMap<readonly ContextProposal[], Map<number, Buffer>>();

function encodeVariableItems(contexts: readonly ContextProposal[], maxPduLength: number): Buffer {
  const items: Buffer[] = [item(0x10, Buffer.from(APPLICATION_CONTEXT, 'latin1'))];
  for (const c of contexts) {
    const sub = [item(0x30, Buffer.from(c.abstractSyntax, 'latin1'))];
    for (const ts of c.transferSyntaxes) sub.push(item(0x40, Buffer.from(ts, 'latin1')));
    items.push(item(0x20, Buffer.concat([Buffer.from([c.id, 0, 0, 0]), ...sub])));
  }
  const maxLen = Buffer.alloc(4);
  maxLen.writeUInt32BE(maxPduLength, 0);
  items.push(
    item(
      0x50,
      Buffer.concat([
        item(0x51, maxLen),
        item(0x52, Buffer.from(COLLIMATOR_IMPLEMENTATION_UID, 'latin1')),
        item(0x55, Buffer.from(COLLIMATOR_VERSION_NAME, 'latin1')),
      ]),
    ),
  );
  return Buffer.concat(items);
}

export function buildAssociateRq(p: AssociateRqParams): Buffer {
  const maxPdu = p.maxPduLength ?? OUR_MAX_PDU_LENGTH;
  // The same few context lists go into every request of a scan: encode each once
  // (callers pass shared constant arrays, never mutated).
  let byLength = variableItems.get(p.contexts);
  if (!byLength) variableItems.set(p.contexts, (byLength = new Map<number, Buffer>()));
  let tail = byLength.get(maxPdu);
  if (!tail) byLength.set(maxPdu, (tail = encodeVariableItems(p.contexts, maxPdu)));
  const out = Buffer.alloc(6 + 68 + tail.length);
  out.writeUInt8(PDU.ASSOCIATE_RQ, 0);
  out.writeUInt32BE(68 + tail.length, 2);
  out.writeUInt16BE(0x0001, 6); // protocol version 1
  out.fill(0x20, 10, 42); // both AE titles, space-padded
  out.write(p.calledAe.slice(0, 16), 10, 'latin1');
  out.write(p.callingAe.slice(0, 16), 26, 'latin1');
  tail.copy(out, 74);
  return out;
}

/** A P-DATA-TF carrying the given PDVs. */
export function buildPData(pdvs: readonly Pdv[]): Buffer {
  const parts = pdvs.map((p) => {
    const h = Buffer.alloc(6);
    h.writeUInt32BE(p.data.length + 2, 0);
    h.writeUInt8(p.contextId, 4);
    h.writeUInt8((p.command ? 1 : 0) | (p.last ? 2 : 0), 5);
    return Buffer.concat([h, p.data]);
  });
  const body = Buffer.concat(parts);
  return Buffer.concat([header(PDU.P_DATA_TF, body.length), body]);
}

export function buildReleaseRq(): Buffer {
  return Buffer.concat([header(PDU.RELEASE_RQ, 4), Buffer.alloc(4)]);
}

export function buildReleaseRp(): Buffer {
  return Buffer.concat([header(PDU.RELEASE_RP, 4), Buffer.alloc(4)]);
}

/** A-ABORT from the service user (source 0, reason 0). */
export function buildAbort(source = 0, reason = 0): Buffer {
  return Buffer.concat([header(PDU.ABORT, 4), Buffer.from([0, 0, source, reason])]);
}

/** An A-ASSOCIATE-RJ (for test peers and symmetry). */
export function buildReject(result: number, source: number, reason: number): Buffer {
  return Buffer.concat([header(PDU.ASSOCIATE_RJ, 4), Buffer.from([0, result, source, reason])]);
}

// ---------------------------------------------------------------- reading the stream

/**
 * Splits a byte stream into PDUs. `push` returns complete PDUs, or an error as
 * soon as the header shows an unknown type or a body over the cap (no waiting
 * for the rest, no allocation of the announced size).
 */
export class PduReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxBody = DEFAULT_MAX_PDU_BODY) {}

  push(chunk: Buffer): Parsed<RawPdu[]> {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: RawPdu[] = [];
    for (;;) {
      if (this.buffered < 1) break;
      const first = this.peek(1);
      const type = first.readUInt8(0);
      if (type < PDU.ASSOCIATE_RQ || type > PDU.ABORT) {
        return { ok: false, error: `not a DICOM PDU (first byte 0x${type.toString(16).padStart(2, '0')})` };
      }
      if (this.buffered < 6) break;
      const len = this.peek(6).readUInt32BE(2);
      if (len > this.maxBody) return { ok: false, error: `PDU length ${len} bytes exceeds the ${this.maxBody}-byte limit` };
      if (this.buffered < 6 + len) break;
      const whole = this.take(6 + len);
      out.push({ type, body: whole.subarray(6) });
    }
    return { ok: true, value: out };
  }

  /** First n buffered bytes (n <= buffered), without consuming them. */
  private peek(n: number): Buffer {
    const head = this.chunks[0];
    if (head && head.length >= n) return head.subarray(0, n);
    return Buffer.concat(this.chunks).subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return all.subarray(0, n);
  }
}

// ---------------------------------------------------------------- parsing bodies

/**
 * Printable ASCII only, trimmed of spaces and NUL padding, at most `max` characters
 * (evidence is shown to people). This is where DICOM text from a peer (AE titles, UIDs,
 * the implementation version name, error comments) enters the results: already
 * stricter than shared/safe-text.ts (no control, no surrogate, no non-ASCII), so it
 * needs nothing more.
 */
export function cleanText(b: Buffer, max = 64): string {
  let s = '';
  // NUL is UID padding: read it as a space so trimming removes it.
  for (const c of b) s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : c === 0 ? ' ' : '?';
  return s.trim().slice(0, max);
}

class Cursor {
  constructor(
    private readonly b: Buffer,
    public pos = 0,
  ) {}
  get left(): number {
    return this.b.length - this.pos;
  }
  need(n: number, what: string): void {
    if (n > this.left) throw new PduError(`truncated ${what}: needs ${n} bytes, ${this.left} left`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.b.readUInt8(this.pos++);
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.b.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.b.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
}

function guard<T>(fn: () => T): Parsed<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof PduError) return { ok: false, error: e.message };
    throw e;
  }
}

/** Sub-items of a presentation context or user information item. */
function subItems(value: Buffer, what: string): { type: number; value: Buffer }[] {
  const c = new Cursor(value);
  const out: { type: number; value: Buffer }[] = [];
  while (c.left > 0) {
    const type = c.u8(`${what} sub-item type`);
    c.u8(`${what} sub-item reserved byte`);
    const len = c.u16(`${what} sub-item length`);
    out.push({ type, value: c.bytes(len, `${what} sub-item 0x${type.toString(16)}`) });
  }
  return out;
}

/**
 * Parse the body of an A-ASSOCIATE-RQ (`kind` 'rq') or -AC ('ac'). Well-formed means:
 * the 68-byte fixed part, items that exactly fill the body, and an Application
 * Context item. Unknown items are skipped, as PS3.8 asks.
 */
export function parseAssociate(body: Buffer, kind: 'rq' | 'ac'): Parsed<AssociateFields> {
  return guard(() => {
    const c = new Cursor(body);
    const protocolVersion = c.u16('protocol version');
    c.bytes(2, 'reserved field');
    const calledAe = cleanText(c.bytes(16, 'called AE title'), 16);
    const callingAe = cleanText(c.bytes(16, 'calling AE title'), 16);
    c.bytes(32, 'reserved field');
    const f: AssociateFields = { protocolVersion, calledAe, callingAe, applicationContext: '', contexts: [] };
    let sawAppContext = false;
    while (c.left > 0) {
      const type = c.u8('item type');
      c.u8('item reserved byte');
      const len = c.u16('item length');
      const value = c.bytes(len, `item 0x${type.toString(16)}`);
      if (type === 0x10) {
        f.applicationContext = cleanText(value);
        sawAppContext = true;
      } else if ((kind === 'ac' && type === 0x21) || (kind === 'rq' && type === 0x20)) {
        f.contexts.push(parseContextItem(value, kind));
      } else if (type === 0x50) {
        for (const s of subItems(value, 'user information')) {
          if (s.type === 0x51) {
            if (s.value.length !== 4) throw new PduError('maximum length sub-item is not 4 bytes');
            f.maxPduLength = s.value.readUInt32BE(0);
          } else if (s.type === 0x52) f.implementationClassUid = cleanText(s.value);
          else if (s.type === 0x55) f.implementationVersionName = cleanText(s.value, 16);
        }
      }
    }
    if (!sawAppContext) throw new PduError('no application context item');
    return f;
  });
}

function parseContextItem(value: Buffer, kind: 'rq' | 'ac'): ContextAnswer {
  const c = new Cursor(value);
  const id = c.u8('presentation context id');
  c.u8('reserved byte');
  const result = c.u8('presentation context result');
  c.u8('reserved byte');
  const ctx: ContextAnswer = { id, result: kind === 'ac' ? result : 0 };
  for (const s of subItems(value.subarray(4), 'presentation context')) {
    if (s.type === 0x30) ctx.abstractSyntax = cleanText(s.value);
    else if (s.type === 0x40) {
      if (kind === 'ac') ctx.transferSyntax = cleanText(s.value);
      else (ctx.transferSyntaxes ??= []).push(cleanText(s.value));
    }
  }
  return ctx;
}

/** A-ASSOCIATE-RJ body: exactly 4 bytes, result 1|2, source 1..3 (any reason byte; decoded later). */
export function parseReject(body: Buffer): Parsed<{ result: number; source: number; reason: number }> {
  if (body.length !== 4) return { ok: false, error: `A-ASSOCIATE-RJ body is ${body.length} bytes, not 4` };
  const result = body.readUInt8(1);
  const source = body.readUInt8(2);
  const reason = body.readUInt8(3);
  if (result !== 1 && result !== 2) return { ok: false, error: `A-ASSOCIATE-RJ result ${result} is not 1 or 2` };
  if (source < 1 || source > 3) return { ok: false, error: `A-ASSOCIATE-RJ source ${source} is not 1, 2 or 3` };
  return { ok: true, value: { result, source, reason } };
}

/** A-ABORT body: exactly 4 bytes, source and reason in the last two. */
export function parseAbort(body: Buffer): Parsed<{ source: number; reason: number }> {
  if (body.length !== 4) return { ok: false, error: `A-ABORT body is ${body.length} bytes, not 4` };
  return { ok: true, value: { source: body.readUInt8(2), reason: body.readUInt8(3) } };
}

/** P-DATA-TF body: one or more PDV items that exactly fill it. */
export function parsePData(body: Buffer): Parsed<Pdv[]> {
  return guard(() => {
    const c = new Cursor(body);
    const out: Pdv[] = [];
    while (c.left > 0) {
      const len = c.u32('PDV item length');
      if (len < 2) throw new PduError(`PDV item length ${len} is under 2`);
      const contextId = c.u8('PDV context id');
      const mch = c.u8('PDV message control header');
      out.push({ contextId, command: (mch & 1) === 1, last: (mch & 2) === 2, data: c.bytes(len - 2, 'PDV data') });
    }
    if (out.length === 0) throw new PduError('P-DATA-TF without PDV items');
    return out;
  });
}
