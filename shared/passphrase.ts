/**
 * The one rule for a new passphrase (a key file's, or an app-held key's), shared by the
 * CLI (`collimator keys new`), main (`operators:create`), the contract's schemas and the
 * renderer's form, so every place refuses the same passphrases in the same words.
 */

/** Shortest passphrase accepted for a new key, in characters (after Unicode NFC). */
export const MIN_PASSPHRASE_LENGTH = 12;
/** Longest passphrase accepted anywhere, in characters: a bound on what main hashes. */
export const MAX_PASSPHRASE_LENGTH = 1024;

/** Why `passphrase` is too weak for a new key, or undefined. */
export function passphraseProblem(passphrase: string): string | undefined {
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) return `the passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long`;
  if (passphrase.trim() !== passphrase) return 'the passphrase must not start or end with spaces';
  return undefined;
}
