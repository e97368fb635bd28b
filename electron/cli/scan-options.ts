/**
 * The options of `collimator scan` (../shared/spec/cli.md): one table that both parses
 * and writes the help, and `parseScanArgs`, a pure function from the words after
 * `scan` to typed, validated values. Files are read later (scan-prepare.ts, with
 * inventory-csv.ts and tls-files.ts); port lists and targets are the engine's to parse
 * (it owns scope rules).
 */
import { CATALOG, CHECK_IDS, isCheckId, type CheckId, type Severity } from '../../shared/catalog';
import { CheckSelectionError, PROFILES, selectionFrom, type CheckSelection } from '../../shared/check-selection';
import { DEFAULT_CONCURRENCY, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IO_TIMEOUT_MS, DEFAULT_PER_HOST_ASSOCIATIONS, DEFAULT_RATE_PER_SECOND } from '../engine/options';
import { aeTitle, calledAe, flag, HELP_OPTION, list, parseCommandArgs, positiveInt, severity, str, type OptionDef, type ParsedArgs } from './args';
import { UsageError } from './errors';

/** Largest --per-host: a handful of parallel associations is already a load on one device. */
const MAX_PER_HOST = 16;
/** Largest --concurrency: more sockets than this only trips the OS's file limits. */
export const MAX_CONCURRENCY = 4096;
/** Largest --rate, new connections per second. */
export const MAX_RATE = 100_000;
/** Largest --timeout, ms (10 minutes). */
export const MAX_TIMEOUT_MS = 600_000;

/** Check ids that run only when asked for with --opt-in. */
export const OPT_IN_CHECKS: readonly CheckId[] = CHECK_IDS.filter((id) => CATALOG[id].safety === 'opt-in');

export const SCAN_OPTIONS: readonly OptionDef[] = [
  { name: 'ports', type: 'string', value: 'LIST', help: 'ports to try, e.g. 104,11112,4242 or 100-120 [104,11112,4242,2761,2762,80,443,8042,8080,8443]' },
  { name: 'db', type: 'string', value: 'FILE', help: "the SQLite database [the app's default location]" },
  { name: 'json', type: 'boolean', help: 'print one JSON document on stdout instead of the table' },
  { name: 'all', type: 'boolean', help: 'also list closed and filtered ports' },
  { name: 'calling-ae', type: 'string', value: 'AE', help: 'calling AE title for the unknown-caller tests [a random CLM... title]' },
  { name: 'called-ae', type: 'string', multiple: true, value: 'AE@HOST:PORT', help: 'the AE title of the server at HOST:PORT, if you know it (repeatable; IPv6 as AE@[::1]:104)' },
  { name: 'inventory', type: 'string', value: 'FILE', help: 'CSV of known DICOM nodes: ae_title,host,port,role,description' },
  { name: 'vantage', type: 'string', value: 'LABEL', help: "where this scan runs from, e.g. 'guest-wifi' [this machine's name]" },
  { name: 'untrusted', type: 'boolean', help: 'the network this scan runs from is untrusted (guest VLAN, outside the firewall)' },
  { name: 'trust', type: 'string', value: 'CAFILE', help: 'extra trusted CA certificates (PEM) for the TLS checks' },
  { name: 'tls-cert', type: 'string', value: 'FILE', help: 'client certificate (PEM) for DICOM TLS servers that demand one (with --tls-key)' },
  { name: 'tls-key', type: 'string', value: 'FILE', help: 'its unencrypted private key (PEM)' },
  { name: 'opt-in', type: 'string', multiple: true, value: 'CHECK', help: `run an opt-in check (repeatable): ${OPT_IN_CHECKS.join(', ')}` },
  { name: 'concurrency', type: 'string', value: 'N', help: `connections in flight at once [${DEFAULT_CONCURRENCY}]` },
  { name: 'rate', type: 'string', value: 'N', help: `new connections per second, at most [${DEFAULT_RATE_PER_SECOND}]` },
  { name: 'per-host', type: 'string', value: 'N', help: `DICOM associations open at once on one host (older DICOM equipment may take one at a time; TLS and web checks do not wait for it) [${DEFAULT_PER_HOST_ASSOCIATIONS}]` },
  { name: 'timeout', type: 'string', value: 'MS', help: `connect and reply timeout, ms [${DEFAULT_CONNECT_TIMEOUT_MS} connect, ${DEFAULT_IO_TIMEOUT_MS} reply]; one service gets at most 20x this, at least 10 s` },
  { name: 'fail-on', type: 'string', value: 'SEVERITY', help: 'exit 1 if any check fails at or above: info, low, medium, high, critical' },
  { name: 'allow-large', type: 'boolean', help: 'allow a scope larger than a /16 (65,536 addresses)' },
  { name: 'authorized-public', type: 'boolean', help: 'I am authorized to scan the public (non-private) addresses in this scope' },
  { name: 'checks', type: 'string', value: 'LIST', help: 'run only these checks: ids or prefixes ending in *, e.g. dicom.detected,dicom.any-called-ae or dicom.* (others: skipped) [all]' },
  { name: 'profile', type: 'string', value: 'NAME', help: `${PROFILES.join(' or ')}: discovery finds and identifies services with one association per port, no query/retrieve/store, TLS or web probes [full]` },
  HELP_OPTION,
];

/** A `--called-ae` value: the server at host:port answers to `ae`. */
export interface CalledAeArg {
  ae: string;
  /** Lower-cased host name or address, IPv6 without brackets. */
  host: string;
  port: number;
}

/** Validated `scan` command line. Undefined means "not given: use the default". */
export interface ScanArgs {
  help: boolean;
  /** TARGET... as given (the engine parses and bounds the scope). */
  targets: string[];
  /** --ports as given (the engine's parsePorts reads it). */
  ports?: string;
  db?: string;
  json: boolean;
  all: boolean;
  callingAe?: string;
  calledAes: CalledAeArg[];
  inventoryFile?: string;
  vantage?: string;
  untrusted: boolean;
  trustFile?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  optIn: CheckId[];
  concurrency?: number;
  /** New connections per second. */
  rate?: number;
  /** Ports of one host probed (associations) at once. */
  perHost?: number;
  /** Connect and reply timeout, ms. */
  timeoutMs?: number;
  failOn?: Severity;
  allowLarge: boolean;
  authorizedPublic: boolean;
  /** --checks / --profile: which checks run (the whole catalog when neither is given). */
  selection: CheckSelection;
}

/** Parse and validate the words after `scan`. Throws UsageError with one line. */
export function parseScanArgs(argv: readonly string[]): ScanArgs {
  const { values, positionals } = parseCommandArgs('scan', argv, SCAN_OPTIONS, true);
  const help = flag(values, 'help');
  if (help) return { ...emptyScanArgs(), help: true };
  if (positionals.length === 0) throw new UsageError('scan needs at least one TARGET: an address, a CIDR block, a range like 10.0.0.1-10.0.0.40, or a host name');
  for (const t of positionals) {
    if (t.trim() === '') throw new UsageError('an empty TARGET was given');
  }

  const { calledAes, optIn, tlsCertFile, tlsKeyFile, vantage } = probeOptionValues(values);

  const callingRaw = str(values, 'calling-ae');
  const concurrency = str(values, 'concurrency');
  const rate = str(values, 'rate');
  const perHost = str(values, 'per-host');
  const timeout = str(values, 'timeout');
  const failOn = str(values, 'fail-on');
  const args: ScanArgs = {
    help: false,
    targets: positionals.map((t) => t.trim()),
    json: flag(values, 'json'),
    all: flag(values, 'all'),
    calledAes,
    untrusted: flag(values, 'untrusted'),
    optIn,
    allowLarge: flag(values, 'allow-large'),
    authorizedPublic: flag(values, 'authorized-public'),
    selection: checkSelection(str(values, 'profile'), str(values, 'checks')),
  };
  const set = <K extends keyof ScanArgs>(k: K, v: ScanArgs[K] | undefined): void => {
    if (v !== undefined) args[k] = v;
  };
  set('ports', str(values, 'ports'));
  set('db', str(values, 'db'));
  set('callingAe', callingRaw === undefined ? undefined : aeTitle(callingRaw, '--calling-ae'));
  set('inventoryFile', str(values, 'inventory'));
  set('vantage', vantage);
  set('trustFile', str(values, 'trust'));
  set('tlsCertFile', tlsCertFile);
  set('tlsKeyFile', tlsKeyFile);
  set('concurrency', concurrency === undefined ? undefined : positiveInt('concurrency', concurrency, MAX_CONCURRENCY, 'connections at once'));
  set('rate', rate === undefined ? undefined : positiveInt('rate', rate, MAX_RATE, 'connections per second'));
  set('perHost', perHost === undefined ? undefined : positiveInt('per-host', perHost, MAX_PER_HOST, 'associations at once on one host'));
  set('timeoutMs', timeout === undefined ? undefined : positiveInt('timeout', timeout, MAX_TIMEOUT_MS, 'milliseconds'));
  set('failOn', failOn === undefined ? undefined : severity('fail-on', failOn));
  return args;
}

/**
 * The probe options `scan` and `verify` share, checked the same way: --called-ae
 * (one title per host:port), --opt-in (opt-in checks only), --tls-cert/--tls-key
 * (both or neither), --vantage (a one-line label, trimmed).
 */
export function probeOptionValues(values: ParsedArgs['values']): { calledAes: CalledAeArg[]; optIn: CheckId[]; tlsCertFile?: string; tlsKeyFile?: string; vantage?: string } {
  const calledAes: CalledAeArg[] = [];
  for (const raw of list(values, 'called-ae')) {
    const c = calledAe(raw);
    const clash = calledAes.find((x) => x.host === c.host && x.port === c.port);
    if (clash && clash.ae !== c.ae) throw new UsageError(`--called-ae gives ${c.host}:${c.port} two AE titles: ${clash.ae} and ${c.ae}`);
    if (!clash) calledAes.push(c);
  }

  const optIn: CheckId[] = [];
  for (const raw of list(values, 'opt-in').flatMap((v) => v.split(','))) {
    const id = raw.trim();
    if (!isCheckId(id) || !OPT_IN_CHECKS.includes(id)) {
      throw new UsageError(`--opt-in ${JSON.stringify(id)} is not an opt-in check (known: ${OPT_IN_CHECKS.join(', ')})`);
    }
    if (!optIn.includes(id)) optIn.push(id);
  }

  const tlsCertFile = str(values, 'tls-cert');
  const tlsKeyFile = str(values, 'tls-key');
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined)) throw new UsageError('--tls-cert and --tls-key go together: give both or neither');

  const vantage = str(values, 'vantage');
  if (vantage !== undefined && (vantage.trim() === '' || vantage.length > 100 || /\p{Cc}/u.test(vantage))) {
    throw new UsageError('--vantage must be a short label (1-100 characters, one line)');
  }
  return {
    calledAes,
    optIn,
    ...(tlsCertFile !== undefined ? { tlsCertFile } : {}),
    ...(tlsKeyFile !== undefined ? { tlsKeyFile } : {}),
    ...(vantage !== undefined ? { vantage: vantage.trim() } : {}),
  };
}

function emptyScanArgs(): ScanArgs {
  return { help: false, targets: [], json: false, all: false, calledAes: [], untrusted: false, optIn: [], allowLarge: false, authorizedPublic: false, selection: selectionFrom(undefined, undefined) };
}

/** --profile and --checks, checked: one of them at most, a known profile, ids or prefixes that name checks. */
function checkSelection(profile: string | undefined, checks: string | undefined): CheckSelection {
  try {
    return selectionFrom(profile, checks);
  } catch (e) {
    if (!(e instanceof CheckSelectionError)) throw e;
    const flagName = profile !== undefined && checks !== undefined ? '--profile, --checks' : profile !== undefined ? '--profile' : '--checks';
    throw new UsageError(`${flagName}: ${e.message}`);
  }
}

/** The per-service bound derived from --timeout: 20 waits' worth, at least 10 s (ms). */
export function targetTimeoutFor(timeoutMs: number): number {
  return Math.max(10_000, timeoutMs * 20);
}
