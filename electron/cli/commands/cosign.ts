/**
 * `collimator cosign ID --operator NAME --key FILE [options]`: a reviewer (a second
 * person, e.g. the clinical system owner) signs the same canonical bytes as the
 * operator. The stored record must verify first; the signature is appended, the record
 * itself never changes. Same key options and failures as `signoff`.
 */
import { flag, formatOptions, HELP_OPTION, parseCommandArgs, str, type OptionDef } from '../args';
import { EXIT, UsageError } from '../errors';
import type { CliIO } from '../io';
import { clean } from '../output/text';
import { KEY_OPTIONS, keyArgs, openExistingStore, processUnlockDeps, recordsFailure, signedJson, unlockOperatorKey, type UnlockDeps } from './signoff';
import { defaultDbPath } from '../../store';
import { existsSync } from 'node:fs';

const COSIGN_OPTIONS: readonly OptionDef[] = [...KEY_OPTIONS, HELP_OPTION];

export function cosignHelp(): string {
  return [
    'Usage: collimator cosign ID --operator NAME --key FILE [options]',
    '',
    "Adds a reviewer's signature to record ID (the full id, or its first 8+ characters):",
    'the same bytes the operator signed, signed with your key. The reviewer must be a',
    'second person. The record itself never changes.',
    '',
    'Options:',
    formatOptions(COSIGN_OPTIONS),
    '',
    'Exit: 0 co-signed, 1 the stored record does not verify (not co-signed), 2 bad usage',
    'or input (wrong passphrase, damaged or missing key file, unknown id): nothing signed.',
    '',
  ].join('\n');
}

export async function run(argv: readonly string[], io: CliIO, deps: UnlockDeps = processUnlockDeps()): Promise<number> {
  const { values, positionals } = parseCommandArgs('cosign', argv, COSIGN_OPTIONS, true);
  if (flag(values, 'help')) {
    io.stdout.write(cosignHelp());
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('cosign takes one record ID (see collimator records list)');
  const ka = keyArgs(values);
  const dbArg = str(values, 'db');
  if (!existsSync(dbArg ?? defaultDbPath())) throw new UsageError(`no database at ${dbArg ?? defaultDbPath()}: no record to co-sign (give --db)`);
  const key = await unlockOperatorKey(ka, deps);
  const { repo, store } = openExistingStore(dbArg, 'no record to co-sign');
  try {
    const id = repo.resolveId(positionals[0]!);
    const rec = repo.cosign(id, key, new Date().toISOString());
    if (flag(values, 'json')) io.stdout.write(signedJson(rec));
    else io.stdout.write(`${rec.id}: co-signed by ${clean(key.name)} (${rec.signatures.length} signatures)\n`);
    return EXIT.ok;
  } catch (e) {
    return recordsFailure(e, io);
  } finally {
    store.close();
  }
}
