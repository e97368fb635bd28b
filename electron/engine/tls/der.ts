/**
 * Just enough DER to read what node:crypto's X509Certificate does not expose in
 * Node 20: the certificate's outer signature algorithm (PS3.15 asks for it, and a
 * SHA-1 signature is a `tls.certificate` fail). Reads untrusted bytes: every length
 * is checked against the buffer, nothing throws, `undefined` means "could not read".
 */

/** One DER element: tag byte and the bounds of its contents within the buffer. */
interface Tlv {
  tag: number;
  /** Offset of the first content byte. */
  start: number;
  /** Offset just past the last content byte. */
  end: number;
}

/** Read the element at `pos`, or undefined if it does not fit in `[pos, limit)`. */
function readTlv(buf: Buffer, pos: number, limit: number): Tlv | undefined {
  if (pos + 2 > limit) return undefined;
  const tag = buf[pos]!;
  // Multi-byte tags never occur in the parts of a certificate read here.
  if ((tag & 0x1f) === 0x1f) return undefined;
  let len = buf[pos + 1]!;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    // Four length bytes already cover any certificate; more is garbage.
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i += 1) len = len * 256 + buf[start + i]!;
    start += n;
  }
  const end = start + len;
  return end <= limit ? { tag, start, end } : undefined;
}

/** Dotted form of an OBJECT IDENTIFIER's content bytes. */
function decodeOid(bytes: Buffer): string | undefined {
  if (bytes.length === 0 || bytes.length > 64) return undefined;
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return undefined;
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  return parts.length >= 2 ? parts.join('.') : undefined;
}

const SEQUENCE = 0x30;
const OID = 0x06;

/**
 * The OID of Certificate.signatureAlgorithm (RFC 5280 4.1.1.2): the second element of
 * the outer SEQUENCE. undefined when the bytes are not a certificate's shape.
 */
export function certificateSignatureOid(der: Buffer): string | undefined {
  const cert = readTlv(der, 0, der.length);
  if (!cert || cert.tag !== SEQUENCE) return undefined;
  const tbs = readTlv(der, cert.start, cert.end);
  if (!tbs || tbs.tag !== SEQUENCE) return undefined;
  const algId = readTlv(der, tbs.end, cert.end);
  if (!algId || algId.tag !== SEQUENCE) return undefined;
  const oid = readTlv(der, algId.start, algId.end);
  if (!oid || oid.tag !== OID) return undefined;
  return decodeOid(der.subarray(oid.start, oid.end));
}

/** Signature algorithms by OID, with the digest they use (undefined where the digest is in the parameters or intrinsic). */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, { name: string; hash?: string }>> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-sha256', hash: 'sha256' },
  '1.3.101.112': { name: 'ED25519' },
  '1.3.101.113': { name: 'ED448' },
};

/** Name and digest of a signature algorithm OID; an unknown OID is reported as itself. */
export function describeSignatureOid(oid: string): { name: string; hash?: string } {
  return SIGNATURE_ALGORITHMS[oid] ?? { name: oid };
}
