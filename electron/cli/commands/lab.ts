/**
 * `collimator lab`: start the built-in practice lab (real DICOM and web servers with
 * known weaknesses, on 127.0.0.1 only), print what runs where and what a scan should
 * find, and the exact `collimator scan` command to try; keep it up until Ctrl-C or
 * SIGTERM, then stop every server and exit 0.
 *
 * `--scan` is the one-command demo: start the lab, scan it with that same command
 * line, print the report, stop the lab.
 */
import { serverKey } from '../../../shared/host';
import type { PracticeLab } from '../../practice-lab/practice';
import { flag, formatOptions, HELP_OPTION, parseCommandArgs, positiveInt, severity, str, type OptionDef } from '../args';
import { EXIT, UsageError } from '../errors';
import type { CliIO } from '../io';
import { clean } from '../output/text';
import { quietDicomLibrary } from '../../practice-lab/quiet';

export const LAB_OPTIONS: readonly OptionDef[] = [
  { name: 'json', type: 'boolean', help: 'print the lab (servers, targets, ports, AE titles, scan command) as one JSON document' },
  { name: 'scan', type: 'boolean', help: 'scan the lab once, print the report, stop the lab' },
  { name: 'base-port', type: 'string', value: 'PORT', help: 'first port of the lab servers [chosen by the lab]' },
  { name: 'db', type: 'string', value: 'FILE', help: "with --scan: the SQLite database [the app's default location]" },
  { name: 'fail-on', type: 'string', value: 'SEVERITY', help: 'with --scan: exit 1 if any check fails at or above it' },
  HELP_OPTION,
];

export function labHelp(): string {
  return [
    'Usage: collimator lab [options]',
    '',
    'Starts real DICOM and web servers with known weaknesses on 127.0.0.1, prints what',
    'runs where and what a scan should find, and waits until Ctrl-C.',
    '',
    'Options:',
    formatOptions(LAB_OPTIONS),
    '',
  ].join('\n');
}

/** The argv of `collimator scan` that scans this lab (without the command name). */
export function labScanArgv(lab: Pick<PracticeLab, 'targets' | 'ports' | 'calledAes'>): string[] {
  const argv = [...lab.targets, '--ports', lab.ports.join(',')];
  for (const c of lab.calledAes) argv.push('--called-ae', `${c.aet}@${serverKey(c)}`);
  return argv;
}

/** A word quoted for a POSIX shell when it needs to be. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./[\]-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function renderLab(lab: PracticeLab): string {
  const lines = ['Collimator practice lab, on this machine only:', ''];
  for (const s of lab.servers) {
    const where = serverKey(s);
    lines.push(clean(`  ${where}  ${s.name}${s.aet ? `  (AE ${s.aet})` : ''}`));
    lines.push(clean(`      ${s.description}`));
    lines.push(clean(`      a scan should find: ${s.expected}`), '');
  }
  lines.push('Scan it with:', `  collimator scan ${labScanArgv(lab).map(shellQuote).join(' ')}`, '', 'The lab runs until Ctrl-C.', '');
  return lines.join('\n');
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  quietDicomLibrary();
  const { values } = parseCommandArgs('lab', argv, LAB_OPTIONS, false);
  if (flag(values, 'help')) {
    io.stdout.write(labHelp());
    return EXIT.ok;
  }
  const json = flag(values, 'json');
  const scan = flag(values, 'scan');
  const db = str(values, 'db');
  const failOnRaw = str(values, 'fail-on');
  if (!scan && (db !== undefined || failOnRaw !== undefined)) throw new UsageError('--db and --fail-on only go with lab --scan');
  const failOn = failOnRaw === undefined ? undefined : severity('fail-on', failOnRaw);
  // Loaded only now: the lab's servers pull in the DICOM library, slow to load for a usage error.
  const { PRACTICE_SERVER_COUNT, startPracticeLab } = await import('../../practice-lab/practice');
  const basePortRaw = str(values, 'base-port');
  const basePort =
    basePortRaw === undefined
      ? undefined
      : positiveInt('base-port', basePortRaw, 65_536 - PRACTICE_SERVER_COUNT, `the first of ${PRACTICE_SERVER_COUNT} consecutive TCP ports`);

  let lab: PracticeLab;
  try {
    lab = await startPracticeLab({ host: '127.0.0.1', ...(basePort === undefined ? {} : { basePort }) });
  } catch (e) {
    // The lab names the port it could not take; with --base-port that is the user's choice.
    const msg = e instanceof Error ? e.message : String(e);
    if (/already in use/.test(msg)) throw new UsageError(`${msg}; pick other ports with --base-port`);
    throw e;
  }

  try {
    if (scan) {
      const scanArgv = labScanArgv(lab);
      if (json) scanArgv.push('--json');
      if (db !== undefined) scanArgv.push('--db', db);
      if (failOn !== undefined) scanArgv.push('--fail-on', failOn);
      if (!json) io.stderr.write(`scanning the lab: collimator scan ${scanArgv.map(shellQuote).join(' ')}\n`);
      const { run: runScan } = await import('./scan');
      return await runScan(scanArgv, io);
    }
    // Catch the signals before telling anyone the lab is up: whoever reads the
    // description may press Ctrl-C (or send SIGTERM) at once, and an uncaught one
    // would kill the process with the servers' sockets open.
    const stopped = new Promise<void>((resolve) => {
      const off = io.onSignal(['SIGINT', 'SIGTERM'], () => {
        off();
        resolve();
      });
    });
    if (json) {
      const argvForScan = labScanArgv(lab);
      const doc = { servers: lab.servers, targets: lab.targets, ports: lab.ports, calledAes: lab.calledAes, scanArgv: argvForScan, command: `collimator scan ${argvForScan.map(shellQuote).join(' ')}` };
      io.stdout.write(`${JSON.stringify(doc)}\n`);
    } else {
      io.stdout.write(renderLab(lab));
    }
    await stopped;
    if (!json) io.stderr.write('stopping the lab...\n');
    return EXIT.ok;
  } finally {
    // Keep the signals caught while the servers stop: a second Ctrl-C must not leave them orphaned.
    const off = io.onSignal(['SIGINT', 'SIGTERM'], () => undefined);
    try {
      await lab.stop();
    } finally {
      off();
    }
  }
}
