/**
 * Reading a (possibly gzip'd) file line by line with bounded memory: chunks of 1 MiB,
 * a line longer than MAX_LINE is skipped (and reported) instead of buffered, progress by
 * bytes of the file as stored, and an AbortSignal stops the read between chunks.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

export const MAX_LINE = 64 * 1024;
const CHUNK = 1024 * 1024;

/** Where the bytes come from: a path, or bytes in memory (a file dropped on the app). */
export type ByteSource = { path: string } | { bytes: Uint8Array };

export interface LineSink {
  /** One complete line (without its end of line); `cut` when it is the last, unterminated line. */
  line(text: string, cut: boolean): void;
  /** A line longer than MAX_LINE was skipped. */
  tooLong(): void;
}

export class ReadCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Is this the start of a gzip stream? */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function rawStream(src: ByteSource): Readable {
  return 'path' in src ? createReadStream(src.path, { highWaterMark: CHUNK }) : Readable.from([Buffer.from(src.bytes.buffer, src.bytes.byteOffset, src.bytes.byteLength)]);
}

/**
 * Streams `src` into `sink`. `head` is the file's first bytes (to tell gzip from text).
 * Calls `progress(bytesOfRawFileRead)` after each chunk.
 */
export async function readLines(src: ByteSource, head: Uint8Array, sink: LineSink, progress: (bytes: number) => void, signal?: AbortSignal): Promise<void> {
  const raw = rawStream(src);
  let rawBytes = 0;
  raw.on('data', (c: Buffer) => {
    rawBytes += c.length;
  });
  const stream: Readable = isGzip(head) ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (e) => stream.destroy(e));
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skipping = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new ReadCancelled();
      const text = decoder.write(chunk);
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        if (skipping) {
          skipping = false;
          carry = '';
        } else {
          let line = carry.length ? carry + text.slice(start, nl) : text.slice(start, nl);
          carry = '';
          if (line.endsWith('\r')) line = line.slice(0, -1);
          if (line.length > MAX_LINE) sink.tooLong();
          else sink.line(line, false);
        }
        start = nl + 1;
      }
      if (!skipping) {
        carry += text.slice(start);
        if (carry.length > MAX_LINE) {
          sink.tooLong();
          carry = '';
          skipping = true;
        }
      }
      progress(rawBytes);
    }
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
  const rest = carry + decoder.end();
  if (!skipping && rest.length > 0) sink.line(rest.endsWith('\r') ? rest.slice(0, -1) : rest, true);
  progress(rawBytes);
}
