/** Why an export was not made, in one line; `code` is the contract's error code for the app. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    readonly code: 'not-found' | 'invalid-argument',
    message: string,
  ) {
    super(message);
  }
}
