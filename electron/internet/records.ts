/**
 * JSON records out of decoded chunks, one at a time: JSON Lines (one document per line)
 * or one JSON array of documents (its elements split at depth 1, never parsed whole).
 * A record longer than the limit is refused before it is held: memory stays bounded
 * by the limit, whatever the file's size.
 */
import { UnsafeFileError } from './errors';
import { MiB } from './limits';

export interface JsonRecord {
  /** Where it starts, as a person finds it: `line 12`. */
  at: string;
  text: string;
}

/**
 * One record as bytes, `buf[start, end)`, and the line it starts on: `buf` is the
 * decoded chunk itself when the record lies in one (no view or copy made per record),
 * or the record's own pieces joined when it spans chunks.
 */
export interface RawRecord {
  line: number;
  buf: Buffer;
  start: number;
  end: number;
}

const NL = 0x0a;
const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

function tooLong(name: string, at: string, max: number): UnsafeFileError {
  return new UnsafeFileError(`${name}: ${at} is longer than ${Math.round((max / MiB) * 10) / 10} MiB; refused`);
}

/** Collects pieces of one record up to `max` bytes. */
class Piece {
  private parts: Buffer[] = [];
  length = 0;
  add(b: Buffer): void {
    if (b.length === 0) return;
    this.parts.push(b);
    this.length += b.length;
  }
  take(): Buffer {
    const b = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    this.parts = [];
    this.length = 0;
    return b;
  }
}

/** `b[start, end)` is nothing but white space, as String.prototype.trim sees it (bytes outside ASCII are decoded to decide). */
function blank(b: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c >= 0x80) return b.toString('utf8', start, end).trim() === '';
    return false;
  }
  return true;
}

/** A record of its own bytes. */
const whole = (line: number, buf: Buffer): RawRecord => ({ line, buf, start: 0, end: buf.length });

/** Splits `chunks` into JSON records. The first byte that is not white space decides: `[` an array, otherwise lines. */
export async function* jsonRecords(chunks: AsyncIterable<Buffer>, name: string, max: number): AsyncGenerator<JsonRecord> {
  for await (const batch of jsonRecordBatches(chunks, name, max)) for (const r of batch) yield { at: `line ${r.line}`, text: r.buf.toString('utf8', r.start, r.end) };
}

/**
 * The same records as bytes, a batch per decoded chunk (no string per record: the
 * caller decodes what it reads). The views are valid until the next batch is asked for.
 */
export async function* jsonRecordBatches(chunks: AsyncIterable<Buffer>, name: string, max: number): AsyncGenerator<RawRecord[]> {
  let mode: 'unknown' | 'lines' | 'array' | 'after' = 'unknown';
  let line = 1;
  // lines mode
  const cur = new Piece();
  let curLine = 1;
  // array mode
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elemStart = -1;
  let elemLine = 0;
  let container = false;

  for await (const chunk of chunks) {
    const out: RawRecord[] = [];
    let i = 0;
    if (mode === 'unknown') {
      while (i < chunk.length && WS.has(chunk[i]!)) {
        if (chunk[i] === NL) line++;
        i++;
      }
      if (i === chunk.length) continue;
      if (chunk[i] === 0x5b /* [ */) {
        mode = 'array';
        i++;
      } else {
        mode = 'lines';
        curLine = line;
      }
    }
    if (mode === 'lines') {
      let start = i;
      for (;;) {
        const nl = chunk.indexOf(NL, start);
        if (nl === -1) {
          cur.add(chunk.subarray(start));
          if (cur.length > max) throw tooLong(name, `line ${curLine}`, max);
          break;
        }
        if (cur.length === 0) {
          if (nl - start > max) throw tooLong(name, `line ${curLine}`, max);
          if (!blank(chunk, start, nl)) out.push({ line: curLine, buf: chunk, start, end: nl });
        } else {
          cur.add(chunk.subarray(start, nl));
          if (cur.length > max) throw tooLong(name, `line ${curLine}`, max);
          const bytes = cur.take();
          if (!blank(bytes, 0, bytes.length)) out.push(whole(curLine, bytes));
        }
        line++;
        curLine = line;
        start = nl + 1;
      }
      if (out.length > 0) yield out;
      continue;
    }
    // array mode: a byte scanner over strings, escapes and nesting (structural bytes are ASCII, so UTF-8 is safe).
    elemStart = depth >= 1 ? 0 : -1;
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === NL) line++;
      if (mode === 'after') {
        if (!WS.has(b)) throw new UnsafeFileError(`${name}: line ${line}: text after the JSON array's end`);
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (b === 0x5c) escaped = true;
        else if (b === 0x22) inString = false;
        continue;
      }
      if (depth === 0) {
        // between elements: white space, commas, or the array's end
        if (WS.has(b) || b === 0x2c) continue;
        if (b === 0x5d /* ] */) {
          mode = 'after';
          continue;
        }
        elemStart = i;
        elemLine = line;
        depth = 1;
        container = b === 0x7b || b === 0x5b;
        if (b === 0x22) inString = true;
        continue;
      }
      if (!container && (b === 0x2c || b === 0x5d)) {
        // a scalar element (not a document; the format says so): handed over as a record
        cur.add(chunk.subarray(elemStart, i));
        if (cur.length > max) throw tooLong(name, `line ${elemLine}`, max);
        out.push(whole(elemLine, cur.take()));
        depth = 0;
        elemStart = -1;
        elemLine = 0;
        if (b === 0x5d) mode = 'after';
        continue;
      }
      if (b === 0x22) inString = true;
      else if (b === 0x7b || b === 0x5b) depth++;
      else if (b === 0x7d || b === 0x5d) {
        depth--;
        if (depth === 0) {
          cur.add(chunk.subarray(elemStart, i + 1));
          if (cur.length > max) throw tooLong(name, `line ${elemLine}`, max);
          out.push(whole(elemLine, cur.take()));
          elemStart = -1;
          elemLine = 0;
        }
      }
    }
    if (mode === 'array' && depth > 0 && elemStart >= 0) {
      cur.add(chunk.subarray(elemStart));
      if (cur.length > max) throw tooLong(name, `line ${elemLine}`, max);
    }
    if (out.length > 0) yield out;
  }
  if (mode === 'lines') {
    const bytes = cur.take();
    if (!blank(bytes, 0, bytes.length)) yield [whole(curLine, bytes)];
  } else if (mode === 'array') {
    throw new UnsafeFileError(`${name}: the JSON array ends early (the file is cut short)`);
  }
}
