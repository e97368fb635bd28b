/**
 * `collimator trust new|add|revoke|show`: an organisation's signed trust list
 * (`collimator.trust/1`, electron/records/trust-list-signed.ts) of known operators, for
 * `collimator records verify FILE --trust-list LIST`.
 *
 *   trust new --org-key ORG.key --out LIST
 *   trust add LIST --org-key ORG.key --key OPERATOR.key | --public-key BASE64 [--name N] [--role R] [--valid-from T] [--valid-until T]
 *   trust revoke LIST --org-key ORG.key --fingerprint FP [--at T]
 *   trust show LIST [--json]
 *
 * Every change re-signs the whole list with the organisation key (made by `keys new
 * --org`), after checking that the list as it stands is intact and is that
 * organisation's. The list is replaced through a temporary file: a failure leaves the
 * old list. Bad input: one line, exit 2, nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KeyFileError, readKeyFile } from '../../records/key-file';
import { decodeBase64Exact, fingerprintOf, formatFingerprint, type SigningKey } from '../../records/keys';
import { PassphraseError } from '../../records/passphrase';
import { fingerprintFrom, parseTrustList, readTrustListFile, TrustListError, type TrustList } from '../../records/trust-list';
import {
  checkSignedTrustDoc,
  isRevoked,
  ORG_KEY_ROLE,
  signTrustDoc,
  TRUST_FORMAT,
  trustDocText,
  type SignedTrustDoc,
  type TrustOperator,
  type UnsignedTrustDoc,
} from '../../records/trust-list-signed';
import { flag, formatOptions, HELP_OPTION, parseCommandArgs, str, type OptionDef } from '../args';
import { EXIT, UsageError } from '../errors';
import type { CliIO } from '../io';
import { clean } from '../output/text';
import { processUnlockDeps, textOption, unlockOperatorKey, type UnlockDeps } from './signoff';

const ORG_KEY: OptionDef = { name: 'org-key', type: 'string', value: 'FILE', help: 'the organisation key file (collimator keys new --org)' };
const PASSPHRASE: OptionDef = { name: 'passphrase-file', type: 'string', value: 'FILE', help: "the organisation key's passphrase, first line of FILE [COLLIMATOR_PASSPHRASE, else asked]" };
const JSON_OPTION: OptionDef = { name: 'json', type: 'boolean', help: 'print the result as JSON' };

const NEW_OPTIONS: readonly OptionDef[] = [ORG_KEY, { name: 'out', type: 'string', value: 'FILE', help: 'where to write the list (refused if it exists)' }, PASSPHRASE, JSON_OPTION, HELP_OPTION];
const ADD_OPTIONS: readonly OptionDef[] = [
  ORG_KEY,
  { name: 'key', type: 'string', value: 'FILE', help: "the operator's key file: only its public part is read (no passphrase)" },
  { name: 'public-key', type: 'string', value: 'BASE64', help: "the operator's public key (base64 of 32 bytes), instead of --key" },
  { name: 'name', type: 'string', value: 'NAME', help: "the operator's name [the key file's]" },
  { name: 'role', type: 'string', value: 'ROLE', help: "the operator's role [the key file's]" },
  { name: 'valid-from', type: 'string', value: 'TIME', help: "signatures before TIME are expired [the key file's creation time; required with --public-key]" },
  { name: 'valid-until', type: 'string', value: 'TIME', help: 'signatures after TIME are expired [no end]' },
  PASSPHRASE,
  JSON_OPTION,
  HELP_OPTION,
];
const REVOKE_OPTIONS: readonly OptionDef[] = [
  ORG_KEY,
  { name: 'fingerprint', type: 'string', value: 'FP', help: "the revoked operator's key fingerprint" },
  { name: 'at', type: 'string', value: 'TIME', help: 'when it was revoked [now]' },
  PASSPHRASE,
  JSON_OPTION,
  HELP_OPTION,
];
const SHOW_OPTIONS: readonly OptionDef[] = [JSON_OPTION, HELP_OPTION];

export function trustHelp(): string {
  return [
    'Usage: collimator trust new --org-key ORG.key --out LIST',
    '       collimator trust add LIST --org-key ORG.key (--key OPERATOR.key | --public-key BASE64) [options]',
    '       collimator trust revoke LIST --org-key ORG.key --fingerprint FP [--at TIME]',
    '       collimator trust show LIST [--json]',
    '',
    `A trust list (${TRUST_FORMAT}) names the keys of an organisation's known operators, with`,
    'their name, role and validity, and is signed by the organisation key (collimator keys',
    'new --org). collimator records verify FILE --trust-list LIST then says of every signer:',
    'known (name, role), unknown, expired or revoked. A plain text file with one fingerprint',
    'per line (# comments) is accepted as a list too.',
    '',
    'TIME is ISO-8601: 2025-03-01 (midnight UTC) or 2025-03-01T12:00:00Z.',
    '',
    'Options of add:',
    formatOptions(ADD_OPTIONS),
    '',
    'Options of revoke:',
    formatOptions(REVOKE_OPTIONS),
    '',
    'Exit: 0 done, 2 bad usage or input (nothing written).',
    '',
  ].join('\n');
}

export async function run(argv: readonly string[], io: CliIO, deps: UnlockDeps = processUnlockDeps()): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(trustHelp());
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  try {
    switch (sub) {
      case 'new':
        return await trustNew(rest, io, deps);
      case 'add':
        return await trustAdd(rest, io, deps);
      case 'revoke':
        return await trustRevoke(rest, io, deps);
      case 'show':
        return trustShow(rest, io);
      default:
        throw new UsageError(`unknown trust command ${JSON.stringify(sub)} (trust new, trust add, trust revoke, trust show)`);
    }
  } catch (e) {
    if (e instanceof TrustListError || e instanceof KeyFileError || e instanceof PassphraseError) throw new UsageError(e.message);
    throw e;
  }
}

/** A time option as ISO-8601 UTC: a date (midnight UTC) or a date-time with a zone. */
export function timeOption(option: string, raw: string): string {
  const t = raw.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(t) || !Number.isFinite(Date.parse(t))) {
    throw new UsageError(`--${option} must be an ISO-8601 date or time, e.g. 2025-03-01 or 2025-03-01T12:00:00Z, not ${JSON.stringify(raw)}`);
  }
  return new Date(t).toISOString();
}

async function orgKey(file: string | undefined, passphraseFile: string | undefined, deps: UnlockDeps): Promise<SigningKey> {
  if (file === undefined) throw new UsageError('--org-key FILE is required (make one with: collimator keys new --org --name ORGANISATION --out FILE)');
  const doc = readKeyFile(file);
  if (doc.role !== ORG_KEY_ROLE) throw new UsageError(`${file} is an operator key, not an organisation key (make one with: collimator keys new --org --name ORGANISATION --out FILE)`);
  return unlockOperatorKey({ keyFile: file, passphraseFile }, deps);
}

/** Reads a list that must be a signed one, for changing it. */
function readSigned(file: string): SignedTrustDoc {
  const list = readTrustListFile(file);
  if (list.kind !== 'signed') throw new UsageError(`${file} is a plain fingerprint list, not a signed ${TRUST_FORMAT} list: edit it with a text editor`);
  return checkSignedTrustDoc(JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')), file);
}

/** Writes `text` over `file` through a temporary file in the same folder (`create`: never over an existing file). */
function writeList(file: string, textValue: string, create: boolean): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UsageError(`cannot write ${file}: its folder does not exist`);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, textValue, { flag: 'wx', mode: 0o644 });
    if (create) fs.linkSync(tmp, file);
    else fs.renameSync(tmp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${file} already exists; a trust list is never overwritten by trust new (use trust add)`);
    throw new UsageError(`cannot write ${file}: ${code ?? (e as Error).message}`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Re-signs `doc` after a change, checking the key is the list's organisation's, and writes it. */
function resign(file: string, doc: UnsignedTrustDoc, key: SigningKey, create: boolean): SignedTrustDoc {
  if (key.fingerprint !== doc.organisation.fingerprint) {
    throw new UsageError(`${file} is signed by the organisation key ${formatFingerprint(doc.organisation.fingerprint)}, not by this key (${formatFingerprint(key.fingerprint)})`);
  }
  const signed = signTrustDoc({ ...doc, issuedAt: new Date().toISOString() }, key);
  // What is written must read back as a valid list: never leave a broken one behind.
  parseTrustList(trustDocText(signed), file);
  writeList(file, trustDocText(signed), create);
  return signed;
}

function summaryJson(file: string, doc: SignedTrustDoc): string {
  return `${JSON.stringify({ file, organisation: { name: doc.organisation.name, fingerprint: doc.organisation.fingerprint }, issuedAt: doc.issuedAt, operators: doc.operators.length })}\n`;
}

async function trustNew(argv: readonly string[], io: CliIO, deps: UnlockDeps): Promise<number> {
  const { values, positionals } = parseCommandArgs('trust new', argv, NEW_OPTIONS, true);
  if (flag(values, 'help')) return help(io);
  if (positionals.length > 0) throw new UsageError('trust new takes no LIST argument: give --out FILE');
  const out = str(values, 'out');
  if (out === undefined) throw new UsageError('trust new needs --out FILE');
  if (fs.existsSync(out)) throw new UsageError(`${out} already exists; a trust list is never overwritten by trust new (use trust add)`);
  const key = await orgKey(str(values, 'org-key'), str(values, 'passphrase-file'), deps);
  const doc: UnsignedTrustDoc = {
    format: TRUST_FORMAT,
    organisation: { name: key.name, publicKey: key.publicKey, fingerprint: key.fingerprint },
    issuedAt: new Date().toISOString(),
    operators: [],
  };
  const signed = resign(out, doc, key, true);
  io.stdout.write(flag(values, 'json') ? summaryJson(out, signed) : `${clean(out)}: trust list of ${clean(key.name)}, organisation key ${formatFingerprint(key.fingerprint)}; no operators yet (collimator trust add ${clean(out)} ...)\n`);
  return EXIT.ok;
}

function listArg(command: string, positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${command} takes one trust LIST file`);
  return positionals[0]!;
}

async function trustAdd(argv: readonly string[], io: CliIO, deps: UnlockDeps): Promise<number> {
  const { values, positionals } = parseCommandArgs('trust add', argv, ADD_OPTIONS, true);
  if (flag(values, 'help')) return help(io);
  const file = listArg('trust add', positionals);
  const keyFile = str(values, 'key');
  const publicKey = str(values, 'public-key');
  if ((keyFile === undefined) === (publicKey === undefined)) throw new UsageError("name the operator's key with --key FILE or --public-key BASE64 (one of them)");
  let op: { name: string; role: string; publicKey: string; fingerprint: string; createdAt: string | null };
  if (keyFile !== undefined) {
    const k = readKeyFile(keyFile);
    if (k.role === ORG_KEY_ROLE) throw new UsageError(`${keyFile} is an organisation key, not an operator's`);
    op = { name: k.name, role: k.role, publicKey: k.publicKey, fingerprint: k.fingerprint, createdAt: k.createdAt };
  } else {
    const raw = decodeBase64Exact(publicKey!.trim(), 32);
    if (raw === undefined) throw new UsageError('--public-key must be the base64 of a 32-byte Ed25519 public key (as collimator keys show prints it)');
    op = { name: '', role: '', publicKey: raw.toString('base64'), fingerprint: fingerprintOf(raw), createdAt: null };
  }
  const name = textOption('name', str(values, 'name'), 100, false) ?? op.name;
  const role = textOption('role', str(values, 'role'), 100, false) ?? op.role;
  if (name === '') throw new UsageError("--name NAME is required: the key names nobody");
  const fromRaw = str(values, 'valid-from');
  if (fromRaw === undefined && op.createdAt === null) throw new UsageError('--valid-from TIME is required with --public-key (from when this key signs for the operator)');
  const validFrom = fromRaw !== undefined ? timeOption('valid-from', fromRaw) : op.createdAt!;
  const untilRaw = str(values, 'valid-until');
  const validUntil = untilRaw === undefined ? null : timeOption('valid-until', untilRaw);
  if (validUntil !== null && Date.parse(validUntil) < Date.parse(validFrom)) throw new UsageError(`--valid-until ${validUntil} is before valid-from ${validFrom}`);

  const doc = readSigned(file);
  const already = doc.operators.find((o) => o.fingerprint === op.fingerprint);
  if (already !== undefined) throw new UsageError(`the key ${formatFingerprint(op.fingerprint)} is already on ${file} as ${JSON.stringify(already.name)}; a key is listed once (revoke it with trust revoke)`);
  const key = await orgKey(str(values, 'org-key'), str(values, 'passphrase-file'), deps);
  const entry: TrustOperator = { name, role, publicKey: op.publicKey, fingerprint: op.fingerprint, validFrom, ...(validUntil === null ? {} : { validUntil }) };
  const { signature: _old, ...rest } = doc;
  void _old;
  const signed = resign(file, { ...rest, operators: [...doc.operators, entry] }, key, false);
  io.stdout.write(
    flag(values, 'json')
      ? summaryJson(file, signed)
      : `${clean(file)}: added ${clean(name)}${role ? ` (${clean(role)})` : ''}, key ${formatFingerprint(op.fingerprint)}, valid from ${validFrom}${validUntil ? ` until ${validUntil}` : ''}; ${signed.operators.length} operator(s), signed again by ${clean(signed.organisation.name)}\n`,
  );
  return EXIT.ok;
}

async function trustRevoke(argv: readonly string[], io: CliIO, deps: UnlockDeps): Promise<number> {
  const { values, positionals } = parseCommandArgs('trust revoke', argv, REVOKE_OPTIONS, true);
  if (flag(values, 'help')) return help(io);
  const file = listArg('trust revoke', positionals);
  const raw = str(values, 'fingerprint');
  if (raw === undefined) throw new UsageError('trust revoke needs --fingerprint FP (the revoked key, as collimator keys show prints it)');
  const fp = fingerprintFrom(raw);
  if (fp === undefined) throw new UsageError(`--fingerprint ${JSON.stringify(raw)} is not a key fingerprint (64 hex digits)`);
  const atRaw = str(values, 'at');
  const at = atRaw === undefined ? new Date().toISOString() : timeOption('at', atRaw);
  const doc = readSigned(file);
  const target = doc.operators.find((o) => o.fingerprint === fp);
  if (target === undefined) throw new UsageError(`the key ${formatFingerprint(fp)} is not on ${file}`);
  if (isRevoked(target)) throw new UsageError(`the key of ${target.name} is already revoked on ${file}`);
  const key = await orgKey(str(values, 'org-key'), str(values, 'passphrase-file'), deps);
  const { signature: _old, ...rest } = doc;
  void _old;
  const operators = doc.operators.map((o) => (o.fingerprint === fp ? { ...o, revoked: true, revokedAt: at } : o));
  const signed = resign(file, { ...rest, operators }, key, false);
  io.stdout.write(flag(values, 'json') ? summaryJson(file, signed) : `${clean(file)}: revoked the key of ${clean(target.name)} (${formatFingerprint(fp)}) as of ${at}; signed again by ${clean(signed.organisation.name)}\n`);
  return EXIT.ok;
}

function entryLine(e: TrustList['entries'][number]): string {
  const who = e.name === null ? '(fingerprint only)' : `${clean(e.name)}${e.role ? `, ${clean(e.role)}` : ''}`;
  const validity = e.validFrom === null ? '' : `  valid from ${e.validFrom}${e.validUntil ? ` until ${e.validUntil}` : ''}`;
  return `  ${formatFingerprint(e.fingerprint)}  ${who}${validity}${e.revoked ? `  REVOKED${e.revokedAt ? ` ${e.revokedAt}` : ''}` : ''}`;
}

function trustShow(argv: readonly string[], io: CliIO): number {
  const { values, positionals } = parseCommandArgs('trust show', argv, SHOW_OPTIONS, true);
  if (flag(values, 'help')) return help(io);
  const list = readTrustListFile(listArg('trust show', positionals));
  if (flag(values, 'json')) {
    io.stdout.write(`${JSON.stringify(list)}\n`);
    return EXIT.ok;
  }
  const head = list.kind === 'signed' && list.organisation
    ? `${clean(list.source)}: ${TRUST_FORMAT} of ${clean(list.organisation.name)}, organisation key ${formatFingerprint(list.organisation.fingerprint)}, issued ${list.issuedAt ?? '?'}; the signature holds`
    : `${clean(list.source)}: plain fingerprint list (not signed)`;
  io.stdout.write(`${[head, `${list.entries.length} key(s)`, ...list.entries.map(entryLine)].join('\n')}\n`);
  return EXIT.ok;
}

function help(io: CliIO): number {
  io.stdout.write(trustHelp());
  return EXIT.ok;
}
