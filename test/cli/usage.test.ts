/**
 * The command line's contract for bad usage and bad input (shared/spec/cli.md): exit 2,
 * one line on stderr starting `collimator: `, nothing on stdout, no database file
 * created or changed, no scan started. Run as a child process, as a user would.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import { runCli, tempDir } from './spawn';

const tmp = tempDir('usage');
afterAll(() => tmp.rm());
const db = path.join(tmp.dir, 'never', 'scans.db');

const badCsv = path.join(tmp.dir, 'bad.csv');
writeFileSync(badCsv, 'ae_title,host,port,role,description\nPACS,10.200.0.1,104,pacs,ok\nBAD\\AE,10.200.0.2,104,pacs,x\n');
const notPem = path.join(tmp.dir, 'not.pem');
writeFileSync(notPem, 'hello\n');

/** [argv, what stderr must say]: each must exit 2 before anything is written or sent. */
const CASES: Array<[string[], RegExp]> = [
  [[], /^collimator: no command given/],
  [['verify', '127.0.0.1:104', '--db', db], /^collimator: no database at .*: there is no earlier scan of 127\.0\.0\.1:104/],
  [['scan', '--db', db], /needs at least one TARGET/],
  [['scan', '127.0.0.1', '--frobnicate', '--db', db], /unknown option --frobnicate for scan/],
  // Should a refusal ever break, these could only reach a documentation address (RFC 5737) or loopback.
  [['scan', '192.0.2.1', '--db', db], /public .* add --authorized-public/],
  [['scan', '127.0.0.0/8', '--db', db], /larger than a \/16 .* add --allow-large/],
  [['scan', '127.0.0.999', '--db', db], /bad target "127\.0\.0\.999"/],
  [['scan', '127.0.0.1', '--ports', '104,99999', '--db', db], /^collimator: --ports: bad port/],
  [['scan', '127.0.0.1', '--calling-ae', 'WAY_TOO_LONG_CALLING_AE', '--db', db], /--calling-ae: .*\(at most 16\)/],
  [['scan', '127.0.0.1', '--calling-ae', 'A\\B', '--db', db], /--calling-ae: .* backslash/],
  [['scan', '127.0.0.1', '--called-ae', 'PACS@::1:104', '--db', db], /brackets/],
  [['scan', '127.0.0.1', '--inventory', badCsv, '--db', db], /bad\.csv: line 3: AE title .* backslash \(nothing was used\)$/],
  [['scan', '127.0.0.1', '--inventory', path.join(tmp.dir, 'none.csv'), '--db', db], /cannot read it \(ENOENT\)/],
  [['scan', '127.0.0.1', '--trust', notPem, '--db', db], /no PEM certificate/],
  [['scan', '127.0.0.1', '--tls-cert', notPem, '--db', db], /--tls-cert and --tls-key go together/],
  [['scan', '127.0.0.1', '--opt-in', 'dicom.query-open', '--db', db], /is not an opt-in check/],
  [['scan', '127.0.0.1', '--timeout', '0', '--db', db], /--timeout must be between/],
  [['scan', '127.0.0.1', '--concurrency', 'many', '--db', db], /--concurrency must be a positive whole number/],
  [['scan', '127.0.0.1', '--fail-on', 'bad', '--db', db], /--fail-on must be one of/],
  [['lab', '--fail-on', 'high'], /only go with lab --scan/],
  [['lab', '--base-port', '70000'], /--base-port must be between/],
];

describe('bad usage and bad input', () => {
  for (const [argv, message] of CASES) {
    it(`collimator ${argv.join(' ')}`, async () => {
      const r = await runCli(argv, { safeDir: tmp.dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n')).toBe(true);
      const lines = r.stderr.slice(0, -1).split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^collimator: /);
      expect(lines[0]).toMatch(message);
      expect(existsSync(path.dirname(db))).toBe(false);
      expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.db'))).toEqual([]);
    });
  }

  it('refuses a database written by a newer Collimator and leaves it as it was', async () => {
    const newer = path.join(tmp.dir, 'newer.sqlite');
    openStore(newer).close();
    const raw = new Database(newer);
    raw.pragma('user_version = 999');
    raw.close();
    const before = createHash('sha256').update(readFileSync(newer)).digest('hex');
    const r = await runCli(['scan', '127.0.0.1', '--ports', '1', '--db', newer], { safeDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^collimator: .*newer\.sqlite was written by a newer Collimator .*\n$/);
    expect(createHash('sha256').update(readFileSync(newer)).digest('hex')).toBe(before);
    expect(existsSync(`${newer}-wal`)).toBe(false);
  });
});

describe('help and version', () => {
  it('prints help on stdout with exit 0, for the tool and each command', async () => {
    for (const argv of [['--help'], ['scan', '--help'], ['lab', '--help']]) {
      const r = await runCli(argv, { safeDir: tmp.dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage/);
      expect(r.stderr).toBe('');
    }
  });

  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version'], { safeDir: tmp.dir });
    expect(r).toMatchObject({ code: 0, stdout: `collimator ${pkg.version}\n`, stderr: '' });
  });
});
