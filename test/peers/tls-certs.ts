/**
 * Certificates for the TLS tests, made at test time with the openssl CLI (never
 * checked in): a test CA and leaves that are valid, expired, not yet valid,
 * self-signed, for another name, expiring in 10 days, RSA-1024 + SHA-1, EC P-256,
 * plus a client certificate. Exact validity dates come from `openssl ca`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from './harness/process';

/** One certificate and its key: file paths and PEM text. */
export interface CertFiles {
  cert: string;
  key: string;
  certPem: string;
  keyPem: string;
}

/** Every certificate the TLS tests use. Leaves are signed by `ca` unless said otherwise. */
export interface CertSet {
  dir: string;
  ca: CertFiles;
  /** SAN IP:127.0.0.1, DNS:localhost; 200 days. */
  valid: CertFiles;
  /** Ended on 2021-01-01. */
  expired: CertFiles;
  /** Starts in 2099. */
  notYetValid: CertFiles;
  /** Self-signed, SAN 127.0.0.1/localhost. */
  selfSigned: CertFiles;
  /** Valid, but for pacs.other.example only. */
  otherName: CertFiles;
  /** Valid for 127.0.0.1, ends in 10 days. */
  expiring: CertFiles;
  /** RSA-1024 key, SHA-1 signature, for 127.0.0.1. */
  weak: CertFiles;
  /** EC P-256 key (signed by the RSA CA with SHA-256), for 127.0.0.1. */
  ec: CertFiles;
  /** Client certificate (clientAuth) for DICOM TLS. */
  client: CertFiles;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 30_000 });
}

/** YYYYMMDDHHMMSSZ (what `openssl ca -startdate/-enddate` takes) for a Date. */
function asn1Time(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

const SERVER_SAN = 'subjectAltName=IP:127.0.0.1,DNS:localhost';

/** Make the whole set in a fresh temp dir (about a second). */
export function makeCertSet(): CertSet {
  const dir = makeTempDir('certs');
  const p = (f: string): string => join(dir, f);
  const files = (name: string): CertFiles => ({
    cert: p(`${name}.crt`),
    key: p(`${name}.key`),
    certPem: readFileSync(p(`${name}.crt`), 'utf8'),
    keyPem: readFileSync(p(`${name}.key`), 'utf8'),
  });
  try {
    mkdirSync(p('db'));
    writeFileSync(p('db/index.txt'), '');
    writeFileSync(p('db/serial'), '1000\n');
    writeFileSync(
      p('ca.cnf'),
      [
        '[ ca ]',
        'default_ca = lab',
        '[ lab ]',
        `database = ${p('db/index.txt')}`,
        `new_certs_dir = ${p('db')}`,
        `serial = ${p('db/serial')}`,
        'default_md = sha256',
        'policy = any',
        'unique_subject = no',
        'copy_extensions = copy',
        'email_in_dn = no',
        '[ any ]',
        'commonName = supplied',
        '',
      ].join('\n'),
    );
    openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '400', '-sha256',
      '-subj', '/CN=Collimator Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);

    const now = Date.now();
    const day = 86_400_000;
    // One RSA-2048 key shared by the ordinary leaves: key generation is the slow part.
    openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', p('shared.key')]);
    const leaf = (name: string, opts: { cn: string; san: string; key?: string[]; from: Date; to: Date; md?: string; eku?: string }): void => {
      if (opts.key) {
        openssl(dir, ['req', ...opts.key, '-nodes', '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', `/CN=${opts.cn}`,
          '-addext', opts.san, '-addext', `extendedKeyUsage=${opts.eku ?? 'serverAuth'}`]);
      } else {
        copyFileSync(p('shared.key'), p(`${name}.key`));
        openssl(dir, ['req', '-new', '-key', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', `/CN=${opts.cn}`,
          '-addext', opts.san, '-addext', `extendedKeyUsage=${opts.eku ?? 'serverAuth'}`]);
      }
      openssl(dir, ['ca', '-batch', '-config', p('ca.cnf'), '-cert', p('ca.crt'), '-keyfile', p('ca.key'), '-in', p(`${name}.csr`),
        '-out', p(`${name}.crt`), '-notext', '-md', opts.md ?? 'sha256', '-startdate', asn1Time(opts.from), '-enddate', asn1Time(opts.to)]);
    };
    const yesterday = new Date(now - day);
    leaf('valid', { cn: 'localhost', san: SERVER_SAN, from: yesterday, to: new Date(now + 200 * day) });
    leaf('expired', { cn: 'localhost', san: SERVER_SAN, from: new Date('2020-01-01T00:00:00Z'), to: new Date('2021-01-01T00:00:00Z') });
    leaf('notyet', { cn: 'localhost', san: SERVER_SAN, from: new Date('2099-01-01T00:00:00Z'), to: new Date('2099-12-31T00:00:00Z') });
    leaf('other', { cn: 'pacs.other.example', san: 'subjectAltName=DNS:pacs.other.example', from: yesterday, to: new Date(now + 200 * day) });
    leaf('expiring', { cn: 'localhost', san: SERVER_SAN, from: yesterday, to: new Date(now + 10 * day + 3_600_000) });
    leaf('weak', { cn: 'localhost', san: SERVER_SAN, key: ['-newkey', 'rsa:1024'], md: 'sha1', from: yesterday, to: new Date(now + 200 * day) });
    leaf('ec', { cn: 'localhost', san: SERVER_SAN, key: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'], from: yesterday, to: new Date(now + 200 * day) });
    leaf('client', { cn: 'Collimator Test Client', san: 'subjectAltName=DNS:client.test', eku: 'clientAuth', from: yesterday, to: new Date(now + 200 * day) });
    openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('self.key'), '-out', p('self.crt'), '-days', '200', '-sha256',
      '-subj', '/CN=localhost', '-addext', SERVER_SAN]);
  } catch (e) {
    removeTempDir(dir);
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? String(e);
    throw new Error(`tls-certs: openssl failed: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return {
    dir,
    ca: files('ca'),
    valid: files('valid'),
    expired: files('expired'),
    notYetValid: files('notyet'),
    selfSigned: files('self'),
    otherName: files('other'),
    expiring: files('expiring'),
    weak: files('weak'),
    ec: files('ec'),
    client: files('client'),
    remove: () => removeTempDir(dir),
  };
}

/** DER bytes of a PEM certificate. */
export function pemToDer(pem: string): Buffer {
  const b64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return Buffer.from(b64, 'base64');
}
