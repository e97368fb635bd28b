/**
 * The error the records module throws on purpose. `code` decides how callers answer
 * (CLI exit code, IPC error code); the message is one line a person can act on.
 */
export type RecordsErrorCode =
  /** No such record (or operator). */
  | 'not-found'
  /** The request itself is wrong: same person co-signing, wrong server for a correction, ... */
  | 'invalid'
  /** The stored record does not verify: refuse to build on it. */
  | 'integrity'
  /** This process cannot do it (no OS keychain to keep keys, no Chromium for PDFs). */
  | 'unavailable'
  /** The passphrase does not unlock the signer's key: nothing was signed. */
  | 'bad-passphrase';

export class RecordsError extends Error {
  override readonly name = 'RecordsError';
  constructor(
    readonly code: RecordsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
