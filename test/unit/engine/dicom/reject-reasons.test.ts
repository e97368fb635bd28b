import { describe, expect, it } from 'vitest';
import { decodeAbort, decodeReject } from '../../../../electron/engine/dicom/reject-reasons';

describe('decodeReject (PS3.8 Table 9-21, by source)', () => {
  // Every defined combination, and reserved numbers, spelled out: reasons mean different things per source.
  const cases: Array<[number, number, number, string, string, string]> = [
    [1, 1, 1, 'rejected-permanent', 'service-user', 'no-reason-given'],
    [1, 1, 2, 'rejected-permanent', 'service-user', 'application-context-name-not-supported'],
    [1, 1, 3, 'rejected-permanent', 'service-user', 'calling-ae-title-not-recognized'],
    [1, 1, 7, 'rejected-permanent', 'service-user', 'called-ae-title-not-recognized'],
    [2, 1, 3, 'rejected-transient', 'service-user', 'calling-ae-title-not-recognized'],
    [1, 1, 4, 'rejected-permanent', 'service-user', 'reserved'],
    [1, 1, 10, 'rejected-permanent', 'service-user', 'reserved'],
    [1, 2, 1, 'rejected-permanent', 'service-provider-acse', 'provider-no-reason-given'],
    [1, 2, 2, 'rejected-permanent', 'service-provider-acse', 'protocol-version-not-supported'],
    [1, 2, 3, 'rejected-permanent', 'service-provider-acse', 'reserved'],
    [2, 3, 1, 'rejected-transient', 'service-provider-presentation', 'temporary-congestion'],
    [2, 3, 2, 'rejected-transient', 'service-provider-presentation', 'local-limit-exceeded'],
    [1, 3, 0, 'rejected-permanent', 'service-provider-presentation', 'reserved'],
    [1, 3, 7, 'rejected-permanent', 'service-provider-presentation', 'reserved'],
  ];
  it.each(cases)('%i/%i/%i -> %s, %s, %s', (result, source, reason, r, s, why) => {
    const d = decodeReject(result, source, reason);
    expect([d.result, d.source, d.reason]).toEqual([r, s, why]);
    expect(d.codes).toEqual({ result, source, reason });
    expect(d.permanent).toBe(result === 1);
    expect(d.text).toContain(`(${result}/${source}/${reason})`);
  });

  it('never collapses reason 2 into one meaning', () => {
    const texts = [1, 2, 3].map((source) => decodeReject(1, source, 2).text);
    expect(texts[0]).toContain('application context name not supported');
    expect(texts[1]).toContain('protocol version not supported');
    expect(texts[2]).toContain('local limit exceeded');
  });

  it('says which reason in words', () => {
    expect(decodeReject(1, 1, 3).text).toBe(
      'rejected (permanent) by the DICOM service user (the application): calling AE title not recognized (1/1/3)',
    );
    expect(decodeReject(1, 1, 7).text).toContain('called AE title not recognized');
    expect(decodeReject(1, 1, 5).text).toContain('reserved reason code 5');
  });

  it('marks undefined results and sources as such', () => {
    const d = decodeReject(9, 8, 1);
    expect([d.result, d.source, d.reason, d.permanent]).toEqual(['undefined', 'undefined', 'reserved', false]);
  });
});

describe('decodeAbort (PS3.8 Table 9-26)', () => {
  it('reads provider reasons and ignores the reason of a user abort', () => {
    expect(decodeAbort(2, 1).reason).toBe('unrecognized-pdu');
    expect(decodeAbort(2, 6).reason).toBe('invalid-pdu-parameter-value');
    expect(decodeAbort(2, 3).reason).toBe('reserved');
    const u = decodeAbort(0, 5);
    expect([u.source, u.reason]).toEqual(['service-user', 'not-specified']);
    expect(u.text).toBe('A-ABORT by the peer application: not specified (0/5)');
    expect(decodeAbort(1, 0).source).toBe('reserved');
  });
});
