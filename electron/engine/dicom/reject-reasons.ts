/**
 * A-ASSOCIATE-RJ and A-ABORT decoded into words (PS3.8 Table 9-21 and 9-26).
 *
 * Reason numbers only mean something together with their source: reason 2 is
 * "application context name not supported" from the service user, "protocol
 * version not supported" from the ACSE provider and "local limit exceeded" from the
 * presentation provider. So the table is keyed by source first, and a number that a
 * source does not define is said to be undefined, never guessed.
 */

/** PS3.8 Table 9-21 "Result". */
export type RejectResult = 'rejected-permanent' | 'rejected-transient' | 'undefined';

/** PS3.8 Table 9-21 "Source". */
export type RejectSource =
  | 'service-user'
  | 'service-provider-acse'
  | 'service-provider-presentation'
  | 'undefined';

/** Closed vocabulary of reject reasons, by source (PS3.8 Table 9-21 "Reason/Diag."). */
export type RejectReason =
  // source 1: DICOM UL service-user
  | 'no-reason-given'
  | 'application-context-name-not-supported'
  | 'calling-ae-title-not-recognized'
  | 'called-ae-title-not-recognized'
  // source 2: DICOM UL service-provider (ACSE related function)
  | 'provider-no-reason-given'
  | 'protocol-version-not-supported'
  // source 3: DICOM UL service-provider (Presentation related function)
  | 'temporary-congestion'
  | 'local-limit-exceeded'
  // a number the source does not define ("reserved")
  | 'reserved';

/** A decoded A-ASSOCIATE-RJ: the raw numbers and their meaning in words. */
export interface DecodedReject {
  /** Raw fields of the PDU. */
  codes: { result: number; source: number; reason: number };
  result: RejectResult;
  source: RejectSource;
  reason: RejectReason;
  /** True for a permanent rejection (result 1): retrying the same request will not help. */
  permanent: boolean;
  /** One line an administrator understands, e.g. "rejected (permanent) by the DICOM service user: calling AE title not recognized (1/1/3)". */
  text: string;
}

const RESULTS: Record<number, RejectResult> = { 1: 'rejected-permanent', 2: 'rejected-transient' };
const SOURCES: Record<number, RejectSource> = {
  1: 'service-user',
  2: 'service-provider-acse',
  3: 'service-provider-presentation',
};
const REASONS_BY_SOURCE: Record<number, Record<number, RejectReason>> = {
  1: { 1: 'no-reason-given', 2: 'application-context-name-not-supported', 3: 'calling-ae-title-not-recognized', 7: 'called-ae-title-not-recognized' },
  2: { 1: 'provider-no-reason-given', 2: 'protocol-version-not-supported' },
  3: { 1: 'temporary-congestion', 2: 'local-limit-exceeded' },
};

const RESULT_WORDS: Record<RejectResult, string> = {
  'rejected-permanent': 'permanent',
  'rejected-transient': 'transient',
  undefined: 'undefined result',
};
const SOURCE_WORDS: Record<RejectSource, string> = {
  'service-user': 'the DICOM service user (the application)',
  'service-provider-acse': 'the DICOM UL service provider (ACSE)',
  'service-provider-presentation': 'the DICOM UL service provider (presentation layer)',
  undefined: 'an undefined source',
};
const REASON_WORDS: Record<RejectReason, string> = {
  'no-reason-given': 'no reason given',
  'application-context-name-not-supported': 'application context name not supported',
  'calling-ae-title-not-recognized': 'calling AE title not recognized',
  'called-ae-title-not-recognized': 'called AE title not recognized',
  'provider-no-reason-given': 'no reason given',
  'protocol-version-not-supported': 'protocol version not supported',
  'temporary-congestion': 'temporary congestion',
  'local-limit-exceeded': 'local limit exceeded',
  reserved: 'reserved reason code',
};

/** Decode an A-ASSOCIATE-RJ's result/source/reason (PS3.8 Table 9-21). */
export function decodeReject(result: number, source: number, reason: number): DecodedReject {
  const r = RESULTS[result] ?? 'undefined';
  const s = SOURCES[source] ?? 'undefined';
  const why = REASONS_BY_SOURCE[source]?.[reason] ?? 'reserved';
  const reasonWords = why === 'reserved' ? `${REASON_WORDS.reserved} ${reason}` : REASON_WORDS[why];
  return {
    codes: { result, source, reason },
    result: r,
    source: s,
    reason: why,
    permanent: r === 'rejected-permanent',
    text: `rejected (${RESULT_WORDS[r]}) by ${SOURCE_WORDS[s]}: ${reasonWords} (${result}/${source}/${reason})`,
  };
}

/** A decoded A-ABORT (PS3.8 Table 9-26). */
export interface DecodedAbort {
  codes: { source: number; reason: number };
  source: 'service-user' | 'service-provider' | 'reserved';
  /** Meaningful only when the provider aborted. */
  reason:
    | 'not-specified'
    | 'unrecognized-pdu'
    | 'unexpected-pdu'
    | 'unrecognized-pdu-parameter'
    | 'unexpected-pdu-parameter'
    | 'invalid-pdu-parameter-value'
    | 'reserved';
  text: string;
}

const ABORT_REASONS: Record<number, DecodedAbort['reason']> = {
  0: 'not-specified',
  1: 'unrecognized-pdu',
  2: 'unexpected-pdu',
  4: 'unrecognized-pdu-parameter',
  5: 'unexpected-pdu-parameter',
  6: 'invalid-pdu-parameter-value',
};

export function decodeAbort(source: number, reason: number): DecodedAbort {
  const s: DecodedAbort['source'] = source === 0 ? 'service-user' : source === 2 ? 'service-provider' : 'reserved';
  // The reason field is "not significant" unless the service provider aborted.
  const r: DecodedAbort['reason'] = s === 'service-provider' ? (ABORT_REASONS[reason] ?? 'reserved') : 'not-specified';
  const who = s === 'service-user' ? 'the peer application' : s === 'service-provider' ? 'the peer DICOM UL provider' : `an undefined source ${source}`;
  return { codes: { source, reason }, source: s, reason: r, text: `A-ABORT by ${who}: ${r.replace(/-/g, ' ')} (${source}/${reason})` };
}
