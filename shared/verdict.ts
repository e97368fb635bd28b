/**
 * The verdict of a verification (cli.md `verify`, checks.md): a pure comparison of
 * the earlier scan of a service with a re-probe of it. No probing here; the engine's
 * verify.ts does the probing and calls compareServices.
 *
 * Per check, before -> after:
 *   fail -> pass            fixed
 *   fail -> fail            still-failing
 *   pass -> fail            regressed
 *   pass -> pass            still-passing
 *   *    -> inconclusive    inconclusive (could not conclude now)
 * and the edges the table does not name, chosen so that nothing is ever called fixed
 * without a `pass` observed now:
 *   not-applicable/absent -> fail   regressed (a control that did not apply fails now: a change exposed it)
 *   inconclusive/skipped  -> fail   still-failing (it was never shown absent; it is present now)
 *   anything but fail     -> pass   still-passing
 *   fail -> not-applicable/skipped  inconclusive (not judged now: cannot call it fixed)
 *   pass -> not-applicable          still-passing (a weakness cannot exist where the check does not apply)
 *   pass -> skipped                 inconclusive (not run now)
 *   not judged on either side       not verified (listed apart, no verdict)
 * Informational checks (`dicom.detected`, `web.detected`: always `fail` when found)
 * record that a service exists; they are never verified.
 *
 * A service found before and unreachable now (closed or filtered): the reachability
 * check `exposure.untrusted-reach`, judged from an untrusted vantage, now passes (so a
 * fail before is `fixed`); every other check is `inconclusive` (the host did not answer).
 */
import { CATALOG, CHECK_IDS, type CheckId, type CheckStatus, type ServiceState } from './catalog';
import type { UnverifiedCheck, VerificationCheck } from './remediation';
import { VERDICTS } from './remediation';
import type { CheckResult, ServiceResult, Vantage, Verdict } from './types';
import { SUITE_EVIDENCE_CHECKS, suiteChanges } from './tls-suite-diff';

/** Checks that judge reachability itself: the only ones an unreachable port can settle. */
export const REACHABILITY_CHECKS: readonly CheckId[] = ['exposure.untrusted-reach'];

/** What the comparison of one check needs besides the two statuses. */
export interface VerdictContext {
  /** State of the port now. */
  afterState: ServiceState;
  /** The re-probe ran from an untrusted vantage (the same kind as the earlier scan). */
  untrusted: boolean;
}

/** A verdict with its reason, or `undefined` verdict: nothing to verify. */
export interface CheckJudgement {
  verdict: Verdict | undefined;
  /** The status now as the verification reports it (synthesised when the port is unreachable). */
  after: CheckStatus;
  /** One line in words. */
  note: string;
}

const JUDGED: ReadonlySet<CheckStatus> = new Set<CheckStatus>(['fail', 'pass', 'inconclusive']);

function describeState(state: ServiceState): string {
  return state === 'filtered' ? 'the port did not answer now (filtered: no reply before the timeout)' : 'the port refused the connection now (closed)';
}

/**
 * Judge one check. `before`/`after` are the statuses, `undefined` when the check was
 * not listed for the service (treated as `not-applicable`).
 */
export function judgeCheck(id: CheckId, before: CheckStatus | undefined, after: CheckStatus | undefined, ctx: VerdictContext): CheckJudgement {
  const b: CheckStatus = before ?? 'not-applicable';
  if (CATALOG[id].severity === 'info') {
    return { verdict: undefined, after: after ?? 'not-applicable', note: 'informational: records that the service exists; nothing to fix' };
  }

  if (ctx.afterState !== 'open') {
    const down = describeState(ctx.afterState);
    if (REACHABILITY_CHECKS.includes(id) && ctx.untrusted) {
      const note = `${down}: not reachable from this untrusted vantage`;
      return { verdict: b === 'fail' ? 'fixed' : 'still-passing', after: 'pass', note };
    }
    if (!JUDGED.has(b)) return { verdict: undefined, after: 'not-applicable', note: `not judged before; ${down}` };
    return { verdict: 'inconclusive', after: 'inconclusive', note: `${down}: the host may be down, so this cannot be re-checked (never counted as fixed)` };
  }

  const a: CheckStatus = after ?? 'not-applicable';
  switch (a) {
    case 'pass':
      return b === 'fail'
        ? { verdict: 'fixed', after: a, note: 'failed before, passes now' }
        : { verdict: 'still-passing', after: a, note: b === 'pass' ? 'passed before and now' : `passes now (${b} before)` };
    case 'fail':
      if (b === 'fail') return { verdict: 'still-failing', after: a, note: 'failed before and fails now' };
      if (b === 'pass') return { verdict: 'regressed', after: a, note: 'passed before, fails now: a change broke this control' };
      if (b === 'not-applicable') return { verdict: 'regressed', after: a, note: 'did not apply before, fails now: a change exposed it' };
      return { verdict: 'still-failing', after: a, note: `fails now (${b} before: never shown fixed)` };
    case 'inconclusive':
      return { verdict: 'inconclusive', after: a, note: 'could not conclude now' };
    case 'not-applicable':
      if (b === 'fail') return { verdict: 'inconclusive', after: a, note: 'failed before; does not apply to the service as it answers now, so it cannot be called fixed' };
      if (b === 'pass') return { verdict: 'still-passing', after: a, note: 'passed before; does not apply now' };
      return { verdict: undefined, after: a, note: 'not judged before or now' };
    case 'skipped':
      if (b === 'fail' || b === 'pass') return { verdict: 'inconclusive', after: a, note: `${b === 'fail' ? 'failed' : 'passed'} before; not run now (needs its opt-in)` };
      return { verdict: undefined, after: a, note: 'not judged before or now' };
  }
}

function byId(checks: readonly CheckResult[]): Map<CheckId, CheckResult> {
  const m = new Map<CheckId, CheckResult>();
  for (const c of checks) if (!m.has(c.id)) m.set(c.id, c);
  return m;
}

/** The comparison of two observations of one service. */
export interface ServiceComparison {
  checks: VerificationCheck[];
  unverified: UnverifiedCheck[];
  counts: Record<Verdict, number>;
  /** Every verified check is fixed or still-passing. */
  passed: boolean;
  /** Set when the port is unreachable now. */
  unreachable?: string;
}

/**
 * Compare the earlier observation of a service with the new one, check by check, in
 * catalog order, over every check listed on either side. `afterVantage` is where the
 * re-probe ran from (its `untrusted` flag decides reachability verdicts).
 */
export function compareServices(before: ServiceResult, after: ServiceResult, afterVantage: Vantage): ServiceComparison {
  const b = byId(before.checks);
  const a = byId(after.state === 'open' ? after.checks : []);
  const ctx: VerdictContext = { afterState: after.state, untrusted: afterVantage.untrusted };
  const checks: VerificationCheck[] = [];
  const unverified: UnverifiedCheck[] = [];
  for (const id of CHECK_IDS) {
    const rb = b.get(id);
    const ra = a.get(id);
    if (!rb && !ra && after.state === 'open') continue;
    if (!rb && after.state !== 'open') continue;
    const j = judgeCheck(id, rb?.status, ra?.status, ctx);
    if (j.verdict === undefined) {
      unverified.push({ id, before: rb?.status ?? 'not-applicable', after: j.after, why: j.note });
      continue;
    }
    checks.push({
      id,
      severity: CATALOG[id].severity,
      before: rb?.status ?? 'not-applicable',
      after: j.after,
      verdict: j.verdict,
      note: j.note,
      evidence: {
        ...(rb ? { before: { summary: rb.summary, evidence: rb.evidence } } : {}),
        ...(ra ? { after: { summary: ra.summary, evidence: ra.evidence } } : {}),
        // Issue 15: the TLS suite checks say per suite what changed.
        ...(SUITE_EVIDENCE_CHECKS.includes(id) && suiteChanges(rb?.evidence, ra?.evidence) ? { suiteChanges: suiteChanges(rb?.evidence, ra?.evidence) } : {}),
      },
    });
  }
  const counts = countVerdicts(checks);
  return {
    checks,
    unverified,
    counts,
    passed: verificationPassed(checks),
    ...(after.state === 'open' ? {} : { unreachable: `${describeState(after.state)}; only reachability can be judged` }),
  };
}

/** How many checks got each verdict (every verdict present, 0 when none). */
export function countVerdicts(checks: readonly Pick<VerificationCheck, 'verdict'>[]): Record<Verdict, number> {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const c of checks) counts[c.verdict]++;
  return counts;
}

/** The CLI's exit rule: true when every verdict is `fixed` or `still-passing`. */
export function verificationPassed(checks: readonly Pick<VerificationCheck, 'verdict'>[]): boolean {
  return checks.every((c) => c.verdict === 'fixed' || c.verdict === 'still-passing');
}
