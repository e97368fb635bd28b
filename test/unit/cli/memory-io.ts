/** An in-memory CliIO for running commands in-process: what they printed, and signals a test can raise. */
import type { CliIO } from '../../../electron/cli/io';

export interface MemoryIO extends CliIO {
  out(): string;
  err(): string;
  /** Deliver a signal to the handlers currently installed; false when none is (the default would have killed the process). */
  raise(signal: NodeJS.Signals): boolean;
}

export function memoryIO(opts: { stderrIsTTY?: boolean } = {}): MemoryIO {
  let out = '';
  let err = '';
  const handlers = new Set<{ signals: readonly NodeJS.Signals[]; fn: (s: NodeJS.Signals) => void }>();
  return {
    stdout: { write: (t: string) => void (out += t) },
    stderr: { write: (t: string) => void (err += t), isTTY: opts.stderrIsTTY ?? false },
    onSignal(signals, fn) {
      const h = { signals, fn };
      handlers.add(h);
      return () => void handlers.delete(h);
    },
    out: () => out,
    err: () => err,
    raise(signal) {
      const now = [...handlers].filter((h) => h.signals.includes(signal));
      for (const h of now) h.fn(signal);
      return now.length > 0;
    },
  };
}
