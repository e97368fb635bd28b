/**
 * `collimator keys new --out FILE [--name NAME] [--role ROLE]`: make an operator's
 * Ed25519 key pair and write it as a passphrase-protected key file (mode 0600, never
 * over an existing file). `keys new --org --name ORG --out FILE`: the same for an
 * organisation key, which signs trust lists (`collimator trust`), never records: its
 * role is `organisation`. `collimator keys show FILE`: print who a key file belongs to
 * and its fingerprint, without the passphrase.
 *
 * The passphrase comes from --passphrase-file, COLLIMATOR_PASSPHRASE, or is asked twice
 * on a terminal; it must be at least 12 characters. Bad input: one line, exit 2, no file.
 */
import { existsSync } from 'node:fs';
import { createKeyFile, KeyFileError, MIN_PASSPHRASE_LENGTH, readKeyFile, writeNewKeyFile } from '../../records/key-file';
import { formatFingerprint } from '../../records/keys';
import { obtainPassphrase, PassphraseError } from '../../records/passphrase';
import { ORG_KEY_ROLE } from '../../records/trust-list-signed';
import { flag, formatOptions, HELP_OPTION, parseCommandArgs, str, type OptionDef } from '../args';
import { EXIT, UsageError } from '../errors';
import type { CliIO } from '../io';
import { clean } from '../output/text';
import { processUnlockDeps, textOption, type UnlockDeps } from './signoff';

const NEW_OPTIONS: readonly OptionDef[] = [
  { name: 'out', type: 'string', value: 'FILE', help: 'where to write the key file (refused if it exists)' },
  { name: 'name', type: 'string', value: 'NAME', help: 'your name as it will appear on records' },
  { name: 'role', type: 'string', value: 'ROLE', help: 'your role, e.g. "PACS administrator"' },
  { name: 'org', type: 'boolean', help: 'an organisation key, to sign trust lists (collimator trust); --name names the organisation' },
  { name: 'passphrase-file', type: 'string', value: 'FILE', help: 'the new passphrase, first line of FILE [COLLIMATOR_PASSPHRASE, else asked twice]' },
  { name: 'json', type: 'boolean', help: 'print the key file, fingerprint and name as JSON' },
  HELP_OPTION,
];
const SHOW_OPTIONS: readonly OptionDef[] = [{ name: 'json', type: 'boolean', help: 'print as JSON' }, HELP_OPTION];

export function keysHelp(): string {
  return [
    'Usage: collimator keys new --out FILE [--name NAME] [--role ROLE] [options]',
    '       collimator keys new --org --name ORGANISATION --out FILE [options]',
    '       collimator keys show FILE',
    '',
    'new: makes an Ed25519 key pair for signing records and writes it to FILE, the private',
    `key encrypted with your passphrase (scrypt + AES-256-GCM; at least ${MIN_PASSPHRASE_LENGTH} characters).`,
    'Keep FILE private and backed up: a lost passphrase cannot be recovered.',
    'new --org: an organisation key (role "organisation"); it signs trust lists of known',
    'operators (collimator trust new), which records verify --trust-list checks signers against.',
    'show: prints the name, role and fingerprint of a key file (no passphrase needed).',
    '',
    'Options of new:',
    formatOptions(NEW_OPTIONS),
    '',
    'The fingerprint is the SHA-256 of the raw 32-byte public key; it is shown next to',
    'every signature. Exit: 0 done, 2 bad usage or input (nothing written).',
    '',
  ].join('\n');
}

export async function run(argv: readonly string[], io: CliIO, deps: UnlockDeps = processUnlockDeps()): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(keysHelp());
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub === 'new') return keysNew(rest, io, deps);
  if (sub === 'show') return keysShow(rest, io);
  throw new UsageError(`unknown keys command ${JSON.stringify(sub)} (keys new, keys show)`);
}

async function keysNew(argv: readonly string[], io: CliIO, deps: UnlockDeps): Promise<number> {
  const { values } = parseCommandArgs('keys new', argv, NEW_OPTIONS, false);
  if (flag(values, 'help')) {
    io.stdout.write(keysHelp());
    return EXIT.ok;
  }
  const out = str(values, 'out');
  if (out === undefined) throw new UsageError('keys new needs --out FILE');
  const org = flag(values, 'org');
  const name = textOption('name', str(values, 'name'), 100, org) ?? '';
  if (org && str(values, 'role') !== undefined) throw new UsageError(`--role goes with an operator key; an organisation key's role is "${ORG_KEY_ROLE}"`);
  const role = org ? ORG_KEY_ROLE : (textOption('role', str(values, 'role'), 100, false) ?? '');
  try {
    // Refuse an existing file before asking for a passphrase (writeNewKeyFile refuses again, atomically).
    if (existsSync(out)) throw new KeyFileError('exists', `${out} already exists; a key file is never overwritten (choose another name)`);
    const passphrase = await obtainPassphrase({ file: str(values, 'passphrase-file'), env: deps.env, prompt: deps.prompt }, { confirm: true, what: `the new key ${out}` });
    const doc = createKeyFile({ name, role, passphrase });
    writeNewKeyFile(out, doc);
    if (flag(values, 'json')) {
      io.stdout.write(`${JSON.stringify({ file: out, name: doc.name, role: doc.role, fingerprint: doc.fingerprint, publicKey: doc.publicKey })}\n`);
    } else {
      const whose = org ? `organisation key of ${clean(name)} (signs trust lists: collimator trust new --org-key ${clean(out)})` : `key of ${clean(name || '(no name: give --operator when signing)')}${role ? `, ${clean(role)}` : ''}`;
      io.stdout.write(`${clean(out)}: ${whose}\nfingerprint ${formatFingerprint(doc.fingerprint)}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof KeyFileError || e instanceof PassphraseError) throw new UsageError(e.message);
    throw e;
  }
}

function keysShow(argv: readonly string[], io: CliIO): number {
  const { values, positionals } = parseCommandArgs('keys show', argv, SHOW_OPTIONS, true);
  if (flag(values, 'help')) {
    io.stdout.write(keysHelp());
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('keys show takes one key FILE');
  try {
    const doc = readKeyFile(positionals[0]!);
    if (flag(values, 'json')) io.stdout.write(`${JSON.stringify({ name: doc.name, role: doc.role, createdAt: doc.createdAt, fingerprint: doc.fingerprint, publicKey: doc.publicKey })}\n`);
    else io.stdout.write(`${clean(doc.name || '(no name)')}${doc.role ? `, ${clean(doc.role)}` : ''}\nfingerprint ${formatFingerprint(doc.fingerprint)}\npublic key ${doc.publicKey}\n`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof KeyFileError) throw new UsageError(e.message);
    throw e;
  }
}
