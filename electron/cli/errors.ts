/**
 * Errors the CLI turns into exit codes (../shared/spec/cli.md): a UsageError is bad
 * usage or bad input, answered with exit 2 and one line on stderr, before anything
 * is written or any packet is sent.
 */

/** Bad usage or bad input. `message` is one line, without the `collimator: ` prefix. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(oneLine(message));
  }
}

/** Collapse a message to one line: the stderr contract is exactly one line per error. */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Exit codes of every command (cli.md), plus 130 after Ctrl-C (128 + SIGINT, the shell convention). */
export const EXIT = {
  /** Done, nothing at or above --fail-on. */
  ok: 0,
  /** Done, but something failed (a fail at/above --fail-on). */
  failed: 1,
  /** Bad usage or bad input; nothing written. */
  usage: 2,
  /** An unexpected internal error (a bug): the message is printed, the exit says it was not bad input. */
  internal: 3,
  /** Interrupted (SIGINT): what was found so far is printed and stored as a cancelled scan. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
