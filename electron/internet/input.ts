/**
 * The bytes of one import file, as a stream of decoded chunks: gunzipped as a stream
 * when the file starts with the gzip magic (a gzip bomb refused by size and ratio),
 * SHA-256 over the file as read, progress by bytes of the file read, cancellable.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
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
  /** Read and inflate a file on disk in a worker thread [true]; false: in this thread. */
  worker?: boolean;
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

/**
 * Reading, hashing and gunzip of a file on disk, in a worker thread (plain JavaScript,
 * node: modules only, so it needs no bundling): the main thread parses and stores
 * while the next chunks inflate on the other core. In the main thread a zlib stream's
 * inflate only advances when the event loop turns, which a busy parser seldom lets it
 * do, so the two took turns instead. The worker runs at most CREDIT decoded chunks
 * ahead of what the main thread has taken (memory stays bounded).
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
const { createHash } = require('node:crypto');
const { createGunzip } = require('node:zlib');
const hash = createHash('sha256');
let bytesRead = 0;
let credit = workerData.credit;
let out;
let failed = false;
const fail = (e) => {
  if (failed) return;
  failed = true;
  parentPort.postMessage({ t: 'error', code: e && e.code, message: String((e && e.message) || e) });
};
const send = (c, gzip) => {
  const copy = new Uint8Array(c.length);
  copy.set(c);
  parentPort.postMessage({ t: 'data', b: copy, bytesRead, gzip }, [copy.buffer]);
  if (--credit <= 0 && out) out.pause();
};
parentPort.on('message', (m) => {
  credit += m;
  if (credit > 0 && out && out.isPaused()) out.resume();
});
const file = createReadStream(workerData.path, { highWaterMark: workerData.chunk });
let gz;
file.on('error', fail);
file.on('data', (c) => {
  hash.update(c);
  bytesRead += c.length;
  if (gz === undefined) {
    gz = c.length >= 2 && c[0] === 0x1f && c[1] === 0x8b;
    if (gz) {
      const g = createGunzip({ chunkSize: 256 * 1024 });
      out = g;
      g.on('error', fail);
      g.on('data', (d) => send(d, true));
      g.on('end', () => { if (!failed) parentPort.postMessage({ t: 'end', bytesRead, sha256: hash.digest('hex'), gzip: true }); });
      file.pause();
      g.write(c, () => file.resume());
      file.on('end', () => g.end());
      file.removeAllListeners('data');
      file.on('data', (d) => {
        hash.update(d);
        bytesRead += d.length;
        file.pause();
        g.write(d, () => file.resume());
      });
      return;
    }
    out = file;
    file.on('end', () => { if (!failed) parentPort.postMessage({ t: 'end', bytesRead, sha256: hash.digest('hex'), gzip: false }); });
  }
  send(c, false);
});
file.on('end', () => {
  if (gz === undefined) parentPort.postMessage({ t: 'end', bytesRead, sha256: hash.digest('hex'), gzip: false });
});
`;

/** Decoded chunks the worker may run ahead (256 KiB each when inflating). */
const CREDIT = 16;

type WorkerMessage =
  | { t: 'data'; b: Uint8Array; bytesRead: number; gzip: boolean }
  | { t: 'end'; bytesRead: number; sha256: string; gzip: boolean }
  | { t: 'error'; code?: string; message: string };

/** The file's decoded chunks from a worker; `onMessage` sees each of the worker's messages first. */
async function* workerChunks(path: string, onMessage: (m: WorkerMessage) => void, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  const worker = new Worker(WORKER_CODE, { eval: true, workerData: { path, chunk: MiB, credit: CREDIT } });
  // Never what keeps a process alive: it is ended below however the reading ends.
  worker.unref();
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let exited: Error | undefined;
  const push = (m: WorkerMessage): void => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (e) => {
    exited = e instanceof Error ? e : new Error(String(e));
    wake?.();
  });
  worker.on('exit', () => {
    exited ??= new Error('the reading thread stopped');
    wake?.();
  });
  const onAbort = (): void => wake?.();
  signal?.addEventListener('abort', onAbort);
  let taken = 0;
  try {
    for (;;) {
      if (signal?.aborted) throw new ImportCancelledError();
      const m = queue.shift();
      if (!m) {
        if (exited) throw exited;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      onMessage(m);
      if (m.t === 'error') throw Object.assign(new Error(m.message), m.code ? { code: m.code } : {});
      if (m.t === 'end') return;
      // Credit goes back a few chunks at a time (a message to the worker costs ~0.5 ms of this thread).
      if (++taken === CREDIT / 4) {
        worker.postMessage(taken);
        taken = 0;
      }
      yield Buffer.from(m.b.buffer, m.b.byteOffset, m.b.byteLength);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    worker.removeAllListeners();
    void worker.terminate();
  }
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
  /** The bomb checks, on every decoded chunk whichever thread inflated it. */
  const decodedChunk = (chunk: Buffer): void => {
    state.bytesDecoded += chunk.length;
    if (state.gzip) {
      if (state.bytesDecoded > limits.maxInflatedBytes) {
        throw new UnsafeFileError(`${input.name}: gzip inflates to more than ${Math.round(limits.maxInflatedBytes / MiB)} MiB (a gzip bomb?); refused`);
      }
      if (state.bytesDecoded > limits.ratioFloorBytes && state.bytesDecoded > limits.maxInflateRatio * state.bytesRead) {
        throw new UnsafeFileError(`${input.name}: gzip inflates more than ${limits.maxInflateRatio} times (a gzip bomb?); refused`);
      }
    }
  };

  async function* inWorker(path: string): AsyncGenerator<Buffer> {
    checkAbort();
    let any = false;
    try {
      for await (const chunk of workerChunks(
        path,
        (m) => {
          if (m.t === 'error') return;
          if (!any) state.gzip = m.gzip;
          any = true;
          if (m.bytesRead !== state.bytesRead) {
            state.bytesRead = m.bytesRead;
            opts.onRead?.(state);
          }
          if (m.t === 'end') digest = m.sha256;
        },
        signal,
      )) {
        checkAbort();
        decodedChunk(chunk);
        yield chunk;
      }
    } catch (e) {
      if (signal?.aborted) throw new ImportCancelledError();
      throw readError(e, input.name);
    }
    checkAbort();
  }
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
        decodedChunk(chunk);
        yield chunk;
      }
    } catch (e) {
      decoded.destroy();
      if (signal?.aborted) throw new ImportCancelledError();
      throw readError(e, input.name);
    }
    checkAbort();
  }

  return { state, chunks: 'path' in input && opts.worker !== false ? inWorker(input.path) : run() };
}
