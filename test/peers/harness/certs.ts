/**
 * A throw-away PKI for TLS real-peer tests, made with the openssl CLI: one CA, a
 * server certificate for 127.0.0.1/localhost, and a client certificate, all
 * signed by that CA. Keys are unencrypted (DCMTK and Orthanc want them so).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from './process';

/** PEM file paths of a test PKI. */
export interface TestPki {
  /** Directory holding every file below. */
  dir: string;
  caCert: string;
  caKey: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
  /** Remove the directory. */
  remove(): void;
}

/** Options of makeTestPki(). */
export interface TestPkiOptions {
  /** RSA key size in bits for every key; default 2048. */
  keyBits?: number;
  /** Validity of the leaf certificates in days; default 30. */
  days?: number;
  /** Signature digest, e.g. 'sha256' (default) or 'sha1' for a weak-signature case. */
  digest?: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 30_000 });
}

/** Make a CA, a server certificate (SAN 127.0.0.1, localhost) and a client certificate. */
export function makeTestPki(opts: TestPkiOptions = {}): TestPki {
  const dir = makeTempDir('pki');
  const bits = String(opts.keyBits ?? 2048);
  const days = String(opts.days ?? 30);
  const md = `-${opts.digest ?? 'sha256'}`;
  const p = (f: string): string => join(dir, f);
  try {
    openssl(dir, ['req', '-x509', '-newkey', `rsa:${bits}`, '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'),
      '-days', '60', md, '-subj', '/CN=Collimator Lab CA']);
    writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    writeFileSync(p('client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const [leaf, cn] of [['server', 'localhost'], ['client', 'Collimator Lab Client']] as const) {
      openssl(dir, ['req', '-newkey', `rsa:${bits}`, '-nodes', '-keyout', p(`${leaf}.key`), '-out', p(`${leaf}.csr`),
        '-subj', `/CN=${cn}`]);
      openssl(dir, ['x509', '-req', '-in', p(`${leaf}.csr`), '-CA', p('ca.crt'), '-CAkey', p('ca.key'),
        '-CAcreateserial', '-out', p(`${leaf}.crt`), '-days', days, md, '-extfile', p(`${leaf}.ext`)]);
    }
  } catch (e) {
    removeTempDir(dir);
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? String(e);
    throw new Error(`peers: openssl failed making the test PKI: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return {
    dir,
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    serverKey: p('server.key'),
    serverCert: p('server.crt'),
    clientKey: p('client.key'),
    clientCert: p('client.crt'),
    remove: () => removeTempDir(dir),
  };
}
