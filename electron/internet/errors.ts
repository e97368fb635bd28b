/**
 * A file that cannot be imported at all (unreadable, or unsafe: XML with a DTD or
 * entities, a line over the size limit, a gzip bomb): one line, and nothing is imported.
 */
export class UnsafeFileError extends Error {
  override readonly name = 'UnsafeFileError';
}

/** `--strict` met a bad record: the import is refused and nothing is imported. */
export class StrictImportError extends Error {
  override readonly name = 'StrictImportError';
}

/** The import was cancelled (AbortSignal): nothing is imported. */
export class ImportCancelledError extends Error {
  override readonly name = 'ImportCancelledError';
  constructor() {
    super('import cancelled');
  }
}
