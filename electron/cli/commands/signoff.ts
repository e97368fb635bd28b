/**
 * `collimator signoff HOST:PORT --operator NAME --key FILE [options]`: sign a remediation
 * record of one service (its findings with evidence, the checklist steps and
 * attestations, its latest verification, its maintenance window) and append it to the
 * database's hash chain. Prints the new record's id (`--json`: id, service, signers).
 *
 * Order matters for "nothing written on bad input": arguments, then the key file (read
 * and unlocked), then the database (which must already exist). A wrong passphrase, a
 * damaged or missing key file: one line, exit 2, nothing signed.
 *
 * The key helpers below are shared with `cosign`.
 */
import { existsSync } from 'node:fs';
import { RecordBuildError, buildDraft, storeSource } from '../../records/build';
import { RecordsError } from '../../records/errors';
import { KeyFileError, readKeyFile, unlockKeyFile } from '../../records/key-file';
import type { SigningKey } from '../../records/keys';
import { obtainPassphrase, PassphraseError, terminalPrompt, type PromptHidden } from '../../records/passphrase';
import { createRecordsRepo, newRecordId, type RecordsRepo } from '../../records/repo';
import type { StoredRecord } from '../../records/types';
import { canonicalHost, serverKey } from '../../../shared/host';
import { isWellFormed, NOT_WELL_FORMED, wellFormed } from '../../../shared/safe-text';
import { defaultDbPath, type Store } from '../../store';
import { flag, formatOptions, HELP_OPTION, hostPort, parseCommandArgs, str, type OptionDef, type ParsedArgs } from '../args';
import { EXIT, UsageError } from '../errors';
import type { CliIO } from '../io';
import { openExistingDatabase } from '../open-db';
import { clean } from '../output/text';

/** Options every signing command takes. */
export const KEY_OPTIONS: readonly OptionDef[] = [
  { name: 'db', type: 'string', value: 'FILE', help: "the SQLite database [the app's default location]" },
  { name: 'operator', type: 'string', value: 'NAME', help: "who signs (must match the key file's name when it has one)" },
  { name: 'role', type: 'string', value: 'ROLE', help: "the signer's role, e.g. \"PACS administrator\" [the key file's]" },
  { name: 'key', type: 'string', value: 'FILE', help: 'the operator key file (make one with: collimator keys new --out FILE)' },
  { name: 'passphrase-file', type: 'string', value: 'FILE', help: "the key's passphrase, first line of FILE [COLLIMATOR_PASSPHRASE, else asked]" },
  { name: 'json', type: 'boolean', help: 'print one JSON document instead of the id' },
];

const SIGNOFF_OPTIONS: readonly OptionDef[] = [
  ...KEY_OPTIONS,
  { name: 'note', type: 'string', value: 'TEXT', help: 'what was done, in your words (kept in the signed record)' },
  { name: 'supersedes', type: 'string', value: 'ID', help: 'this record corrects record ID (which stays unchanged)' },
  HELP_OPTION,
];

export function signoffHelp(): string {
  return [
    'Usage: collimator signoff HOST:PORT --operator NAME --key FILE [options]',
    '',
    'Signs a remediation record of one service: its findings with evidence, the checklist',
    'steps and attestations, its latest verification and maintenance window. The record is',
    'canonical JSON (RFC 8785), signed with your Ed25519 key, and chained to the previous one.',
    '',
    'Options:',
    formatOptions(SIGNOFF_OPTIONS),
    '',
    'Prints the new record id. Exit: 0 signed, 2 bad usage or input (wrong passphrase,',
    'damaged or missing key file, no scan of HOST:PORT): one line, nothing signed.',
    '',
  ].join('\n');
}

/** Free text from the command line: one line of printable text, bounded. */
export function textOption(option: string, raw: string | undefined, max: number, required: boolean, kind: 'identity' | 'prose' = 'identity'): string | undefined {
  if (raw === undefined) {
    if (required) throw new UsageError(`--${option} is required`);
    return undefined;
  }
  const t = raw.trim();
  if (required && t === '') throw new UsageError(`--${option} cannot be empty`);
  if (t.length > max) throw new UsageError(`--${option} is ${t.length} characters long (at most ${max})`);
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(t)) throw new UsageError(`--${option} contains control characters`);
  // A note is prose: a lone surrogate becomes U+FFFD, as in the app. A name or role is an identity: refused, never repaired.
  if (kind === 'prose') return wellFormed(t);
  if (!isWellFormed(t)) throw new UsageError(`--${option} ${NOT_WELL_FORMED}`);
  return t;
}

/** Names compare without case and outer spaces. */
const samePerson = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** How a signing command gets its key: file, passphrase sources, name and role. */
export interface KeyArgs {
  keyFile: string;
  passphraseFile?: string | undefined;
  operator?: string | undefined;
  role?: string | undefined;
}

export function keyArgs(values: ParsedArgs['values']): KeyArgs {
  const keyFile = str(values, 'key');
  if (keyFile === undefined) throw new UsageError('--key FILE is required (make one with: collimator keys new --out FILE)');
  return {
    keyFile,
    passphraseFile: str(values, 'passphrase-file'),
    operator: textOption('operator', str(values, 'operator'), 100, false),
    role: textOption('role', str(values, 'role'), 100, false),
  };
}

/** Sources of the passphrase; tests replace `prompt`/`env`. */
export interface UnlockDeps {
  env: NodeJS.ProcessEnv;
  prompt: PromptHidden | undefined;
}

export function processUnlockDeps(): UnlockDeps {
  return { env: process.env, prompt: terminalPrompt() };
}

/** Reads and unlocks the key file; every failure is one line (exit 2). */
export async function unlockOperatorKey(a: KeyArgs, deps: UnlockDeps): Promise<SigningKey> {
  try {
    const doc = readKeyFile(a.keyFile);
    if (a.operator !== undefined && doc.name !== '' && !samePerson(doc.name, a.operator)) {
      throw new UsageError(`key file ${a.keyFile} belongs to ${JSON.stringify(doc.name)}, not ${JSON.stringify(a.operator)}`);
    }
    const name = a.operator ?? doc.name;
    if (name === '') throw new UsageError(`--operator NAME is required: key file ${a.keyFile} names nobody`);
    const passphrase = await obtainPassphrase({ file: a.passphraseFile, env: deps.env, prompt: deps.prompt }, { confirm: false, what: a.keyFile });
    const key = unlockKeyFile(a.keyFile, doc, passphrase);
    return { ...key, name: doc.name !== '' ? doc.name : name, role: a.role ?? doc.role };
  } catch (e) {
    if (e instanceof KeyFileError || e instanceof PassphraseError) throw new UsageError(e.message);
    throw e;
  }
}

/** Opens an existing database (never creates one: without one there is nothing to sign). */
export function openExistingStore(dbArg: string | undefined, why: string): { store: Store; repo: RecordsRepo; dbFile: string } {
  const dbFile = dbArg ?? defaultDbPath();
  const store = openExistingDatabase(dbFile, `${why} (give --db)`);
  return { store, repo: createRecordsRepo(store.db), dbFile };
}

/** RecordsError and RecordBuildError as the CLI answers them: integrity problems exit 1, the rest 2. */
export function recordsFailure(e: unknown, io: CliIO): number {
  if (e instanceof RecordsError && e.code === 'integrity') {
    io.stderr.write(`collimator: ${clean(e.message)}\n`);
    return EXIT.failed;
  }
  if (e instanceof RecordsError || e instanceof RecordBuildError) throw new UsageError(e.message);
  throw e;
}

/** The `--json` answer of signoff and cosign. */
export function signedJson(r: StoredRecord): string {
  return `${JSON.stringify({
    id: r.id,
    service: { host: r.body.server.host, port: r.body.server.port },
    signedBy: r.signatures.map((s) => ({ kind: s.kind, name: s.name, role: s.role, fingerprint: s.fingerprint, signedAt: s.signedAt })),
    position: r.position,
    hash: r.hash,
  })}\n`;
}

export async function run(argv: readonly string[], io: CliIO, deps: UnlockDeps = processUnlockDeps()): Promise<number> {
  const { values, positionals } = parseCommandArgs('signoff', argv, SIGNOFF_OPTIONS, true);
  if (flag(values, 'help')) {
    io.stdout.write(signoffHelp());
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('signoff takes one HOST:PORT (see collimator signoff --help)');
  const target = hostPort(positionals[0]!, 'signoff');
  const server = { host: canonicalHost(target.host), port: target.port };
  const note = textOption('note', str(values, 'note'), 4000, false, 'prose') ?? '';
  const supersedesRaw = str(values, 'supersedes');
  const ka = keyArgs(values);
  const dbArg = str(values, 'db');
  // The database is checked before the passphrase is asked: no typing for nothing.
  if (!existsSync(dbArg ?? defaultDbPath())) throw new UsageError(`no database at ${dbArg ?? defaultDbPath()}: nothing to sign (scan ${serverKey(server)} first, or give --db)`);
  const key = await unlockOperatorKey(ka, deps);

  const { store, repo } = openExistingStore(dbArg, 'nothing to sign');
  try {
    const supersedes = supersedesRaw === undefined ? null : repo.resolveId(supersedesRaw);
    const { TOOL_VERSION } = await import('../../engine/scan');
    const draft = buildDraft(storeSource(store), server, {
      id: newRecordId(),
      createdAt: new Date().toISOString(),
      toolVersion: TOOL_VERSION,
      operator: { name: key.name, role: key.role, fingerprint: key.fingerprint },
      note,
      supersedes,
    });
    const rec = repo.signoff(draft, key);
    if (rec.body.verification === null) {
      io.stderr.write(`collimator: note: ${serverKey(server)} was never verified; the record says so (run collimator verify first to prove the fix)\n`);
    }
    io.stdout.write(flag(values, 'json') ? signedJson(rec) : `${rec.id}\n`);
    return EXIT.ok;
  } catch (e) {
    return recordsFailure(e, io);
  } finally {
    store.close();
  }
}
