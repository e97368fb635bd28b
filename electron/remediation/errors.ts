/**
 * The one error remediation services throw on purpose: bad input or a missing object,
 * in one line. The IPC layer maps `code` to the contract's error codes; the CLI prints
 * the message and exits 2.
 */
export class RemediationError extends Error {
  override readonly name = 'RemediationError';
  constructor(
    /**
     * `invalid-argument`: the request cannot be served as given; `not-found`: no such server,
     * scan, window or node; `busy`: a re-check of that server is already running;
     * `cancelled`: the re-check was cancelled before it finished (nothing was stored).
     */
    readonly code: 'invalid-argument' | 'not-found' | 'busy' | 'cancelled',
    message: string,
  ) {
    super(message);
  }
}
