/**
 * `collimator scan TARGET... [options]`: sweep, identify, run the checks, store each
 * finished service as it arrives (a killed scan keeps what it found), then print the
 * table or the JSON document and exit per --fail-on.
 *
 * Ctrl-C (or SIGTERM) cancels through an AbortController: the engine stops, the
 * database records the scan as cancelled, what was found is printed, and the exit
 * code is 128 + the signal (130 for Ctrl-C). A second Ctrl-C kills at once; services
 * already stored stay stored.
 */
import { countFails } from '../../../shared/fails';
import type { ScanReport, ServiceResult } from '../../../shared/types';
import { ScopeError } from '../../engine/scope';
import { formatOptions } from '../args';
import { UsageError } from '../errors';
import { scanExitCode, signalExitCode } from '../exit-code';
import type { CliIO } from '../io';
import { renderJson } from '../output/json';
import { ProgressLine } from '../output/progress';
import { renderTable } from '../output/table';
import { parseScanArgs, SCAN_OPTIONS, type ScanArgs } from '../scan-options';
import { prepareScan, scopeMessage, type PreparedScan } from '../scan-prepare';

export function scanHelp(): string {
  return [
    'Usage: collimator scan TARGET... [options]',
    '',
    'Finds DICOM, DICOM TLS and imaging web services on TARGET (an IPv4/IPv6 address, a',
    'CIDR block, a range like 10.0.0.1-10.0.0.40, or a host name) and runs the checks.',
    'Only private addresses, at most a /16, unless you add --authorized-public / --allow-large.',
    '',
    'Options:',
    formatOptions(SCAN_OPTIONS),
    '',
    'Exit: 0 done, 1 a check failed at or above --fail-on, 2 bad usage or input (nothing',
    'written, nothing sent), 130 interrupted with Ctrl-C (what was found is printed and stored).',
    '',
  ].join('\n');
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  // No quietDicomLibrary() here: the scanner does not use dcmjs-dimse (loading it cost
  // ~0.45 s of CPU per run); the practice lab quiets the library itself when it starts.
  const args = parseScanArgs(argv);
  if (args.help) {
    io.stdout.write(scanHelp());
    return 0;
  }
  const prepared = await prepareScan(args);
  try {
    return await executeScan(prepared, args, io);
  } finally {
    prepared.store.close();
  }
}

async function executeScan(p: PreparedScan, args: ScanArgs, io: CliIO): Promise<number> {
  // Loaded only now: the engine (and the DICOM library) is most of the start-up time,
  // and bad usage should be answered without paying for it.
  const { runScan, TOOL_VERSION } = await import('../../engine/scan');
  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const offSignals = io.onSignal(['SIGINT', 'SIGTERM'], (signal) => {
    interruptedBy = signal;
    // Give the default back: a second Ctrl-C ends the process at once.
    offSignals();
    io.stderr.write(`\ncollimator: ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the scan (again to quit at once)...\n`);
    controller.abort();
  });

  const showProgress = !args.json || io.stderr.isTTY === true;
  const progress = new ProgressLine(io.stderr);
  const found: ServiceResult[] = [];
  let started: { id: string; startedAt: string } | undefined;
  let storeError: unknown;
  const store = p.store;

  const saveSafely = (fn: () => void): void => {
    if (storeError !== undefined) return;
    try {
      fn();
    } catch (e) {
      // A failing disk must not go unnoticed: stop the scan, report, exit non-zero.
      storeError = e;
      controller.abort();
    }
  };

  let report: ScanReport;
  try {
    report = await runScan(
      {
        targets: p.targets,
        ports: p.ports,
        options: p.options,
        ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
        ...(args.rate === undefined ? {} : { ratePerSecond: args.rate }),
        ...(args.perHost === undefined ? {} : { perHostAssociations: args.perHost }),
        allowLargeScope: args.allowLarge,
        allowPublic: args.authorizedPublic,
        includeClosed: args.all,
      },
      {
        signal: controller.signal,
        onStart(meta) {
          started = { id: meta.id, startedAt: meta.startedAt };
          saveSafely(() =>
            store.beginScan({ id: meta.id, startedAt: meta.startedAt, vantage: p.vantage, targets: p.targets, ports: p.ports, toolVersion: TOOL_VERSION }),
          );
        },
        onProgress(pr) {
          if (showProgress) progress.update(pr);
        },
        onService(s) {
          found.push(s);
          const id = started?.id;
          if (id !== undefined) saveSafely(() => store.saveService(id, s));
        },
      },
    );
  } catch (e) {
    if (e instanceof ScopeError) throw new UsageError(scopeMessage(e));
    if (!controller.signal.aborted) {
      if (started !== undefined) saveSafely(() => store.finishScan(started!.id, new Date().toISOString(), true));
      throw e;
    }
    if (started === undefined) {
      // Stopped before the scan began: nothing found, nothing stored.
      if (storeError !== undefined) throw storeFailure(storeError, p.dbFile);
      io.stderr.write('collimator: cancelled before the scan started\n');
      return signalExitCode(interruptedBy ?? 'SIGINT');
    }
    // The engine gave up on the abort: the report is what arrived before it.
    report = partialReport(TOOL_VERSION, started, p, found);
  } finally {
    offSignals();
    if (showProgress) progress.finish();
  }

  const cancelled = report.scan.cancelled === true || interruptedBy !== undefined || storeError !== undefined;
  const startedId = started?.id;
  if (startedId !== undefined) saveSafely(() => store.finishScan(startedId, report.scan.finishedAt, cancelled));
  if (cancelled && !report.scan.cancelled) report = { ...report, scan: { ...report.scan, cancelled: true } };

  io.stdout.write(args.json ? renderJson(report, { all: args.all }) : renderTable(report, { callingAe: p.options.callingAe }));
  if (storeError !== undefined) throw storeFailure(storeError, p.dbFile);
  return scanExitCode(report, args.failOn, interruptedBy);
}

/** The error to end with when the database refused a write mid-scan (exit 3: not the user's input). */
function storeFailure(e: unknown, dbFile: string): Error {
  return new Error(`could not save to ${dbFile}: ${e instanceof Error ? e.message : JSON.stringify(e)}`);
}

/** A report built from the services that arrived, when the engine rejected after an abort. */
function partialReport(toolVersion: string, started: { id: string; startedAt: string }, p: PreparedScan, found: readonly ServiceResult[]): ScanReport {
  return {
    tool: { name: 'collimator', version: toolVersion },
    scan: { id: started.id, startedAt: started.startedAt, finishedAt: new Date().toISOString(), vantage: p.vantage, targets: p.targets, ports: p.ports, cancelled: true },
    services: [...found],
    summary: { services: found.length, fail: countFails(found) },
  };
}
