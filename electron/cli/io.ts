/**
 * What a command may touch of its process: two output streams and the signals.
 * Commands take it as a parameter so tests can run them in-process and read what
 * they printed; the real one wraps `process`.
 */

/** The part of a writable stream the CLI uses. */
export interface OutStream {
  write(text: string): unknown;
  /** True when the stream is a terminal (progress redraws in place, colours would be allowed). */
  isTTY?: boolean;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  /**
   * Call `handler` on each of `signals` instead of the default (which would kill the
   * process mid-write). Returns the function that removes the handler again.
   */
  onSignal(signals: readonly NodeJS.Signals[], handler: (signal: NodeJS.Signals) => void): () => void;
}

/** The real process. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    onSignal(signals, handler) {
      for (const s of signals) process.on(s, handler);
      return () => {
        for (const s of signals) process.off(s, handler);
      };
    },
  };
}
