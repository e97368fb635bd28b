/**
 * Pure judgement of the TLS checks (checks.md, "TLS checks") from observations:
 * no network, no clock of its own (`now` is passed in), so every branch is unit-tested.
 */
import type { CheckResult, Evidence } from '../../../shared/types';
import type { ServiceInfo } from '../types';
import type { CertificateInfo } from './certificate';
import { checkResult } from './check-result';
import type { ClientAuthObservation } from './client-auth';
import type { TlsObservation } from './collect';
import { LEGACY_TLS_VERSIONS } from './handshake';

/** `tls.certificate-expiring` fails when a certificate ends within this many days. */
export const EXPIRY_WARNING_DAYS = 30;
/** RSA/DSA keys below this many bits fail `tls.certificate`. */
export const MIN_RSA_BITS = 2048;
/** Signature digests that fail `tls.certificate` (collisions are practical). */
export const WEAK_SIGNATURE_HASHES: ReadonlySet<string> = new Set(['sha1', 'md5', 'md2']);

const DAY_MS = 86_400_000;

/** OpenSSL verification errors that are about dates, not trust. */
const TIME_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
/** OpenSSL verification errors that mean "self-signed". */
const SELF_SIGNED_ERRORS = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT']);

/** Why a certificate fails `tls.certificate`, as stable codes (evidence `problems`). */
export type CertificateProblem = 'expired' | 'not-yet-valid' | 'self-signed' | 'untrusted' | 'name-mismatch' | 'weak-key' | 'weak-signature';

/** Versions tried/accepted and the cipher: evidence shared by every TLS check. */
export function protocolEvidence(obs: TlsObservation): Evidence {
  return {
    versionsTried: obs.attempts.map((a) => a.version),
    versionsAccepted: obs.attempts.filter((a) => a.accepted).map((a) => a.version),
    ...(obs.best ? { negotiated: obs.best.version, cipher: obs.best.cipher ?? null } : {}),
    notTested: obs.notTested,
  };
}

/** The leaf certificate as evidence. */
export function certificateEvidence(c: CertificateInfo): Evidence {
  return {
    subject: c.subject,
    issuer: c.issuer,
    subjectAltNames: c.subjectAltNames,
    validFrom: c.validFrom,
    validTo: c.validTo,
    keyType: c.keyType,
    keyBits: c.keyBits ?? null,
    signatureAlgorithm: c.signatureAlgorithm,
    sha256: c.sha256,
  };
}

function notTls(id: 'tls.legacy-protocol' | 'tls.certificate' | 'tls.certificate-expiring', service: ServiceInfo): CheckResult | undefined {
  if (service.protocol === 'https' || service.protocol === 'dicom-tls') return undefined;
  return checkResult(id, 'not-applicable', 'plaintext service: there is no TLS to judge');
}

/** `tls.legacy-protocol`: TLS 1.0 or 1.1 accepted. */
export function judgeLegacyProtocol(obs: TlsObservation, service: ServiceInfo): CheckResult {
  const na = notTls('tls.legacy-protocol', service);
  if (na) return na;
  const ev = protocolEvidence(obs);
  const legacy = obs.attempts.filter((a) => (LEGACY_TLS_VERSIONS as readonly string[]).includes(a.version));
  const accepted = legacy.filter((a) => a.accepted).map((a) => a.version);
  if (accepted.length > 0) {
    return checkResult('tls.legacy-protocol', 'fail', `accepts ${accepted.join(' and ')} (obsolete TLS versions)`, ev);
  }
  if (!obs.attempts.some((a) => a.accepted)) {
    return checkResult('tls.legacy-protocol', 'inconclusive', `no TLS handshake succeeded (${obs.failure?.outcome ?? 'no answer'})`, { ...ev, failure: obs.failure ?? null });
  }
  // Refused means the server answered the offer with an alert or closed: not a timeout or a vanished port.
  const unclear = LEGACY_TLS_VERSIONS.filter((v) => {
    const a = legacy.find((x) => x.version === v);
    return !a || !['tls-error', 'connection-closed', 'connection-reset'].includes(a.outcome);
  });
  if (unclear.length > 0) {
    return checkResult('tls.legacy-protocol', 'inconclusive', `could not tell whether ${unclear.join(' and ')} ${unclear.length > 1 ? 'are' : 'is'} accepted`, {
      ...ev,
      attempts: legacy.map((a) => ({ version: a.version, outcome: a.outcome })),
    });
  }
  return checkResult('tls.legacy-protocol', 'pass', `refuses TLS 1.0 and 1.1; accepts ${ev.versionsAccepted ? (ev.versionsAccepted as string[]).join(', ') : 'newer versions'}`, ev);
}

/** Intermediates and leaf: the certificates whose keys and signatures matter (a self-signed root's own signature does not). */
function judgedChain(chain: readonly CertificateInfo[]): CertificateInfo[] {
  return chain.filter((c, i) => i === 0 || !c.selfSigned);
}

/** Every problem of the presented certificate, with details for evidence. */
export function certificateProblems(obs: TlsObservation, now: number): { problems: CertificateProblem[]; details: string[] } {
  const problems: CertificateProblem[] = [];
  const details: string[] = [];
  const leaf = obs.chain[0];
  if (!leaf) return { problems, details };
  const from = Date.parse(leaf.validFrom);
  const to = Date.parse(leaf.validTo);
  if (Number.isFinite(to) && now > to) {
    problems.push('expired');
    details.push(`expired on ${leaf.validTo}`);
  }
  if (Number.isFinite(from) && now < from) {
    problems.push('not-yet-valid');
    details.push(`is not valid before ${leaf.validFrom}`);
  }
  if (leaf.selfSigned) {
    problems.push('self-signed');
    details.push('is self-signed');
  }
  const err = obs.trust.error;
  if (obs.trust.authorized === false && !(err && TIME_ERRORS.has(err)) && !(err && SELF_SIGNED_ERRORS.has(err) && leaf.selfSigned)) {
    problems.push('untrusted');
    details.push(`is not trusted by the configured trust store${err ? ` (${err})` : ''}`);
  }
  if (obs.names.length > 0 && !obs.names.some((n) => n.matches)) {
    problems.push('name-mismatch');
    details.push(`does not name ${obs.names.map((n) => n.name).join(' or ')}`);
  }
  for (const c of judgedChain(obs.chain)) {
    // Details read after "certificate ": the leaf's need no subject, an intermediate's do.
    const who = c === leaf ? '' : `has an intermediate "${c.subject}" that `;
    if (['rsa', 'rsa-pss', 'dsa'].includes(c.keyType) && c.keyBits !== undefined && c.keyBits < MIN_RSA_BITS) {
      if (!problems.includes('weak-key')) problems.push('weak-key');
      details.push(`${who}has a ${c.keyBits}-bit ${c.keyType.toUpperCase()} key`);
    }
    if (c.signatureHash && WEAK_SIGNATURE_HASHES.has(c.signatureHash)) {
      if (!problems.includes('weak-signature')) problems.push('weak-signature');
      details.push(`${who}is signed with ${c.signatureAlgorithm}`);
    }
  }
  return { problems, details };
}

/** `tls.certificate`: expired, not yet valid, self-signed, untrusted, wrong name, weak key or SHA-1. */
export function judgeCertificate(obs: TlsObservation, service: ServiceInfo, now: number): CheckResult {
  const na = notTls('tls.certificate', service);
  if (na) return na;
  const leaf = obs.chain[0];
  if (!leaf) {
    return checkResult('tls.certificate', 'inconclusive', `no certificate was seen (${obs.failure?.outcome ?? 'no handshake reached it'})`, protocolEvidence(obs));
  }
  const { problems, details } = certificateProblems(obs, now);
  const ev: Evidence = {
    ...certificateEvidence(leaf),
    ...protocolEvidence(obs),
    trusted: obs.trust.authorized,
    trustError: obs.trust.error ?? null,
    trustSources: obs.trust.sources,
    names: obs.names,
    chain: obs.chain.map((c) => ({ subject: c.subject, issuer: c.issuer, sha256: c.sha256 })),
    problems,
  };
  if (problems.length > 0) return checkResult('tls.certificate', 'fail', `certificate ${details.join('; ')}`, ev);
  if (obs.trust.authorized === null) {
    return checkResult('tls.certificate', 'inconclusive', 'the certificate could not be verified: no handshake completed (a client certificate may be required)', ev);
  }
  return checkResult('tls.certificate', 'pass', `trusted certificate for ${obs.names.filter((n) => n.matches).map((n) => n.name).join(', ')}, valid until ${leaf.validTo}`, ev);
}

/** `tls.certificate-expiring`: the leaf or an intermediate ends within 30 days (or already has). */
export function judgeCertificateExpiring(obs: TlsObservation, service: ServiceInfo, now: number): CheckResult {
  const na = notTls('tls.certificate-expiring', service);
  if (na) return na;
  const leaf = obs.chain[0];
  if (!leaf) return checkResult('tls.certificate-expiring', 'inconclusive', 'no certificate was seen', protocolEvidence(obs));
  const ends = judgedChain(obs.chain)
    .map((c) => ({ c, to: Date.parse(c.validTo) }))
    .filter((e) => Number.isFinite(e.to))
    .sort((a, b) => a.to - b.to);
  const soonest = ends[0];
  if (!soonest) return checkResult('tls.certificate-expiring', 'inconclusive', 'the certificate has no readable end date', certificateEvidence(leaf));
  const daysLeft = Math.floor((soonest.to - now) / DAY_MS);
  const who = soonest.c === leaf ? 'certificate' : `intermediate "${soonest.c.subject}"`;
  const ev: Evidence = { ...certificateEvidence(leaf), expiringCertificate: soonest.c.subject, expiresAt: soonest.c.validTo, daysLeft, thresholdDays: EXPIRY_WARNING_DAYS };
  if (soonest.to < now) return checkResult('tls.certificate-expiring', 'fail', `${who} already expired on ${soonest.c.validTo}`, ev);
  if (soonest.to - now < EXPIRY_WARNING_DAYS * DAY_MS) {
    return checkResult('tls.certificate-expiring', 'fail', `${who} expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${soonest.c.validTo})`, ev);
  }
  return checkResult('tls.certificate-expiring', 'pass', `${who} valid for ${daysLeft} more days`, ev);
}

/**
 * `tls.client-auth-absent` (DICOM TLS only): the handshake completes without a client
 * certificate. Identification's own association over TLS without a client
 * certificate (identification.tlsHandshake.answeredWithoutClientCertificate) is proof too.
 */
export function judgeClientAuth(obs: ClientAuthObservation, service: ServiceInfo): CheckResult {
  if (service.protocol !== 'dicom-tls') {
    return checkResult('tls.client-auth-absent', 'not-applicable', 'client certificates are judged on DICOM TLS services only');
  }
  const tlsId = service.identification.tlsHandshake as { answeredWithoutClientCertificate?: boolean } | undefined;
  const ev: Evidence = { basis: obs.basis, tries: obs.tries, associationWithoutClientCertificate: tlsId?.answeredWithoutClientCertificate ?? null };
  if (obs.verdict === 'not-demanded' || tlsId?.answeredWithoutClientCertificate === true) {
    const why = obs.verdict === 'not-demanded' ? obs.basis : 'an association was answered over TLS without a client certificate';
    return checkResult('tls.client-auth-absent', 'fail', `any client may connect: ${why}`, ev);
  }
  if (obs.verdict === 'demanded') return checkResult('tls.client-auth-absent', 'pass', `client certificate required: ${obs.basis}`, ev);
  return checkResult('tls.client-auth-absent', 'inconclusive', `could not tell whether a client certificate is required: ${obs.basis}`, ev);
}
