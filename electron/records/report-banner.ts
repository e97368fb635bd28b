/**
 * The verification banner of the readable report (issue 11): what the report's reader
 * must know before reading anything else — do the signatures verify, and were the
 * signers checked against known operators. Computed at export from the records'
 * bytes, never taken from a stored flag, and shown in words only this file chooses:
 * no record field reaches the banner.
 *
 * The state is open to a third answer about signers: a trust list (issue 11, "Known
 * signers") turns `not-checked` into `all-known` or `unknown-present`.
 */
import { checkRecord, recordHash, type Problem } from './integrity';
import type { StoredRecord } from './types';

/** What was checked: integrity always; signers only against a trust list. */
export interface BannerState {
  integrity: 'verifies' | 'does-not-verify';
  /** Absent means `not-checked`. */
  signers?: 'not-checked' | 'all-known' | 'unknown-present';
}

/** The banner's words and its level (the stylesheet colours `good`, `warn`, `bad`). */
export interface Banner {
  level: 'good' | 'warn' | 'bad';
  /** The headline, e.g. `SIGNATURES DO NOT VERIFY`. */
  headline: string;
  /** One sentence after it. */
  detail: string;
}

/** The problems of one record as read from the database or a file: bytes, hash and signatures. */
export function recordProblems(r: StoredRecord): Problem[] {
  try {
    return checkRecord({ where: `record ${r.id}`, canonical: r.canonical, hash: r.hash, signatures: r.signatures }).problems;
  } catch (e) {
    // A row no check can read (a signer's name that is not Unicode text) is a record that does not verify, never a report that fails.
    return [{ kind: 'signature', where: `record ${r.id}`, message: `it could not be checked: ${e instanceof Error ? e.message : String(e)}` }];
  }
}

/** The previous hash inside the signed bytes (not the database's copy of it). */
function signedPrev(r: StoredRecord): unknown {
  try {
    return (JSON.parse(r.canonical.toString('utf8')) as { chain?: { prev?: unknown } }).chain?.prev;
  } catch {
    return undefined;
  }
}

/**
 * Broken links between records of the report that sit next to each other in the chain
 * (a report of a selection skips records; a skipped link is not checked here).
 */
function linkProblems(records: readonly StoredRecord[]): Problem[] {
  const out: Problem[] = [];
  const byPosition = new Map(records.map((r) => [r.position, r]));
  for (const r of records) {
    const prev = byPosition.get(r.position - 1);
    if (prev !== undefined && signedPrev(r) !== recordHash(prev.canonical)) {
      out.push({ kind: 'chain', where: `record ${r.id}`, message: 'its previous hash is not the hash of the record before it' });
    }
  }
  return out;
}

/** The state of a whole report: one record that does not verify makes the whole report say so. */
export function bannerState(records: readonly StoredRecord[], signers: BannerState['signers'] = 'not-checked'): BannerState {
  const broken = records.length === 0 || records.some((r) => recordProblems(r).length > 0) || linkProblems(records).length > 0;
  return { integrity: broken ? 'does-not-verify' : 'verifies', signers };
}

/** The banner's words for `state`. */
export function bannerFor(state: BannerState): Banner {
  const signers = state.signers ?? 'not-checked';
  if (state.integrity === 'does-not-verify') {
    return {
      level: 'bad',
      headline: 'SIGNATURES DO NOT VERIFY',
      detail: 'The records below were changed after signing, or their signatures are broken: do not rely on anything this report says.',
    };
  }
  switch (signers) {
    case 'all-known':
      return { level: 'good', headline: 'Signatures verify, all signers known', detail: 'Every signer was checked against the trust list and is a known operator.' };
    case 'unknown-present':
      return { level: 'bad', headline: 'Signatures verify, but UNKNOWN SIGNER present', detail: 'At least one signer is not a known operator on the trust list: the signatures prove only that some key signed.' };
    default:
      return { level: 'warn', headline: 'Signatures verify', detail: 'Signers were NOT checked against a list of known operators: the signatures prove the records are intact, not who signed them.' };
  }
}
