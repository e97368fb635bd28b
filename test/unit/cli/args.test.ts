import { describe, expect, it } from 'vitest';
import { aeTitle, aeTitleProblem, calledAe, formatOptions, hostPort, parseCommandArgs, positiveInt, severity, type OptionDef } from '../../../electron/cli/args';
import { UsageError } from '../../../electron/cli/errors';

const DEFS: OptionDef[] = [
  { name: 'ports', type: 'string', value: 'LIST', help: 'ports' },
  { name: 'json', type: 'boolean', help: 'json' },
  { name: 'called-ae', type: 'string', multiple: true, value: 'AE@HOST:PORT', help: 'ae' },
  { name: 'help', short: 'h', type: 'boolean', help: 'help' },
];

/** The UsageError message `fn` throws (fails the test if it throws nothing or something else). */
function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    const msg = (e as Error).message;
    expect(msg).not.toMatch(/\n/);
    return msg;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandArgs', () => {
  it('collects values, repeatable options and positionals', () => {
    const r = parseCommandArgs('scan', ['10.200.0.1', '--ports', '104', '--json', '--called-ae', 'A@h:1', '--called-ae=B@h:2', '10.200.0.2'], DEFS, true);
    expect(r.positionals).toEqual(['10.200.0.1', '10.200.0.2']);
    expect(r.values).toMatchObject({ ports: '104', json: true, 'called-ae': ['A@h:1', 'B@h:2'] });
  });

  it('names an unknown option in one line', () => {
    expect(usage(() => parseCommandArgs('scan', ['--frob'], DEFS, true))).toBe('unknown option --frob for scan (see collimator scan --help)');
  });

  it('says a value is missing, also when the next word looks like an option', () => {
    expect(usage(() => parseCommandArgs('scan', ['--ports'], DEFS, true))).toBe('--ports needs a value (LIST)');
    expect(usage(() => parseCommandArgs('scan', ['--ports', '--json'], DEFS, true))).toBe('--ports needs a value (LIST)');
    expect(usage(() => parseCommandArgs('scan', ['--ports='], DEFS, true))).toBe('--ports needs a value');
  });

  it('refuses a value on a switch', () => {
    expect(usage(() => parseCommandArgs('scan', ['--json=yes'], DEFS, true))).toBe('--json takes no value');
  });

  it('refuses positionals where the command takes none', () => {
    expect(usage(() => parseCommandArgs('lab', ['extra'], DEFS, false))).toBe('lab takes no argument "extra" (see collimator lab --help)');
  });

  it('refuses a single-valued option given twice instead of silently keeping the last', () => {
    expect(usage(() => parseCommandArgs('scan', ['--ports', '1', '--ports', '2'], DEFS, true))).toBe('--ports given more than once');
  });

  it('accepts the short help alias', () => {
    expect(parseCommandArgs('scan', ['-h'], DEFS, true).values.help).toBe(true);
  });
});

describe('value validators', () => {
  it('positiveInt takes whole numbers within bounds only', () => {
    expect(positiveInt('rate', '50', 100, 'per second')).toBe(50);
    expect(usage(() => positiveInt('rate', '0', 100, 'per second'))).toBe('--rate must be between 1 and 100 (per second), not 0');
    expect(usage(() => positiveInt('rate', '101', 100, 'per second'))).toBe('--rate must be between 1 and 100 (per second), not 101');
    for (const bad of ['-1', '1.5', '1e3', 'ten', '0x10', '']) {
      expect(usage(() => positiveInt('rate', bad, 100, 'per second'))).toMatch(/^--rate must be a positive whole number/);
    }
  });

  it('aeTitle trims insignificant spaces and refuses what PS3.5 forbids', () => {
    expect(aeTitle(' ORTHANC ', '--calling-ae')).toBe('ORTHANC');
    expect(aeTitle('A'.repeat(16), '--calling-ae')).toBe('A'.repeat(16));
    expect(aeTitleProblem('A'.repeat(17))).toBe('is 17 characters long (at most 16)');
    expect(aeTitleProblem('   ')).toBe('is empty (or only spaces)');
    expect(aeTitleProblem('')).toBe('is empty (or only spaces)');
    expect(aeTitleProblem('A\\B')).toBe('contains a backslash');
    expect(aeTitleProblem('A\tB')).toBe('contains a control character');
    expect(aeTitleProblem('A\x1bB')).toBe('contains a control character');
    expect(aeTitleProblem('ÄRZTE')).toBe('contains a character outside printable ASCII');
    expect(usage(() => aeTitle('BAD\\AE', '--calling-ae'))).toBe('--calling-ae: AE title "BAD\\\\AE" contains a backslash');
  });

  it('hostPort reads IPv4, names and bracketed IPv6', () => {
    expect(hostPort('10.200.0.5:104', 'x')).toEqual({ host: '10.200.0.5', port: 104 });
    expect(hostPort('PACS.example.org:11112', 'x')).toEqual({ host: 'pacs.example.org', port: 11112 });
    expect(hostPort('[::1]:104', 'x')).toEqual({ host: '::1', port: 104 });
    expect(usage(() => hostPort('::1:104', 'x'))).toBe('x: write an IPv6 address in brackets, e.g. [::1]:104');
    expect(usage(() => hostPort('[::1]104', 'x'))).toBe('x: "[::1]104" is not [IPv6]:PORT');
    expect(usage(() => hostPort('[zz::1]:104', 'x'))).toBe('x: host "zz::1" is not an IPv6 address');
    expect(usage(() => hostPort('host', 'x'))).toBe('x: "host" has no :PORT');
    expect(usage(() => hostPort(':104', 'x'))).toBe('x: has no host');
    expect(usage(() => hostPort('bad_host!:104', 'x'))).toBe('x: host "bad_host!" is not an address or host name');
    expect(usage(() => hostPort('h:0', 'x'))).toBe('x: port 0 is not between 1 and 65535');
    expect(usage(() => hostPort('h:65536', 'x'))).toBe('x: port 65536 is not between 1 and 65535');
    expect(usage(() => hostPort('h:abc', 'x'))).toBe('x: port "abc" is not a number from 1 to 65535');
  });

  it('calledAe splits AE@HOST:PORT at the last @', () => {
    expect(calledAe('ORTHANC@127.0.0.1:4242')).toEqual({ ae: 'ORTHANC', host: '127.0.0.1', port: 4242 });
    expect(calledAe('A@B@[::1]:104')).toEqual({ ae: 'A@B', host: '::1', port: 104 });
    expect(usage(() => calledAe('ORTHANC'))).toBe('--called-ae "ORTHANC" is not AE@HOST:PORT (IPv6 as AE@[::1]:104)');
    expect(usage(() => calledAe('@h:104'))).toBe('--called-ae: AE title "" is empty (or only spaces)');
    expect(usage(() => calledAe('WAY_TOO_LONG_AE_TITLE@h:104'))).toMatch(/is 21 characters long/);
  });

  it('severity knows the five words', () => {
    expect(severity('fail-on', 'HIGH')).toBe('high');
    expect(usage(() => severity('fail-on', 'severe'))).toBe('--fail-on must be one of info, low, medium, high, critical, not "severe"');
  });

  it('formatOptions aligns help in two columns', () => {
    const text = formatOptions(DEFS);
    const lines = text.split('\n');
    expect(lines).toHaveLength(DEFS.length);
    const col = lines.map((l) => l.lastIndexOf(l.trim().split(/\s{2,}/)[1]!));
    expect(new Set(col).size).toBe(1);
    expect(lines[3]).toMatch(/^ {2}-h, --help\s+help$/);
  });
});
