/**
 * What a server's certificate says, as plain JSON (evidence for `tls.certificate`
 * and `tls.certificate-expiring`). Parsing untrusted DER never throws: a certificate
 * that cannot be read is reported as such.
 */
import { X509Certificate } from 'node:crypto';
import { safePeerText } from '../../../shared/safe-text';
import { certificateSignatureOid, describeSignatureOid } from './der';

/** One certificate, described. Dates are ISO-8601 UTC. */
export interface CertificateInfo {
  /** Subject distinguished name, one line (`CN=pacs.example.org, O=Hospital`). */
  subject: string;
  /** Issuer distinguished name, one line. */
  issuer: string;
  /** Subject alternative names as `DNS:name` / `IP:address` / `URI:...` / `email:...`. */
  subjectAltNames: string[];
  /** Start of validity (notBefore). */
  validFrom: string;
  /** End of validity (notAfter). */
  validTo: string;
  /** Public key algorithm: `rsa`, `rsa-pss`, `ec`, `ed25519`, `ed448`, `dsa`, or `unknown`. */
  keyType: string;
  /** Key size in bits (RSA/DSA modulus, EC curve order size); absent when unknown. */
  keyBits?: number;
  /** Named curve of an EC key, e.g. `prime256v1`. */
  curve?: string;
  /** Signature algorithm name (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`, ...) or its OID when unknown. */
  signatureAlgorithm: string;
  /** Digest of the signature (`sha1`, `sha256`, ...); absent when carried in parameters (RSA-PSS) or intrinsic (EdDSA). */
  signatureHash?: string;
  /** SHA-256 fingerprint of the DER, colon-separated upper-case hex. */
  sha256: string;
  /** Serial number, hex. */
  serialNumber: string;
  /** Subject equals issuer. */
  selfIssued: boolean;
  /** Self-issued and its signature verifies with its own key (a root, or a self-signed leaf). */
  selfSigned: boolean;
  /** basicConstraints CA flag. */
  isCa: boolean;
}

/** Bits of the curves a server may use; others are reported without a size. */
const CURVE_BITS: Readonly<Record<string, number>> = {
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  prime192v1: 192,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

/**
 * Split Node's `subjectAltName` string (`DNS:a, IP Address:1.2.3.4`) into entries;
 * Node quotes values containing commas, so commas inside quotes do not split.
 */
export function splitAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.map((s) => s.replace(/^IP Address:/, 'IP:'));
}

/** Longest distinguished name and subject alternative name kept, characters. */
const MAX_DN = 512;
const MAX_ALT_NAME = 256;
/** Most subject alternative names kept (a certificate may carry thousands). */
const MAX_ALT_NAMES = 64;

/** A DN on one line, made safe where the peer's certificate enters the results. */
function oneLine(dn: string): string {
  return safePeerText(dn.split('\n').filter(Boolean).join(', '), MAX_DN);
}

function isoDate(text: string): string {
  const t = Date.parse(text);
  return Number.isFinite(t) ? new Date(t).toISOString() : text;
}

/** Describe one DER certificate; undefined when the bytes are not a readable certificate. */
export function describeCertificate(der: Buffer): CertificateInfo | undefined {
  let x: X509Certificate;
  try {
    x = new X509Certificate(der);
  } catch {
    return undefined;
  }
  const key = x.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const keyType = key.asymmetricKeyType ?? 'unknown';
  let keyBits = details.modulusLength;
  const curve = details.namedCurve;
  if (keyBits === undefined && curve !== undefined) keyBits = CURVE_BITS[curve];
  if (keyBits === undefined && keyType === 'ed25519') keyBits = 256;
  if (keyBits === undefined && keyType === 'ed448') keyBits = 456;
  const oid = certificateSignatureOid(der);
  const sig = oid ? describeSignatureOid(oid) : { name: 'unknown' };
  const selfIssued = x.subject === x.issuer;
  let selfSigned = false;
  if (selfIssued) {
    try {
      selfSigned = x.verify(key);
    } catch {
      selfSigned = false;
    }
  }
  const info: CertificateInfo = {
    subject: oneLine(x.subject),
    issuer: oneLine(x.issuer),
    subjectAltNames: splitAltNames(x.subjectAltName).slice(0, MAX_ALT_NAMES).map((n) => safePeerText(n, MAX_ALT_NAME)),
    validFrom: isoDate(x.validFrom),
    validTo: isoDate(x.validTo),
    keyType,
    signatureAlgorithm: sig.name,
    sha256: x.fingerprint256,
    serialNumber: x.serialNumber,
    selfIssued,
    selfSigned,
    isCa: x.ca,
  };
  if (keyBits !== undefined) info.keyBits = keyBits;
  if (curve !== undefined) info.curve = curve;
  if (sig.hash !== undefined) info.signatureHash = sig.hash;
  return info;
}
