/**
 * Pure judgement of `tls.weak-cipher`, `tls.weak-key-exchange` and `tls.profile`
 * (checks.md, "TLS checks") from a suite enumeration. No network, no clock.
 */
import type { CheckResult, Evidence } from '../../../shared/types';
import type { ServiceInfo } from '../types';
import { checkResult } from './check-result';
import { acceptedSuites, type TlsEnumeration } from './enumerate';
import { gradeProfiles, MIN_DHE_BITS, MIN_ECDHE_BITS } from './profiles';
import { weakness } from './suites';

type SuiteCheck = 'tls.weak-cipher' | 'tls.weak-key-exchange' | 'tls.profile';

/** The suite lists and key exchange facts every one of the three checks carries (the record keeps them). */
export function suitesEvidence(e: TlsEnumeration): Evidence {
  return {
    suitesByVersion: e.versions.map((v) => ({ version: v.version, accepted: v.accepted, suites: v.suites })),
    serverOrder: e.serverOrder,
    groups: e.groups,
    groupsRefused: e.groupsRefused,
    keyExchange: e.keyExchange,
    certificateKey: e.certificateKey ?? null,
    handshakes: e.handshakes,
    elapsedMs: e.elapsedMs,
    notTested: e.notTested,
    incomplete: e.incomplete ?? null,
  };
}

function notTls(id: SuiteCheck, service: ServiceInfo): CheckResult | undefined {
  if (service.protocol === 'https' || service.protocol === 'dicom-tls') return undefined;
  return checkResult(id, 'not-applicable', 'plaintext service: there is no TLS to judge');
}

const nothingAccepted = (e: TlsEnumeration): boolean => !e.versions.some((v) => v.accepted);

/** `tls.weak-cipher`: a suite outside BCP 195 is accepted. */
export function judgeWeakCipher(e: TlsEnumeration, service: ServiceInfo): CheckResult {
  const na = notTls('tls.weak-cipher', service);
  if (na) return na;
  const ev = suitesEvidence(e);
  const weak = acceptedSuites(e).filter((r) => weakness(r.suite));
  if (weak.length > 0) {
    const words = weak.slice(0, 4).map((r) => `${r.suite.iana} (${weakness(r.suite)})`);
    return checkResult('tls.weak-cipher', 'fail', `accepts ${words.join(', ')}${weak.length > 4 ? ` and ${weak.length - 4} more` : ''}`, {
      ...ev,
      weakSuites: weak.map((r) => ({ suite: r.suite.iana, why: weakness(r.suite), versions: r.versions })),
    });
  }
  if (nothingAccepted(e)) return checkResult('tls.weak-cipher', 'inconclusive', `no suite was accepted${e.incomplete ? ` (${e.incomplete})` : ''}`, ev);
  if (e.incomplete) return checkResult('tls.weak-cipher', 'inconclusive', `no weak suite among those seen, but the enumeration is incomplete: ${e.incomplete}`, ev);
  const n = acceptedSuites(e).length;
  return checkResult('tls.weak-cipher', 'pass', `all ${n} accepted suite${n === 1 ? '' : 's'} are within BCP 195`, ev);
}

/** `tls.weak-key-exchange`: DHE below 2048 bits or ECDHE below 256 bits. */
export function judgeWeakKeyExchange(e: TlsEnumeration, service: ServiceInfo): CheckResult {
  const na = notTls('tls.weak-key-exchange', service);
  if (na) return na;
  const ev = suitesEvidence(e);
  const problems: string[] = [];
  const dhe = e.keyExchange.filter((k) => k.type === 'DH' && k.bits !== undefined && k.bits < MIN_DHE_BITS);
  if (dhe.length > 0) problems.push(`a ${Math.min(...dhe.map((k) => k.bits!))}-bit DHE group (with ${dhe[0]!.suite})`);
  const small = [...e.groups.filter((g) => g.bits < MIN_ECDHE_BITS).map((g) => `${g.name} (${g.bits} bits)`), ...e.keyExchange.filter((k) => k.type === 'ECDH' && (k.bits ?? 999) < MIN_ECDHE_BITS).map((k) => `${k.group ?? '?'} (${k.bits} bits)`)];
  if (small.length > 0) problems.push(`the ECDHE group${small.length > 1 ? 's' : ''} ${[...new Set(small)].join(', ')}`);
  if (problems.length > 0) return checkResult('tls.weak-key-exchange', 'fail', `accepts ${problems.join(' and ')}`, ev);
  if (nothingAccepted(e)) return checkResult('tls.weak-key-exchange', 'inconclusive', `no suite was accepted${e.incomplete ? ` (${e.incomplete})` : ''}`, ev);
  if (e.incomplete) return checkResult('tls.weak-key-exchange', 'inconclusive', `no weak key exchange among those seen, but the enumeration is incomplete: ${e.incomplete}`, ev);
  const seen = [
    ...e.groups.map((g) => `${g.name}`),
    ...[...new Set(e.keyExchange.filter((k) => k.type === 'DH').map((k) => `DHE ${k.bits} bits`))],
  ];
  return checkResult('tls.weak-key-exchange', 'pass', seen.length > 0 ? `key exchange strong enough: ${seen.join(', ')}` : 'no ephemeral key exchange offered (static RSA only)', ev);
}

/** `tls.profile`: meets PS3.15 B.12 or B.13. */
export function judgeProfile(e: TlsEnumeration, service: ServiceInfo): CheckResult {
  const na = notTls('tls.profile', service);
  if (na) return na;
  const grade = gradeProfiles(e);
  const ev: Evidence = { ...suitesEvidence(e), bestProfile: grade.best, profiles: grade.verdicts, verdict: grade.summary };
  if (nothingAccepted(e)) return checkResult('tls.profile', 'inconclusive', `no suite was accepted${e.incomplete ? ` (${e.incomplete})` : ''}`, ev);
  if (grade.best === 'B.12' || grade.best === 'B.13') {
    return checkResult('tls.profile', e.incomplete ? 'inconclusive' : 'pass', e.incomplete ? `${grade.summary}, but the enumeration is incomplete: ${e.incomplete}` : grade.summary, ev);
  }
  return checkResult('tls.profile', 'fail', grade.summary, ev);
}

export function judgeSuites(e: TlsEnumeration, service: ServiceInfo): CheckResult[] {
  return [judgeWeakCipher(e, service), judgeWeakKeyExchange(e, service), judgeProfile(e, service)];
}
