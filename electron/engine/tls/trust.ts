/**
 * What "trusted" means for `tls.certificate`: Node's bundled Mozilla roots, plus the
 * operating system's CA bundle where there is one (hospitals add their own CA
 * there), plus the CAs the user gave with `--trust`. And whether a certificate
 * names the host the user targeted (X509_check_host / X509_check_ip).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { nodeTls } from '../lazy-node';

/** Where the common Linux/BSD/macOS distributions keep the system CA bundle. */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // RHEL, Fedora
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/ssl/cert.pem', // macOS, Alpine, BSD
];

let systemBundle: string | null | undefined;

/** The first readable system CA bundle (PEM text), read once; null when there is none (Windows). */
export function systemCaBundle(): string | null {
  if (systemBundle !== undefined) return systemBundle;
  systemBundle = null;
  for (const path of SYSTEM_BUNDLES) {
    try {
      const text = readFileSync(path, 'utf8');
      if (text.includes('-----BEGIN CERTIFICATE-----')) {
        systemBundle = text;
        break;
      }
    } catch {
      /* not on this system */
    }
  }
  return systemBundle;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
/** A PEM certificate without its whitespace, for comparison. */
const squeeze = (pem: string): string => pem.replace(/\s+/g, '');

let systemExtra: string[] | undefined;

/** Certificates of the system bundle that Node's bundled roots do not already hold (a hospital's own CA). */
function systemExtraCas(): string[] {
  if (systemExtra) return systemExtra;
  const sys = systemCaBundle();
  if (!sys) return (systemExtra = []);
  const bundled = new Set(nodeTls().rootCertificates.map(squeeze));
  systemExtra = (sys.match(PEM_BLOCK) ?? []).filter((pem) => !bundled.has(squeeze(pem)));
  return systemExtra;
}

/**
 * Trust beyond Node's bundled roots: the system bundle's own additions and `--trust`.
 * Undefined when there is none, so a chain the bundled roots do not trust is untrusted.
 */
export function extraTrust(extraPem?: string): string[] | undefined {
  const list = [...systemExtraCas()];
  if (extraPem && extraPem.trim()) list.push(extraPem);
  return list.length ? list : undefined;
}

/** The CA list handed to tls.connect: bundled roots, the system bundle's additions, and `--trust` PEM text. */
export function trustedCas(extraPem?: string): string[] {
  return [...nodeTls().rootCertificates, ...(extraTrust(extraPem) ?? [])];
}

/** Where the trust list came from, for evidence. */
export function trustSources(extraPem?: string): string[] {
  const out = ['node-bundled-roots'];
  if (systemCaBundle()) out.push('system-ca-bundle');
  if (extraPem && extraPem.trim()) out.push('--trust');
  return out;
}

/**
 * True when the DER certificate is valid for `name` (a host name or an IP literal),
 * by the rules browsers and OpenSSL clients apply: SAN first, CN only without DNS SANs.
 */
export function certificateMatchesName(der: Buffer, name: string): boolean {
  try {
    const x = new X509Certificate(der);
    const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
    if (isIP(bare)) return x.checkIP(bare) !== undefined;
    return x.checkHost(bare) !== undefined;
  } catch {
    return false;
  }
}
