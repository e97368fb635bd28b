/**
 * `collimator import FILE... [--format auto|censys|shodan|nmap] [--strict] [--db FILE] [--json]`
 * (issue 13): Censys, Shodan and nmap XML exports into the database as outside
 * observations, one transaction for all the files. `--map PUBLIC=INSIDE` (repeatable)
 * says which inside address a public one is NATed to; `import --reconcile` prints the
 * reconcile table instead of importing; `import --reconcile --attach PUBLIC:PORT` attaches
 * the closure the table shows for that public host:port to the server it maps to, as
 * evidence for its next signed record. An import never starts a scan.
 *
 * Exit 0 done (bad records skipped and listed), 2 with --strict on any bad record, 2
 * for a file that is unreadable or unsafe (then nothing is imported), 130/143 when
 * interrupted (nothing imported).
 */
import { canonicalAddress, serverKey } from '../../../shared/host';
import { closureLine, DEFAULT_STALE_DAYS } from '../../../shared/internet';
import { isWellFormed } from '../../../shared/safe-text';
import { defaultDbPath, StoreError } from '../../store';
import { flag, formatOptions, HELP_OPTION, hostPort, list, parseCommandArgs, positiveInt, str, type OptionDef } from '../args';
import { EXIT, UsageError } from '../errors';
import { signalExitCode } from '../exit-code';
import type { CliIO } from '../io';
import { openDatabase } from '../open-db';
import { clean } from '../output/text';

export const IMPORT_OPTIONS: readonly OptionDef[] = [
  { name: 'format', type: 'string', value: 'auto|censys|shodan|nmap', help: 'the export format [auto: detected from the file]' },
  { name: 'strict', type: 'boolean', help: 'refuse the whole import (exit 2, nothing imported) on any bad record, instead of skipping it' },
  { name: 'db', type: 'string', value: 'FILE', help: "the SQLite database [the app's default location]" },
  { name: 'json', type: 'boolean', help: 'print one JSON document (docs/cli.md) instead of text' },
  { name: 'map', type: 'string', multiple: true, value: 'PUBLIC=INSIDE', help: 'the inside address a public address is NATed to, for the reconcile table (repeatable; kept in the database)' },
  { name: 'reconcile', type: 'boolean', help: 'import nothing: print the reconcile table (outside and inside, outside only, inside only)' },
  { name: 'attach', type: 'string', value: 'PUBLIC:PORT', help: "with --reconcile: attach that public host:port's \"closed as seen from the internet\" to the server it maps to (for its next signed record)" },
  { name: 'by', type: 'string', value: 'NAME', help: 'with --attach: who attaches it [the OS user]' },
  { name: 'stale-days', type: 'string', value: 'N', help: `with --reconcile: an outside observation older than N days is stale [${DEFAULT_STALE_DAYS}]` },
  HELP_OPTION,
];

export function importHelp(): string {
  return [
    'Usage: collimator import FILE... [options]',
    '       collimator import --reconcile [--map PUBLIC=INSIDE]... [--stale-days N] [--db FILE] [--json]',
    '       collimator import --reconcile --attach PUBLIC:PORT [--by NAME] [--db FILE] [--json]',
    '',
    'Imports Censys host documents (JSON Lines or a JSON array), Shodan downloads',
    '(.json or .json.gz) and nmap XML (-oX) as outside observations: one exposure.internet',
    'finding per host:port, shown beside the inside scan. Nothing is scanned.',
    '',
    'Options:',
    formatOptions(IMPORT_OPTIONS),
    '',
  ].join('\n');
}

const FORMATS = ['auto', 'censys', 'shodan', 'nmap'] as const;

function mapping(raw: string): { publicHost: string; insideHost: string } {
  const eq = raw.indexOf('=');
  const pub = canonicalAddress(raw.slice(0, eq).trim());
  const ins = canonicalAddress(raw.slice(eq + 1).trim());
  if (eq === -1 || !pub || !ins) throw new UsageError(`--map ${raw}: expected PUBLIC=INSIDE, two IPv4 or IPv6 addresses`);
  return { publicHost: pub, insideHost: ins };
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', argv, IMPORT_OPTIONS, true);
  if (flag(values, 'help')) {
    io.stdout.write(importHelp());
    return EXIT.ok;
  }
  const json = flag(values, 'json');
  const reconcileOnly = flag(values, 'reconcile');
  const formatRaw = str(values, 'format') ?? 'auto';
  if (!(FORMATS as readonly string[]).includes(formatRaw)) throw new UsageError(`--format ${formatRaw}: expected auto, censys, shodan or nmap`);
  const format = formatRaw as (typeof FORMATS)[number];
  const maps = list(values, 'map').map(mapping);
  const staleRaw = str(values, 'stale-days');
  const staleDays = staleRaw === undefined ? DEFAULT_STALE_DAYS : positiveInt('stale-days', staleRaw, 36500, 'days');
  const attachRaw = str(values, 'attach');
  const byRaw = str(values, 'by');
  if (attachRaw !== undefined && !reconcileOnly) throw new UsageError('--attach goes with --reconcile: collimator import --reconcile --attach PUBLIC:PORT');
  if (byRaw !== undefined && attachRaw === undefined) throw new UsageError('--by goes with --attach');
  if (attachRaw !== undefined && (staleRaw !== undefined || maps.length > 0)) throw new UsageError('--attach takes no --map or --stale-days: set mappings first, then attach');
  const attachAt = attachRaw === undefined ? undefined : hostPort(attachRaw, '--attach');
  if (attachAt) attachAt.host = canonicalAddress(attachAt.host) ?? attachAt.host;
  const by = byRaw === undefined ? undefined : byRaw.trim();
  if (by !== undefined && (by === '' || by.length > 100 || !isWellFormed(by))) throw new UsageError('--by NAME: a name of 1 to 100 well-formed characters');
  if (reconcileOnly && positionals.length > 0) throw new UsageError('--reconcile imports nothing: give no FILE (import first, then --reconcile)');
  if (!reconcileOnly && positionals.length === 0) throw new UsageError('give the FILE(s) to import (see collimator import --help)');
  if (!reconcileOnly && staleRaw !== undefined) throw new UsageError('--stale-days goes with --reconcile');
  if (reconcileOnly && (values.strict !== undefined || str(values, 'format') !== undefined)) throw new UsageError('--strict and --format go with FILEs to import, not with --reconcile');

  const dbFile = str(values, 'db') ?? defaultDbPath();
  // Loaded now: usage errors above pay for none of it.
  const { importFiles } = await import('../../internet/import');
  const { reconcile } = await import('../../internet/reconcile');
  const { ImportCancelledError, StrictImportError, UnsafeFileError } = await import('../../internet/errors');

  const store = openDatabase(dbFile);
  try {
    const now = new Date();
    if (attachAt) {
      const { attachClosure, ClosureRefusedError } = await import('../../internet/closure');
      const { osUser } = await import('../../records/os-user');
      let c;
      try {
        c = attachClosure(store, { publicHost: attachAt.host, port: attachAt.port, by: by ?? osUser() }, now);
      } catch (e) {
        if (e instanceof ClosureRefusedError || e instanceof StoreError) throw new UsageError(`${e.message}; nothing attached`);
        throw e;
      }
      if (json) io.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
      else {
        io.stdout.write(clean(`attached to ${serverKey(c)}: ${closureLine(c)}`) + '\nthe next signed record of that server carries it (collimator signoff ${serverKey(c)})\n');
      }
      return EXIT.ok;
    }
    if (reconcileOnly) {
      for (const m of maps) store.internet.setMapping(m.publicHost, m.insideHost, now.toISOString());
      const table = reconcile({ observations: store.internet.listObservations(), inside: store.internet.insideServices(), mappings: store.internet.listMappings(), now, staleDays });
      if (json) io.stdout.write(`${JSON.stringify(table, null, 2)}\n`);
      else io.stdout.write(renderTable(table));
      return EXIT.ok;
    }
    const ac = new AbortController();
    let signal: NodeJS.Signals | undefined;
    const off = io.onSignal(['SIGINT', 'SIGTERM'], (s) => {
      signal = s;
      ac.abort();
    });
    let lastShown = 0;
    try {
      const summary = await importFiles(
        store,
        positionals.map((p) => ({ name: p, path: p })),
        {
          format,
          strict: flag(values, 'strict'),
          signal: ac.signal,
          collect: json,
          onProgress: (p) => {
            if (!io.stderr.isTTY || json) return;
            const t = Date.now();
            if (t - lastShown < 200) return;
            lastShown = t;
            const pct = p.size ? ` ${Math.floor((p.bytesRead / p.size) * 100)}%` : '';
            io.stderr.write(`\r${clean(p.file)}:${pct} ${Math.round(p.bytesRead / 1e6)} MB read, ${p.observations} observations   `);
          },
        },
      );
      if (io.stderr.isTTY && !json && lastShown > 0) io.stderr.write('\n');
      for (const m of maps) store.internet.setMapping(m.publicHost, m.insideHost, now.toISOString());
      if (json) {
        const out = { format: summary.format, read: summary.read, imported: summary.imported, skipped: summary.skipped, problems: summary.problems, observations: summary.observations };
        io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        const lines = [
          `imported ${summary.imported} observations from ${summary.imports.map((i) => `${clean(i.file)} (${i.format}, sha256 ${i.sha256.slice(0, 16)}…)`).join(', ')}`,
          `read ${summary.read} records, skipped ${summary.skipped} bad ones`,
          ...summary.problems.map((p) => clean(`  skipped ${p.at}: ${p.reason}`)),
          ...(summary.skipped > summary.problems.length ? [`  (and ${summary.skipped - summary.problems.length} more)`] : []),
          'see it beside the inside scans: collimator import --reconcile',
          '',
        ];
        io.stdout.write(lines.join('\n'));
      }
      return EXIT.ok;
    } catch (e) {
      if (e instanceof ImportCancelledError && signal) {
        io.stderr.write(`\ninterrupted: nothing imported\n`);
        return signalExitCode(signal);
      }
      if (e instanceof UnsafeFileError || e instanceof StrictImportError) throw new UsageError(`${e.message}; nothing imported`);
      throw e;
    } finally {
      off();
    }
  } finally {
    store.close();
  }
}

function renderTable(table: import('../../../shared/internet').ReconcileTable): string {
  const head = ['SERVICE', 'STATUS', 'INSIDE', 'KIND', 'LAST SEEN OUTSIDE', 'AGE', 'CLOSED OUTSIDE'];
  const rows = table.rows.map((r) => [
    serverKey(r),
    r.status,
    r.insideHost === r.host ? (r.insideState ?? '-') : `${serverKey({ host: r.insideHost, port: r.port })} ${r.insideState ?? '-'}`,
    r.kind ?? '-',
    r.lastSeenOutside ? `${r.lastSeenOutside.slice(0, 10)} ${r.lastSeenSource}` : '-',
    r.ageDays === null ? '-' : `${r.ageDays}d${r.stale ? ' STALE' : ''}`,
    r.closedOutside ? `${r.closedOutside.at.slice(0, 10)} ${r.closedOutside.source} (${r.closedOutside.how})` : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]): string => clean(cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  return [`reconcile table, ${table.rows.length} services, stale after ${table.staleDays} days`, fmt(head), ...rows.map(fmt), ''].join('\n');
}
