import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../electron/cli/errors';
import { OPT_IN_CHECKS, parseScanArgs, SCAN_OPTIONS, targetTimeoutFor } from '../../../electron/cli/scan-options';
import { CheckSelection } from '../../../shared/check-selection';

function usage(argv: string[]): string {
  try {
    parseScanArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).not.toMatch(/\n/);
    return (e as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseScanArgs', () => {
  it('has defaults for everything not given', () => {
    expect(parseScanArgs(['10.200.1.0/24'])).toEqual({
      help: false,
      targets: ['10.200.1.0/24'],
      json: false,
      all: false,
      calledAes: [],
      untrusted: false,
      optIn: [],
      allowLarge: false,
      authorizedPublic: false,
      selection: CheckSelection.full(),
    });
  });

  it('reads every option', () => {
    const a = parseScanArgs([
      '10.200.0.1', '10.200.1.0/24',
      '--ports', '104,11112',
      '--db', '/tmp/x.db',
      '--json', '--all',
      '--calling-ae', ' AUDIT ',
      '--called-ae', 'PACS@10.200.0.1:104',
      '--called-ae', 'ARCH@[fe80::1]:11112',
      '--inventory', 'nodes.csv',
      '--vantage', 'guest-wifi', '--untrusted',
      '--trust', 'ca.pem', '--tls-cert', 'c.pem', '--tls-key', 'k.pem',
      '--opt-in', 'web.default-credentials',
      '--concurrency', '64', '--rate', '200', '--per-host', '2', '--timeout', '1500',
      '--fail-on', 'high',
      '--allow-large', '--authorized-public',
      '--profile', 'discovery',
    ]);
    expect(a).toEqual({
      help: false,
      targets: ['10.200.0.1', '10.200.1.0/24'],
      ports: '104,11112',
      db: '/tmp/x.db',
      json: true,
      all: true,
      callingAe: 'AUDIT',
      calledAes: [
        { ae: 'PACS', host: '10.200.0.1', port: 104 },
        { ae: 'ARCH', host: 'fe80::1', port: 11112 },
      ],
      inventoryFile: 'nodes.csv',
      vantage: 'guest-wifi',
      untrusted: true,
      trustFile: 'ca.pem',
      tlsCertFile: 'c.pem',
      tlsKeyFile: 'k.pem',
      optIn: ['web.default-credentials'],
      concurrency: 64,
      rate: 200,
      perHost: 2,
      timeoutMs: 1500,
      failOn: 'high',
      allowLarge: true,
      authorizedPublic: true,
      selection: CheckSelection.profile('discovery'),
    });
    expect(a.selection.profile).toBe('discovery');
  });

  it('answers --help without needing targets', () => {
    expect(parseScanArgs(['--help']).help).toBe(true);
    // Options are still checked: a typo next to --help is reported, not ignored.
    expect(usage(['-h', '--bogus'])).toBe('unknown option --bogus for scan (see collimator scan --help)');
  });

  it('needs a target', () => {
    expect(usage([])).toMatch(/^scan needs at least one TARGET/);
    expect(usage(['--json'])).toMatch(/^scan needs at least one TARGET/);
    expect(usage([' '])).toBe('an empty TARGET was given');
  });

  it('refuses each bad value with the option named', () => {
    expect(usage(['h', '--calling-ae', '\\\\bad'])).toMatch(/^--calling-ae: AE title .* contains a backslash$/);
    expect(usage(['h', '--calling-ae', '    '])).toBe('--calling-ae: AE title "    " is empty (or only spaces)');
    expect(usage(['h', '--calling-ae', 'SEVENTEEN_CHARS_X'])).toMatch(/^--calling-ae: .*\(at most 16\)$/);
    expect(usage(['h', '--calling-ae', 'A\x07'])).toMatch(/control character/);
    expect(usage(['h', '--called-ae', 'nope'])).toMatch(/^--called-ae "nope" is not AE@HOST:PORT/);
    expect(usage(['h', '--called-ae', 'A@::1:104'])).toMatch(/brackets/);
    expect(usage(['h', '--called-ae', 'A@h:104', '--called-ae', 'B@h:104'])).toBe('--called-ae gives h:104 two AE titles: A and B');
    expect(usage(['h', '--opt-in', 'dicom.query-open'])).toBe('--opt-in "dicom.query-open" is not an opt-in check (known: web.default-credentials)');
    expect(usage(['h', '--opt-in', 'web.nonsense'])).toMatch(/^--opt-in "web.nonsense" is not an opt-in check/);
    expect(usage(['h', '--tls-cert', 'c.pem'])).toBe('--tls-cert and --tls-key go together: give both or neither');
    expect(usage(['h', '--tls-key', 'k.pem'])).toBe('--tls-cert and --tls-key go together: give both or neither');
    expect(usage(['h', '--vantage', ' '])).toMatch(/^--vantage must be a short label/);
    expect(usage(['h', '--vantage', 'a\nb'])).toMatch(/^--vantage must be a short label/);
    expect(usage(['h', '--concurrency', '0'])).toMatch(/^--concurrency must be between 1 and 4096/);
    expect(usage(['h', '--rate', 'fast'])).toMatch(/^--rate must be a positive whole number/);
    expect(usage(['h', '--timeout', '-5'])).toBe('--timeout needs a value (MS)');
    expect(usage(['h', '--timeout', '600001'])).toMatch(/^--timeout must be between 1 and 600000/);
    expect(usage(['h', '--fail-on', 'severe'])).toMatch(/^--fail-on must be one of info, low, medium, high, critical/);
    expect(usage(['h', '--json=1'])).toBe('--json takes no value');
    expect(usage(['h', '--db'])).toBe('--db needs a value (FILE)');
    expect(usage(['h', '--db', 'a', '--db', 'b'])).toBe('--db given more than once');
    expect(usage(['h', '--allow-larg'])).toBe('unknown option --allow-larg for scan (see collimator scan --help)');
  });

  it('takes opt-in checks repeated or comma-separated, once each', () => {
    expect(parseScanArgs(['h', '--opt-in', 'web.default-credentials,web.default-credentials']).optIn).toEqual(['web.default-credentials']);
  });

  it('accepts the same --called-ae twice', () => {
    expect(parseScanArgs(['h', '--called-ae', 'A@H:1', '--called-ae', 'A@h:1']).calledAes).toEqual([{ ae: 'A', host: 'h', port: 1 }]);
  });
});

describe('scan options table', () => {
  it('names the scope flags and every opt-in check in its help', () => {
    const names = SCAN_OPTIONS.map((o) => o.name);
    for (const n of ['ports', 'db', 'json', 'all', 'calling-ae', 'called-ae', 'inventory', 'vantage', 'untrusted', 'trust', 'tls-cert', 'tls-key', 'opt-in', 'concurrency', 'rate', 'timeout', 'fail-on', 'allow-large', 'authorized-public', 'help']) {
      expect(names).toContain(n);
    }
    expect(OPT_IN_CHECKS).toEqual(['web.default-credentials']);
  });

  it('bounds one service by 20 waits, at least 10 s', () => {
    expect(targetTimeoutFor(100)).toBe(10_000);
    expect(targetTimeoutFor(3_000)).toBe(60_000);
  });
});
