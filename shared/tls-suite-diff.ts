/**
 * Issue 15: what changed, per cipher suite, between two observations of a TLS
 * service (a verification's before and after). Read from the `suitesByVersion`
 * evidence of `tls.weak-cipher` / `tls.weak-key-exchange` / `tls.profile`. Pure.
 */
import type { Evidence } from './types';

export interface SuiteChanges {
  /** `TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA`: accepted before, refused after. */
  removed: string[];
  /** Accepted after, not before. */
  added: string[];
  /** Accepted before and after. */
  kept: string[];
}

/** The IDs of the checks whose evidence carries the suite lists. */
export const SUITE_EVIDENCE_CHECKS: readonly string[] = ['tls.weak-cipher', 'tls.weak-key-exchange', 'tls.profile'];

function suiteSet(ev: Evidence | undefined): Set<string> | undefined {
  const list = ev?.suitesByVersion;
  if (!Array.isArray(list)) return undefined;
  const out = new Set<string>();
  for (const v of list) {
    if (typeof v !== 'object' || v === null) continue;
    const { version, suites } = v as { version?: unknown; suites?: unknown };
    if (typeof version !== 'string' || !Array.isArray(suites)) continue;
    for (const s of suites) if (typeof s === 'string') out.add(`${version} ${s}`);
  }
  return out;
}

/** Per-suite changes, or undefined when either side has no suite lists. */
export function suiteChanges(before: Evidence | undefined, after: Evidence | undefined): SuiteChanges | undefined {
  const b = suiteSet(before);
  const a = suiteSet(after);
  if (!b || !a) return undefined;
  return {
    removed: [...b].filter((s) => !a.has(s)),
    added: [...a].filter((s) => !b.has(s)),
    kept: [...b].filter((s) => a.has(s)),
  };
}
