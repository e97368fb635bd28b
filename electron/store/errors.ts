/**
 * The one error the store throws on purpose. Its message is a single line an
 * operator can act on (bad file, newer database, unknown scan); callers print it
 * as-is (CLI exit 2, IPC `Result.error.message`). Wrapped SQLite errors keep the
 * original as `cause` for debugging.
 */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** SQLite's extended result code of an error thrown by better-sqlite3, if it is one. */
export function sqliteCode(err: unknown): string | undefined {
  if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('SQLITE_')) {
    return err.code;
  }
  return undefined;
}

/** The first line of an error's message (SQLite messages are one line already; this is a guard). */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n', 1)[0] ?? text;
}
