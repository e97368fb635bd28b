/**
 * The little DIMSE encoding the probes need (PS3.7 section 9 and Annex E): C-FIND,
 * C-GET and C-MOVE request command sets, their identifiers, and the fields of a
 * response command set. Command sets are always Implicit VR Little Endian; the
 * identifiers use it too, because it is the only transfer syntax we propose for
 * Query/Retrieve contexts.
 */
import { cleanText } from './pdu';

/** Command Field values (PS3.7 Annex E). */
export const COMMAND = {
  C_STORE_RQ: 0x0001,
  C_GET_RQ: 0x0010,
  C_FIND_RQ: 0x0020,
  C_MOVE_RQ: 0x0021,
  C_GET_RSP: 0x8010,
  C_FIND_RSP: 0x8020,
  C_MOVE_RSP: 0x8021,
} as const;

/** (0000,0800) value meaning "no data set follows"; any other value means one does. */
export const NO_DATASET = 0x0101;

type Value = { tag: number; value: Buffer };

/** One Implicit VR LE element. `pad` is the byte that makes an odd value even (0x00 for UI, 0x20 for text). */
function element(tag: number, value: Buffer | string, pad = 0x20): Value {
  let v = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  if (v.length % 2 === 1) v = Buffer.concat([v, Buffer.from([pad])]);
  return { tag, value: v };
}

function us(tag: number, n: number): Value {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n, 0);
  return { tag, value: b };
}

function encode(elements: Value[]): Buffer {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  return Buffer.concat(
    sorted.map((e) => {
      const h = Buffer.alloc(8);
      h.writeUInt16LE(e.tag >>> 16, 0);
      h.writeUInt16LE(e.tag & 0xffff, 2);
      h.writeUInt32LE(e.value.length, 4);
      return Buffer.concat([h, e.value]);
    }),
  );
}

/** A command set with its (0000,0000) Command Group Length in front. */
function commandSet(elements: Value[]): Buffer {
  const rest = encode(elements);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(rest.length, 0);
  return Buffer.concat([encode([{ tag: 0x00000000, value: len }]), rest]);
}

export interface RequestCommand {
  command: typeof COMMAND.C_FIND_RQ | typeof COMMAND.C_GET_RQ | typeof COMMAND.C_MOVE_RQ;
  sopClassUid: string;
  messageId: number;
  /** C-MOVE only: the AE title the SCP would send to. */
  moveDestination?: string;
}

/** Encode a C-FIND/C-GET/C-MOVE request command set (medium priority, identifier follows). */
export function encodeRequestCommand(r: RequestCommand): Buffer {
  const els: Value[] = [
    element(0x00000002, r.sopClassUid, 0x00),
    us(0x00000100, r.command),
    us(0x00000110, r.messageId),
    us(0x00000700, 0x0000),
    us(0x00000800, 0x0102),
  ];
  if (r.moveDestination !== undefined) els.push(element(0x00000600, r.moveDestination));
  return commandSet(els);
}

/**
 * Study Root C-FIND identifier at STUDY level matching only a PatientID nobody has
 * (`CLM-<uuid>`), asking back nothing but the Study Instance UID (the level's unique key).
 */
export function encodeFindIdentifier(patientId: string): Buffer {
  return encode([element(0x00080052, 'STUDY'), element(0x00100020, patientId), element(0x0020000d, Buffer.alloc(0))]);
}

/** Study Root C-GET/C-MOVE identifier at STUDY level naming one random Study Instance UID that cannot exist. */
export function encodeRetrieveIdentifier(studyInstanceUid: string): Buffer {
  return encode([element(0x00080052, 'STUDY'), element(0x0020000d, studyInstanceUid, 0x00)]);
}

/** The response command set fields the probes judge on (nothing else is read). */
export interface ResponseCommand {
  commandField: number;
  messageIdBeingRespondedTo?: number;
  status?: number;
  /** True unless (0000,0800) says no data set follows. */
  hasDataset: boolean;
  /** (0000,0902) Error Comment, printable ASCII, at most 64 characters. */
  errorComment?: string;
  /** (0000,1020..1023) sub-operation counts of C-GET/C-MOVE responses. */
  subOperations?: { remaining?: number; completed?: number; failed?: number; warning?: number };
}

/** Parse a command set; an error string when it is not a valid Implicit VR LE command group. */
export function parseCommand(buf: Buffer): { ok: true; value: ResponseCommand } | { ok: false; error: string } {
  const out: ResponseCommand = { commandField: -1, hasDataset: false };
  let pos = 0;
  const sub: NonNullable<ResponseCommand['subOperations']> = {};
  while (pos < buf.length) {
    if (buf.length - pos < 8) return { ok: false, error: 'truncated command element header' };
    const group = buf.readUInt16LE(pos);
    const elem = buf.readUInt16LE(pos + 2);
    const len = buf.readUInt32LE(pos + 4);
    pos += 8;
    if (group !== 0x0000) return { ok: false, error: `element (${group.toString(16)},${elem.toString(16)}) outside the command group` };
    if (len > buf.length - pos) return { ok: false, error: `command element (0000,${elem.toString(16).padStart(4, '0')}) overruns the command set` };
    const v = buf.subarray(pos, pos + len);
    pos += len;
    const u16 = (): number | undefined => (len >= 2 ? v.readUInt16LE(0) : undefined);
    switch (elem) {
      case 0x0100:
        out.commandField = u16() ?? -1;
        break;
      case 0x0120: {
        const id = u16();
        if (id !== undefined) out.messageIdBeingRespondedTo = id;
        break;
      }
      case 0x0800:
        out.hasDataset = u16() !== NO_DATASET;
        break;
      case 0x0900: {
        const s = u16();
        if (s !== undefined) out.status = s;
        break;
      }
      case 0x0902:
        out.errorComment = cleanText(v);
        break;
      case 0x1020:
      case 0x1021:
      case 0x1022:
      case 0x1023: {
        const n = u16();
        const key = (['remaining', 'completed', 'failed', 'warning'] as const)[elem - 0x1020];
        if (n !== undefined && key) sub[key] = n;
        break;
      }
      default:
        break;
    }
  }
  if (out.commandField < 0) return { ok: false, error: 'command set without a Command Field (0000,0100)' };
  if (Object.keys(sub).length) out.subOperations = sub;
  return { ok: true, value: out };
}

/** How a DIMSE status reads for the judgement (PS3.7 Annex C and the service classes of PS3.4). */
export type StatusClass =
  | 'success'
  | 'pending'
  | 'warning'
  | 'cancel'
  /** 0x0124 Refused: Not Authorized. */
  | 'refused-not-authorized'
  /** 0x0122 Refused: SOP Class not supported, 0x0211 Unrecognized operation: the service is not offered. */
  | 'refused-unsupported'
  /** Any other failure: the SCP took the request and could not complete it. */
  | 'failure';

export function classifyStatus(status: number): StatusClass {
  if (status === 0x0000) return 'success';
  if (status === 0xff00 || status === 0xff01) return 'pending';
  if (status === 0xfe00) return 'cancel';
  if (status === 0x0001 || status === 0x0107 || status === 0x0116 || (status & 0xf000) === 0xb000) return 'warning';
  if (status === 0x0124) return 'refused-not-authorized';
  if (status === 0x0122 || status === 0x0211) return 'refused-unsupported';
  return 'failure';
}

const STATUS_WORDS: Record<number, string> = {
  0x0000: 'Success',
  0xff00: 'Pending',
  0xff01: 'Pending (optional keys not supported)',
  0xfe00: 'Cancel',
  0x0001: 'Warning',
  0xb000: 'Warning: sub-operations complete, one or more failures',
  0x0124: 'Refused: Not Authorized',
  0x0122: 'Refused: SOP Class not supported',
  0x0211: 'Unrecognized operation',
  0x0110: 'Processing failure',
  0xa700: 'Refused: Out of resources',
  0xa701: 'Refused: Out of resources (number of matches)',
  0xa702: 'Refused: Out of resources (sub-operations)',
  0xa801: 'Refused: Move destination unknown',
  0xa900: 'Identifier does not match SOP Class',
};

/** e.g. "0xA801 Refused: Move destination unknown". */
export function statusWords(status: number): string {
  const hex = `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
  const words = STATUS_WORDS[status] ?? ((status & 0xf000) === 0xc000 ? 'Failed: Unable to process' : undefined);
  return words ? `${hex} ${words}` : hex;
}
