/**
 * The options of `collimator verify HOST:PORT` (../shared/spec/cli.md): `--db`, `--json`
 * and the probe options of `scan` (their help text is scan's own). Sweep bounds and
 * --fail-on do not apply to one service. Pure: words in, typed values out.
 */
import type { CheckId } from '../../shared/catalog';
import { aeTitle, flag, HELP_OPTION, hostPort, parseCommandArgs, positiveInt, str, type OptionDef } from './args';
import { UsageError } from './errors';
import { MAX_TIMEOUT_MS, probeOptionValues, SCAN_OPTIONS, type CalledAeArg } from './scan-options';

const TAKEN = ['db', 'json', 'calling-ae', 'called-ae', 'inventory', 'vantage', 'untrusted', 'trust', 'tls-cert', 'tls-key', 'opt-in', 'timeout', 'authorized-public'];

export const VERIFY_OPTIONS: readonly OptionDef[] = [
  ...TAKEN.map((name) => {
    const def = SCAN_OPTIONS.find((o) => o.name === name);
    if (!def) throw new Error(`scan has no option --${name}`);
    if (name === 'vantage') return { ...def, help: "where this re-probe runs from [the earlier scan's vantage]" };
    if (name === 'untrusted') return { ...def, help: 'this network is untrusted [as the earlier scan]; it must match the earlier scan' };
    if (name === 'inventory') return { ...def, help: 'CSV of known DICOM nodes [the inventory stored in the database]' };
    return def;
  }),
  HELP_OPTION,
];

/** Validated `verify` command line. Undefined means "not given". */
export interface VerifyArgs {
  help: boolean;
  host: string;
  port: number;
  db?: string;
  json: boolean;
  callingAe?: string;
  calledAes: CalledAeArg[];
  inventoryFile?: string;
  vantage?: string;
  /** True when --untrusted was given; undefined: as the earlier scan. */
  untrusted?: true;
  trustFile?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  optIn: CheckId[];
  timeoutMs?: number;
  authorizedPublic: boolean;
}

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  const { values, positionals } = parseCommandArgs('verify', argv, VERIFY_OPTIONS, true);
  const empty: VerifyArgs = { help: false, host: '', port: 0, json: false, calledAes: [], optIn: [], authorizedPublic: false };
  if (flag(values, 'help')) return { ...empty, help: true };
  if (positionals.length !== 1) throw new UsageError('verify needs exactly one HOST:PORT, the service to re-probe (IPv6 as [::1]:104)');
  const target = hostPort(positionals[0]!.trim(), 'verify');

  const { calledAes, optIn, tlsCertFile, tlsKeyFile, vantage } = probeOptionValues(values);
  const callingRaw = str(values, 'calling-ae');
  const timeout = str(values, 'timeout');
  const args: VerifyArgs = { ...empty, host: target.host, port: target.port, json: flag(values, 'json'), calledAes, optIn, authorizedPublic: flag(values, 'authorized-public') };
  const set = <K extends keyof VerifyArgs>(k: K, v: VerifyArgs[K] | undefined): void => {
    if (v !== undefined) args[k] = v;
  };
  set('db', str(values, 'db'));
  set('callingAe', callingRaw === undefined ? undefined : aeTitle(callingRaw, '--calling-ae'));
  set('inventoryFile', str(values, 'inventory'));
  set('vantage', vantage);
  set('untrusted', flag(values, 'untrusted') ? true : undefined);
  set('trustFile', str(values, 'trust'));
  set('tlsCertFile', tlsCertFile);
  set('tlsKeyFile', tlsKeyFile);
  set('timeoutMs', timeout === undefined ? undefined : positiveInt('timeout', timeout, MAX_TIMEOUT_MS, 'milliseconds'));
  return args;
}
