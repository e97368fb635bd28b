/**
 * DICOM PS3.15 Annex B secure transport connection profiles, graded from a suite
 * enumeration (issue 15). Pure: no network, no clock. For each profile: met (true),
 * not met (false, with the first reason), or unverified (null: what it requires
 * could not be tested by this client, e.g. 3DES for Basic TLS).
 *
 * Sources (docs/checks.md, "TLS profiles"): the profile names and version rules are
 * PS3.15 (2024 editions onward: B.12 and B.13 added, B.9-B.11 and Basic/AES retired);
 * the stored copies available here lack PS3.15's suite tables, so the suite lists are
 * taken from DCMTK 3.6.9's dcmtls/libsrc/tlsciphr.cc (DcmTLSCiphersuiteHandler::
 * setTLSProfile), which encodes each profile's lists, and RFC 9325 section 4.2 for
 * B.12's recommended TLS 1.2 suites.
 */
import { acceptedSuites, type TlsEnumeration } from './enumerate';
import type { TlsVersion } from './handshake';
import { weakness, type SuiteInfo } from './suites';

export type ProfileId = 'B.13' | 'B.12' | 'extended-bcp195' | 'non-downgrading-bcp195' | 'bcp195' | 'aes' | 'basic-tls';

export interface ProfileDef {
  id: ProfileId;
  /** Name as PS3.15 gives it. */
  title: string;
  /** Short name for summaries. */
  short: string;
  retired: boolean;
}

/** Best first: the first one met is the service's best profile. */
export const PROFILES: readonly ProfileDef[] = [
  { id: 'B.13', title: 'Modified BCP 195 RFC 8996, 9325 TLS Secure Transport Connection Profile', short: 'B.13', retired: false },
  { id: 'B.12', title: 'BCP 195 RFC 8996, 9325 TLS Secure Transport Connection Profile', short: 'B.12', retired: false },
  { id: 'extended-bcp195', title: 'Extended BCP 195 TLS Profile', short: 'retired Extended BCP 195', retired: true },
  { id: 'non-downgrading-bcp195', title: 'Non-Downgrading BCP 195 TLS Profile', short: 'retired Non-Downgrading BCP 195', retired: true },
  { id: 'bcp195', title: 'BCP 195 TLS Profile', short: 'retired BCP 195', retired: true },
  { id: 'aes', title: 'AES TLS Secure Transport Connection Profile', short: 'retired AES', retired: true },
  { id: 'basic-tls', title: 'Basic TLS Secure Transport Connection Profile', short: 'retired Basic TLS', retired: true },
];

/** RFC 9325 section 4.2's recommended TLS 1.2 suites (B.12). */
export const RFC9325_TLS12: readonly string[] = [
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
];

/** B.13's permitted TLS 1.2 suites. */
export const B13_TLS12: readonly string[] = [
  'TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CCM',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CCM',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
];

/** B.13's TLS 1.3 suites (all listed). */
export const B13_TLS13: readonly string[] = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_8_SHA256'];

/** Non-Downgrading BCP 195's required suites (also the recommended ones of the retired BCP 195 profile). */
export const BCP195_TLS12: readonly string[] = [
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
];

/** Extended BCP 195's only permitted suites. */
export const EXTENDED_BCP195_TLS12: readonly string[] = [...BCP195_TLS12, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'];

export const AES_SUITE = 'TLS_RSA_WITH_AES_128_CBC_SHA';
export const BASIC_SUITE = 'TLS_RSA_WITH_3DES_EDE_CBC_SHA';

/** DHE primes and ECDHE groups below these fail B.12/B.13 and `tls.weak-key-exchange`. */
export const MIN_DHE_BITS = 2048;
export const MIN_ECDHE_BITS = 256;

export interface ProfileVerdict {
  id: ProfileId;
  title: string;
  retired: boolean;
  /** True: met. False: not met (reason). Null: could not be verified (reason says what was not tested). */
  met: boolean | null;
  reason?: string;
}

export interface ProfileGrade {
  /** Best profile met, or null. */
  best: ProfileId | null;
  verdicts: ProfileVerdict[];
  /** One line: "meets B.12", "meets only retired Basic TLS: accepts TLS 1.0 and ...". */
  summary: string;
}

/** What the rules read from an enumeration. */
interface Facts {
  accepted: ReadonlySet<TlsVersion>;
  legacy: TlsVersion[];
  tls12: SuiteInfo[];
  /** Suites accepted at TLS 1.0-1.2 (any of them). */
  pre13: SuiteInfo[];
  tls13: SuiteInfo[];
  all: SuiteInfo[];
  minDhe?: number;
  smallGroups: { name: string; bits: number }[];
  cert?: { type: string; bits?: number };
  untestable: boolean;
}

const VERSION_WORDS: Record<TlsVersion, string> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

function factsOf(e: TlsEnumeration): Facts {
  const at = (v: TlsVersion): SuiteInfo[] => acceptedSuites(e).filter((r) => r.versions.includes(v)).map((r) => r.suite);
  const accepted = new Set(e.versions.filter((v) => v.accepted).map((v) => v.version));
  const dhe = e.keyExchange.filter((k) => k.type === 'DH' && k.bits !== undefined).map((k) => k.bits!);
  const pre13 = acceptedSuites(e).filter((r) => r.versions.some((v) => v !== 'TLSv1.3')).map((r) => r.suite);
  const f: Facts = {
    accepted,
    legacy: (['TLSv1', 'TLSv1.1'] as TlsVersion[]).filter((v) => accepted.has(v)),
    tls12: at('TLSv1.2'),
    pre13,
    tls13: at('TLSv1.3'),
    all: acceptedSuites(e).map((r) => r.suite),
    smallGroups: [
      ...e.groups.filter((g) => g.bits < MIN_ECDHE_BITS),
      ...e.keyExchange.filter((k) => k.type === 'ECDH' && k.bits !== undefined && k.bits < MIN_ECDHE_BITS).map((k) => ({ name: k.group ?? '?', bits: k.bits! })),
    ],
    untestable: e.notTested.some((n) => /^3DES/.test(n)),
  };
  if (dhe.length > 0) f.minDhe = Math.min(...dhe);
  if (e.certificateKey) f.cert = e.certificateKey;
  return f;
}

/** Legacy versions in words: "TLS 1.0 and TLS 1.1". */
function legacyWords(f: Facts): string {
  return f.legacy.map((v) => VERSION_WORDS[v]).join(' and ');
}

/** The reasons that apply, in the rule's order (the first is the verdict's; the summary names up to two of B.12's). */
function reasonsOf(reasons: (string | undefined | false)[]): string[] {
  return reasons.filter((r): r is string => typeof r === 'string');
}

function keySizes(f: Facts): string | undefined {
  if (f.minDhe !== undefined && f.minDhe < MIN_DHE_BITS) return `uses a ${f.minDhe}-bit DHE group (at least ${MIN_DHE_BITS} required)`;
  const g = f.smallGroups[0];
  if (g) return `accepts the ${g.bits}-bit ECDHE group ${g.name} (at least ${MIN_ECDHE_BITS} required)`;
  return undefined;
}

const outside = (suites: readonly SuiteInfo[], allowed: readonly string[]): SuiteInfo | undefined => suites.find((s) => !allowed.includes(s.iana));

function rule(id: ProfileId, f: Facts): { met: boolean | null; reason?: string; reasons?: string[] } {
  const noTls12 = !f.accepted.has('TLSv1.2') ? 'does not accept TLS 1.2' : undefined;
  const legacy = f.legacy.length > 0 ? `accepts ${legacyWords(f)}` : undefined;
  const weak = f.all.find((s) => weakness(s));
  const weakWords = weak ? `accepts ${weak.iana} (${weakness(weak)})` : undefined;
  let reasons: string[] = [];
  switch (id) {
    case 'B.12': {
      const sha1 = f.pre13.find((s) => s.mac === 'SHA1' || s.mac === 'MD5');
      reasons = reasonsOf([
        noTls12,
        legacy,
        weakWords,
        sha1 && `accepts ${sha1.iana} (SHA-1 MAC, which RFC 9325 rules out)`,
        !f.tls12.some((s) => RFC9325_TLS12.includes(s.iana)) && 'accepts none of the TLS 1.2 suites RFC 9325 recommends',
        keySizes(f),
      ]);
      break;
    }
    case 'B.13': {
      const bad12 = outside(f.pre13, B13_TLS12);
      const missing13 = B13_TLS13.filter((n) => !f.tls13.some((s) => s.iana === n));
      reasons = reasonsOf([
        noTls12,
        legacy,
        bad12 && `accepts ${bad12.iana}, which B.13 does not permit`,
        keySizes(f),
        f.cert && ['rsa', 'rsa-pss'].includes(f.cert.type) && (f.cert.bits ?? 0) < 2048 && `has a ${f.cert.bits ?? '?'}-bit RSA certificate key (at least 2048 required)`,
        f.cert && f.cert.type === 'ec' && (f.cert.bits ?? 0) < 256 && `has a ${f.cert.bits ?? '?'}-bit ECDSA certificate key (at least 256 required)`,
        f.tls13.length === 0 && 'does not accept TLS 1.3 (B.13 servers support all five of its TLS 1.3 suites)',
        missing13.length > 0 && `does not accept the TLS 1.3 suite${missing13.length > 1 ? 's' : ''} ${missing13.join(', ')} (B.13 lists all five)`,
      ]);
      break;
    }
    case 'extended-bcp195': {
      const bad = outside(f.pre13, EXTENDED_BCP195_TLS12);
      reasons = reasonsOf([noTls12, legacy, bad && `accepts ${bad.iana}, which Extended BCP 195 does not permit`, keySizes(f)]);
      break;
    }
    case 'non-downgrading-bcp195':
      reasons = reasonsOf([noTls12, legacy, weakWords, !f.tls12.some((s) => BCP195_TLS12.includes(s.iana)) && `accepts none of ${BCP195_TLS12.join(', ')}`, keySizes(f)]);
      break;
    case 'bcp195': {
      // BCP 195 (RFC 7525) allowed the 3DES and RSA-AES-CBC fallbacks, never NULL, anonymous, RC4 or export.
      const forbidden = f.all.find((s) => s.enc === 'None' || s.au === 'None' || /RC4/i.test(s.enc) || /EXPORT/i.test(s.iana));
      reasons = reasonsOf([
        noTls12,
        forbidden && `accepts ${forbidden.iana} (${weakness(forbidden)})`,
        !f.tls12.some((s) => BCP195_TLS12.includes(s.iana)) && `accepts none of ${BCP195_TLS12.join(', ')}`,
      ]);
      break;
    }
    case 'aes': {
      const forbidden = f.all.find((s) => s.enc === 'None' || s.au === 'None');
      reasons = reasonsOf([forbidden && `accepts ${forbidden.iana} (${weakness(forbidden)})`, !f.all.some((s) => s.iana === AES_SUITE) && `does not accept ${AES_SUITE}`]);
      break;
    }
    case 'basic-tls': {
      const forbidden = f.all.find((s) => s.enc === 'None' || s.au === 'None');
      if (forbidden) return { met: false, reason: `accepts ${forbidden.iana} (${weakness(forbidden)})` };
      if (f.all.some((s) => s.iana === BASIC_SUITE)) return { met: true };
      if (f.untestable) return { met: null, reason: `needs ${BASIC_SUITE}, and the server did not answer the hand-built ClientHello that offers it` };
      reasons = [`does not accept ${BASIC_SUITE}`];
      break;
    }
  }
  return reasons.length > 0 ? { met: false, reason: reasons[0]!, reasons } : { met: true };
}

/** Grade an enumeration against every profile. */
export function gradeProfiles(e: TlsEnumeration): ProfileGrade {
  const f = factsOf(e);
  let b12Reasons: string[] = [];
  const verdicts: ProfileVerdict[] = PROFILES.map((p) => {
    const r = rule(p.id, f);
    if (p.id === 'B.12') b12Reasons = r.reasons ?? [];
    return { id: p.id, title: p.title, retired: p.retired, met: r.met, ...(r.reason ? { reason: r.reason } : {}) };
  });
  const best = verdicts.find((v) => v.met === true);
  const why = b12Reasons.slice(0, 2).join('; ') || 'B.12 not met';
  let summary: string;
  if (best && !best.retired) summary = `meets ${PROFILES.find((p) => p.id === best.id)!.short} (${best.title})`;
  else if (best) summary = `meets only ${PROFILES.find((p) => p.id === best.id)!.short}: ${why}`;
  else summary = `meets no DICOM TLS profile: ${why}`;
  return { best: best ? best.id : null, verdicts, summary };
}
