/**
 * Errors that cross the IPC boundary as data. A service throws an AppError with a code
 * from the contract's closed vocabulary; the dispatcher turns it into a Result. Any
 * other thrown value becomes `internal`.
 */
import type { ErrorCode } from '../../shared/contract';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    /** The contract's error code the renderer switches on. */
    readonly code: ErrorCode,
    /** One line in words, shown to the admin as is. */
    message: string,
  ) {
    super(message);
  }
}
