/**
 * The one error remediation services throw on purpose: bad input or a missing object,
 * in one line. The IPC layer maps `code` to the contract's error codes; the CLI prints
 * the message and exits 2.
 */
export class RemediationError extends Error {
  override readonly name = 'RemediationError';
  constructor(
    /** `invalid-argument`: the request cannot be served as given; `not-found`: no such server, scan, window or node. */
    readonly code: 'invalid-argument' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}
