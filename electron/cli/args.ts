/**
 * Argument parsing shared by every command: node:util parseArgs in strict mode,
 * driven by one declarative option table per command (the same table writes the
 * command's --help, so the two cannot drift apart). Every failure is a UsageError
 * with one line a person can act on; node's own long messages never reach the user.
 */
import { parseArgs } from 'node:util';
import { aeTitleProblem } from '../../shared/ae-title';
import { SEVERITIES, type Severity } from '../../shared/catalog';
import { hostProblem } from '../../shared/host';
import { UsageError } from './errors';

/** One option of a command. */
export interface OptionDef {
  /** Long name without dashes, e.g. `ports`. */
  name: string;
  /** `string` takes a value, `boolean` is a switch. */
  type: 'string' | 'boolean';
  /** May be given several times (values collected in order). */
  multiple?: boolean;
  /** One-letter alias, e.g. `h`. */
  short?: string;
  /** Placeholder shown in help, e.g. `LIST`. */
  value?: string;
  /** One line of help. */
  help: string;
}

/** Parsed command line: option values by name, and the positionals in order. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** The options every command has. */
export const HELP_OPTION: OptionDef = { name: 'help', short: 'h', type: 'boolean', help: 'show this help' };

/**
 * Parse `argv` (the words after the command name) against `defs`.
 * Rejects unknown options, missing values, and a single-valued option given twice
 * (parseArgs would silently keep the last one: a typo'd script should hear about it).
 */
export function parseCommandArgs(command: string, argv: readonly string[], defs: readonly OptionDef[], allowPositionals: boolean): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const d of defs) {
    options[d.name] = { type: d.type, ...(d.multiple ? { multiple: true } : {}), ...(d.short ? { short: d.short } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals, tokens: true });
  } catch (e) {
    throw translateParseError(command, e, defs);
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const def = defs.find((d) => d.name === t.name);
    if (def && !def.multiple && def.type === 'string') {
      if (seen.has(t.name)) throw new UsageError(`--${t.name} given more than once`);
      seen.add(t.name);
    }
    if (def?.type === 'string' && t.value === '') throw new UsageError(`--${t.name} needs a value`);
  }
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
}

/** Turn parseArgs' errors (ERR_PARSE_ARGS_*) into one short line naming the option. */
function translateParseError(command: string, e: unknown, defs: readonly OptionDef[]): UsageError {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  // `'-p, --ports <value>'` -> `--ports`; `'--frob'` -> `--frob`
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? (quoted.split(' ')[0] || 'an option');
  const see = `(see collimator ${command} --help)`;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option} for ${command} ${see}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const def = defs.find((d) => `--${d.name}` === option);
      if (def?.type === 'boolean') return new UsageError(`${option} takes no value`);
      return new UsageError(`${option} needs a value${def?.value ? ` (${def.value})` : ''}`);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`${command} takes no argument ${JSON.stringify(quoted)} ${see}`);
    default:
      return new UsageError(message);
  }
}

/** Help text for the options of a command, aligned in two columns. */
export function formatOptions(defs: readonly OptionDef[]): string {
  const left = defs.map((d) => `${d.short ? `-${d.short}, ` : '    '}--${d.name}${d.value ? ` ${d.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return defs.map((d, i) => `  ${left[i]!.padEnd(width)}${d.help}`).join('\n');
}

// ---- value validators: each returns the typed value or throws a UsageError naming the option ----

/** A single string option's value, or undefined. */
export function str(values: ParsedArgs['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable option's values (empty when not given). */
export function list(values: ParsedArgs['values'], name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : [];
}

export function flag(values: ParsedArgs['values'], name: string): boolean {
  return values[name] === true;
}

/** A whole number in [1, max]; `what` says its unit in the error. */
export function positiveInt(option: string, raw: string, max: number, what: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${option} must be a positive whole number (${what}), not ${JSON.stringify(raw)}`);
  const n = Number(raw.trim());
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError(`--${option} must be between 1 and ${max} (${what}), not ${raw.trim()}`);
  return n;
}

/** A TCP port number, 1-65535. */
export function port(raw: string, where: string): number {
  if (!/^\d{1,5}$/.test(raw)) throw new UsageError(`${where}: port ${JSON.stringify(raw)} is not a number from 1 to 65535`);
  const n = Number(raw);
  if (n < 1 || n > 65535) throw new UsageError(`${where}: port ${n} is not between 1 and 65535`);
  return n;
}

/** The AE title rule is every front's (shared/ae-title.ts). */
export { aeTitleProblem };

/** A valid AE title with its insignificant spaces removed, or a UsageError naming `where`. */
export function aeTitle(raw: string, where: string): string {
  const problem = aeTitleProblem(raw);
  if (problem) throw new UsageError(`${where}: AE title ${JSON.stringify(raw)} ${problem}`);
  return raw.trim();
}

/** Split `HOST:PORT` (IPv6 as `[::1]:104`) into a lower-cased host and a port. */
export function hostPort(raw: string, where: string): { host: string; port: number } {
  let host: string;
  let portText: string;
  if (raw.startsWith('[')) {
    const close = raw.indexOf(']');
    if (close < 0 || raw[close + 1] !== ':') throw new UsageError(`${where}: ${JSON.stringify(raw)} is not [IPv6]:PORT`);
    host = raw.slice(1, close);
    portText = raw.slice(close + 2);
  } else {
    const colon = raw.lastIndexOf(':');
    if (colon < 0) throw new UsageError(`${where}: ${JSON.stringify(raw)} has no :PORT`);
    host = raw.slice(0, colon);
    portText = raw.slice(colon + 1);
    if (host.includes(':')) throw new UsageError(`${where}: write an IPv6 address in brackets, e.g. [::1]:104`);
  }
  const problem = hostProblem(host);
  if (problem) throw new UsageError(`${where}: ${problem}`);
  return { host: host.toLowerCase(), port: port(portText, where) };
}

/** A `--called-ae AE@HOST:PORT` value. The last `@` splits: a host never contains one. */
export function calledAe(raw: string): { ae: string; host: string; port: number } {
  const at = raw.lastIndexOf('@');
  if (at < 0) throw new UsageError(`--called-ae ${JSON.stringify(raw)} is not AE@HOST:PORT (IPv6 as AE@[::1]:104)`);
  const ae = aeTitle(raw.slice(0, at), '--called-ae');
  return { ae, ...hostPort(raw.slice(at + 1), `--called-ae ${raw}`) };
}

/** A severity word (info, low, medium, high, critical). */
export function severity(option: string, raw: string): Severity {
  const s = raw.trim().toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(s)) throw new UsageError(`--${option} must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(raw)}`);
  return s as Severity;
}
