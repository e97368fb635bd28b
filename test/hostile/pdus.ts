/**
 * The bytes hostile DICOM-ish peers send: a well-formed A-ASSOCIATE-AC to cut up or
 * trickle, and the malformed variants (4 GiB length, truncated items, nonsense
 * items, an unknown PDU type). Built by hand here, independent of the engine's own
 * PDU code, so a bug there cannot hide itself in the test.
 */

const APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';
const IMPLICIT_VR_LE = '1.2.840.10008.1.2';

function item(type: number, value: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt8(type, 0);
  h.writeUInt16BE(value.length, 2);
  return Buffer.concat([h, value]);
}

function ae(title: string): Buffer {
  const b = Buffer.alloc(16, 0x20);
  b.write(title.slice(0, 16), 0, 'latin1');
  return b;
}

function pdu(type: number, body: Buffer, announcedLength = body.length): Buffer {
  const h = Buffer.alloc(6);
  h.writeUInt8(type, 0);
  h.writeUInt32BE(announcedLength >>> 0, 2);
  return Buffer.concat([h, body]);
}

/** The 68-byte fixed part of an A-ASSOCIATE-AC. */
function fixedPart(): Buffer {
  const b = Buffer.alloc(68);
  b.writeUInt16BE(1, 0);
  ae('HOSTILE').copy(b, 4);
  ae('ANYONE').copy(b, 20);
  return b;
}

/** A well-formed A-ASSOCIATE-AC accepting the given presentation context ids (default 1, 3, 5). */
export function wellFormedAc(contextIds: readonly number[] = [1, 3, 5]): Buffer {
  const contexts = contextIds.map((id) => item(0x21, Buffer.concat([Buffer.from([id, 0, 0, 0]), item(0x40, Buffer.from(IMPLICIT_VR_LE, 'latin1'))])));
  const maxLen = Buffer.alloc(4);
  maxLen.writeUInt32BE(16384, 0);
  const user = item(0x50, Buffer.concat([item(0x51, maxLen), item(0x52, Buffer.from('1.2.3.4.5.6.7', 'latin1'))]));
  const body = Buffer.concat([fixedPart(), item(0x10, Buffer.from(APPLICATION_CONTEXT, 'latin1')), ...contexts, user]);
  return pdu(0x02, body);
}

/** The 6-byte header of an A-ASSOCIATE-AC announcing a 4 GiB - 1 body. */
export function acHeader4GiB(): Buffer {
  return pdu(0x02, Buffer.alloc(0), 0xffff_ffff);
}

/** An AC whose PDU length is honest but whose last item claims 1024 bytes of which 10 are there. */
export function acTruncatedItems(): Buffer {
  const lying = Buffer.alloc(4 + 10);
  lying.writeUInt8(0x21, 0);
  lying.writeUInt16BE(1024, 2);
  const body = Buffer.concat([fixedPart(), item(0x10, Buffer.from(APPLICATION_CONTEXT, 'latin1')), lying]);
  return pdu(0x02, body);
}

/**
 * An AC of consistent lengths whose items are nonsense: unknown item types, no
 * application context, and a user-information item whose max-length sub-item is 2 bytes.
 */
export function acNonsenseItems(): Buffer {
  const junk = [0x99, 0xee, 0x33].map((t, i) => item(t, Buffer.alloc(7 + i, 0x5a)));
  const badUser = item(0x50, item(0x51, Buffer.from([0xff, 0xff])));
  return pdu(0x02, Buffer.concat([fixedPart(), ...junk, badUser]));
}

/** A PDU of type 0x0a (no such type in PS3.8) with a short body. */
export function unknownPdu(): Buffer {
  return pdu(0x0a, Buffer.from([0, 0, 0, 0, 1, 2, 3, 4]));
}

/** The first `n` bytes of a well-formed AC: a header promising more than ever comes. */
export function acCutAt(n: number): Buffer {
  return wellFormedAc().subarray(0, n);
}

/**
 * Presentation context ids proposed in an A-ASSOCIATE-RQ PDU (header included), or
 * undefined when the bytes are not one. Bounds-checked: hostile peers parse too.
 */
export function proposedContextIds(rq: Buffer): number[] | undefined {
  if (rq.length < 6 + 68 || rq[0] !== 0x01) return undefined;
  const end = Math.min(rq.length, 6 + rq.readUInt32BE(2));
  const ids: number[] = [];
  for (let pos = 6 + 68; pos + 4 <= end; ) {
    const type = rq[pos]!;
    const len = rq.readUInt16BE(pos + 2);
    if (type === 0x20 && pos + 4 < end) ids.push(rq[pos + 4]!);
    pos += 4 + len;
  }
  return ids;
}

/** The header of a P-DATA-TF announcing a 4 GiB - 1 body. */
export function pdataHeader4GiB(): Buffer {
  return pdu(0x04, Buffer.alloc(0), 0xffff_ffff);
}
