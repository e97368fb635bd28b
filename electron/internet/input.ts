/**
 * The bytes of one import file, as a stream of decoded chunks: gunzipped as a stream
 * when the file starts with the gzip magic (a gzip bomb refused by size and ratio),
 * SHA-256 over the file as read, progress by bytes of the file read, cancellable.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ImportCancelledError, UnsafeFileError } from './errors';
import { MiB, type ImportLimits } from './limits';

/** One file to import: a path on disk, or bytes (the app's file pick hands bytes over). */
export type ImportInput = { name: string; path: string } | { name: string; bytes: Uint8Array };

export interface ReadState {
  /** Bytes of the file read so far. */
  bytesRead: number;
  /** Size of the file, when known. */
  size: number | undefined;
  /** Bytes after gunzip (the file's bytes when it is not gzip). */
  bytesDecoded: number;
  gzip: boolean;
  /** Hex SHA-256 of the file's bytes; complete once the stream ended. */
  sha256(): string;
}

export interface ReadOptions {
  limits: ImportLimits;
  signal?: AbortSignal;
  onRead?: (state: ReadState) => void;
  /** The size on disk (stat), for progress. */
  size?: number;
}

function rawChunks(input: ImportInput, signal: AbortSignal | undefined): AsyncIterable<Buffer> {
  if ('bytes' in input) {
    const buf = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
    // Handed over in 1 MiB pieces, as a file would be: the same progress and bounds.
    return Readable.from(
      (function* () {
        for (let i = 0; i < buf.length; i += MiB) yield buf.subarray(i, Math.min(buf.length, i + MiB));
      })(),
      { objectMode: false },
    );
  }
  return createReadStream(input.path, { highWaterMark: MiB, ...(signal ? { signal } : {}) });
}

/** One line for a file system error. */
function readError(e: unknown, name: string): UnsafeFileError {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return new UnsafeFileError(`${name}: no such file`);
  if (code === 'EACCES' || code === 'EPERM') return new UnsafeFileError(`${name}: not readable (permission denied)`);
  if (code === 'EISDIR') return new UnsafeFileError(`${name}: is a directory`);
  if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') return new UnsafeFileError(`${name}: broken gzip data (${code === 'Z_BUF_ERROR' ? 'the file ends early' : 'corrupt'})`);
  if (e instanceof UnsafeFileError || e instanceof ImportCancelledError) return e as UnsafeFileError;
  return new UnsafeFileError(`${name}: cannot be read (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
}

/** The decoded chunks of `input`; `state` is updated as they come. Throws UnsafeFileError or ImportCancelledError. */
export function readDecoded(input: ImportInput, opts: ReadOptions): { state: ReadState; chunks: AsyncGenerator<Buffer> } {
  const hash = createHash('sha256');
  let digest: string | undefined;
  const state: ReadState = {
    bytesRead: 0,
    size: opts.size ?? ('bytes' in input ? input.bytes.byteLength : undefined),
    bytesDecoded: 0,
    gzip: false,
    sha256: () => (digest ??= hash.digest('hex')),
  };
  const { limits, signal } = opts;
  const checkAbort = (): void => {
    if (signal?.aborted) throw new ImportCancelledError();
  };

  async function* counted(first: Buffer | undefined, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
    if (first) yield first;
    for (;;) {
      checkAbort();
      const n = await rest.next();
      if (n.done) return;
      const c = n.value;
      hash.update(c);
      state.bytesRead += c.length;
      opts.onRead?.(state);
      yield c;
    }
  }

  async function* run(): AsyncGenerator<Buffer> {
    checkAbort();
    const it = rawChunks(input, signal)[Symbol.asyncIterator]();
    let first: IteratorResult<Buffer>;
    try {
      first = await it.next();
    } catch (e) {
      throw readError(e, input.name);
    }
    if (first.done) return;
    const head = first.value;
    hash.update(head);
    state.bytesRead += head.length;
    opts.onRead?.(state);
    state.gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    const source = Readable.from(counted(head, it), { objectMode: false });
    const decoded: Readable = state.gzip ? pipeline(source, createGunzip({ chunkSize: 256 * 1024 }), () => undefined) : source;
    try {
      for await (const chunk of decoded as AsyncIterable<Buffer>) {
        checkAbort();
        state.bytesDecoded += chunk.length;
        if (state.gzip) {
          if (state.bytesDecoded > limits.maxInflatedBytes) {
            throw new UnsafeFileError(`${input.name}: gzip inflates to more than ${Math.round(limits.maxInflatedBytes / MiB)} MiB (a gzip bomb?); refused`);
          }
          if (state.bytesDecoded > limits.ratioFloorBytes && state.bytesDecoded > limits.maxInflateRatio * state.bytesRead) {
            throw new UnsafeFileError(`${input.name}: gzip inflates more than ${limits.maxInflateRatio} times (a gzip bomb?); refused`);
          }
        }
        yield chunk;
      }
    } catch (e) {
      decoded.destroy();
      if (signal?.aborted) throw new ImportCancelledError();
      throw readError(e, input.name);
    }
    checkAbort();
  }

  return { state, chunks: run() };
}
