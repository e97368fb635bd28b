import { describe, expect, it } from 'vitest';
import {
  buildAbort,
  buildAssociateRq,
  buildPData,
  buildReject,
  buildReleaseRq,
  cleanText,
  parseAbort,
  parseAssociate,
  parsePData,
  parseReject,
  PduReader,
  type RawPdu,
} from '../../../../electron/engine/dicom/pdu';
import { COLLIMATOR_IMPLEMENTATION_UID, COLLIMATOR_VERSION_NAME, CT_IMAGE_STORAGE, IMPLICIT_VR_LE, VERIFICATION } from '../../../../electron/engine/dicom/uids';
import { buildAc } from './fake-peer';

function one(buf: Buffer): RawPdu {
  const r = new PduReader().push(buf);
  if (!r.ok) throw new Error(r.error);
  expect(r.value).toHaveLength(1);
  return r.value[0] as RawPdu;
}

const RQ = buildAssociateRq({
  callingAe: 'CLMCALLER',
  calledAe: 'ORTHANC',
  contexts: [
    { id: 1, abstractSyntax: VERIFICATION, transferSyntaxes: [IMPLICIT_VR_LE] },
    { id: 3, abstractSyntax: CT_IMAGE_STORAGE, transferSyntaxes: [IMPLICIT_VR_LE, '1.2.840.10008.1.2.1'] },
  ],
});

describe('A-ASSOCIATE-RQ', () => {
  it('carries the AE titles, contexts and our implementation identity, and parses back', () => {
    const pdu = one(RQ);
    expect(pdu.type).toBe(0x01);
    const f = parseAssociate(pdu.body, 'rq');
    expect(f.ok).toBe(true);
    if (!f.ok) return;
    expect(f.value.callingAe).toBe('CLMCALLER');
    expect(f.value.calledAe).toBe('ORTHANC');
    expect(f.value.applicationContext).toBe('1.2.840.10008.3.1.1.1');
    expect(f.value.contexts.map((c) => [c.id, c.abstractSyntax, c.transferSyntaxes])).toEqual([
      [1, VERIFICATION, [IMPLICIT_VR_LE]],
      [3, CT_IMAGE_STORAGE, [IMPLICIT_VR_LE, '1.2.840.10008.1.2.1']],
    ]);
    expect(f.value.implementationClassUid).toBe(COLLIMATOR_IMPLEMENTATION_UID);
    expect(f.value.implementationVersionName).toBe(COLLIMATOR_VERSION_NAME);
    expect(f.value.maxPduLength).toBe(16384);
  });

  it('pads AE titles with spaces to 16 bytes (PS3.8 9.3.2)', () => {
    expect(RQ.subarray(10, 26).toString('latin1')).toBe('ORTHANC         ');
    expect(RQ.subarray(26, 42).toString('latin1')).toBe('CLMCALLER       ');
    expect(RQ.subarray(42, 74).every((b) => b === 0)).toBe(true); // reserved
  });

  it('reuses the encoded contexts of a list, but every request carries its own titles and length', () => {
    const contexts = [{ id: 1, abstractSyntax: VERIFICATION, transferSyntaxes: [IMPLICIT_VR_LE] }];
    const a = buildAssociateRq({ callingAe: 'LONGCALLINGTITLE', calledAe: 'A', contexts });
    const b = buildAssociateRq({ callingAe: 'B', calledAe: 'SECOND', contexts });
    const c = buildAssociateRq({ callingAe: 'B', calledAe: 'SECOND', contexts, maxPduLength: 65536 });
    const fa = parseAssociate(one(a).body, 'rq');
    const fb = parseAssociate(one(b).body, 'rq');
    const fc = parseAssociate(one(c).body, 'rq');
    if (!fa.ok || !fb.ok || !fc.ok) throw new Error('did not parse');
    expect([fa.value.callingAe, fa.value.calledAe]).toEqual(['LONGCALLINGTITLE', 'A']);
    expect([fb.value.callingAe, fb.value.calledAe]).toEqual(['B', 'SECOND']);
    expect(b.subarray(26, 42).toString('latin1')).toBe('B               ');
    expect(a.subarray(74)).toEqual(b.subarray(74));
    expect(fb.value.maxPduLength).toBe(16384);
    expect(fc.value.maxPduLength).toBe(65536);
  });
});

describe('A-ASSOCIATE-AC parsing', () => {
  const rq = parseAssociate(one(RQ).body, 'rq');
  if (!rq.ok) throw new Error(rq.error);

  it('reads context results and user information', () => {
    const ac = buildAc(rq.value, {
      resultFor: (as) => (as === CT_IMAGE_STORAGE ? 3 : 0),
      implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7',
      implementationVersionName: 'OFFIS_DCMTK_367',
      maxPduLength: 32768,
    });
    const f = parseAssociate(one(ac).body, 'ac');
    expect(f.ok).toBe(true);
    if (!f.ok) return;
    expect(f.value.contexts.map((c) => [c.id, c.result])).toEqual([
      [1, 0],
      [3, 3],
    ]);
    expect(f.value.implementationClassUid).toBe('1.2.276.0.7230010.3.0.3.6.7');
    expect(f.value.implementationVersionName).toBe('OFFIS_DCMTK_367');
    expect(f.value.maxPduLength).toBe(32768);
  });

  it('rejects an AC without an application context item', () => {
    const ac = buildAc(rq.value, { omitApplicationContext: true });
    const f = parseAssociate(one(ac).body, 'ac');
    expect(f).toEqual({ ok: false, error: 'no application context item' });
  });

  it('rejects an item whose length overruns the PDU', () => {
    const ac = Buffer.from(buildAc(rq.value));
    // First item header starts right after the 6-byte PDU header and the 68-byte fixed part.
    ac.writeUInt16BE(0xffff, 6 + 68 + 2);
    const f = parseAssociate(one(ac).body, 'ac');
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.error).toMatch(/truncated item/);
  });

  it('rejects a body shorter than the fixed part', () => {
    const f = parseAssociate(Buffer.alloc(40), 'ac');
    expect(f.ok).toBe(false);
  });
});

describe('PduReader', () => {
  it('reassembles a PDU split across many chunks and splits PDUs sharing a chunk', () => {
    const reader = new PduReader();
    const both = Buffer.concat([buildReject(1, 1, 3), buildReleaseRq()]);
    const got: RawPdu[] = [];
    for (const byte of both) {
      const r = reader.push(Buffer.from([byte]));
      expect(r.ok).toBe(true);
      if (r.ok) got.push(...r.value);
    }
    expect(got.map((p) => p.type)).toEqual([0x03, 0x05]);
    const r2 = new PduReader().push(both);
    expect(r2.ok && r2.value.map((p) => p.type)).toEqual([0x03, 0x05]);
  });

  it('refuses a 4 GiB length at the header, without waiting for or allocating the body', () => {
    const h = Buffer.from([0x02, 0x00, 0xff, 0xff, 0xff, 0xff]);
    const r = new PduReader().push(h);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/4294967295 bytes exceeds/);
  });

  it('refuses a first byte that is no PDU type (an HTTP or SSH banner) at once', () => {
    const r = new PduReader().push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'));
    expect(r).toEqual({ ok: false, error: 'not a DICOM PDU (first byte 0x48)' });
    const r0 = new PduReader().push(Buffer.from([0x00]));
    expect(r0.ok).toBe(false);
  });

  it('waits for the rest of a partial header', () => {
    const r = new PduReader().push(Buffer.from([0x03, 0x00, 0x00]));
    expect(r).toEqual({ ok: true, value: [] });
  });
});

describe('A-ASSOCIATE-RJ, A-ABORT and P-DATA-TF bodies', () => {
  it('reads a well-formed rejection', () => {
    expect(parseReject(one(buildReject(1, 1, 7)).body)).toEqual({ ok: true, value: { result: 1, source: 1, reason: 7 } });
  });

  it('refuses a rejection with a wrong length, result or source', () => {
    expect(parseReject(Buffer.from([0, 1, 1])).ok).toBe(false);
    expect(parseReject(Buffer.from([0, 3, 1, 1])).ok).toBe(false);
    expect(parseReject(Buffer.from([0, 1, 0, 1])).ok).toBe(false);
    expect(parseReject(Buffer.from([0, 1, 4, 1])).ok).toBe(false);
  });

  it('reads an abort', () => {
    expect(parseAbort(one(buildAbort(2, 6)).body)).toEqual({ ok: true, value: { source: 2, reason: 6 } });
    expect(parseAbort(Buffer.alloc(5)).ok).toBe(false);
  });

  it('round-trips PDVs and refuses malformed items', () => {
    const pd = buildPData([
      { contextId: 1, command: true, last: true, data: Buffer.from([1, 2]) },
      { contextId: 1, command: false, last: false, data: Buffer.from([3]) },
    ]);
    const p = parsePData(one(pd).body);
    expect(p.ok && p.value.map((v) => [v.contextId, v.command, v.last, [...v.data]])).toEqual([
      [1, true, true, [1, 2]],
      [1, false, false, [3]],
    ]);
    expect(parsePData(Buffer.from([0, 0, 0, 1, 1])).ok).toBe(false); // PDV length under 2
    expect(parsePData(Buffer.from([0, 0, 0, 9, 1, 3])).ok).toBe(false); // overruns
    expect(parsePData(Buffer.alloc(0)).ok).toBe(false);
  });
});

describe('cleanText', () => {
  it('trims padding and replaces non-printable bytes', () => {
    expect(cleanText(Buffer.from('1.2.3\0'))).toBe('1.2.3');
    expect(cleanText(Buffer.from([0x41, 0x07, 0x42, 0x20]))).toBe('A?B');
    expect(cleanText(Buffer.from('x'.repeat(100)), 16)).toHaveLength(16);
  });
});
