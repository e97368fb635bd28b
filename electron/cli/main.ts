/**
 * `collimator`: the command-line front of the engine (../shared/spec/cli.md).
 * Finds the command, runs it, and turns errors into the exit-code contract:
 * a UsageError is bad usage or bad input (exit 2, one line on stderr); anything
 * else escaping a command is a bug (exit 3, one line naming it).
 */
import { COMMANDS, findCommand } from './commands/index';
import { EXIT, oneLine, UsageError } from './errors';
import { processIO, type CliIO } from './io';

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length)) + 2;
  return [
    'collimator: find DICOM (medical imaging) services on your own networks and check what they expose',
    '',
    'Usage:',
    ...COMMANDS.map((c) => `  collimator ${c.usage.padEnd(width)}${c.summary}`),
    '',
    '  collimator COMMAND --help     options of a command',
    '  collimator --version          the version',
    '',
    'Exit codes: 0 done, 1 done but a check failed at or above --fail-on,',
    '2 bad usage or bad input (nothing written), 130 interrupted (Ctrl-C), 3 internal error.',
    '',
  ].join('\n');
}

/** Run the command line `argv` (without node and the script). Resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) throw new UsageError('no command given (see collimator --help)');
    if (first === '--help' || first === '-h') {
      io.stdout.write(mainHelp());
      return EXIT.ok;
    }
    if (first === 'help') {
      // `collimator help scan` is `collimator scan --help`.
      if (rest[0] === undefined) {
        io.stdout.write(mainHelp());
        return EXIT.ok;
      }
      return await run([rest[0], '--help'], io);
    }
    if (first === '--version' || first === '-V') {
      const { TOOL_VERSION } = await import('../engine/scan');
      io.stdout.write(`collimator ${TOOL_VERSION}\n`);
      return EXIT.ok;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option ${first} (options go after the command; see collimator --help)`);
    const command = findCommand(first);
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(first)} (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see collimator --help)`);
    const mod = await command.load();
    return await mod.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`collimator: ${e.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`collimator: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    if (process.env.COLLIMATOR_DEBUG && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return EXIT.internal;
  }
}
