/**
 * The command registry: one line per command, one file per command under commands/.
 * Modules load lazily, so `collimator lab --help` does not pay for (or depend on) the
 * scanner, and a later command (verify, signoff, cosign, records, keys) slots in as a
 * new file plus a line here.
 */
import type { CliIO } from '../io';

/** A command's entry point: the words after its name in, an exit code out. */
export type CommandRun = (argv: readonly string[], io: CliIO) => Promise<number>;

export interface CommandInfo {
  name: string;
  /** Usage shown in `collimator --help`, e.g. `scan TARGET... [options]`. */
  usage: string;
  /** One line: what it does. */
  summary: string;
  load(): Promise<{ run: CommandRun }>;
}

export const COMMANDS: readonly CommandInfo[] = [
  { name: 'scan', usage: 'scan TARGET... [options]', summary: 'discover DICOM and web services and run the checks', load: () => import('./scan') },
  { name: 'verify', usage: 'verify HOST:PORT [options]', summary: 're-probe one service and compare with its latest scan: fixed, still failing, regressed', load: () => import('./verify') },
  { name: 'signoff', usage: 'signoff HOST:PORT [options]', summary: 'sign a remediation record of one service (findings, steps, verification)', load: () => import('./signoff') },
  { name: 'cosign', usage: 'cosign ID [options]', summary: "add a reviewer's signature to a record", load: () => import('./cosign') },
  { name: 'records', usage: 'records list|export|verify ...', summary: 'the signed records: list, export (json, pdf, csv), verify a file offline', load: () => import('./records') },
  { name: 'keys', usage: 'keys new --out FILE [--org]', summary: 'make an operator (or organisation) key pair (passphrase-protected key file)', load: () => import('./keys') },
  { name: 'trust', usage: 'trust new|add|revoke|show ...', summary: 'a signed trust list of known operators, for records verify --trust-list', load: () => import('./trust') },
  { name: 'lab', usage: 'lab [--json] [--scan]', summary: 'start the built-in practice lab on 127.0.0.1 and print its addresses', load: () => import('./lab') },
  { name: 'peers', usage: 'peers FILE... [--format F] [--since DATE] [--db FILE] [--json]', summary: 'learn the DICOM peers of your servers from their logs or a capture (passive)', load: () => import('./peers') },
  { name: 'export', usage: 'export --format navigator|defectdojo|csv --out FILE', summary: 'the findings for other tools: an ATT&CK Navigator layer, a DefectDojo import file', load: () => import('./export') },
  { name: 'import', usage: 'import FILE... [options]', summary: 'import Censys, Shodan or nmap XML exports as outside observations; --reconcile compares them with the inside scans', load: () => import('./import') },
];

export function findCommand(name: string): CommandInfo | undefined {
  return COMMANDS.find((c) => c.name === name);
}
