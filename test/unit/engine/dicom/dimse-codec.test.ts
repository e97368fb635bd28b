import { describe, expect, it } from 'vitest';
import {
  classifyStatus,
  COMMAND,
  encodeFindIdentifier,
  encodeRequestCommand,
  encodeRetrieveIdentifier,
  parseCommand,
  statusWords,
} from '../../../../electron/engine/dicom/dimse-codec';
import { STUDY_ROOT_FIND, STUDY_ROOT_MOVE } from '../../../../electron/engine/dicom/uids';

/** Walk Implicit VR LE elements: [group, element, value]. */
function elements(buf: Buffer): Array<[number, number, Buffer]> {
  const out: Array<[number, number, Buffer]> = [];
  let pos = 0;
  while (pos < buf.length) {
    const len = buf.readUInt32LE(pos + 4);
    out.push([buf.readUInt16LE(pos), buf.readUInt16LE(pos + 2), buf.subarray(pos + 8, pos + 8 + len)]);
    pos += 8 + len;
  }
  return out;
}

describe('request command sets', () => {
  it('encodes a C-FIND-RQ with a correct group length, ascending tags, even values', () => {
    const cmd = encodeRequestCommand({ command: COMMAND.C_FIND_RQ, sopClassUid: STUDY_ROOT_FIND, messageId: 7 });
    const els = elements(cmd);
    expect(els.map(([, e]) => e)).toEqual([0x0000, 0x0002, 0x0100, 0x0110, 0x0700, 0x0800]);
    expect(els[0]?.[2].readUInt32LE(0)).toBe(cmd.length - 12);
    expect(els[1]?.[2].toString('latin1')).toBe(`${STUDY_ROOT_FIND}\0`);
    expect(els[2]?.[2].readUInt16LE(0)).toBe(0x0020);
    expect(els[3]?.[2].readUInt16LE(0)).toBe(7);
    expect(els[5]?.[2].readUInt16LE(0)).not.toBe(0x0101); // a data set follows
    for (const [, , v] of els) expect(v.length % 2).toBe(0);
  });

  it('puts the Move Destination of a C-MOVE-RQ in order', () => {
    const els = elements(encodeRequestCommand({ command: COMMAND.C_MOVE_RQ, sopClassUid: STUDY_ROOT_MOVE, messageId: 2, moveDestination: 'CLMABC' }));
    expect(els.map(([, e]) => e)).toEqual([0x0000, 0x0002, 0x0100, 0x0110, 0x0600, 0x0700, 0x0800]);
    expect(els[4]?.[2].toString('latin1')).toBe('CLMABC');
  });
});

describe('identifiers', () => {
  it('C-FIND: STUDY level, the random PatientID, an empty Study Instance UID, nothing else', () => {
    const els = elements(encodeFindIdentifier('CLM-0a1b2c3d-1111-4222-8333-444455556666'));
    expect(els.map(([g, e, v]) => [g, e, v.toString('latin1')])).toEqual([
      [0x0008, 0x0052, 'STUDY '],
      [0x0010, 0x0020, 'CLM-0a1b2c3d-1111-4222-8333-444455556666'],
      [0x0020, 0x000d, ''],
    ]);
  });

  it('C-GET/C-MOVE: STUDY level and one Study Instance UID, NUL-padded', () => {
    const els = elements(encodeRetrieveIdentifier('2.25.1234'));
    expect(els.map(([g, e, v]) => [g, e, v.toString('latin1')])).toEqual([
      [0x0008, 0x0052, 'STUDY '],
      [0x0020, 0x000d, '2.25.1234\0'],
    ]);
  });
});

describe('parseCommand', () => {
  it('reads the request it encoded back (command field, no status)', () => {
    const p = parseCommand(encodeRequestCommand({ command: COMMAND.C_FIND_RQ, sopClassUid: STUDY_ROOT_FIND, messageId: 1 }));
    expect(p.ok && [p.value.commandField, p.value.status, p.value.hasDataset]).toEqual([0x0020, undefined, true]);
  });

  it('refuses truncated and overrunning elements, and elements outside group 0000', () => {
    expect(parseCommand(Buffer.alloc(5)).ok).toBe(false);
    const over = Buffer.alloc(8);
    over.writeUInt16LE(0x0100, 2);
    over.writeUInt32LE(0xffffffff, 4);
    expect(parseCommand(over).ok).toBe(false);
    const g8 = Buffer.alloc(10);
    g8.writeUInt16LE(0x0008, 0);
    g8.writeUInt32LE(2, 4);
    expect(parseCommand(g8).ok).toBe(false);
    expect(parseCommand(Buffer.alloc(0))).toEqual({ ok: false, error: 'command set without a Command Field (0000,0100)' });
  });
});

describe('DIMSE status', () => {
  it.each([
    [0x0000, 'success'],
    [0xff00, 'pending'],
    [0xff01, 'pending'],
    [0xfe00, 'cancel'],
    [0xb000, 'warning'],
    [0x0001, 'warning'],
    [0x0124, 'refused-not-authorized'],
    [0x0122, 'refused-unsupported'],
    [0x0211, 'refused-unsupported'],
    [0xa801, 'failure'],
    [0xa701, 'failure'],
    [0xa900, 'failure'],
    [0xc000, 'failure'],
    [0xc123, 'failure'],
    [0x0110, 'failure'],
  ])('0x%s -> %s', (status, cls) => {
    expect(classifyStatus(status)).toBe(cls);
  });

  it('words', () => {
    expect(statusWords(0xa801)).toBe('0xA801 Refused: Move destination unknown');
    expect(statusWords(0xc012)).toBe('0xC012 Failed: Unable to process');
    expect(statusWords(0x1234)).toBe('0x1234');
  });
});
