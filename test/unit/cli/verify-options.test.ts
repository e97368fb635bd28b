import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../electron/cli/errors';
import { parseVerifyArgs, VERIFY_OPTIONS } from '../../../electron/cli/verify-options';

function usage(argv: string[]): string {
  try {
    parseVerifyArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).not.toMatch(/\n/);
    return (e as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseVerifyArgs', () => {
  it('takes one HOST:PORT and the probe options of scan', () => {
    const a = parseVerifyArgs(['[::1]:104', '--db', 'x.db', '--json', '--calling-ae', 'MYSCU', '--called-ae', 'PACS@[::1]:104', '--untrusted', '--vantage', ' guest ', '--opt-in', 'web.default-credentials', '--timeout', '1500', '--authorized-public']);
    expect(a).toMatchObject({
      host: '::1', port: 104, db: 'x.db', json: true, callingAe: 'MYSCU', untrusted: true, vantage: 'guest', optIn: ['web.default-credentials'], timeoutMs: 1500, authorizedPublic: true,
      calledAes: [{ ae: 'PACS', host: '::1', port: 104 }],
    });
    const d = parseVerifyArgs(['PACS.local:11112']);
    expect(d.host).toBe('pacs.local');
    expect(d.untrusted).toBeUndefined(); // not given: the earlier scan's kind of vantage
    expect(d.json).toBe(false);
  });

  it('refuses what does not apply to one service, and bad values, in one line', () => {
    expect(usage([])).toMatch(/exactly one HOST:PORT/);
    expect(usage(['a:1', 'b:2'])).toMatch(/exactly one HOST:PORT/);
    expect(usage(['10.200.0.1'])).toMatch(/no :PORT/);
    expect(usage(['10.200.0.1:70000'])).toMatch(/port/);
    expect(usage(['10.200.0.1:104', '--ports', '104'])).toMatch(/unknown option --ports/);
    expect(usage(['10.200.0.1:104', '--fail-on', 'high'])).toMatch(/unknown option --fail-on/);
    expect(usage(['10.200.0.1:104', '--opt-in', 'dicom.query-open'])).toMatch(/not an opt-in check/);
    expect(usage(['10.200.0.1:104', '--tls-cert', 'c.pem'])).toMatch(/go together/);
    expect(usage(['10.200.0.1:104', '--calling-ae', 'A\\B'])).toMatch(/backslash/);
    expect(usage(['10.200.0.1:104', '--timeout', '0'])).toMatch(/--timeout/);
  });

  it('shares the help text of scan for shared options, says what defaults differ', () => {
    const names = VERIFY_OPTIONS.map((o) => o.name);
    expect(names).toEqual(['db', 'json', 'calling-ae', 'called-ae', 'inventory', 'vantage', 'untrusted', 'trust', 'tls-cert', 'tls-key', 'opt-in', 'timeout', 'authorized-public', 'help']);
    expect(VERIFY_OPTIONS.find((o) => o.name === 'vantage')!.help).toMatch(/earlier scan/);
    expect(parseVerifyArgs(['--help']).help).toBe(true);
  });
});
