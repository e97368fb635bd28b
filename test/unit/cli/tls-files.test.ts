import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../electron/cli/errors';
import { loadTlsMaterial } from '../../../electron/cli/tls-files';
import { makeTestPki, whichBinary, type TestPki } from '../../peers/harness';

const noOpenssl = whichBinary('openssl') ? undefined : 'openssl is not installed (needed to make test certificates)';

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).not.toMatch(/\n/);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe.skipIf(noOpenssl)('loadTlsMaterial', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => pki?.remove());

  it('is undefined when no file is named', () => {
    expect(loadTlsMaterial({})).toBeUndefined();
  });

  it('reads a CA file and a matching client certificate and key', () => {
    const m = loadTlsMaterial({ trust: pki.caCert, cert: pki.clientCert, key: pki.clientKey });
    expect(m?.ca).toContain('BEGIN CERTIFICATE');
    expect(m?.cert).toContain('BEGIN CERTIFICATE');
    expect(m?.key).toContain('PRIVATE KEY');
  });

  it('refuses a missing file, a file without certificates, and a key of another certificate', () => {
    expect(usage(() => loadTlsMaterial({ trust: join(pki.dir, 'nope.pem') }))).toBe(`--trust ${join(pki.dir, 'nope.pem')}: cannot read it (ENOENT)`);
    const junk = join(pki.dir, 'junk.pem');
    writeFileSync(junk, 'hello\n');
    expect(usage(() => loadTlsMaterial({ trust: junk }))).toBe(`--trust ${junk}: no PEM certificate in it (-----BEGIN CERTIFICATE-----)`);
    expect(usage(() => loadTlsMaterial({ cert: pki.clientCert, key: junk }))).toBe(`--tls-key ${junk}: not a PEM private key`);
    expect(usage(() => loadTlsMaterial({ cert: pki.clientCert, key: pki.serverKey }))).toBe(`--tls-key ${pki.serverKey} does not belong to the certificate in ${pki.clientCert}`);
    const broken = join(pki.dir, 'broken.pem');
    writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(usage(() => loadTlsMaterial({ trust: broken }))).toBe(`--trust ${broken}: certificate 1 cannot be read`);
  });

  it('refuses an encrypted key', () => {
    const enc = join(pki.dir, 'enc.key');
    execFileSync('openssl', ['pkey', '-in', pki.clientKey, '-aes256', '-passout', 'pass:secret', '-out', enc], { stdio: 'pipe' });
    expect(usage(() => loadTlsMaterial({ cert: pki.clientCert, key: enc }))).toBe(`--tls-key ${enc}: the key is encrypted; give an unencrypted PEM key`);
  });
});
