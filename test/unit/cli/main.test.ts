import { describe, expect, it } from 'vitest';
import { run } from '../../../electron/cli/main';
import { memoryIO } from './memory-io';

async function runIO(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('collimator dispatcher', () => {
  it('prints the command list on --help, -h and help', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await runIO(argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/collimator scan TARGET\.\.\. \[options\]/);
      expect(r.out).toMatch(/collimator lab/);
      expect(r.err).toBe('');
    }
  });

  it('lists every command, the signed-records ones too', async () => {
    const r = await runIO(['--help']);
    for (const usage of ['signoff HOST:PORT [options]', 'cosign ID [options]', 'records list|export|verify ...', 'keys new --out FILE']) expect(r.out).toContain(`collimator ${usage}`);
    expect(r.out).toMatch(/collimator verify HOST:PORT \[options\]/);
  });

  it('answers --version with the tool version', async () => {
    const r = await runIO(['--version']);
    expect(r).toEqual({ code: 0, out: 'collimator 0.1.0\n', err: '' });
  });

  it('gives each command its own help', async () => {
    const scan = await runIO(['scan', '--help']);
    expect(scan.code).toBe(0);
    expect(scan.out).toMatch(/^Usage: collimator scan TARGET\.\.\. \[options\]/);
    expect(scan.out).toMatch(/--authorized-public/);
    expect(scan.out).toMatch(/--allow-large/);
    expect(await runIO(['help', 'scan'])).toEqual(scan);
    const lab = await runIO(['lab', '-h']);
    expect(lab.code).toBe(0);
    expect(lab.out).toMatch(/^Usage: collimator lab/);
  });

  it('answers bad usage with exit 2 and exactly one stderr line', async () => {
    const cases: Array<[string[], string]> = [
      [[], 'collimator: no command given (see collimator --help)\n'],
      [['verify', '127.0.0.1'], 'collimator: verify: "127.0.0.1" has no :PORT\n'],
      [['--json'], 'collimator: unknown option --json (options go after the command; see collimator --help)\n'],
      [['help', 'frobnicate'], 'collimator: unknown command "frobnicate" (commands: scan, verify, signoff, cosign, records, keys, trust, lab, peers, export, import; see collimator --help)\n'],
      [['signoff', '127.0.0.1'], 'collimator: signoff: "127.0.0.1" has no :PORT\n'],
      [['scan'], 'collimator: scan needs at least one TARGET: an address, a CIDR block, a range like 10.0.0.1-10.0.0.40, or a host name\n'],
      [['lab', '--frob'], 'collimator: unknown option --frob for lab (see collimator lab --help)\n'],
    ];
    for (const [argv, err] of cases) {
      expect(await runIO(argv)).toEqual({ code: 2, out: '', err });
    }
  });
});
