/**
 * TLS material for `scan` (--trust, --tls-cert, --tls-key), read and checked before
 * any traffic: a missing file, a file that is not PEM, an encrypted key or a key that
 * does not belong to the certificate is bad input (exit 2), not a surprise halfway
 * through a scan.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from './errors';

/** PEM text handed to the engine (ProbeOptions.tls). */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

function readText(option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--${option} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate block in `pem`, each parsed to prove it is one. */
function certificates(option: string, file: string, pem: string): X509Certificate[] {
  const blocks = pem.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) throw new UsageError(`--${option} ${file}: no PEM certificate in it (-----BEGIN CERTIFICATE-----)`);
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch {
      throw new UsageError(`--${option} ${file}: certificate ${i + 1} cannot be read`);
    }
  });
}

/** Read the files named by the options; undefined when none was given. */
export function loadTlsMaterial(files: { trust?: string; cert?: string; key?: string }): TlsMaterial | undefined {
  const out: TlsMaterial = {};
  if (files.trust !== undefined) {
    const ca = readText('trust', files.trust);
    certificates('trust', files.trust, ca);
    out.ca = ca;
  }
  if (files.cert !== undefined && files.key !== undefined) {
    const cert = readText('tls-cert', files.cert);
    const key = readText('tls-key', files.key);
    const [leaf] = certificates('tls-cert', files.cert, cert);
    let privateKey;
    try {
      privateKey = createPrivateKey({ key, format: 'pem' });
    } catch (e) {
      const encrypted = /ENCRYPTED|passphrase/i.test(key) || /passphrase/i.test(String(e));
      throw new UsageError(`--tls-key ${files.key}: ${encrypted ? 'the key is encrypted; give an unencrypted PEM key' : 'not a PEM private key'}`);
    }
    if (leaf && !leaf.checkPrivateKey(privateKey)) throw new UsageError(`--tls-key ${files.key} does not belong to the certificate in ${files.cert}`);
    out.cert = cert;
    out.key = key;
  }
  return out.ca === undefined && out.cert === undefined ? undefined : out;
}
