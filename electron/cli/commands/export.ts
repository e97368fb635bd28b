/**
 * `collimator export --format navigator|defectdojo|csv --out FILE [--db FILE] [--scan ID] [--force]`
 * (issue 13): the findings for other tools. `navigator` is an ATT&CK Navigator layer
 * (format 4.5), `defectdojo` a DefectDojo Generic Findings Import file; both read the
 * database only (electron/exports/). The file is written through a temporary file in the
 * same folder and never over an existing one without --force. Exit 0 written, 2 bad
 * usage or input (nothing written).
 */
import fs from 'node:fs';
import { DEFAULT_STALE_DAYS } from '../../../shared/internet';
import { buildExport, ExportError } from '../../exports/service';
import { reconcile } from '../../internet/reconcile';
import { reconcileCsv } from '../../internet/reconcile-csv';
import { defaultDbPath } from '../../store';
import { flag, formatOptions, HELP_OPTION, parseCommandArgs, positiveInt, str, type OptionDef } from '../args';
import { EXIT, UsageError } from '../errors';
import { writeOut } from '../write-out';
import type { CliIO } from '../io';
import { openExistingDatabase } from '../open-db';
import { clean } from '../output/text';

const OPTIONS: readonly OptionDef[] = [
  { name: 'format', type: 'string', value: 'FORMAT', help: 'navigator (ATT&CK Navigator layer 4.5), defectdojo (Generic Findings Import JSON) or csv (the reconcile table)' },
  { name: 'out', type: 'string', value: 'FILE', help: 'where to write it' },
  { name: 'db', type: 'string', value: 'FILE', help: "the SQLite database [the app's default location]" },
  { name: 'scan', type: 'string', value: 'ID', help: "one scan's servers as they stood then [every server's newest observations]" },
  { name: 'force', type: 'boolean', help: 'replace FILE if it exists' },
  { name: 'stale-days', type: 'string', value: 'N', help: `with --format csv: an outside observation older than N days is stale [${DEFAULT_STALE_DAYS}]` },
  HELP_OPTION,
];

export function exportHelp(): string {
  return [
    'Usage: collimator export --format navigator|defectdojo|csv --out FILE [--db FILE] [--scan ID] [--force]',
    '',
    'The findings of the database for other tools. By default every server as its newest',
    'scans and re-checks show it; with --scan ID, the servers of that scan as they stood then.',
    '  navigator   an ATT&CK Navigator layer (format 4.5): techniques scored by the open',
    '              findings mapped to them, coloured by the highest severity, naming the servers',
    '  defectdojo  a DefectDojo Generic Findings Import file: one finding per failing check',
    '              per host:port (unique_id_from_tool <check>@<host:port>), fixed ones mitigated',
    '  csv         the reconcile table of the internet view',
    'Informational checks (dicom.detected, web.detected) are in neither: they are not flaws.',
    '',
    'Options:',
    formatOptions(OPTIONS),
    '',
    'Exit: 0 written, 2 bad usage or input (nothing written).',
    '',
  ].join('\n');
}


export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('export', argv, OPTIONS, false);
  if (flag(values, 'help')) {
    io.stdout.write(exportHelp());
    return EXIT.ok;
  }
  const format = str(values, 'format');
  if (format === undefined) throw new UsageError('export needs --format navigator, defectdojo or csv');
  if (format !== 'navigator' && format !== 'defectdojo' && format !== 'csv') throw new UsageError(`--format must be navigator, defectdojo or csv, not ${JSON.stringify(format)}`);
  const out = str(values, 'out');
  if (out === undefined || out === '') throw new UsageError('export needs --out FILE');
  const force = flag(values, 'force');
  if (!force && fs.existsSync(out)) throw new UsageError(`${out} already exists (add --force to replace it)`);
  const scanId = str(values, 'scan');
  if (scanId !== undefined && scanId.trim() === '') throw new UsageError('--scan needs a scan id');
  const staleRaw = str(values, 'stale-days');
  if (format !== 'csv' && staleRaw !== undefined) throw new UsageError('--stale-days goes with --format csv');
  if (format === 'csv') {
    // The reconcile table (issue 13): every import and every inside scan, as `import --reconcile` shows it.
    if (scanId !== undefined) throw new UsageError('--scan goes with navigator or defectdojo: the reconcile table covers every import and scan');
    const staleDays = staleRaw === undefined ? DEFAULT_STALE_DAYS : positiveInt('stale-days', staleRaw, 36500, 'days');
    const store = openExistingDatabase(str(values, 'db') ?? defaultDbPath(), 'nothing to export (give --db)');
    try {
      const table = reconcile({ observations: store.internet.listObservations(), inside: store.internet.insideServices(), mappings: store.internet.listMappings(), now: new Date(), staleDays });
      writeOut(out, reconcileCsv(table), force);
      io.stderr.write(`collimator: wrote ${clean(out)} (csv: ${table.rows.length} host:port row${table.rows.length === 1 ? '' : 's'} of the reconcile table)\n`);
      return EXIT.ok;
    } finally {
      store.close();
    }
  }
  const store = openExistingDatabase(str(values, 'db') ?? defaultDbPath(), 'nothing to export (give --db)');
  try {
    const { TOOL_VERSION } = await import('../../engine/scan');
    let file;
    try {
      file = buildExport(store, format, scanId !== undefined ? { scanId } : {}, { toolVersion: TOOL_VERSION });
    } catch (e) {
      if (e instanceof ExportError) throw new UsageError(e.message);
      throw e;
    }
    writeOut(out, file.text, force);
    io.stderr.write(`collimator: wrote ${clean(out)} (${format}: ${file.servers} server${file.servers === 1 ? '' : 's'}, ${file.open} open finding${file.open === 1 ? '' : 's'}, ${file.fixed} fixed)\n`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
