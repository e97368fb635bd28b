/** Small helpers of the remediation repositories: canonical times, JSON columns, SQLite errors as one-line StoreErrors. */
import { StoreError, oneLine, sqliteCode } from './errors';

/** ISO-8601 UTC in `toISOString()` form only: anything else would sort wrongly as text. */
export function requireTimestamp(value: string, field: string): void {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== value) {
    throw new StoreError(`${field} must be an ISO-8601 UTC time like 2025-01-31T09:30:00.000Z, got ${JSON.stringify(value)}`);
  }
}

export function requirePort(port: number, field = 'port'): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new StoreError(`${field} must be a TCP port (1-65535), got ${String(port)}`);
}

export function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new StoreError(`${what} is not plain JSON: ${oneLine(err)}`, { cause: err });
  }
  if (text === undefined) throw new StoreError(`${what} is missing`);
  return text;
}

/** Runs a statement; SQLite errors become one-line StoreErrors, with friendlier words for the codes in `known`. */
export function runSql<T>(what: string, known: Readonly<Record<string, string>>, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const code = sqliteCode(err);
    const words = code === undefined ? undefined : known[code];
    throw new StoreError(words ?? `${what}: ${oneLine(err)}`, { cause: err });
  }
}
