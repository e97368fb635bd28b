/**
 * `collimator records list|export|verify`: the signed records.
 *
 *   records list [--db F] [--json | --csv]
 *   records export ID... | --all  --format json|pdf|csv --out FILE [--db F] [--force] [--trust-list LIST]...
 *   records verify FILE [--json] [--expect-last-hash HASH]
 *                  [--trust-list LIST]... [--expect-signer FP]... [--trust-org FP]... [--require-known-signers]
 *   records verify --db F            (the database's own chain)
 *
 * `verify` needs nothing but the file: it exits 0 only if every signature holds with the
 * key shown, the bytes are canonical, and every chain link holds; otherwise 1, naming
 * each problem. With trust lists it also says of every signer whether the key is a known
 * operator's (known, unknown, expired, revoked); without, it says plainly that signers
 * were not checked. `--require-known-signers` makes anything but all-known exit 1. Exports are written to a temporary file and moved into place, never over
 * an existing file without --force, and logged in the database's audit log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordsCsv } from '../../records/csv';
import { buildExport, exportText, type ExportScope } from '../../records/export-json';
import { formatFingerprint } from '../../records/keys';
import { chromiumPdfRenderer, PdfError } from '../../records/pdf';
import type { RecordsRepo } from '../../records/repo';
import { renderReportPdf } from '../../records/report-html';
import type { StoredRecord } from '../../records/types';
import { classifySigner, fingerprintFrom, fingerprintsList, readTrustListFile, TrustListError, type TrustList } from '../../records/trust-list';
import { checkSigners, reportSigners } from '../../records/trust-list-verify';
import { expectLastHash, verifyExportText } from '../../records/verify-export';
import { renderVerifyReport } from '../../records/verify-text';
import { flag, formatOptions, HELP_OPTION, list as listOption, parseCommandArgs, str, type OptionDef, type ParsedArgs } from '../args';
import { EXIT, UsageError } from '../errors';
import { writeOut } from '../write-out';
import type { CliIO } from '../io';
import { serverKey } from '../../../shared/host';
import { clean } from '../output/text';
import { openExistingStore, recordsFailure } from './signoff';

const DB_OPTION: OptionDef = { name: 'db', type: 'string', value: 'FILE', help: "the SQLite database [the app's default location]" };
const LIST_OPTIONS: readonly OptionDef[] = [
  DB_OPTION,
  { name: 'json', type: 'boolean', help: 'print the list as JSON' },
  { name: 'csv', type: 'boolean', help: 'print the CSV summary' },
  HELP_OPTION,
];
const EXPORT_OPTIONS: readonly OptionDef[] = [
  DB_OPTION,
  { name: 'format', type: 'string', value: 'FORMAT', help: 'json (verifiable offline), pdf (readable report) or csv (summary of all records)' },
  { name: 'out', type: 'string', value: 'FILE', help: 'where to write it' },
  { name: 'all', type: 'boolean', help: 'every record: the whole chain' },
  { name: 'force', type: 'boolean', help: 'replace FILE if it exists' },
  { name: 'trust-list', type: 'string', multiple: true, value: 'LIST', help: 'pdf: check the signers against known operators (as records verify --trust-list), so the banner says whether all are known (repeatable)' },
  HELP_OPTION,
];
const VERIFY_OPTIONS: readonly OptionDef[] = [
  { name: 'json', type: 'boolean', help: 'print the result as JSON' },
  { name: 'expect-last-hash', type: 'string', value: 'HASH', help: 'the last record must have this hash (from records list): finds a cut-off end' },
  { name: 'trust-list', type: 'string', multiple: true, value: 'LIST', help: 'known operators: a signed collimator.trust/1 file or one fingerprint per line (repeatable)' },
  { name: 'expect-signer', type: 'string', multiple: true, value: 'FP', help: 'a known operator\'s key fingerprint, like a one-line trust list (repeatable)' },
  { name: 'trust-org', type: 'string', multiple: true, value: 'FP', help: 'signed trust lists must be signed by this organisation key (repeatable)' },
  { name: 'require-known-signers', type: 'boolean', help: 'exit 1 unless every signer is known (needs --trust-list or --expect-signer)' },
  { name: 'db', type: 'string', value: 'FILE', help: "verify the database's own chain instead of a file" },
  HELP_OPTION,
];

/** Largest export file `verify` reads, bytes. */
const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

export function recordsHelp(): string {
  return [
    'Usage: collimator records list [--db FILE] [--json | --csv]',
    '       collimator records export ID... | --all  --format json|pdf|csv --out FILE [options]',
    '       collimator records verify FILE [--json] [--expect-last-hash HASH] [--trust-list LIST]... [--require-known-signers]',
    '',
    'list: every signed record, oldest first, with its signers and verification result.',
    'export: json holds the signed bytes, signatures and public keys (anyone can verify it',
    'offline); pdf is the readable report; csv a summary of all records for a spreadsheet.',
    'verify: checks an exported JSON file with nothing else; exit 0 only if it is intact,',
    '1 naming each signature, key, chain link or canonical form that does not hold.',
    'With --trust-list it says of every signer: known (name, role), unknown, expired or',
    'revoked; without, a signature proves only that some key signed, and it says so.',
    'export --format pdf --trust-list LIST: the report\'s banner says whether every signer',
    'is known, or that an unknown signer is present (without: signers NOT checked).',
    '',
    'Options of export:',
    formatOptions(EXPORT_OPTIONS),
    '',
    'Options of verify:',
    formatOptions(VERIFY_OPTIONS),
    '',
    'Exit: 0 done (verify: intact), 1 a record does not verify, 2 bad usage or input (nothing written).',
    '',
  ].join('\n');
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(recordsHelp());
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  switch (sub) {
    case 'list':
      return list(rest, io);
    case 'export':
      return exportRecords(rest, io);
    case 'verify':
      return verify(rest, io);
    default:
      throw new UsageError(`unknown records command ${JSON.stringify(sub)} (records list, records export, records verify)`);
  }
}

function verdict(passed: boolean | null): string {
  return passed === null ? 'never verified' : passed ? 'verified' : 'NOT passed';
}

function list(argv: readonly string[], io: CliIO): number {
  const { values } = parseCommandArgs('records list', argv, LIST_OPTIONS, false);
  if (flag(values, 'help')) {
    io.stdout.write(recordsHelp());
    return EXIT.ok;
  }
  if (flag(values, 'json') && flag(values, 'csv')) throw new UsageError('--json and --csv go one at a time');
  const { store, repo } = openExistingStore(str(values, 'db'), 'no records');
  try {
    const items = repo.list();
    if (flag(values, 'csv')) io.stdout.write(recordsCsv(items));
    else if (flag(values, 'json')) io.stdout.write(`${JSON.stringify({ records: items, lastHash: items[items.length - 1]?.hash ?? null })}\n`);
    else if (items.length === 0) io.stdout.write('no signed records yet (collimator signoff HOST:PORT ... makes one)\n');
    else {
      for (const r of items) {
        const reviewers = r.reviewers.length ? `, co-signed by ${r.reviewers.map((x) => clean(x.name)).join(', ')}` : ', not co-signed';
        const notes = [r.supersedes ? `corrects ${r.supersedes.slice(0, 8)}` : '', r.supersededBy.length ? `superseded by ${r.supersededBy.map((x) => x.slice(0, 8)).join(', ')}` : ''].filter(Boolean).join('; ');
        io.stdout.write(`${String(r.position).padStart(4)}  ${r.id}  ${r.createdAt}  ${clean(serverKey(r)).padEnd(21)}  ${verdict(r.passed).padEnd(14)}  by ${clean(r.operator.name)}${reviewers}${notes ? `  (${notes})` : ''}\n`);
      }
      io.stdout.write(`last hash ${items[items.length - 1]!.hash}\n`);
    }
    return EXIT.ok;
  } finally {
    store.close();
  }
}

/** The records named on the command line (ids or 8+ character prefixes), or all with --all. */
function chosen(repo: RecordsRepo, ids: readonly string[], all: boolean): { records: StoredRecord[]; scope: ExportScope } {
  const every = repo.all();
  if (all) {
    if (ids.length > 0) throw new UsageError('give record ids or --all, not both');
    if (every.length === 0) throw new UsageError('there are no signed records to export');
    return { records: every, scope: 'chain' };
  }
  if (ids.length === 0) throw new UsageError('name the record(s) to export (ids from collimator records list), or --all');
  const want = [...new Set(ids.map((i) => repo.resolveId(i)))];
  const records = every.filter((r) => want.includes(r.id));
  const wholeChain = records.length === every.length;
  return { records, scope: records.length === 1 && !wholeChain ? 'record' : wholeChain ? 'chain' : 'selection' };
}

function actor(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

async function exportRecords(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('records export', argv, EXPORT_OPTIONS, true);
  if (flag(values, 'help')) {
    io.stdout.write(recordsHelp());
    return EXIT.ok;
  }
  const format = str(values, 'format');
  if (format !== 'json' && format !== 'pdf' && format !== 'csv') throw new UsageError('--format must be json, pdf or csv');
  const out = str(values, 'out');
  if (out === undefined) throw new UsageError('records export needs --out FILE');
  const force = flag(values, 'force');
  if (!force && fs.existsSync(out)) throw new UsageError(`${out} already exists (add --force to replace it)`);
  if (format !== 'pdf' && listOption(values, 'trust-list').length > 0) {
    throw new UsageError('--trust-list goes with --format pdf (an exported JSON file is checked with: records verify FILE --trust-list LIST)');
  }
  // Read before the database is opened: a list that does not read is bad input, nothing written.
  const lists = trustLists(values);
  const { store, repo } = openExistingStore(str(values, 'db'), 'no records to export');
  try {
    const { TOOL_VERSION } = await import('../../engine/scan');
    const now = new Date().toISOString();
    let ids: string[];
    if (format === 'csv') {
      // The summary covers every record unless some are named.
      const items = positionals.length === 0 || flag(values, 'all') ? repo.list() : repo.list().filter((r) => chosen(repo, positionals, false).records.some((c) => c.id === r.id));
      writeOut(out, recordsCsv(items), force);
      ids = items.map((r) => r.id);
    } else {
      const { records, scope } = chosen(repo, positionals, flag(values, 'all'));
      ids = records.map((r) => r.id);
      if (format === 'json') {
        writeOut(out, exportText(buildExport(records, scope, { toolVersion: TOOL_VERSION, exportedAt: now })), force);
      } else {
        let pdf: Buffer;
        try {
          const signers = lists.length === 0 ? 'not-checked' : reportSigners(records, (sig) => classifySigner(lists, sig));
          pdf = await renderReportPdf(chromiumPdfRenderer(), records, { generatedAt: now, toolVersion: TOOL_VERSION, signers });
        } catch (e) {
          if (e instanceof PdfError) throw new UsageError(e.message);
          throw e;
        }
        writeOut(out, pdf, force);
      }
    }
    repo.audit('export', actor(), ids.length === 1 ? ids[0]! : null, { format, file: path.basename(out), records: ids.length, ids: ids.slice(0, 50) }, now);
    io.stderr.write(`collimator: wrote ${clean(out)} (${ids.length} record${ids.length === 1 ? '' : 's'}, ${format})\n`);
    return EXIT.ok;
  } catch (e) {
    return recordsFailure(e, io);
  } finally {
    store.close();
  }
}

function verify(argv: readonly string[], io: CliIO): number {
  const { values, positionals } = parseCommandArgs('records verify', argv, VERIFY_OPTIONS, true);
  if (flag(values, 'help')) {
    io.stdout.write(recordsHelp());
    return EXIT.ok;
  }
  const db = str(values, 'db');
  if (db !== undefined) {
    if (positionals.length > 0) throw new UsageError('records verify takes a FILE or --db, not both');
    if (['trust-list', 'expect-signer', 'trust-org'].some((o) => listOption(values, o).length > 0) || flag(values, 'require-known-signers')) {
      throw new UsageError('known signers are checked in an exported FILE: export the chain first (records export --all --format json --out FILE)');
    }
    return verifyDb(db, io, flag(values, 'json'));
  }
  if (positionals.length !== 1) throw new UsageError('records verify takes one exported FILE (or --db FILE for the database)');
  const file = positionals[0]!;
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
    if (stat.size > MAX_EXPORT_BYTES) throw new UsageError(`${file} is too large to be a records export`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file} does not exist` : `cannot read ${file}: ${code ?? (e as Error).message}`);
  }
  const lists = trustLists(values);
  const report = verifyExportText(text);
  const head = str(values, 'expect-last-hash');
  if (head !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(head.trim())) throw new UsageError('--expect-last-hash must be a SHA-256 hex digest (64 characters, from records list)');
    expectLastHash(report, text, head);
  }
  checkSigners(report, lists, { require: flag(values, 'require-known-signers') });
  io.stdout.write(flag(values, 'json') ? `${JSON.stringify(report)}\n` : renderVerifyReport(report, file));
  return report.ok ? EXIT.ok : EXIT.failed;
}

/** The trust lists of `records verify`: files, then --expect-signer; signed lists checked against --trust-org. Bad ones exit 2. */
function trustLists(values: ParsedArgs['values']): TrustList[] {
  const orgs = listOption(values, 'trust-org').map((raw) => {
    const fp = fingerprintFrom(raw);
    if (fp === undefined) throw new UsageError(`--trust-org ${JSON.stringify(raw)} is not a key fingerprint (64 hex digits)`);
    return fp;
  });
  try {
    const lists = listOption(values, 'trust-list').map((file) => readTrustListFile(file));
    for (const l of lists) {
      if (orgs.length > 0 && l.kind === 'signed' && !orgs.includes(l.organisation!.fingerprint)) {
        throw new UsageError(`trust list ${l.source} is signed by ${l.organisation!.name}'s key ${formatFingerprint(l.organisation!.fingerprint)}, which no --trust-org names`);
      }
    }
    const expected = listOption(values, 'expect-signer');
    if (expected.length > 0) lists.push(fingerprintsList(expected, '--expect-signer'));
    if (orgs.length > 0 && !lists.some((l) => l.kind === 'signed')) throw new UsageError('--trust-org checks signed trust lists: give one with --trust-list');
    return lists;
  } catch (e) {
    if (e instanceof TrustListError) throw new UsageError(e.message);
    throw e;
  }
}

function verifyDb(db: string, io: CliIO, json: boolean): number {
  const { store, repo } = openExistingStore(db, 'no records to verify');
  try {
    const records = repo.all();
    const problems = repo.verifyChain();
    if (json) io.stdout.write(`${JSON.stringify({ ok: problems.length === 0, records: records.length, lastHash: records[records.length - 1]?.hash ?? null, problems })}\n`);
    else {
      io.stdout.write(`${clean(db)}: ${records.length} record(s) in the chain\n`);
      for (const r of records) {
        io.stdout.write(`  ${String(r.position).padStart(4)}  ${r.id}  ${r.signatures.map((s) => `${s.kind} ${clean(s.name)} ${formatFingerprint(s.fingerprint).slice(0, 19)} …`).join('; ')}\n`);
      }
      if (problems.length === 0) io.stdout.write('INTACT: every record verifies and every chain link holds.\n');
      else {
        io.stdout.write(`DOES NOT VERIFY (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n`);
        for (const p of problems) io.stdout.write(`  - [${p.kind}] ${clean(p.where)}: ${clean(p.message)}\n`);
      }
    }
    return problems.length === 0 ? EXIT.ok : EXIT.failed;
  } catch (e) {
    return recordsFailure(e, io);
  } finally {
    store.close();
  }
}
