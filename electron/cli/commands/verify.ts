/**
 * `collimator verify HOST:PORT [options]`: re-probe one service (all its checks) from
 * the same kind of vantage as its latest scan in the database, compare per check,
 * store the verification, print the table or the JSON. Exit 0 when every verified check
 * is fixed or still passing, 1 when something did not pass (still failing, regressed,
 * inconclusive), 2 on bad usage or when the database holds no earlier scan of it
 * (one line; nothing written), 130 after Ctrl-C.
 */
import { defaultDbPath } from '../../store';
import { RemediationError } from '../../remediation/errors';
import { calledAeKey, canonicalHost, serverKey } from '../../../shared/host';
import { verifyAndRecord } from '../../remediation/verify-run';
import { formatOptions } from '../args';
import { EXIT, UsageError } from '../errors';
import { signalExitCode } from '../exit-code';
import { readInventory } from '../inventory-csv';
import type { CliIO } from '../io';
import { openExistingDatabase } from '../open-db';
import { verifyJson, verifyTable } from '../output/verify';
import { targetTimeoutFor } from '../scan-options';
import { loadTlsMaterial } from '../tls-files';
import { parseVerifyArgs, VERIFY_OPTIONS } from '../verify-options';

export function verifyHelp(): string {
  return [
    'Usage: collimator verify HOST:PORT [options]',
    '',
    'Probes one service again (all its checks: it takes seconds), from the same kind of',
    'vantage as its latest scan in the database, and prints for each check: fixed,',
    'still-failing, regressed, still-passing or inconclusive. The result is stored.',
    '',
    'Options:',
    formatOptions(VERIFY_OPTIONS),
    '',
    'Exit: 0 every check fixed or still passing, 1 something did not pass (still failing,',
    'regressed, inconclusive), 2 bad usage or no earlier scan of HOST:PORT (nothing written),',
    '130 interrupted with Ctrl-C.',
    '',
  ].join('\n');
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseVerifyArgs(argv);
  if (args.help) {
    io.stdout.write(verifyHelp());
    return EXIT.ok;
  }
  // Inputs first: a bad file is refused before the database is touched.
  const inventory = args.inventoryFile === undefined ? undefined : readInventory(args.inventoryFile).map((n) => ({ ...n, host: canonicalHost(n.host) }));
  const tls = loadTlsMaterial({ trust: args.trustFile, cert: args.tlsCertFile, key: args.tlsKeyFile });
  const dbFile = args.db ?? defaultDbPath();
  // verify never creates a database: without one there is no earlier scan.
  const store = openExistingDatabase(dbFile, `there is no earlier scan of ${serverKey(args)} (scan it first, or give --db)`);

  const host = canonicalHost(args.host);
  const calledAes = new Map(args.calledAes.map((c) => [calledAeKey(c.host, c.port), c.ae]));
  const timeouts = args.timeoutMs === undefined ? {} : { connectTimeoutMs: args.timeoutMs, ioTimeoutMs: args.timeoutMs, targetTimeoutMs: targetTimeoutFor(args.timeoutMs) };
  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const offSignals = io.onSignal(['SIGINT', 'SIGTERM'], (signal) => {
    interruptedBy = signal;
    offSignals();
    io.stderr.write(`\ncollimator: ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the verification...\n`);
    controller.abort();
  });
  try {
    // A note for a person watching; scripts get exactly one line on failure.
    if (io.stderr.isTTY === true) io.stderr.write(`collimator: verifying ${serverKey({ host, port: args.port })}...\n`);
    const v = await verifyAndRecord(
      store,
      {
        host,
        port: args.port,
        probe: {
          ...(args.callingAe ? { callingAe: args.callingAe } : {}),
          calledAes,
          ...(inventory ? { inventory } : {}),
          optIn: new Set(args.optIn),
          ...timeouts,
          ...(tls ? { tls } : {}),
        },
        vantage: { ...(args.vantage !== undefined ? { label: args.vantage } : {}), ...(args.untrusted ? { untrusted: true } : {}) },
        allowPublic: args.authorizedPublic,
        signal: controller.signal,
      },
    );
    io.stdout.write(args.json ? verifyJson(v) : verifyTable(v));
    return v.passed ? EXIT.ok : EXIT.failed;
  } catch (e) {
    if (interruptedBy !== undefined) return signalExitCode(interruptedBy);
    if (e instanceof RemediationError) throw new UsageError(e.message);
    throw e;
  } finally {
    offSignals();
    store.close();
  }
}
